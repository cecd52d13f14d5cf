/**
 * Readers and writers for the on-disk formats of protocol §1: the tab-separated {@code .inter} table
 * ({@link org.mmrec4j.data.io.InterReader}) and numpy {@code .npy} feature arrays
 * ({@link org.mmrec4j.data.io.NpyReader}, {@link org.mmrec4j.data.io.NpyWriter}), and item catalogs
 * ({@link org.mmrec4j.data.io.Catalog}, {@link org.mmrec4j.data.io.ItemText}: JSON lines, CSV or TSV with a header). Every writer goes through
 * {@link org.mmrec4j.engine.io.AtomicFiles} so a crash never leaves a half-written file behind.
 * Nothing here knows about splits or filtering.
 * May use: data, engine, engine.io. May not use: data.prep, data.sample or any module above data.
 */
package org.mmrec4j.data.io;
