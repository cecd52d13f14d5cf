/**
 * Offline preprocessing from a raw rating log to an MMRec dataset folder (protocol §2.1-2.2): import a
 * CSV/TSV or JSON-lines log, optionally gzip-compressed, with a rating threshold and a deduplication policy
 * ({@link org.mmrec4j.data.prep.CsvImporter}), iterative k-core ({@link org.mmrec4j.data.prep.KCoreFilter}),
 * re-index by first appearance, split by one of the {@link org.mmrec4j.data.prep.SplitStrategy}s
 * ({@link org.mmrec4j.data.prep.Splitter}), and write the {@code .inter} file, id maps and
 * {@link org.mmrec4j.data.prep.ImportStats} through a staging folder ({@link org.mmrec4j.data.prep.Prepare}
 * chains them). Training never runs this code.
 * May use: data, data.io, engine, engine.io, Jackson. May not use: data.sample or any module above data.
 */
package org.mmrec4j.data.prep;
