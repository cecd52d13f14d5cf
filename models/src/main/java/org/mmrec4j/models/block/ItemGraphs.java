package org.mmrec4j.models.block;

import java.nio.file.Path;
import java.util.List;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.graph.GraphCache;
import org.mmrec4j.graph.ItemKnnGraph;
import org.mmrec4j.graph.PatternUnion;

/** Item-item graphs from feature modalities: the configured cache, kNN per modality, modality weights. */
public final class ItemGraphs {
    private ItemGraphs() {}

    /**
     * The cache the config asks for: {@code graph_cache: false} disables it; {@code cache_dir} names
     * the folder (a leading {@code ~/} is the home folder), null means {@link GraphCache#defaultDir()}.
     */
    public static GraphCache cache(Config c) {
        if (c.has("graph_cache") && !c.getBoolean("graph_cache")) return GraphCache.disabled();
        if (!c.has("cache_dir")) return GraphCache.at(GraphCache.defaultDir());
        String dir = c.getString("cache_dir");
        if (dir.equals("~") || dir.startsWith("~/")) dir = System.getProperty("user.home") + dir.substring(1);
        return GraphCache.at(Path.of(dir));
    }

    /** Cosine kNN (self included) of one modality's raw features, through the cache. */
    public static ItemKnnGraph cosineKnn(GraphCache cache, FeatureMatrix features, int k) {
        return cache.itemKnn(features.data(), features.rows(), features.cols(), k, 0);
    }

    /**
     * FREEDOM's and DRAGON's frozen item graph G = Σ_m w_m·K1(X_m, k) from the raw features, with
     * {@link #imageWeighted} weights, on the union of the modalities' kNN patterns (coinciding entries
     * summed); a single modality is its own K1 graph.
     */
    public static CsrMatrix imageWeightedKnn(GraphCache cache, FeatureSet features, int k, double imageWeight) {
        List<String> names = features.names();
        CsrMatrix[] parts = new CsrMatrix[names.size()];
        for (int m = 0; m < parts.length; m++) parts[m] = cosineKnn(cache, features.get(names.get(m)), k).binaryNormalized();
        if (parts.length == 1) return parts[0];
        return PatternUnion.of(parts).weightedSum(imageWeighted(names, imageWeight), parts);
    }

    /**
     * K3 (spec §0.2): cosine top-k of the raw features, self included, values s_ij/sqrt(d_i·d_j).
     * Frozen. k is capped at the item count, where MMRec's topk would fail. Not cached (MGCN, SMORE).
     */
    public static CsrMatrix k3(FeatureMatrix raw, int k) {
        return ItemKnnGraph.cosine(raw, Math.min(k, raw.rows())).symmetricNormalized();
    }

    /** Throws the one-line error a multimodal model gives for a dataset without features. */
    public static void requireFeatures(FeatureSet features, String model) {
        if (features.isEmpty()) {
            throw new IllegalArgumentException(model + " needs item features (at least one modality, e.g. image_feat.npy); "
                    + "the dataset has none");
        }
    }

    /**
     * FREEDOM's modality weights: {@code imageWeight} for the modality named "image" and the rest shared
     * equally by the others; equal weights without an "image" modality; 1 for a single modality.
     */
    public static double[] imageWeighted(List<String> names, double imageWeight) {
        Checks.arg(!names.isEmpty(), "no modalities to weight");
        Checks.arg(imageWeight >= 0 && imageWeight <= 1, "mm_image_weight must be in [0, 1], got %s", imageWeight);
        double[] w = new double[names.size()];
        int image = names.indexOf("image");
        if (names.size() == 1) {
            w[0] = 1;
        } else if (image < 0) {
            java.util.Arrays.fill(w, 1.0 / names.size());
        } else {
            java.util.Arrays.fill(w, (1 - imageWeight) / (names.size() - 1));
            w[image] = imageWeight;
        }
        return w;
    }
}
