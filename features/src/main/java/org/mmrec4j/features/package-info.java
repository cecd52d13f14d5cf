/**
 * Offline item features, written as a dataset's {@code <modality>_feat.npy} ({@link org.mmrec4j.features.FeatureFiles}):
 * text from an item {@link org.mmrec4j.data.io.Catalog} through {@link org.mmrec4j.data.io.ItemText} (both in data, so
 * the explorer reads the same catalogs without this module's native libraries) and
 * all-MiniLM-L6-v2 ({@link org.mmrec4j.features.TextFeatures}), images through a user-supplied ONNX model
 * ({@link org.mmrec4j.features.ImageFeatures}). Nothing is downloaded; training never runs this code, it only
 * reads the .npy files. May use: data (incl. io), engine (Parallel, io), ONNX Runtime, DJL tokenizers, Jackson,
 * progressbar. May not use: config, graph, eval, models, train or any module above.
 */
package org.mmrec4j.features;
