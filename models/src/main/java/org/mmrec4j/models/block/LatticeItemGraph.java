package org.mmrec4j.models.block;

import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.SparseOps;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.ItemKnnGraph;
import org.mmrec4j.graph.PatternUnion;

/**
 * LATTICE's item graph G = (1 − λ_c)·G_learn + λ_c·G_orig (spec/models.md §7), kept sparse.
 *
 * <ul>
 *   <li>S_m = top-k cosine of the projected features f_m = proj_m(F_m), weighted, self included. The
 *       kNN indices come from the blockwise {@link ItemKnnGraph}; the kept values are recomputed as
 *       tensors (gather + row dot of the normalised rows), so gradients reach F_m and proj_m through
 *       exactly the kept cosines, as through MMRec's dense topk/scatter.
 *   <li>G_learn = D^{-1/2}(Σ_m ω_m S_m)D^{-1/2}, D the row sums of the mixture (differentiable), on the
 *       union of the modalities' patterns; G_orig = Σ_m ω_m K2(X_m) from the raw features.
 *   <li>ω = softmax of the learned modality vector; with one modality there is no mixing and ω = 1.
 * </ul>
 *
 * <p>MMRec builds these as dense n×n matrices (why LATTICE runs out of memory on Elec). Here each sum
 * is over a union of sparse patterns: every part's values are scattered into the union's value column,
 * which keeps gradients. A row of the mixture whose sum is not positive gets D^{-1/2} = 0 (MMRec turns
 * only an exact zero into 0; a negative sum, impossible with the self-similarity 1 in every row unless a
 * projected row is all zeros, would give NaN there).
 */
public final class LatticeItemGraph {

    /** The graph's pattern and its values, an nnz×1 column that carries gradients when built with them. */
    public record Built(CsrMatrix pattern, Tensor values) {
        /** The values frozen into a constant matrix (later batches of an epoch use this detached copy). */
        public CsrMatrix detached() {
            return pattern.withValues(values.data().clone());
        }
    }

    private final CsrMatrix[] originals;
    private final int k;
    private final double lambdaCoeff;

    /** @param originals G⁰_m = K2(X_m, k) per modality, in FeatureSet order */
    public LatticeItemGraph(CsrMatrix[] originals, int k, double lambdaCoeff) {
        this.originals = originals;
        this.k = k;
        this.lambdaCoeff = lambdaCoeff;
    }

    /**
     * G from the current parameters. {@code modalWeights} is the 1×M learned vector (null with one
     * modality). Differentiable when gradients are on.
     */
    public Built build(TrainableFeatures features, Tensor modalWeights) {
        int modalities = features.size();
        Tensor omega = modalWeights == null ? null : modalWeights.softmaxRows();
        CsrMatrix[] patterns = new CsrMatrix[modalities];
        Tensor[] cosines = new Tensor[modalities];
        for (int m = 0; m < modalities; m++) {
            Tensor f = features.projectAll(m);
            CsrMatrix p = ItemKnnGraph.build(f.data(), f.rows(), f.cols(), k, 0).weighted();
            Tensor unit = f.normalizeRows();
            cosines[m] = unit.gatherRows(SparseOps.rowOfEntry(p)).rowDot(unit.gatherRows(p.colIdx()));
            patterns[m] = p;
        }
        PatternUnion learnedUnion = PatternUnion.of(patterns);
        CsrMatrix lp = learnedUnion.pattern();
        Tensor mixture = null;
        for (int m = 0; m < modalities; m++) {
            Tensor part = weighted(cosines[m], omega, m).scatterAddRows(learnedUnion.positions(m), lp.nnz());
            mixture = mixture == null ? part : mixture.add(part);
        }
        Tensor invSqrtDegree = invSqrtOrZero(SparseOps.rowSums(lp, mixture));
        Tensor learned = mixture.mul(invSqrtDegree.gatherRows(SparseOps.rowOfEntry(lp)))
                .mul(invSqrtDegree.gatherRows(lp.colIdx()));

        CsrMatrix[] parts = new CsrMatrix[modalities + 1];
        parts[0] = lp;
        System.arraycopy(originals, 0, parts, 1, modalities);
        PatternUnion all = PatternUnion.of(parts);
        Tensor values = learned.scale((float) (1 - lambdaCoeff)).scatterAddRows(all.positions(0), all.nnz());
        for (int m = 0; m < modalities; m++) {
            Tensor orig = Tensor.wrap(originals[m].nnz(), 1, originals[m].values());
            values = values.add(weighted(orig, omega, m).scale((float) lambdaCoeff).scatterAddRows(all.positions(m + 1), all.nnz()));
        }
        return new Built(all.pattern(), values);
    }

    /** ω_m·x, or x itself with a single modality. */
    private static Tensor weighted(Tensor x, Tensor omega, int m) {
        return omega == null ? x : x.mul(omega.sliceCols(m, m + 1));
    }

    /** d^{-1/2} elementwise, 0 where d <= 0 (with zero gradient there). */
    public static Tensor invSqrtOrZero(Tensor d) {
        float[] x = d.data(), y = new float[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i] > 0 ? (float) (1 / Math.sqrt(x[i])) : 0f;
        return Tensor.op(d.rows(), d.cols(), y, g -> {
            float[] gd = new float[x.length];
            for (int i = 0; i < x.length; i++) gd[i] = x[i] > 0 ? -0.5f * g[i] * y[i] / x[i] : 0f;
            d.accumulateGrad(gd);
        }, d);
    }
}
