package org.mmrec4j.models.multimodal;

import java.util.List;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.SparseOps;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.GraphCache;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.GraphRows;
import org.mmrec4j.models.block.ItemGraphs;
import org.mmrec4j.models.block.LatticeItemGraph;
import org.mmrec4j.models.block.Propagation;
import org.mmrec4j.models.block.TrainableFeatures;
import org.mmrec4j.models.loss.Losses;

/**
 * LATTICE (spec/models.md §7), MMRec's version with {@code cf_model: lightgcn}.
 *
 * <ul>
 *   <li>Item graph G = (1 − λ_c)·D^{-1/2}(Σ_m ω_m S_m)D^{-1/2} + λ_c·Σ_m ω_m K2(X_m, k): S_m is the
 *       top-k cosine graph of the projected trainable features proj_m(F_m), G_orig is built once from
 *       the raw features (through the graph cache), ω = softmax(m) with m initialised to 0.5 each (see
 *       {@link LatticeItemGraph}).
 *   <li>G is rebuilt on the first batch of every epoch, with gradients into F_m, proj_m and m through
 *       the kept values on that batch only; the epoch's later batches use a detached copy. Scoring
 *       rebuilds it from the current parameters.
 *   <li>h = G^{n_layers} Q; (P̄, Q̄) = mean(E⁰, N3 E⁰, …, N3^L E⁰), L = len(weight_size), N3 = D^{-1}(A + I);
 *       users P̄, items Q̄ + norm(h).
 *   <li>Loss: BPR-ls + λ·BatchSq(P̄_u, item_{i⁺}, item_{i⁻}) on the final rows, divided by
 *       train_batch_size (MMRec's self.batch_size, also for a short last batch).
 * </ul>
 *
 * <p>Exact shortcuts: both propagations run for the batch's rows only (the last item-graph layer and
 * norm(h) are row-wise). Deviations: G is sparse (MMRec's dense n_i×n_i graphs are numerically the
 * same matrix); a non-positive degree gives D^{-1/2} = 0 rather than NaN; duplicate training rows
 * count once in N3 (MMRec would weight them twice; its datasets have none); only cf_model lightgcn.
 */
public final class Lattice implements Recommender {

    public record Options(int dim, int featDim, int knnK, double lambdaCoeff, int itemLayers, int uiLayers,
                          double regWeight, int batchSize) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(featDim > 0, "feat_embed_dim must be > 0, got %s", featDim);
            Checks.arg(knnK >= 1, "knn_k must be >= 1, got %s", knnK);
            Checks.arg(lambdaCoeff >= 0 && lambdaCoeff <= 1, "lambda_coeff must be in [0, 1], got %s", lambdaCoeff);
            Checks.arg(itemLayers >= 0, "n_layers must be >= 0, got %s", itemLayers);
            Checks.arg(uiLayers >= 0, "weight_size must list one width per user-item layer");
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
            Checks.arg(batchSize > 0, "train_batch_size must be > 0, got %s", batchSize);
        }

        public static Options from(Config c) {
            String cf = c.getString("cf_model");
            Checks.arg(cf.equals("lightgcn"), "LATTICE: cf_model '%s' is not implemented; use lightgcn", cf);
            return new Options(c.getInt("embedding_size"), c.getInt("feat_embed_dim"), c.getInt("knn_k"),
                    c.getDouble("lambda_coeff"), c.getInt("n_layers"), c.getIntList("weight_size").size(),
                    c.getDouble("reg_weight"), c.getInt("train_batch_size"));
        }
    }

    private final Options opt;
    private final Params params = new Params();
    private final Tensor nodes;
    private final int numUsers, numItems;
    private final CsrMatrix adjacency;
    private final TrainableFeatures features;
    /** 1×M learned modality logits; null with a single modality (nothing to mix). */
    private final Tensor modalWeights;
    private final LatticeItemGraph itemGraph;
    private boolean rebuildOnNextBatch = true;
    private CsrMatrix detachedGraph;

    public Lattice(ModelContext ctx, Options opt) {
        FeatureSet fs = ctx.features();
        ItemGraphs.requireFeatures(fs, "LATTICE");
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        this.numItems = ctx.numItems();
        nodes = Embeddings.stackedNodes(params, numUsers, numItems, opt.dim(), ctx.rng());
        features = new TrainableFeatures(fs, opt.featDim(), params, ctx.rng().split("features"));
        if (fs.size() > 1) {
            float[] half = new float[fs.size()];
            java.util.Arrays.fill(half, 0.5f);
            modalWeights = params.add("modal_weight", Tensor.parameter(1, fs.size(), half));
        } else {
            modalWeights = null;
        }
        adjacency = ctx.userItemGraph().rowNormalizedWithSelfLoops();
        itemGraph = new LatticeItemGraph(originalGraphs(fs, opt.knnK(), ItemGraphs.cache(ctx.config())), opt.knnK(), opt.lambdaCoeff());
    }

    public static Lattice create(ModelContext ctx) {
        return new Lattice(ctx, Options.from(ctx.config()));
    }

    /** K2(X_m, k) per modality from the raw features. */
    private static CsrMatrix[] originalGraphs(FeatureSet fs, int k, GraphCache cache) {
        List<String> names = fs.names();
        CsrMatrix[] out = new CsrMatrix[names.size()];
        for (int m = 0; m < out.length; m++) out[m] = ItemGraphs.cosineKnn(cache, fs.get(names.get(m)), k).symmetricNormalized();
        return out;
    }

    @Override
    public void beforeEpoch(EpochContext epoch) {
        rebuildOnNextBatch = true;
    }

    @Override
    public Tensor loss(Batch b) {
        int[] pos = BatchRows.shifted(b.positives(), numUsers), neg = BatchRows.shifted(b.negatives(), numUsers);
        BatchRows touched = BatchRows.of(nodes.rows(), b.users(), pos, neg);
        int[] rows = touched.rows();
        Tensor e = Propagation.layerMeanAt(adjacency, nodes, opt.uiLayers(), rows);
        BatchRows.UsersAndItems split = touched.split(numUsers);
        int[] items = split.items(), itemPositions = split.itemPositions();
        Tensor h;
        if (rebuildOnNextBatch) {
            LatticeItemGraph.Built g = itemGraph.build(features, modalWeights);
            detachedGraph = g.detached();
            rebuildOnNextBatch = false;
            h = itemGraphAt(g.pattern(), g.values(), items);
        } else {
            h = itemGraphAt(detachedGraph, null, items);
        }
        Tensor all = e.add(h.normalizeRows().scatterAddRows(itemPositions, rows.length));
        Tensor u = all.gatherRows(touched.local(b.users()));
        Tensor ip = all.gatherRows(touched.local(pos)), in = all.gatherRows(touched.local(neg));
        Tensor loss = Losses.bpr(u.rowDot(ip), u.rowDot(in), b.weighting());
        return opt.regWeight() == 0 ? loss : loss.add(Losses.batchSq(opt.batchSize(), u, ip, in).scale((float) opt.regWeight()));
    }

    /**
     * h = G^{n_layers} Q at the given items: the last layer for those rows only. {@code values} carries
     * gradients (first batch of an epoch) or is null for the constant values of {@code graph}.
     */
    private Tensor itemGraphAt(CsrMatrix graph, Tensor values, int[] items) {
        int layers = opt.itemLayers();
        if (layers == 0) return nodes.gatherRows(BatchRows.shifted(items, numUsers));
        Tensor x = nodes;
        int colOffset = numUsers;
        if (layers > 1) {
            x = nodes.sliceRows(numUsers, nodes.rows());
            for (int l = 0; l < layers - 1; l++) x = values == null ? Tensor.spmm(graph, x) : SparseOps.spmm(graph, values, x);
            colOffset = 0;
        }
        GraphRows sub = GraphRows.of(graph, items, colOffset, x.rows());
        return values == null ? Tensor.spmm(sub.matrix(), x) : SparseOps.spmm(sub.matrix(), values.gatherRows(sub.entries()), x);
    }

    /**
     * Scores with gradients, as MMRec's full_sort_predict in training mode: the item graph is rebuilt
     * from the current parameters (gradients reach F_m, proj_m and the modality weights through it).
     */
    @Override
    public Tensor trainingScores(int[] users) {
        LatticeItemGraph.Built g = itemGraph.build(features, modalWeights);
        Tensor e = Propagation.layerMean(adjacency, nodes, opt.uiLayers());
        Tensor h = nodes.sliceRows(numUsers, nodes.rows());
        for (int l = 0; l < opt.itemLayers(); l++) h = SparseOps.spmm(g.pattern(), g.values(), h);
        return e.gatherRows(users).matmulT(e.sliceRows(numUsers, e.rows()).add(h.normalizeRows()));
    }

    /** The vectors whose dot product is the score, with gradients off. */
    @Override
    public Embeddings finalEmbeddings() {
        try (var off = Grad.off()) {
            CsrMatrix g = itemGraph.build(features, modalWeights).detached();
            Tensor e = Propagation.layerMean(adjacency, nodes, opt.uiLayers());
            Tensor h = nodes.sliceRows(numUsers, nodes.rows());
            for (int l = 0; l < opt.itemLayers(); l++) h = Tensor.spmm(g, h);
            return new Embeddings(e.sliceRows(0, numUsers), e.sliceRows(numUsers, e.rows()).add(h.normalizeRows()));
        }
    }

    @Override
    public Params params() {
        return params;
    }
}
