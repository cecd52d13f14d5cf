package org.mmrec4j.models.block;

import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.loss.Losses;

/**
 * The per-modality branch DualGNN and DRAGON share (spec/models.md §6), for every modality present:
 * <pre>
 *   f_m   = Lin(4d→d)(LeakyReLU(Lin(d_m→4d)(X_m)))          items, d = embedding_size (64 → 256 hidden)
 *   x_m   = norm([pref_m ; f_m])                              pref_m ∈ R^{n_u×d}, trained
 *   out_m = x_m + Agg(x_m) + … + Agg^L(x_m)                   L = n_layers (the reference hard-codes 2)
 * </pre>
 * Agg is PyG's "add" message passing with weight 1/sqrt(deg_j·deg_k) over both edge directions
 * (N6). PyG counts degrees on that edge list, i.e. distinct training neighbours (MMRec's edge list
 * has no duplicate pairs), so Agg is N1 = {@code UserItemGraph.symmetricNorm()}: N1 adds 1e-7 to each
 * degree, a relative change below 1e-7, under float32 resolution. Isolated nodes get zero rows in both.
 *
 * <p>All modalities propagate together: the x_m sit side by side as column blocks of one
 * (n_u+n_i)×(M·d) table, so each layer is one pass over the graph instead of M.
 *
 * <p>Init as the reference: pref_m Xavier-normal, Linear layers PyTorch's default U(±1/sqrt(fan_in))
 * for weight and bias. Weights are stored in×out (PyTorch's transpose); see {@link FeatureMlp}.
 */
public final class PreferenceGraphBranches {
    private static final float LEAKY_SLOPE = 0.01f; // F.leaky_relu's default

    private record Branch(FeatureMlp mlp, Tensor preference, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {}

    private final List<Branch> branches = new ArrayList<>();
    private final CsrMatrix adjacency;
    private final int layers, numUsers;

    public PreferenceGraphBranches(ModelContext ctx, String model, int dim, int layers, Params params) {
        if (ctx.features() == null || ctx.features().isEmpty()) {
            throw new IllegalArgumentException(model + " needs item features (at least one modality); the dataset has none");
        }
        this.layers = layers;
        this.numUsers = ctx.numUsers();
        this.adjacency = ctx.userItemGraph().symmetricNorm();
        int hidden = 4 * dim;
        for (String m : ctx.features().names()) {
            FeatureMatrix fm = ctx.features().get(m);
            Rng rng = ctx.rng().split(m);
            Tensor pref = params.xavierNormal(m + ".preference", ctx.numUsers(), dim, rng.split("preference"));
            Tensor w1 = linearInit(params, m + ".mlp.weight", fm.cols(), hidden, fm.cols(), rng.split("mlp.weight"));
            Tensor b1 = linearInit(params, m + ".mlp.bias", 1, hidden, fm.cols(), rng.split("mlp.bias"));
            Tensor w2 = linearInit(params, m + ".mlp1.weight", hidden, dim, hidden, rng.split("mlp1.weight"));
            Tensor b2 = linearInit(params, m + ".mlp1.bias", 1, dim, hidden, rng.split("mlp1.bias"));
            branches.add(new Branch(new FeatureMlp(fm), pref, w1, b1, w2, b2));
        }
    }

    /** PyTorch's default Linear init, U(±1/sqrt(fan_in)), for weights and biases alike. */
    private static Tensor linearInit(Params params, String name, int rows, int cols, int fanIn, Rng rng) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        return params.uniform(name, rows, cols, -bound, bound, rng);
    }

    /**
     * ω ∈ R^{n_u×M}: Xavier-normal, soft-maxed over modalities once here and trained raw afterwards,
     * as the reference does. Its Xavier std uses fan_in = M and fan_out = n_u, as for its n_u×M×1 tensor.
     * Null with a single modality (no ω: out_m[u] is used unweighted). Drawn from the model stream's
     * "user_modality_weight" split.
     */
    public Tensor userModalityWeights(Params params, Rng modelRng) {
        if (branches.size() < 2) return null;
        Tensor raw = new Params().xavierNormal("raw", numUsers, branches.size(), modelRng.split("user_modality_weight"));
        float[] w;
        try (var off = Grad.off()) {
            w = raw.softmaxRows().data();
        }
        return params.add("user_modality_weight", Tensor.parameter(numUsers, branches.size(), w));
    }

    public int count() {
        return branches.size();
    }

    /**
     * [mean_1 | … | mean_M]: (n_u+n_i)×(M·d), users first, modality m in columns [m·d, (m+1)·d), where
     * mean_m = mean(x_m, A·x_m, …, A^L·x_m). Times {@link #layerSumFactor()} it is out_m; the fusion
     * ops fold that factor in.
     */
    public Tensor propagate() {
        Tensor[] prefs = new Tensor[branches.size()], items = new Tensor[branches.size()];
        for (int m = 0; m < prefs.length; m++) {
            Branch b = branches.get(m);
            prefs[m] = b.preference();
            items[m] = b.mlp().apply(b.w1(), b.b1(), b.w2(), b.b2(), LEAKY_SLOPE);
        }
        return Propagation.layerMean(adjacency, NormalizedStack.apply(prefs, items), layers);
    }

    /** BPR-log2 on the stacked table + λ·{@link #regulariser}, the loss of DualGNN and DRAGON. */
    public Tensor loss(Tensor stacked, Batch b, Tensor userWeights, double regWeight) {
        Tensor reg = regulariser(b.users(), userWeights);
        return bprLog2(stacked, b, numUsers).add(reg.scale((float) regWeight));
    }

    /** Σ_m mean(pref_m[users]²), plus mean(ω²) over the whole table when ω is given. */
    public Tensor regulariser(int[] users, Tensor userWeights) {
        Tensor reg = branches.get(0).preference().gatherRows(users).square().mean();
        for (int m = 1; m < branches.size(); m++) reg = reg.add(branches.get(m).preference().gatherRows(users).square().mean());
        return userWeights == null ? reg : reg.add(userWeights.square().mean());
    }

    /**
     * BPR-log2 on a stacked [users; items] table. s⁺ − s⁻ is computed as u·(i⁺ − i⁻): one product, and no
     * cancellation between two large float scores.
     */
    public static Tensor bprLog2(Tensor stacked, Batch b, int numUsers) {
        int[] pos = new int[b.size()], neg = new int[b.size()];
        for (int k = 0; k < pos.length; k++) {
            pos[k] = numUsers + b.positives()[k];
            neg[k] = numUsers + b.negatives()[k];
        }
        Tensor diff = stacked.gatherRows(b.users()).rowDot(stacked.gatherRows(pos).sub(stacked.gatherRows(neg)));
        return Losses.bprLog2(diff, Tensor.zeros(diff.rows(), 1), b.weighting());
    }

    /** L + 1: x + A·x + … + A^L·x = (L+1)·mean(x, A·x, …, A^L·x). */
    public float layerSumFactor() {
        return layers + 1;
    }

    /**
     * The (n_u+n_i)² matrix with the user graph S in its user block and the item graph G (or nothing) in
     * its item block, so one product updates both node types of the stacked table.
     */
    public static CsrMatrix blockDiagonal(CsrMatrix userBlock, CsrMatrix itemBlock, int numItems) {
        int nu = userBlock.rows(), n = nu + numItems;
        int[] uPtr = userBlock.rowPtr();
        int itemNnz = itemBlock == null ? 0 : itemBlock.nnz();
        int[] ptr = new int[n + 1], col = new int[userBlock.nnz() + itemNnz];
        float[] val = new float[col.length];
        System.arraycopy(uPtr, 0, ptr, 0, nu + 1);
        System.arraycopy(userBlock.colIdx(), 0, col, 0, userBlock.nnz());
        System.arraycopy(userBlock.values(), 0, val, 0, userBlock.nnz());
        for (int i = 0; i < numItems; i++) {
            int count = itemBlock == null ? 0 : itemBlock.rowPtr()[i + 1] - itemBlock.rowPtr()[i];
            ptr[nu + i + 1] = ptr[nu + i] + count;
        }
        if (itemBlock != null) {
            int base = userBlock.nnz();
            for (int k = 0; k < itemNnz; k++) {
                col[base + k] = itemBlock.colIdx()[k] + nu;
                val[base + k] = itemBlock.values()[k];
            }
        }
        return new CsrMatrix(n, n, ptr, col, val);
    }
}
