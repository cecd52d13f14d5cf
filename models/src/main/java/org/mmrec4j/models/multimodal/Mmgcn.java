package org.mmrec4j.models.multimodal;

import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.Linear.WeightInit;
import org.mmrec4j.models.block.Linear;
import org.mmrec4j.models.block.MessagePassing;
import org.mmrec4j.models.block.ModalityInputs;
import org.mmrec4j.models.loss.Losses;

/**
 * MMGCN, MMRec's version (spec/models.md §4). One branch per modality m over the stacked
 * [users; items] nodes and the training edges in both directions (N6, mean aggregation):
 * <pre>
 *   f_m = Lin(d_m→dim_latent)(X_m) for a projected modality, else X_m          (width w_m)
 *   x⁰  = norm([pref_m ; f_m]),  pref_m ∈ R^{n_u×w_m}
 *   for l = 1..3:  h = LReLU(MeanAgg(x W_c^l))   (layer 3: MeanAgg(x) W_c^3)  (w → w)
 *                  x̂ = LReLU(Lin^l(x)) + e_id                               (w → 64)
 *                  x = LReLU(G^l([h ; x̂]))                                  (w+64 → 64)
 *   rep = mean_m x_m,   s(u, i) = rep_u · rep_i
 *   loss = BPR-pair + λ·[mean_{2B×64}(e_id[u]² + e_id[i]²) + mean(pref_first²)]
 * </pre>
 * LReLU has slope leaky_slope (0.01, PyTorch's default); the layer count is fixed at 3 (MMRec ignores n_layers); e_id is one
 * (n_u+n_i)×64 table shared by all branches; the item term of the regulariser uses i⁺ and i⁻ rows
 * and each user row twice, as MMRec's interleaved tensors do.
 *
 * <p><b>Which modalities are projected.</b> MMRec projects its image slot (4096 → 256) and feeds its
 * text slot raw (384-d). The rule here: the first modality (MMRec's image slot: image whenever
 * present) and any modality wider than {@code max_raw_dim} (384) get Lin(d→dim_latent); the others
 * stay raw. That reproduces MMRec on Baby (image projected, text raw) and on TikTok (image 128 → 256,
 * audio raw), and keeps a wide third modality from getting a d×d convolution. The full-table
 * preference term of the regulariser belongs to the first modality (MMRec's pref_v).
 *
 * <p><b>faithful: true</b> (default) reproduces the reference's quirks, which shape its published numbers:
 * (a) e_id and every pref_m keep their Xavier-normal initial values and never train (they are plain
 * tensors in MMRec), so their regulariser terms are constants; (b) the concatenation variant of the
 * combine layer runs (MMRec's switch holds the truthy string 'False'); (c) prediction uses the
 * representation computed in the last training batch (before that batch's step), not the current
 * parameters. <b>faithful: false</b> registers e_id and pref_m as parameters (so the regulariser acts)
 * and predicts from the current parameters; it keeps the concatenation variant.
 *
 * <p>Deviations: after a resume from a checkpoint the last-batch cache is empty, so the first
 * evaluation recomputes the representation with the restored parameters. Training pairs are
 * de-duplicated before message passing (MMRec's data has none).
 *
 * <p>Cost: layers 1–2 run over the whole graph every batch (a batch's 2-hop neighbourhood covers
 * nearly every node); layer 3 runs at the batch's rows only. For (c), the last batch's layer-2 output
 * and a copy of its layer-3 weights are kept, and prediction finishes layer 3 for every row from
 * them: the reference's cached representation, up to float rounding.
 */
public final class Mmgcn implements Recommender {
    private static final int LAYERS = 3;

    public record Options(int dim, int dimLatent, int maxRawDim, double regWeight, boolean faithful, float leakySlope) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(dimLatent > 0, "dim_latent must be > 0, got %s", dimLatent);
            Checks.arg(maxRawDim > 0, "max_raw_dim must be > 0, got %s", maxRawDim);
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
            Checks.arg(leakySlope >= 0, "leaky_slope must be >= 0, got %s", leakySlope);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("dim_latent"), c.getInt("max_raw_dim"),
                    c.getDouble("reg_weight"), c.getBoolean("faithful"), c.getFloat("leaky_slope"));
        }
    }

    /** One modality's graph convolution branch. */
    private static final class Branch {
        final float slope;
        final Tensor features;
        final Linear projection; // null: the modality enters raw
        final Tensor preference;
        final Tensor constantUsers, constantItems; // normalised once when they never change
        final Tensor[] conv = new Tensor[LAYERS];
        final Linear[] self = new Linear[LAYERS];
        final Linear[] combine = new Linear[LAYERS];

        Branch(String name, Tensor features, boolean project, Options opt, int numUsers, Params params, Rng rng, boolean trainPreference) {
            this.features = features;
            this.slope = opt.leakySlope();
            int width = project ? opt.dimLatent() : features.cols();
            projection = project
                    ? Linear.create(params, name + ".mlp", features.cols(), width, WeightInit.TORCH_DEFAULT, true, rng)
                    : null;
            float[] pref = ModalityInputs.xavierNormalValues(numUsers, width, rng.split(name + ".preference"));
            preference = trainPreference
                    ? params.add(name + ".preference", Tensor.parameter(numUsers, width, pref))
                    : Tensor.wrap(numUsers, width, pref);
            constantUsers = trainPreference ? null : preference.normalizeRows();
            constantItems = project ? null : features.normalizeRows();
            for (int l = 0; l < LAYERS; l++) {
                int in = l == 0 ? width : opt.dim();
                String p = name + ".layer" + (l + 1);
                conv[l] = params.xavierNormal(p + ".conv", in, in, rng.split(p + ".conv"));
                self[l] = Linear.create(params, p + ".linear", in, opt.dim(), WeightInit.XAVIER_NORMAL, true, rng);
                // MMRec re-initialises only the first combine layer Xavier-normal; layers 2-3 keep PyTorch's default.
                combine[l] = Linear.create(params, p + ".combine", in + opt.dim(), opt.dim(),
                        l == 0 ? WeightInit.XAVIER_NORMAL : WeightInit.TORCH_DEFAULT, true, rng);
            }
        }

        /** The inputs of the last layer as of the last training batch; faithful prediction finishes from them. */
        Tensor lastInput;
        Tensor lastConv;
        Linear lastSelf, lastCombine;

        /**
         * Layers 1 and 2 over all nodes. x⁰ = norm([pref; f]) = [norm(pref); norm(f)], kept as two row
         * blocks through the first layer's products: a block that is constant (faithful pref, a raw
         * modality) then costs no input gradient, and is normalised once.
         */
        Tensor firstLayers(MessagePassing graph, Tensor idEmbedding) {
            Tensor users = constantUsers != null ? constantUsers : preference.normalizeRows();
            Tensor items = constantItems != null ? constantItems : projection.apply(features).normalizeRows();
            Tensor h = Tensor.concatRows(users.matmul(conv[0]), items.matmul(conv[0]));
            h = graph.mean(h).leakyRelu(slope);
            Tensor xHat = Tensor.concatRows(self[0].apply(users), self[0].apply(items)).leakyRelu(slope).add(idEmbedding);
            Tensor x = combine[0].apply(Tensor.concatCols(h, xHat)).leakyRelu(slope);
            for (int l = 1; l < LAYERS - 1; l++) {
                h = graph.mean(x.matmul(conv[l])).leakyRelu(slope);
                xHat = self[l].apply(x).leakyRelu(slope).add(idEmbedding);
                x = combine[l].apply(Tensor.concatCols(h, xHat)).leakyRelu(slope);
            }
            return x;
        }

        /**
         * Layer 3 at the given node rows only (all rows when null): the loss needs just the batch's rows,
         * and each depends on layer 2 through its own row and its neighbours' mean. The mean is taken
         * before the convolution weight ((A·x)·W = A·(x·W)) so only the requested rows are multiplied.
         */
        Tensor lastLayer(MessagePassing graph, Tensor x, int[] rows, Tensor idRows, Tensor convW, Linear selfL, Linear combineL) {
            Tensor mean = rows == null ? graph.mean(x) : graph.mean(x, rows);
            Tensor own = rows == null ? x : x.gatherRows(rows);
            Tensor h = mean.matmul(convW).leakyRelu(slope);
            Tensor xHat = selfL.apply(own).leakyRelu(slope).add(idRows);
            return combineL.apply(Tensor.concatCols(h, xHat)).leakyRelu(slope);
        }

        Tensor lastLayer(MessagePassing graph, Tensor x, int[] rows, Tensor idRows) {
            return lastLayer(graph, x, rows, idRows, conv[LAYERS - 1], self[LAYERS - 1], combine[LAYERS - 1]);
        }

        /** Keeps layer 2's output and a copy of layer 3's weights, which the optimizer step is about to change. */
        void remember(Tensor x) {
            lastInput = x.detach();
            lastConv = conv[LAYERS - 1].copy();
            lastSelf = self[LAYERS - 1].frozenCopy();
            lastCombine = combine[LAYERS - 1].frozenCopy();
        }

        Tensor rememberedOutput(MessagePassing graph, Tensor idEmbedding) {
            return lastLayer(graph, lastInput, null, idEmbedding, lastConv, lastSelf, lastCombine);
        }
    }

    private final Options opt;
    private final Params params = new Params();
    private final MessagePassing graph;
    private final Tensor idEmbedding;
    private final List<Branch> branches = new ArrayList<>();
    private final int numUsers;

    public Mmgcn(ModelContext ctx, Options opt) {
        FeatureSet features = ModalityInputs.require(ctx, "MMGCN");
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        graph = MessagePassing.bothDirections(ctx.userItemGraph());
        int nodes = graph.numNodes();
        float[] id = ModalityInputs.xavierNormalValues(nodes, opt.dim(), ctx.rng().split("id_embedding"));
        idEmbedding = opt.faithful() ? Tensor.wrap(nodes, opt.dim(), id)
                : params.add("id_embedding", Tensor.parameter(nodes, opt.dim(), id));
        List<String> names = features.names();
        for (int m = 0; m < names.size(); m++) {
            String name = names.get(m);
            boolean project = m == 0 || features.dim(name) > opt.maxRawDim();
            branches.add(new Branch(name, ModalityInputs.constant(features.get(name)), project, opt, numUsers, params,
                    ctx.rng().split(name), !opt.faithful()));
        }
    }

    public static Mmgcn create(ModelContext ctx) {
        return new Mmgcn(ctx, Options.from(ctx.config()));
    }

    /** rep = mean over modality branches at the given node rows (all when null): rows×dim. */
    private Tensor representation(int[] rows, boolean remember) {
        Tensor idRows = rows == null ? idEmbedding : idEmbedding.gatherRows(rows);
        Tensor sum = null;
        for (Branch b : branches) {
            Tensor x2 = b.firstLayers(graph, idEmbedding);
            if (remember) b.remember(x2);
            Tensor x = b.lastLayer(graph, x2, rows, idRows);
            sum = sum == null ? x : sum.add(x);
        }
        return mean(sum);
    }

    private Tensor mean(Tensor sum) {
        return branches.size() == 1 ? sum : sum.scale(1f / branches.size());
    }

    @Override
    public Tensor loss(Batch b) {
        int[] pos = BatchRows.shifted(b.positives(), numUsers), neg = BatchRows.shifted(b.negatives(), numUsers);
        BatchRows touched = BatchRows.of(idEmbedding.rows(), b.users(), pos, neg);
        Tensor rep = representation(touched.rows(), opt.faithful());
        Tensor u = rep.gatherRows(touched.local(b.users()));
        Tensor loss = Losses.bpr(u.rowDot(rep.gatherRows(touched.local(pos))), u.rowDot(rep.gatherRows(touched.local(neg))), b.weighting());
        if (opt.regWeight() == 0) return loss;
        // mean over the 2B×dim interleaved rows of e[u]² + e[i]²: each user row counts twice.
        Tensor idSq = idEmbedding.gatherRows(b.users()).square().sum().scale(2f)
                .add(idEmbedding.gatherRows(pos).square().sum())
                .add(idEmbedding.gatherRows(neg).square().sum())
                .scale(1f / (2f * b.size() * opt.dim()));
        Tensor reg = idSq.add(branches.get(0).preference.square().mean());
        return loss.add(reg.scale((float) opt.regWeight()));
    }

    /**
     * The faithful scorer reads the remembered last-layer inputs of the last training batch, as MMRec
     * does; otherwise, and before any batch, the forward pass.
     */
    @Override
    public Embeddings finalEmbeddings() {
        if (!opt.faithful() || branches.get(0).lastInput == null) return Recommender.super.finalEmbeddings();
        try (var off = Grad.off()) {
            Tensor sum = null;
            for (Branch b : branches) {
                Tensor x = b.rememberedOutput(graph, idEmbedding);
                sum = sum == null ? x : sum.add(x);
            }
            return Embeddings.split(mean(sum), numUsers);
        }
    }

    /** The forward pass on the current parameters (what trainingScores reads). */
    @Override
    public Embeddings scoringEmbeddings() {
        return Embeddings.split(representation(null, false), numUsers);
    }

    @Override
    public Params params() {
        return params;
    }
}
