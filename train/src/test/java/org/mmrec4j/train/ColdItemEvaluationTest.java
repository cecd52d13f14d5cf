package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.data.prep.Splitter;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;

/**
 * Item cold start on the demo data, whose features are noisy linear maps of the item factors that drive
 * preferences: 10% + 10% of the items are held out with all their rows.
 */
class ColdItemEvaluationTest {
    @TempDir static Path shared;
    static Dataset cold;
    /** The first 200 users of {@link #cold}, for the every-model check. */
    static Dataset small;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(shared.resolve("demo"), 7);
        Dataset demo = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
        int n = demo.train().size() + demo.valid().size() + demo.test().size();
        int[] users = new int[n], items = new int[n];
        int k = 0;
        for (Interactions s : List.of(demo.train(), demo.valid(), demo.test())) {
            System.arraycopy(s.users(), 0, users, k, s.size());
            System.arraycopy(s.items(), 0, items, k, s.size());
            k += s.size();
        }
        byte[] labels = Splitter.itemCold(items, demo.numItems(), Splitter.Ratios.MMREC, new Rng(11));
        cold = build(demo, users, items, labels, demo.numUsers());
        small = build(demo, users, items, labels, 200);
    }

    private static Dataset build(Dataset demo, int[] users, int[] items, byte[] labels, int numUsers) {
        int n = users.length;
        Interactions[] parts = new Interactions[3];
        for (int s = 0; s < 3; s++) {
            int c = 0;
            for (int r = 0; r < n; r++) if (labels[r] == s && users[r] < numUsers) c++;
            int[] us = new int[c], is = new int[c];
            c = 0;
            for (int r = 0; r < n; r++) {
                if (labels[r] == s && users[r] < numUsers) {
                    us[c] = users[r];
                    is[c++] = items[r];
                }
            }
            parts[s] = Interactions.wrap(us, is);
        }
        return new Dataset("demo", numUsers, demo.numItems(), parts[0], parts[1], parts[2], demo.features(),
                null, null, List.of(), List.of());
    }

    private static TrainResult train(String model, String... sets) {
        return train(cold, model, sets);
    }

    private static TrainResult train(Dataset data, String model, String... sets) {
        ModelSpec spec = ModelCatalog.get(model);
        List<String> all = new java.util.ArrayList<>(List.of(sets));
        all.add("eval_cold_items=true");
        Config c = RunSetup.config(spec, "demo", null, all, false).expandGrid().get(0);
        return new Trainer(spec, data, c, Trainer.EvalSets.of(data), TrainListener.NONE).run(null, false);
    }

    @Test
    void heldOutItemsNeverReachTrainingAndTheColdSetRanksOnlyThem() {
        Set<Integer> train = new HashSet<>();
        for (int i : cold.train().items()) train.add(i);
        for (int i : cold.test().items()) assertThat(train).doesNotContain(i);
        ColdItemEvaluation e = ColdItemEvaluation.of(cold, cold.test());
        // 60 + 60 held out, plus the few demo items nobody interacted with
        assertThat(e.coldItems()).isEqualTo(cold.numItems() - train.size()).isBetween(300, 325);
        assertThat(e.users()).isPositive();
        assertThat(ColdItemEvaluation.of(cold, Interactions.wrap(new int[] {0}, new int[] {cold.train().items()[0]}))).isNull();
    }

    @Test
    void vbprScoresColdItemsFromFeaturesWellAboveRandom() {
        TrainResult vbpr = train("VBPR", "epochs=12", "learning_rate=0.005");
        // BPR's held-out items keep their untrained random embeddings: the random baseline, measured
        TrainResult bpr = train("BPR", "epochs=5");
        double vbprRecall = vbpr.bestTest().get("cold_recall@10");
        double randomRecall = bpr.bestTest().get("cold_recall@10");
        // a random ranking of 120 candidates puts a positive in the top 10 with probability 1/12
        assertThat(randomRecall).isLessThan(2.0 / 12);
        assertThat(vbprRecall).isGreaterThan(3.0 / 12).isGreaterThan(2 * randomRecall);
        assertThat(vbpr.bestValid()).containsKey("cold_recall@20").containsKey("recall@20");
    }

    @Test
    void itemKnnCbfReachesColdItemsThroughItsFeatureGraph() {
        TrainResult knn = train("ItemKNNCBF", "epochs=1");
        assertThat(knn.bestTest().get("cold_recall@10")).isGreaterThan(2.0 / 12);
    }

    @Test
    void everyModelTrainsAndScoresWithItemsThatHaveNoTrainingRows() {
        for (ModelSpec spec : ModelCatalog.all()) {
            TrainResult r = train(small, spec.name(), "epochs=1");
            assertThat(r.abortedOnNaN()).as(spec.name()).isFalse();
            assertThat(r.bestTest().values()).as(spec.name()).allMatch(v -> Double.isFinite(v));
            assertThat(r.bestTest()).as(spec.name()).containsKey("cold_recall@20");
        }
    }
}
