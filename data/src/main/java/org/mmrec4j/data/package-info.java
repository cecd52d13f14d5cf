/**
 * The in-memory view of a recommendation dataset: {@link org.mmrec4j.data.Dataset} with its three
 * {@link org.mmrec4j.data.Interactions} splits, named feature modalities ({@link org.mmrec4j.data.FeatureSet})
 * and external-id maps ({@link org.mmrec4j.data.IdMap}). Everything here is immutable once built.
 * File formats live in {@code io}, offline preprocessing in {@code prep}, training batches in {@code sample}.
 * Bad input files fail with a {@link org.mmrec4j.data.DataException} that names the file, line and a fix.
 */
package org.mmrec4j.data;
