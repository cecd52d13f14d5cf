package org.mmrec4j.models.block;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;

/** Frobenius norms over whole node tables, fused so a full-table regulariser costs one pass and no temporaries. */
public final class TableNorms {
    private TableNorms() {}

    /**
     * ‖Ē[users]‖_F + ‖Ē[items] + E⁰[items]‖_F for stacked [users; items] tables, as one op: BM3's
     * regulariser over the propagated users and the propagated items with their layer-0 residual, without
     * materialising the residual sum or any full-table temporary but the two gradients. The two tables may
     * be the same tensor (no propagation layers).
     */
    public static Tensor userAndResidualItem(Tensor propagated, Tensor layer0, int numUsers) {
        Checks.arg(propagated.rows() == layer0.rows() && propagated.cols() == layer0.cols(),
                "userAndResidualItem: %s and %s differ", propagated.shape(), layer0.shape());
        float[] e = propagated.data(), q = layer0.data();
        int split = numUsers * propagated.cols(), n = e.length;
        double userSq = Parallel.sum(split, (lo, hi) -> {
            double s = 0;
            for (int k = lo; k < hi; k++) s += (double) e[k] * e[k];
            return s;
        });
        double itemSq = Parallel.sum(n - split, (lo, hi) -> {
            double s = 0;
            for (int k = split + lo; k < split + hi; k++) {
                double h = (double) e[k] + q[k];
                s += h * h;
            }
            return s;
        });
        double userNorm = Math.sqrt(userSq), itemNorm = Math.sqrt(itemSq);
        return Tensor.op(1, 1, new float[] {(float) (userNorm + itemNorm)}, g -> {
            // d‖X‖/dX = X/‖X‖; a zero table has no direction, and PyTorch's norm backward gives 0 there too.
            float gu = userNorm > 0 ? (float) (g[0] / userNorm) : 0f, gi = itemNorm > 0 ? (float) (g[0] / itemNorm) : 0f;
            float[] ge = new float[n];
            float[] gq = layer0.requiresGrad() ? new float[n] : null;
            Parallel.forRange(n, (lo, hi) -> {
                for (int k = lo; k < hi; k++) {
                    if (k < split) {
                        ge[k] = gu * e[k];
                    } else {
                        float v = gi * (e[k] + q[k]);
                        ge[k] = v;
                        if (gq != null) gq[k] = v;
                    }
                }
            });
            propagated.accumulateGrad(ge);
            if (gq != null) layer0.accumulateGrad(gq);
        }, propagated, layer0);
    }

}
