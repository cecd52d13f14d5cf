package org.mmrec4j.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.eval.EvalResult;
import org.mmrec4j.eval.EvalSet;
import org.mmrec4j.eval.RankingEvaluator;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.models.ColdItemScoring;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.Embeddings;

/**
 * The "cold items" evaluation of an item cold-start split, reported beside MMRec's full ranking (which
 * ranks all items with only training items masked, and stays the selection metric).
 *
 * <p>Cold items are the items without any training row. The evaluation users are those with at least one
 * row of a cold item in the split; their positives are those cold items; the candidates are the cold items
 * only (every item with training rows is pushed below all of them, so it can never be a hit). Metrics are
 * MMRec's, keyed {@code cold_recall@20} and so on.
 *
 * <p>Scores: a model implementing {@link ColdItemScoring} with dot-product {@link Recommender#finalEmbeddings}
 * scores a cold item by the user vector times the item vector computed from its features alone (VBPR:
 * {@code [0; W x_i + b]}, no untrained id part). Any other model is scored by its own scorer: ItemKNNCBF
 * reaches cold items through its feature kNN graph, graph models through feature-graph neighbours, and
 * id-only models (BPR, LightGCN) score cold items with untrained embeddings, a random baseline.
 */
public final class ColdItemEvaluation {
    /** Below every real score; the evaluator ranks these items last, and they are never positives. */
    private static final float WARM = -1e30f;

    private final EvalSet set;
    private final boolean[] warm;
    private final int coldItems;

    private ColdItemEvaluation(EvalSet set, boolean[] warm, int coldItems) {
        this.set = set;
        this.warm = warm;
        this.coldItems = coldItems;
    }

    /** The evaluation for {@code split} (valid or test), or null when it has no row of a cold item. */
    public static ColdItemEvaluation of(Dataset d, Interactions split) {
        boolean[] warm = new boolean[d.numItems()];
        for (int i : d.train().items()) warm[i] = true;
        int rows = 0;
        for (int i : split.items()) if (!warm[i]) rows++;
        if (rows == 0) return null;
        int[] us = new int[rows], is = new int[rows];
        int k = 0;
        for (int r = 0; r < split.size(); r++) {
            int i = split.items()[r];
            if (!warm[i]) {
                us[k] = split.users()[r];
                is[k++] = i;
            }
        }
        int cold = 0;
        for (boolean w : warm) if (!w) cold++;
        EvalSet set = EvalSet.of(d.numUsers(), d.numItems(), d.train().users(), d.train().items(), us, is);
        return new ColdItemEvaluation(set, warm, cold);
    }

    public int users() {
        return set.numUsers();
    }

    public int coldItems() {
        return coldItems;
    }

    /** Rounded metrics with a {@code cold_} prefix. */
    public Map<String, Double> evaluate(Recommender model, Dataset data, int[] ks, int userBlock) {
        Scorer inner;
        try (var off = Grad.off()) {
            inner = scorer(model, data);
        }
        int n = warm.length;
        Scorer masked = (users, out) -> {
            inner.score(users, out);
            for (int r = 0; r < users.length; r++) {
                int base = r * n;
                for (int i = 0; i < n; i++) if (warm[i]) out[base + i] = WARM;
            }
        };
        EvalResult r = RankingEvaluator.evaluate(masked, set, ks, userBlock);
        Map<String, Double> out = new LinkedHashMap<>();
        r.rounded().forEach((key, v) -> out.put("cold_" + key, v));
        return out;
    }

    /** Feature-only item vectors where the model offers them, else the model's own scorer. */
    static Scorer scorer(Recommender model, Dataset data) {
        Embeddings e = model instanceof ColdItemScoring ? model.finalEmbeddings() : null;
        if (e == null) return model.scorer();
        ColdItemScoring cold = (ColdItemScoring) model;
        Map<String, Tensor> features = new LinkedHashMap<>();
        for (String m : cold.coldFeatureDims().keySet()) {
            FeatureMatrix f = data.features().get(m);
            // read-only use: the projection allocates its outputs and never writes its input
            features.put(m, Tensor.wrap(f.rows(), f.cols(), f.data()));
        }
        return new Embeddings(e.users(), cold.coldItemVectors(features)).dotScorer();
    }
}
