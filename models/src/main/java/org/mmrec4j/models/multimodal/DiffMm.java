package org.mmrec4j.models.multimodal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;
import org.mmrec4j.graph.EdgeDropout;
import org.mmrec4j.graph.UserItemGraph;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.Linear;
import org.mmrec4j.models.loss.Losses;
import org.mmrec4j.models.loss.SoftmaxCrossEntropy;
import org.mmrec4j.models.multimodal.diffusion.Denoiser;
import org.mmrec4j.models.multimodal.diffusion.GaussianDiffusion;

/**
 * DiffMM (Jiang et al., ACM MM'24; the released code, spec/models.md §19) over M ≥ 1 modalities, in
 * {@link org.mmrec4j.data.FeatureSet#names()} order.
 *
 * <p><b>Recommender.</b> P (n_u×d), Q (n_i×d) Xavier-uniform; frozen features X_m projected by
 * F_m = LeakyReLU_{0.2}(X_m W_m) ({@code trans} 0), X_m W_m + b_m (1), or per name for 2 (text as 1, the
 * rest as 0). ω = softmax(μ), μ_m = 1/M initially. Â = D^{-1/2}(A+I)D^{-1/2} of the training graph (N4).
 * Per modality, with G_m the generated graph: E_m = B_m + Â[B_m^users; Q] + λ_adj·G_m[P; Q] where
 * B_m = Â[P; norm(F_m)]. E = Σ_m ω_m E_m, Z = Σ_{l=0..gnn_layer} Â^l E, final = Z + λ_ris·norm(E),
 * s(u, i) = final_u·final_i. Contrastive views C_m = Σ_l Â^l G_m[P; norm(F_m)].
 * Loss per batch: −Σ_b ln σ(s⁺ − s⁻)/batch + reg·(‖P‖² + ‖Q‖²) + ssl_reg·L_cl, with L_cl (NCE-full,
 * L2-normalised rows, temperature {@code temp}, denominator over all users or all items, mean over the
 * batch's users and positive items): {@code cl_method} 0 sums NCE(C_m, C_m') over pairs m &lt; m';
 * 1 sums NCE(final, C_m) over m.
 *
 * <p><b>Diffusion</b> ({@link #beforeEpoch}, before the recommender's batches). Schedule:
 * {@link GaussianDiffusion}. Phase 1, per shuffled batch of users and per modality: t ~ U{0..T−1},
 * x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε, x̂₀ = f_θ^m(dropout_{0.5}(x_t), t), and
 * L_m = mean_b w_t·mean_i (x₀ − x̂₀)² + e_loss·mean_b mean_d ((x̂₀ F_m)_d − (x₀ Q)_d)² with F_m and Q
 * detached; each denoiser has its own Adam (learning_rate, no weight decay). Phase 2, per modality: from
 * x = x₀ run x ← c1_t f_θ^m(x, t) + c2_t x for t = T−1 … 0 (no noise, no dropout), take the top
 * {@code rebuild_k} items per user (training items not masked), and G_m = N4 of those edges, then edge
 * dropout: each non-zero, self-loops included, kept with probability keepRate and scaled by 1/keepRate.
 *
 * <p><b>Deliberate deviations.</b>
 * <ul>
 *   <li>Before the first {@link #beforeEpoch}, G_m is the self-loop-only graph (the identity); the
 *       reference never scores before generating graphs.</li>
 *   <li>{@link #beforeEpoch} runs its two phases once per epoch number: a repeated call for the same
 *       epoch regenerates nothing new, so the loss is a function of the recommender's parameters
 *       within an epoch.</li>
 *   <li>The reverse chain runs in the denoiser's hidden space (exact up to float rounding, see
 *       {@link Denoiser}); NCE-full omits the reference's +1e-8 in the denominator; BPR uses ln σ stably
 *       rather than log(sigmoid(·)).</li>
 *   <li>{@code sampling_steps} must be 0, {@code sampling_noise} and {@code norm} false, {@code dims} one
 *       hidden layer: the reference's TikTok, Baby and Sports runs use exactly these.</li>
 *   <li>The denoisers and their optimizer state are not in {@link #params()} (the recommender's
 *       optimizer must not step them); checkpoints hold them through {@link #writeTrainingState}.</li>
 *   <li>Random draws (noise, dropout, step indices, user order) come from the epoch's stream, not
 *       torch's; the distributions are the reference's.</li>
 * </ul>
 */
public final class DiffMm implements Recommender {
    /** The denoisers' input dropout, fixed in the reference. */
    public static final double DENOISER_DROPOUT = 0.5;

    public record Options(int dim, int batchSize, double learningRate, double reg, double sslReg, double temp,
                          double keepRate, double risLambda, double risAdjLambda, int trans, int clMethod,
                          int gnnLayers, double eLoss, int steps, double noiseScale, double noiseMin, double noiseMax,
                          int hidden, int timeEmbedding, int rebuildK) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(batchSize > 0, "train_batch_size must be > 0, got %s", batchSize);
            Checks.arg(reg >= 0 && sslReg >= 0 && eLoss >= 0, "reg, ssl_reg and e_loss must be >= 0, got %s, %s, %s", reg, sslReg, eLoss);
            Checks.arg(temp > 0, "temp must be > 0, got %s", temp);
            Checks.arg(keepRate > 0 && keepRate <= 1, "keepRate must be in (0, 1], got %s", keepRate);
            Checks.arg(trans >= 0 && trans <= 2, "trans must be 0, 1 or 2, got %s", trans);
            Checks.arg(clMethod == 0 || clMethod == 1, "cl_method must be 0 or 1, got %s", clMethod);
            Checks.arg(gnnLayers >= 0, "gnn_layer must be >= 0, got %s", gnnLayers);
            Checks.arg(hidden > 0, "dims must be one positive hidden size, got %s", hidden);
            Checks.arg(timeEmbedding > 0, "d_emb_size must be > 0, got %s", timeEmbedding);
            Checks.arg(rebuildK >= 1, "rebuild_k must be >= 1, got %s", rebuildK);
        }

        public static Options from(Config c) {
            List<Integer> dims = c.getIntList("dims");
            Checks.arg(dims.size() == 1, "dims must list exactly one hidden size (DiffMM's [1000]), got %s", dims);
            Checks.arg(c.getInt("sampling_steps") == 0, "sampling_steps must be 0 (generation starts from x0 without noise), got %s",
                    c.getInt("sampling_steps"));
            Checks.arg(!c.getBoolean("sampling_noise"), "sampling_noise must be false: generation uses the posterior mean");
            Checks.arg(!c.getBoolean("norm"), "norm must be false: the denoiser input is not normalised");
            return new Options(c.getInt("embedding_size"), c.getInt("train_batch_size"), c.getDouble("learning_rate"),
                    c.getDouble("reg"), c.getDouble("ssl_reg"), c.getDouble("temp"), c.getDouble("keepRate"),
                    c.getDouble("ris_lambda"), c.getDouble("ris_adj_lambda"), c.getInt("trans"), c.getInt("cl_method"),
                    c.getInt("gnn_layer"), c.getDouble("e_loss"), c.getInt("steps"), c.getDouble("noise_scale"),
                    c.getDouble("noise_min"), c.getDouble("noise_max"), dims.get(0), c.getInt("d_emb_size"),
                    c.getInt("rebuild_k"));
        }
    }

    /** One modality: frozen features, its projection, denoiser and optimizer, and its current generated graph. */
    private static final class Modality {
        final String name;
        final Tensor features;
        final Tensor weight, bias; // bias null for the LeakyReLU form
        final boolean linear;
        final Denoiser denoiser;
        final Adam denoiserOptimizer;
        CsrMatrix generated;
        int[] generatedItems; // rebuild_k per user, before edge dropout; for tests

        Modality(String name, Tensor features, Tensor weight, Tensor bias, boolean linear, Denoiser denoiser, Adam opt) {
            this.name = name;
            this.features = features;
            this.weight = weight;
            this.bias = bias;
            this.linear = linear;
            this.denoiser = denoiser;
            this.denoiserOptimizer = opt;
        }

        Tensor project() {
            Tensor y = features.matmul(weight);
            return linear ? y.add(bias) : y.leakyRelu(0.2f);
        }
    }

    private final Options opt;
    private final Params params = new Params();
    private final int numUsers, numItems;
    private final Tensor users, items, modalWeights;
    private final List<Modality> modalities = new ArrayList<>();
    private final CsrMatrix adjacency, interactions;
    private final GaussianDiffusion diffusion;
    private int lastEpoch = Integer.MIN_VALUE;

    public DiffMm(ModelContext ctx, Options opt) {
        Checks.arg(!ctx.features().isEmpty(), "DiffMM needs item features (at least one modality); the dataset has none");
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        this.numItems = ctx.numItems();
        Rng rng = ctx.rng();
        Embeddings ids = Embeddings.xavierUniformTables(params, ctx.numUsers(), ctx.numItems(), opt.dim(), rng);
        users = ids.users();
        items = ids.items();
        int m = ctx.features().names().size();
        float[] mu = new float[m];
        java.util.Arrays.fill(mu, 1f / m);
        modalWeights = params.add("modal_weight", Tensor.parameter(1, m, mu));
        interactions = ctx.userItemGraph().interactions();
        adjacency = ctx.userItemGraph().symmetricNormWithSelfLoops();
        diffusion = new GaussianDiffusion(opt.steps(), opt.noiseScale(), opt.noiseMin(), opt.noiseMax());
        for (String name : ctx.features().names()) {
            FeatureMatrix x = ctx.features().get(name);
            Checks.arg(x.rows() == numItems, "modality %s has %s rows for %s items", name, x.rows(), numItems);
            boolean linear = opt.trans() == 1 || (opt.trans() == 2 && name.toLowerCase(Locale.ROOT).equals("text"));
            Tensor w, b = null;
            if (linear) {
                Linear lin = Linear.create(params, "trans." + name, x.cols(), opt.dim(), true, rng.split("trans." + name));
                w = lin.weight();
                b = lin.bias();
            } else {
                w = params.xavierUniform("trans." + name + ".weight", x.cols(), opt.dim(), rng.split("trans." + name));
            }
            Denoiser d = new Denoiser("denoiser." + name, numItems, opt.hidden(), opt.timeEmbedding(), DENOISER_DROPOUT,
                    rng.split("denoiser." + name));
            Modality mod = new Modality(name, Tensor.wrap(x.rows(), x.cols(), x.data()), w, b, linear, d,
                    new Adam(d.params(), opt.learningRate(), 0.0));
            mod.generated = new UserItemGraph(new int[0], new int[0], numUsers, numItems).symmetricNormWithSelfLoops();
            modalities.add(mod);
        }
    }

    public static DiffMm create(ModelContext ctx) {
        return new DiffMm(ctx, Options.from(ctx.config()));
    }

    // ------------------------------------------------------------------ diffusion phases

    /** Each modality's denoiser and its Adam moments; the generated graphs are rebuilt by the next epoch's hook. */
    @Override
    public void writeTrainingState(DataOutputStream out) throws IOException {
        for (Modality m : modalities) {
            m.denoiser.params().write(out);
            m.denoiserOptimizer.writeState(out);
        }
    }

    @Override
    public void readTrainingState(DataInputStream in) throws IOException {
        for (Modality m : modalities) {
            m.denoiser.params().readInto(in);
            m.denoiserOptimizer.readState(in);
        }
    }

    /** The denoiser phase, then graph generation; once per epoch number (see the class comment). */
    @Override
    public void beforeEpoch(EpochContext epoch) {
        if (epoch.epoch() == lastEpoch) return;
        lastEpoch = epoch.epoch();
        Rng rng = epoch.rng().split("diffmm");
        trainDenoisers(rng.split("denoise"));
        generateGraphs(rng.split("generate"));
    }

    /** Rows of R for the given users as a CSR block (ptr over the batch, item ids). */
    private int[][] x0Rows(int[] batchUsers) {
        int[] ptr = new int[batchUsers.length + 1], rp = interactions.rowPtr();
        for (int r = 0; r < batchUsers.length; r++) ptr[r + 1] = ptr[r] + rp[batchUsers[r] + 1] - rp[batchUsers[r]];
        int[] its = new int[ptr[batchUsers.length]];
        for (int r = 0; r < batchUsers.length; r++) {
            int u = batchUsers[r];
            System.arraycopy(interactions.colIdx(), rp[u], its, ptr[r], rp[u + 1] - rp[u]);
        }
        return new int[][] {ptr, its};
    }

    /** Phase 1: one pass of every denoiser over all users in shuffled batches. */
    void trainDenoisers(Rng rng) {
        int d = opt.dim();
        float[] q;
        List<float[]> feats = new ArrayList<>();
        try (var off = Grad.off()) {
            q = items.detach().data();
            for (Modality m : modalities) feats.add(m.project().data());
        }
        int[] order = rng.split("order").permutation(numUsers);
        for (int lo = 0, b = 0; lo < numUsers; lo += opt.batchSize(), b++) {
            int[] batch = java.util.Arrays.copyOfRange(order, lo, Math.min(numUsers, lo + opt.batchSize()));
            int[][] x0 = x0Rows(batch);
            float[] target = new float[batch.length * d]; // x₀·Q, a sum of item rows
            for (int r = 0; r < batch.length; r++) {
                for (int p = x0[0][r]; p < x0[0][r + 1]; p++) {
                    int src = x0[1][p] * d;
                    for (int j = 0; j < d; j++) target[r * d + j] += q[src + j];
                }
            }
            for (int k = 0; k < modalities.size(); k++) {
                Modality m = modalities.get(k);
                Rng draw = rng.split(b).split(k);
                Rng stepRng = draw.split("t");
                int[] steps = new int[batch.length];
                float[] weights = new float[batch.length];
                for (int r = 0; r < steps.length; r++) {
                    steps[r] = stepRng.nextInt(diffusion.steps());
                    weights[r] = (float) diffusion.lossWeight(steps[r]);
                }
                float[] input = m.denoiser.noisyInput(x0[0], x0[1], steps, diffusion, draw.split("noise"));
                m.denoiserOptimizer.zeroGrad();
                Tensor loss = m.denoiser.trainingLoss(input, steps, x0[0], x0[1], weights, feats.get(k), target, d, opt.eLoss());
                loss.backward();
                m.denoiserOptimizer.step();
            }
        }
    }

    /** Phase 2: each modality's top-k graph from the denoised interaction rows, with edge dropout. */
    void generateGraphs(Rng rng) {
        int k = opt.rebuildK();
        for (int mi = 0; mi < modalities.size(); mi++) {
            Modality m = modalities.get(mi);
            Denoiser.Chain chain = m.denoiser.chain(diffusion);
            int[] top = new int[numUsers * k];
            int[] block = new int[0];
            for (int lo = 0; lo < numUsers; lo += opt.batchSize()) {
                int hi = Math.min(numUsers, lo + opt.batchSize());
                if (block.length != hi - lo) block = new int[hi - lo];
                for (int r = 0; r < block.length; r++) block[r] = lo + r;
                int[][] x0 = x0Rows(block);
                int[] out = new int[block.length * k];
                m.denoiser.generateTopK(chain, x0[0], x0[1], k, out);
                System.arraycopy(out, 0, top, lo * k, out.length);
            }
            int[] edgeUsers = new int[top.length];
            for (int p = 0; p < top.length; p++) edgeUsers[p] = p / k;
            m.generatedItems = top;
            CsrMatrix n4 = new UserItemGraph(edgeUsers, top, numUsers, numItems).symmetricNormWithSelfLoops();
            m.generated = EdgeDropout.sample(n4, opt.keepRate(), rng.split(mi));
        }
    }

    /** The items generated for each user by modality {@code index} in the last generation (users × rebuild_k); null before. */
    int[] generatedItems(int index) {
        return modalities.get(index).generatedItems;
    }

    CsrMatrix generatedGraph(int index) {
        return modalities.get(index).generated;
    }

    List<Denoiser> denoisers() {
        return modalities.stream().map(m -> m.denoiser).toList();
    }

    // ------------------------------------------------------------------ recommender

    /** The main view (final) and each modality's contrastive view C_m, over all nodes. */
    private record Views(Tensor main, List<Tensor> contrastive) {}

    private Tensor propagate(Tensor x) {
        Tensor sum = x, cur = x;
        for (int l = 0; l < opt.gnnLayers(); l++) {
            cur = Tensor.spmm(adjacency, cur);
            sum = sum.add(cur);
        }
        return sum;
    }

    private Views forward(boolean withViews) {
        Tensor ego = Tensor.concatRows(users, items);
        Tensor omega = modalWeights.softmaxRows();
        Tensor fused = null;
        List<Tensor> views = new ArrayList<>();
        for (int k = 0; k < modalities.size(); k++) {
            Modality m = modalities.get(k);
            Tensor userAndFeatures = Tensor.concatRows(users, m.project().normalizeRows());
            Tensor generated = Tensor.spmm(m.generated, ego);
            Tensor first = Tensor.spmm(adjacency, userAndFeatures);
            Tensor second = Tensor.spmm(adjacency, Tensor.concatRows(first.sliceRows(0, numUsers), items));
            Tensor em = first.add(second).add(generated.scale((float) opt.risAdjLambda()));
            Tensor weighted = em.mul(omega.sliceCols(k, k + 1));
            fused = fused == null ? weighted : fused.add(weighted);
            if (withViews) views.add(propagate(Tensor.spmm(m.generated, userAndFeatures)));
        }
        Tensor main = propagate(fused).add(fused.normalizeRows().scale((float) opt.risLambda()));
        return new Views(main, views);
    }

    @Override
    public Tensor loss(Batch b) {
        int[] u = b.users(), pos = b.positives(), neg = b.negatives();
        Checks.arg(neg != null, "DiffMM needs a negative item per row");
        Views v = forward(opt.sslReg() > 0);
        Tensor mainUsers = v.main().sliceRows(0, numUsers), mainItems = v.main().sliceRows(numUsers, numUsers + numItems);
        Tensor bu = mainUsers.gatherRows(u);
        Tensor loss = Losses.bprSum(bu.rowDot(mainItems.gatherRows(pos)), bu.rowDot(mainItems.gatherRows(neg)), 
                        opt.batchSize(), b.weighting())
                .add(Losses.fullSq(users, items).scale((float) opt.reg()));
        if (opt.sslReg() > 0) {
            Tensor cl = null;
            List<Tensor> views = v.contrastive();
            if (opt.clMethod() == 1) {
                for (Tensor c : views) cl = plus(cl, ncePair(mainUsers, mainItems, c, u, pos));
            } else {
                for (int a = 0; a < views.size(); a++) {
                    for (int c = a + 1; c < views.size(); c++) {
                        Tensor ca = views.get(a);
                        cl = plus(cl, ncePair(ca.sliceRows(0, numUsers), ca.sliceRows(numUsers, numUsers + numItems), views.get(c), u, pos));
                    }
                }
            }
            if (cl != null) loss = loss.add(cl.scale((float) opt.sslReg()));
        }
        return loss;
    }

    private static Tensor plus(Tensor a, Tensor b) {
        return a == null ? b : a.add(b);
    }

    /** NCE(anchorUsers, view users; batch users) + NCE(anchorItems, view items; batch positives). */
    private Tensor ncePair(Tensor anchorUsers, Tensor anchorItems, Tensor view, int[] u, int[] pos) {
        return nceFull(anchorUsers, view.sliceRows(0, numUsers), u)
                .add(nceFull(anchorItems, view.sliceRows(numUsers, numUsers + numItems), pos));
    }

    /**
     * NCE-full, mean over anchors: −log(exp(cos(a_x, b_x)/τ) / Σ_y exp(cos(a_x, b_y)/τ)) for x in index
     * (duplicates kept), y over every row of b.
     */
    Tensor nceFull(Tensor a, Tensor b, int[] index) {
        Tensor logits = a.gatherRows(index).normalizeRows().matmulT(b.normalizeRows());
        return SoftmaxCrossEntropy.terms(logits, index, (float) (1 / opt.temp())).mean();
    }

    @Override
    public Embeddings scoringEmbeddings() {
        return Embeddings.split(forward(false).main(), numUsers);
    }

    @Override
    public Params params() {
        return params;
    }
}
