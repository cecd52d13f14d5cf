package org.mmrec4j.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;

/** ItemKNNCBF against the dense definition of spec §15: R·S with S the shrunk-cosine top-k of [image | text]. */
class ItemKnnCbfTest {
    private static final ModelSpec SPEC = ModelCatalog.get("ItemKNNCBF");

    @Test
    void scoresAreTheUsersHistoryTimesTheTopKShrunkCosineMatrix() {
        Dataset d = TinyData.dataset();
        Recommender m = SPEC.create(new ModelContext(d, TinyData.config(SPEC, "knn_k=4", "shrink=2"), new Rng(1)));
        assertThat(m.params().count()).isZero();
        assertThat(m.loss(TinyData.batch(d, 1)).item()).isZero();
        FeatureMatrix img = d.features().get("image"), txt = d.features().get("text");
        int n = d.numItems(), w = img.cols() + txt.cols();
        double[][] x = new double[n][w];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < img.cols(); c++) x[i][c] = img.get(i, c);
            for (int c = 0; c < txt.cols(); c++) x[i][img.cols() + c] = txt.get(i, c);
        }
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            double[] row = new double[n];
            for (int j = 0; j < n; j++) {
                double dot = 0, ni = 0, nj = 0;
                for (int c = 0; c < w; c++) {
                    dot += x[i][c] * x[j][c];
                    ni += x[i][c] * x[i][c];
                    nj += x[j][c] * x[j][c];
                }
                row[j] = dot / (Math.sqrt(ni) * Math.sqrt(nj) + 2);
            }
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) order[j] = j;
            java.util.Arrays.sort(order, (a, b) -> Double.compare(row[b], row[a]));
            for (int t = 0; t < 4; t++) s[i][order[t]] = row[order[t]];
        }
        int[] users = {0, 13, 39};
        float[] scores = new float[users.length * n];
        try (var off = Grad.off()) {
            m.scorer().score(users, scores);
        }
        for (int r = 0; r < users.length; r++) {
            for (int j = 0; j < n; j++) {
                double expected = 0;
                for (int k = 0; k < d.train().size(); k++) {
                    if (d.train().user(k) == users[r]) expected += s[d.train().item(k)][j];
                }
                assertThat(scores[r * n + j]).isCloseTo((float) expected, within(1e-5f));
            }
        }
    }

    @Test
    void trainsNothingAndRefusesADatasetWithoutFeatures() {
        var c = TinyData.config(SPEC);
        assertThat(c.getBoolean("req_training")).isFalse();
        assertThat(c.getInt("epochs")).isEqualTo(1);
        assertThatThrownBy(() -> SPEC.create(new ModelContext(TinyData.withoutFeatures(), c, new Rng(1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ItemKNNCBF needs item features");
    }
}
