package org.mmrec4j.models.block;

import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Tensor;

/** Graph propagation schemes shared by graph models. */
public final class Propagation {
    private Propagation() {}

    /**
     * LightGCN's aggregation: E^{l+1} = A·E^l for l < layers, returning the plain mean of E^0..E^L
     * (layer 0 included).
     */
    public static Tensor layerMean(CsrMatrix adjacency, Tensor e0, int layers) {
        return layers == 0 ? e0 : Tensor.spmmLayerMean(adjacency, e0, layers);
    }

    /** {@link #layerMean} at the given sorted distinct rows only (row p of the result is row rows[p]). */
    public static Tensor layerMeanAt(CsrMatrix adjacency, Tensor e0, int layers, int[] rows) {
        return layers == 0 ? e0.gatherRows(rows) : Tensor.spmmLayerMeanAt(adjacency, e0, layers, rows);
    }
}
