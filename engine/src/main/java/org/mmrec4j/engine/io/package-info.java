/**
 * Crash-safe file output shared by every layer: {@link org.mmrec4j.engine.io.AtomicFiles} writes into a
 * hidden temporary sibling and renames it over the target, so readers see the old file or the whole new one.
 * It sits in the ground layer so that plot, data, train, report, serve and features can all use it
 * without depending on each other. May use: the JDK only. May not use: the rest of engine or any module.
 */
package org.mmrec4j.engine.io;
