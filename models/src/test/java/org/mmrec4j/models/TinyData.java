package org.mmrec4j.models;

import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.BprSampler;
import org.mmrec4j.engine.Rng;

/** A small random dataset with structure (users prefer items of their own group), for model tests. */
final class TinyData {
    static final int USERS = 40, ITEMS = 30;

    private TinyData() {}

    static Dataset dataset() {
        Rng rng = new Rng(11);
        int[] tu = new int[USERS * 6], ti = new int[USERS * 6];
        int[] vu = new int[USERS], vi = new int[USERS], su = new int[USERS], si = new int[USERS];
        int n = 0;
        for (int u = 0; u < USERS; u++) {
            int group = u % 3;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            int[] picks = new int[8];
            for (int k = 0; k < 8; ) {
                int item = rng.nextDouble() < 0.8 ? group * 10 + rng.nextInt(10) : rng.nextInt(ITEMS);
                if (seen.add(item)) picks[k++] = item;
            }
            for (int k = 0; k < 6; k++) {
                tu[n] = u;
                ti[n++] = picks[k];
            }
            vu[u] = u;
            vi[u] = picks[6];
            su[u] = u;
            si[u] = picks[7];
        }
        return Dataset.of("tiny", new Interactions(tu, ti), new Interactions(vu, vi), new Interactions(su, si), features(rng));
    }

    /** Two modalities of different widths, each a noisy function of the item's group, so content carries signal. */
    static FeatureSet features(Rng rng) {
        java.util.Map<String, FeatureMatrix> m = new java.util.LinkedHashMap<>();
        m.put("image", modality(ITEMS, 12, rng.split("image")));
        m.put("text", modality(ITEMS, 8, rng.split("text")));
        return FeatureSet.of(m);
    }

    private static FeatureMatrix modality(int items, int dim, Rng rng) {
        float[] d = new float[items * dim];
        for (int i = 0; i < items; i++) {
            for (int j = 0; j < dim; j++) d[i * dim + j] = (j % 3 == (i / 10) ? 1f : 0f) + 0.3f * (float) rng.nextGaussian();
        }
        return new FeatureMatrix(items, dim, d);
    }

    /** The dataset without features, for checking that multimodal models refuse it clearly. */
    static Dataset withoutFeatures() {
        Dataset d = dataset();
        return Dataset.of("tiny", d.train(), d.valid(), d.test(), FeatureSet.empty());
    }

    /** The model's defaults; feature graphs are built afresh (tests write no graph cache into the home folder). */
    static Config config(ModelSpec spec, String... sets) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("graph_cache=false"));
        all.addAll(java.util.List.of(sets));
        return ConfigLoader.builder().model(spec.name(), Layer.resource(spec.yamlResource(), spec.name()))
                .overrides(all).load().expandGrid().get(0);
    }

    static Batch batch(Dataset d, long seed) {
        return new BprSampler(d.train(), d.numUsers(), 64, true, new Rng(seed)).nextEpoch().get(0);
    }
}
