/**
 * The in-memory view of a recommendation dataset: {@link org.mmrec4j.data.Dataset} with its three
 * {@link org.mmrec4j.data.Interactions} splits, named feature modalities ({@link org.mmrec4j.data.FeatureSet})
 * and external-id maps ({@link org.mmrec4j.data.IdMap}). Everything here is immutable once built.
 * File formats live in {@code io}, offline preprocessing in {@code prep}, training batches in {@code sample}.
 * Bad input files fail with a {@link org.mmrec4j.data.DataException} that names the file, line and a fix.
 * May use (the data module): engine, engine.io, Jackson. May not use: config, graph, eval, models or any module above;
 * options arrive as {@link org.mmrec4j.data.DatasetOptions}, not as a config.
 */
package org.mmrec4j.data;
