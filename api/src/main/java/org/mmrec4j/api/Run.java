package org.mmrec4j.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ColdItemScoring;
import org.mmrec4j.serve.RecommendationIndex;
import org.mmrec4j.serve.TrainedModel;
import org.mmrec4j.train.RunFolder;

/**
 * A trained run folder, ready to answer: its recorded metrics, top-K items for a user, similar items,
 * and scores of new items from their features. Loading goes through {@link TrainedModel#load} (the dataset
 * the run read, the model rebuilt from config.resolved.yaml, the best epoch's parameters from model.bin)
 * and answers come from one {@link RecommendationIndex}, exactly as {@code mmrec4j recommend} and
 * {@code mmrec4j serve} answer; metrics are read from metrics.json.
 *
 * <pre>{@code
 * Run run = Run.load(Path.of("runs/vbpr"));
 * List<Run.Item> top = run.recommend("42", 10);
 * }</pre>
 *
 * <p>Ids are the external ids of the dataset's {@code .inter} file. Thread-safe once loaded.
 */
public final class Run {
    /**
     * One recommended or similar item.
     *
     * @param id    the item's external id
     * @param score the model's score (recommend) or cosine similarity of item vectors (similar), higher first
     */
    public record Item(String id, float score) {}

    private final TrainedModel trained;
    private final RecommendationIndex index;
    private final RunFolder.Metrics metrics;

    private Run(TrainedModel trained) {
        this.trained = trained;
        this.index = new RecommendationIndex(trained);
        this.metrics = RunFolder.open(trained.runDir()).readMetrics();
    }

    /**
     * Loads a finished run folder, reading the dataset from the folder its manifest records.
     *
     * @param runDir a run folder written by {@link Training#run} or {@code mmrec4j train --out}
     * @return the loaded run
     */
    public static Run load(Path runDir) {
        return new Run(TrainedModel.load(runDir));
    }

    /**
     * Loads a finished run folder whose dataset has moved since training.
     *
     * @param runDir  a run folder written by {@link Training#run} or {@code mmrec4j train --out}
     * @param dataDir the dataset folder to read instead of the recorded one
     * @return the loaded run
     */
    public static Run load(Path runDir, Path dataDir) {
        return new Run(TrainedModel.load(runDir, dataDir));
    }

    /** @return the model's catalogue name (the student, for a run trained inside a wrapper such as GUIDER) */
    public String model() {
        return trained.spec().name();
    }

    /** @return the epoch whose parameters were kept: the best validation evaluation */
    public int bestEpoch() {
        return trained.bestEpoch();
    }

    /**
     * @return the validation metrics at the best epoch, keyed like {@code recall@20}, in metrics.json's order
     *         (empty under the DiffMM protocol, which never reads validation)
     */
    public Map<String, Double> validMetrics() {
        return metrics.valid();
    }

    /**
     * @return the test metrics recorded at the best validation epoch (MMRec's best_test_upon_valid), keyed like
     *         {@code recall@20}: full ranking over every item with the user's training items masked
     */
    public Map<String, Double> testMetrics() {
        return metrics.test();
    }

    /**
     * The best items for a user, the user's training items left out.
     *
     * @param userId an external user id of the dataset
     * @param k      how many items (capped at the number of items)
     * @return up to {@code k} items, best first; ties go to the smaller internal index, as in evaluation
     * @throws IllegalArgumentException for an unknown user or {@code k < 1}
     */
    public List<Item> recommend(String userId, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        return items(index.recommend(user(userId), k, true));
    }

    /**
     * The items most similar to an item: cosine similarity of the model's final item vectors.
     *
     * @param itemId an external item id of the dataset
     * @param k      how many items, the item itself excluded
     * @return up to {@code k} items, most similar first
     * @throws IllegalArgumentException      for an unknown item or {@code k < 1}
     * @throws UnsupportedOperationException for models without final item vectors (ItemKNN-style scorers)
     */
    public List<Item> similar(String itemId, int k) {
        if (k < 1) throw new IllegalArgumentException("k must be >= 1, got " + k);
        int item = index.itemIndex(itemId);
        if (item < 0) throw new IllegalArgumentException("unknown item '" + itemId + "': not an item id of " + trained.data().name());
        return items(index.similar(item, k));
    }

    /**
     * The feature widths a new item needs, per modality, for {@link #scoreNewItems}.
     *
     * @return modality name to width, for example {@code {image=32, text=16}}; empty when the model cannot score
     *         items from features alone (only models with a projection-only item path can, such as VBPR)
     */
    public Map<String, Integer> newItemFeatures() {
        ColdItemScoring cold = index.coldScoring();
        return cold == null ? Map.of() : cold.coldFeatureDims();
    }

    /**
     * Scores items the model never saw in training (cold items) for a user, from their features alone: the
     * user's vector times the item vector the model computes from the features (VBPR: {@code [0; W x + b]}).
     *
     * @param userId   an external user id of the dataset
     * @param features per modality of {@link #newItemFeatures()}, one row per new item, raw features on the
     *                 scale of the training features; every modality has the same number of rows
     * @return one score per row, in row order
     * @throws UnsupportedOperationException when {@link #newItemFeatures()} is empty
     * @throws IllegalArgumentException      for an unknown user, a missing or unknown modality, or rows of the
     *                                       wrong width or count
     */
    public float[] scoreNewItems(String userId, Map<String, FeatureMatrix> features) {
        Map<String, Integer> dims = newItemFeatures();
        if (dims.isEmpty()) {
            throw new UnsupportedOperationException("model " + model() + " cannot score items from features alone; train VBPR for that");
        }
        int user = user(userId);
        for (String m : features.keySet()) {
            if (!dims.containsKey(m)) throw new IllegalArgumentException("unknown modality '" + m + "'; the model reads " + dims.keySet());
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        int rows = -1;
        for (Map.Entry<String, Integer> e : dims.entrySet()) {
            FeatureMatrix f = features.get(e.getKey());
            if (f == null) throw new IllegalArgumentException("missing features for modality '" + e.getKey() + "'; the model reads " + dims.keySet());
            if (f.cols() != e.getValue()) {
                throw new IllegalArgumentException(e.getKey() + " features have " + f.cols() + " columns, the model needs " + e.getValue());
            }
            if (rows >= 0 && f.rows() != rows) {
                throw new IllegalArgumentException("every modality needs one row per new item: " + e.getKey() + " has " + f.rows() + ", another " + rows);
            }
            rows = f.rows();
            // read-only use: the projection allocates its outputs and never writes its input
            tensors.put(e.getKey(), Tensor.wrap(f.rows(), f.cols(), f.data()));
        }
        return index.scoreCold(user, tensors);
    }

    /** @return the restored model with its dataset and configuration, for work beyond this class */
    public TrainedModel trainedModel() {
        return trained;
    }

    /** @return the index that answers {@link #recommend} and {@link #similar}, with internal-index methods */
    public RecommendationIndex index() {
        return index;
    }

    private int user(String userId) {
        int u = index.userIndex(userId);
        if (u < 0) throw new IllegalArgumentException("unknown user '" + userId + "': not a user id of " + trained.data().name());
        return u;
    }

    private List<Item> items(RecommendationIndex.Ranked r) {
        List<Item> out = new ArrayList<>(r.size());
        for (int j = 0; j < r.size(); j++) out.add(new Item(index.itemId(r.items()[j]), r.scores()[j]));
        return out;
    }
}
