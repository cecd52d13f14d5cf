package org.mmrec4j.models.multimodal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.MaxUnionGraph;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.ItemGraphs;
import org.mmrec4j.models.block.Linear;
import org.mmrec4j.models.block.ModalityInputs;
import org.mmrec4j.models.block.RealFft.Spectrum;
import org.mmrec4j.models.block.RealFft;
import org.mmrec4j.models.block.ViewRows;
import org.mmrec4j.models.loss.MultiViewLoss;

/**
 * SMORE, spectral modality fusion on MGCN's skeleton (WSDM'25; spec/models.md §14), over any number M
 * of modalities. FFT is the real FFT along the d embedding dimensions with orthonormal scaling
 * (d/2 + 1 complex bins, {@link RealFft}); W_m, W_f are learned complex filters, N(0, 1) real and
 * imaginary parts.
 *
 * <pre>
 * spectra    f_m = proj_m(F_m)                       F_m trainable copy of the features, proj_m = Lin(d_m→d)
 *            f'_m = iFFT(FFT(f_m) ⊙ W_m)             per-modality denoising
 *            f'_f = iFFT(Π_m FFT(f_m) ⊙ W_f)         cross-modal fusion
 * purifier   Ĩ_x = Q ⊙ σ(Lin_x(f'_x))               x ∈ {1..M, f}
 * content    C   = mean(E⁰, N2·E⁰, …, N2^L·E⁰)       L = n_ui_layers
 * views      V_x = [R̂·G_x^{n_layers}Ĩ_x ; G_x^{n_layers}Ĩ_x]
 *            G_m = K3(X_m, k_m) from raw features, frozen; G_f = element-wise max of the G_m over their union
 * preference A_m = softmax over the d dims of q_m(V_f) ⊙ V_m,  q_m = Lin(d→d) → tanh → Lin(d→d, no bias)
 *            side = mean(drop(σ(Lin'_1(C))) ⊙ A_1, …, drop(σ(Lin'_M(C))) ⊙ A_M, drop(σ(Lin'_f(C))) ⊙ V_f)
 * final      E = C + side,  s(u, i) = E_u · E_i
 * loss       as MGCN ({@link MultiViewLoss}): BPR-ls + reg_weight·BatchSq on E, cl_loss·two InfoNCE, τ = 0.2
 * </pre>
 *
 * drop is inverted dropout with rate {@code dropout_rate} on the gates, in training only. Trained with
 * {@code learning_rate_scheduler: [0.96, 50]} from SMORE.yaml.
 *
 * <p>Generalisations of MMRec's smore.py (which hard-codes image and text), and deviations:
 * <ul>
 *   <li>The fused spectrum multiplies all M modality spectra: FFT(f_t) ⊙ FFT(f_v) ⊙ W_f for two.
 *       With one modality it is FFT(f_1) ⊙ W_f, and G_f = G_1.</li>
 *   <li>k per modality: {@code <name>_knn_k} where the config has it (image_knn_k, text_knn_k as in
 *       MMRec), otherwise {@code knn_k} (e.g. TikTok's audio). k is capped at the item count.</li>
 *   <li>side is the mean of M + 1 parts (3 for two modalities, as in the reference).</li>
 *   <li>The batch is evaluated at its touched rows only, exactly as in {@link Mgcn}; the item tables
 *       (projection, spectra, purifier, item-graph propagation) are full, because users' views read
 *       nearly all items. Dropout masks are therefore drawn for the touched rows only: the same
 *       distribution as the reference's full-table masks, not the same draws. InfoNCE over distinct
 *       rows with multiplicities, as in MGCN.</li>
 *   <li>The filters are folded into the DFT matrices ({@link RealFft#filterMatrix},
 *       {@link RealFft#inverseFiltered}): the same linear maps, fewer passes over the item tables.</li>
 *   <li>N2 and K3 values are computed in double and rounded once.</li>
 * </ul>
 */
public final class Smore implements Recommender {
    static final float TEMPERATURE = 0.2f;

    /**
     * @param knnK k per modality name, resolved from {@code <name>_knn_k} or {@code knn_k}
     */
    public record Options(int dim, int uiLayers, int itemLayers, Map<String, Integer> knnK, double regWeight,
                          double clWeight, double dropout, int batchSize) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(uiLayers >= 0, "n_ui_layers must be >= 0, got %s", uiLayers);
            Checks.arg(itemLayers >= 0, "n_layers must be >= 0, got %s", itemLayers);
            knnK.forEach((m, k) -> Checks.arg(k >= 1, "%s_knn_k must be >= 1, got %s", m, k));
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
            Checks.arg(clWeight >= 0, "cl_loss must be >= 0, got %s", clWeight);
            Checks.arg(dropout >= 0 && dropout < 1, "dropout_rate must be in [0, 1), got %s", dropout);
            Checks.arg(batchSize > 0, "train_batch_size must be > 0, got %s", batchSize);
            knnK = Map.copyOf(knnK);
        }

        public static Options from(Config c, List<String> modalities) {
            Map<String, Integer> k = new LinkedHashMap<>();
            for (String m : modalities) k.put(m, c.has(m + "_knn_k") ? c.getInt(m + "_knn_k") : c.getInt("knn_k"));
            return new Options(c.getInt("embedding_size"), c.getInt("n_ui_layers"), c.getInt("n_layers"), k,
                    c.getDouble("reg_weight"), c.getDouble("cl_loss"), c.getDouble("dropout_rate"), c.getInt("train_batch_size"));
        }
    }

    /** One modality's trainable table and maps, its spectral filter (2×bins: real; imaginary) and frozen graph. */
    private record Modality(Tensor features, Linear projection, Tensor filter, Linear purifier,
                            Linear query, Linear queryOut, Linear preference, CsrMatrix graph) {}

    private final Options opt;
    private final Params params = new Params();
    private final int numUsers, numItems;
    private final Tensor nodes;
    private final CsrMatrix adjacency, userItemBlock, fusionGraph;
    private final List<Modality> modalities = new ArrayList<>();
    private final RealFft fft;
    private final Tensor fusionFilter;
    private final Linear fusionPurifier, fusionPreference;
    private Rng dropoutRng;

    public Smore(ModelContext ctx, Options opt) {
        ModalityInputs.require(ctx, "SMORE");
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        this.numItems = ctx.numItems();
        this.fft = new RealFft(opt.dim());
        Rng rng = ctx.rng();
        nodes = Embeddings.stackedNodes(params, numUsers, numItems, opt.dim(), rng);
        adjacency = ctx.userItemGraph().symmetricNormNoEps();
        userItemBlock = ctx.userItemGraph().userItemBlockNoEps();
        int d = opt.dim();
        List<CsrMatrix> graphs = new ArrayList<>();
        for (String name : ctx.features().names()) {
            FeatureMatrix raw = ctx.features().get(name);
            Checks.arg(opt.knnK().containsKey(name), "no knn_k resolved for modality %s", name);
            CsrMatrix graph = ItemGraphs.k3(raw, opt.knnK().get(name));
            graphs.add(graph);
            modalities.add(new Modality(
                    ModalityInputs.trainableTable(params, "features." + name, raw),
                    Linear.create(params, "projection." + name, raw.cols(), d, true, rng),
                    params.normal("filter." + name, 2, fft.bins(), 0f, 1f, rng.split("filter." + name)),
                    Linear.create(params, "purifier." + name, d, d, true, rng),
                    Linear.create(params, "query." + name, d, d, true, rng),
                    Linear.create(params, "query.out." + name, d, d, false, rng),
                    Linear.create(params, "preference." + name, d, d, true, rng),
                    graph));
        }
        fusionGraph = MaxUnionGraph.of(graphs);
        fusionFilter = params.normal("filter.fusion", 2, fft.bins(), 0f, 1f, rng.split("filter.fusion"));
        fusionPurifier = Linear.create(params, "purifier.fusion", d, d, true, rng);
        fusionPreference = Linear.create(params, "preference.fusion", d, d, true, rng);
        dropoutRng = rng.split("gate-dropout");
    }

    public static Smore create(ModelContext ctx) {
        return new Smore(ctx, Options.from(ctx.config(), ctx.features().names()));
    }

    @Override
    public void beforeEpoch(EpochContext epoch) {
        // Drawn from the epoch's stream, so a resumed run repeats the uninterrupted run's masks.
        dropoutRng = epoch.rng().split("gate-dropout");
    }

    private static Spectrum filterOf(Tensor filter) {
        return new Spectrum(filter.sliceRows(0, 1), filter.sliceRows(1, 2));
    }

    /** @param dropout the gates' dropout stream while training; null when scoring */
    MultiViewLoss.Views forward(ViewRows rows, Rng dropout) {
        Tensor items = nodes.sliceRows(numUsers, numUsers + numItems);
        Tensor content = rows.content(adjacency, nodes, opt.uiLayers());
        int m = modalities.size();
        Tensor[] views = new Tensor[m];
        Spectrum product = null;
        for (int k = 0; k < m; k++) {
            Modality mod = modalities.get(k);
            Tensor projected = mod.projection().apply(mod.features());
            // irfft(rfft(f)⊙W) is linear in f: one GEMM with the d×d filter matrix.
            Tensor denoised = projected.matmul(fft.filterMatrix(filterOf(mod.filter())));
            views[k] = itemView(rows, items, mod.purifier(), denoised, mod.graph());
            Spectrum spectrum = fft.forward(projected);
            product = product == null ? spectrum : product.times(spectrum);
        }
        Tensor fused = fft.inverseFiltered(product, filterOf(fusionFilter));
        Tensor fusionView = itemView(rows, items, fusionPurifier, fused, fusionGraph);
        Tensor side = gate(fusionPreference, content, dropout).mul(fusionView);
        for (int k = 0; k < m; k++) {
            Modality mod = modalities.get(k);
            Tensor attention = mod.queryOut().apply(mod.query().apply(fusionView).tanh()).softmaxRows();
            side = side.add(gate(mod.preference(), content, dropout).mul(attention.mul(views[k])));
        }
        side = side.scale(1f / (m + 1));
        return new MultiViewLoss.Views(content.add(side), side, content);
    }

    /** [R̂·G^L·Ĩ ; G^L·Ĩ] at the rows, Ĩ = Q ⊙ σ(Lin(x)). */
    private Tensor itemView(ViewRows rows, Tensor items, Linear purifier, Tensor x, CsrMatrix graph) {
        Tensor purified = items.mul(purifier.apply(x).sigmoid());
        return rows.view(ViewRows.propagate(graph, purified, opt.itemLayers()));
    }

    private Tensor gate(Linear preference, Tensor content, Rng dropout) {
        Tensor g = preference.apply(content).sigmoid();
        return dropout == null ? g : g.dropout((float) opt.dropout(), dropout);
    }

    @Override
    public Tensor loss(Batch b) {
        ViewRows rows = ViewRows.of(b, userItemBlock);
        return MultiViewLoss.of(forward(rows, dropoutRng), rows, b, opt.regWeight(), opt.clWeight(), opt.batchSize(), TEMPERATURE);
    }

    /** The reference's computation: every row evaluated, then the batch's rows picked. For exactness tests. */
    Tensor lossOverAllRows(Batch b) {
        ViewRows all = ViewRows.all(userItemBlock);
        return MultiViewLoss.of(forward(all, null), all, b, opt.regWeight(), opt.clWeight(), opt.batchSize(), TEMPERATURE);
    }

    /** The forward pass without dropout. */
    @Override
    public Embeddings scoringEmbeddings() {
        return Embeddings.split(forward(ViewRows.all(userItemBlock), null).all(), numUsers);
    }

    @Override
    public Params params() {
        return params;
    }
}
