package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.kernel.Gemm;

class ItemKnnGraphTest {
    @AfterEach void restore() {
        Gemm.forceJava(false);
    }

    private static FeatureMatrix random(int n, int d, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[n * d];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        return new FeatureMatrix(n, d, x);
    }

    /** The dense definition: every pair's similarity, sorted, ties to the lower index. */
    private static int[] bruteForce(FeatureMatrix f, int k, double shrink) {
        int n = f.rows(), d = f.cols();
        int[] out = new int[n * k];
        for (int i = 0; i < n; i++) {
            double[] s = new double[n];
            for (int j = 0; j < n; j++) {
                double dot = 0, ni = 0, nj = 0;
                for (int c = 0; c < d; c++) {
                    dot += f.get(i, c) * f.get(j, c);
                    ni += f.get(i, c) * f.get(i, c);
                    nj += f.get(j, c) * f.get(j, c);
                }
                s[j] = dot / (Math.sqrt(ni) * Math.sqrt(nj) + shrink);
            }
            Integer[] order = new Integer[n];
            for (int j = 0; j < n; j++) order[j] = j;
            java.util.Arrays.sort(order, (a, b) -> s[a] != s[b] ? Double.compare(s[b], s[a]) : Integer.compare(a, b));
            for (int m = 0; m < k; m++) out[i * k + m] = order[m];
        }
        return out;
    }

    @Test void matchesTheDenseDefinitionWithNativeAndJavaKernels() {
        FeatureMatrix f = random(157, 24, 1);
        int[] expected = bruteForce(f, 7, 0);
        assertThat(ItemKnnGraph.cosine(f, 7).neighbours()).containsExactly(expected);
        Gemm.forceJava(true);
        assertThat(ItemKnnGraph.cosine(f, 7).neighbours()).containsExactly(expected);
    }

    @Test void severalBandsOfTheTriangleFeedRowAndColumnHeapsAlike() {
        // More rows than one band holds (512), so later rows get candidates from earlier bands' columns.
        FeatureMatrix f = random(700, 6, 4);
        assertThat(ItemKnnGraph.cosine(f, 5).neighbours()).containsExactly(bruteForce(f, 5, 0));
        assertThat(ItemKnnGraph.build(f.data(), 700, 6, 3, 10).neighbours()).containsExactly(bruteForce(f, 3, 10));
        Gemm.forceJava(true);
        assertThat(ItemKnnGraph.cosine(f, 5).neighbours()).containsExactly(bruteForce(f, 5, 0));
    }

    @Test void selfIsTheFirstNeighbourAndShrinkChangesTheOrderAsDefined() {
        FeatureMatrix f = random(60, 5, 2);
        ItemKnnGraph g = ItemKnnGraph.cosine(f, 4);
        for (int i = 0; i < 60; i++) {
            assertThat(g.neighbour(i, 0)).isEqualTo(i);
            assertThat(g.similarity(i, 0)).isCloseTo(1f, within(1e-5f));
        }
        int[] expected = bruteForce(f, 4, 10);
        assertThat(ItemKnnGraph.build(f.data(), 60, 5, 4, 10).neighbours()).containsExactly(expected);
    }

    @Test void tiesGoToTheLowerIndex() {
        // Items 1, 2 and 3 are identical: item 0's two nearest after itself must be 1 and 2.
        float[] x = {1, 0, 0.5f, 1, 0.5f, 1, 0.5f, 1, -1, 0};
        ItemKnnGraph g = ItemKnnGraph.build(x, 5, 2, 3, 0);
        assertThat(new int[] {g.neighbour(0, 0), g.neighbour(0, 1), g.neighbour(0, 2)}).containsExactly(0, 1, 2);
        assertThat(new int[] {g.neighbour(3, 0), g.neighbour(3, 1), g.neighbour(3, 2)}).containsExactly(1, 2, 3);
    }

    @Test void normalisations() {
        // Three items on a line: similarities known in closed form.
        float[] x = {1, 0, 1, 1, 0, 1};
        ItemKnnGraph g = ItemKnnGraph.build(x, 3, 2, 2, 0);
        CsrMatrix k1 = g.binaryNormalized();
        assertThat(k1.nnz()).isEqualTo(6);
        for (float v : k1.values()) assertThat(v).isEqualTo(0.5f);
        float c = (float) Math.sqrt(0.5);
        // rows: 0 → {0:1, 1:c}; 1 → {1:1, and a tie between 0 and 2 → 0}; 2 → {2:1, 1:c}
        assertThat(k1.get(1, 0)).isEqualTo(0.5f);
        assertThat(k1.get(1, 2)).isZero();
        float d = 1 + c;
        CsrMatrix k3 = g.symmetricNormalized();
        assertThat(k3.get(0, 0)).isCloseTo(1 / d, within(1e-6f));
        assertThat(k3.get(0, 1)).isCloseTo(c / d, within(1e-6f));
        assertThat(k3.get(2, 1)).isCloseTo(c / d, within(1e-6f));
        assertThat(g.weighted().get(0, 1)).isCloseTo(c, within(1e-6f));
    }
}
