package org.mmrec4j.models.block;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.RowDot;

/**
 * {@code [norm([top_1; bottom_1]) | … | norm([top_M; bottom_M])]} as one differentiable op: each pair
 * stacked by rows, every row L2-normalised (PyTorch's F.normalize, eps 1e-12), the M results side by
 * side as column blocks. One pass replaces M concatRows, M normalizeRows and a concatCols, each of
 * which copied the whole (n_u+n_i)-row table on every batch, forward and backward.
 */
public final class NormalizedStack {
    private static final float EPS = 1e-12f;

    private NormalizedStack() {}

    public static Tensor apply(Tensor[] tops, Tensor[] bottoms) {
        int blocks = tops.length;
        Checks.arg(blocks > 0 && bottoms.length == blocks, "NormalizedStack: %s tops and %s bottoms", blocks, bottoms.length);
        int d = tops[0].cols(), nTop = tops[0].rows(), n = nTop + bottoms[0].rows(), width = blocks * d;
        for (int m = 0; m < blocks; m++) {
            Checks.arg(tops[m].cols() == d && bottoms[m].cols() == d && tops[m].rows() == nTop && bottoms[m].rows() == n - nTop,
                    "NormalizedStack: block %s is %s over %s, expected %sx%s over %sx%s", m, tops[m].shape(), bottoms[m].shape(),
                    nTop, d, n - nTop, d);
        }
        float[] out = new float[n * width], norms = new float[n * blocks];
        Parallel.forRange(n, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                for (int m = 0; m < blocks; m++) {
                    float[] src = r < nTop ? tops[m].data() : bottoms[m].data();
                    int so = (r < nTop ? r : r - nTop) * d, oo = r * width + m * d;
                    float norm = (float) Math.max(Math.sqrt(RowDot.dot(src, so, src, so, d)), EPS);
                    norms[r * blocks + m] = norm;
                    for (int j = 0; j < d; j++) out[oo + j] = src[so + j] / norm;
                }
            }
        });
        Tensor[] parents = new Tensor[2 * blocks];
        System.arraycopy(tops, 0, parents, 0, blocks);
        System.arraycopy(bottoms, 0, parents, blocks, blocks);
        return Tensor.op(n, width, out, g -> {
            float[][] gTop = new float[blocks][], gBottom = new float[blocks][];
            for (int m = 0; m < blocks; m++) {
                if (tops[m].requiresGrad()) gTop[m] = new float[tops[m].size()];
                if (bottoms[m].requiresGrad()) gBottom[m] = new float[bottoms[m].size()];
            }
            Parallel.forRange(n, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    for (int m = 0; m < blocks; m++) {
                        float[] dst = r < nTop ? gTop[m] : gBottom[m];
                        if (dst == null) continue;
                        int go = r * width + m * d, dOff = (r < nTop ? r : r - nTop) * d;
                        float norm = norms[r * blocks + m];
                        if (norm <= EPS) { // clamped: out = x / eps, a linear map
                            for (int j = 0; j < d; j++) dst[dOff + j] = g[go + j] / norm;
                            continue;
                        }
                        float dot = RowDot.dot(g, go, out, go, d);
                        for (int j = 0; j < d; j++) dst[dOff + j] = (g[go + j] - out[go + j] * dot) / norm;
                    }
                }
            });
            for (int m = 0; m < blocks; m++) {
                if (gTop[m] != null) tops[m].accumulateGrad(gTop[m]);
                if (gBottom[m] != null) bottoms[m].accumulateGrad(gBottom[m]);
            }
        }, parents);
    }
}
