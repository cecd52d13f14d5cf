/**
 * Offline preprocessing from a raw rating log to an MMRec dataset folder (protocol §2.1-2.2): import a
 * CSV/TSV log ({@link org.mmrec4j.data.prep.CsvImporter}), iterative k-core
 * ({@link org.mmrec4j.data.prep.KCoreFilter}), re-index by first appearance, split 8:1:1
 * ({@link org.mmrec4j.data.prep.Splitter}) and write the {@code .inter} file and id maps
 * ({@link org.mmrec4j.data.prep.Prepare} chains them). Training never runs this code.
 */
package org.mmrec4j.data.prep;
