package org.mmrec4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.kernel.Gemm;

/** Forward values, shapes, CSR construction, GEMM backends, Rng and Parallel determinism. */
class EngineTest {

    @AfterEach
    void restore() {
        Gemm.forceJava(false);
        Parallel.setThreads(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void matmulValues() {
        Tensor a = Tensor.of(new float[][] {{1, 2}, {3, 4}});
        Tensor b = Tensor.of(new float[][] {{5, 6}, {7, 8}});
        assertThat(a.matmul(b).toArray()).isDeepEqualTo(new float[][] {{19, 22}, {43, 50}});
        assertThat(a.matmulT(b).toArray()).isDeepEqualTo(new float[][] {{17, 23}, {39, 53}});
    }

    @Test
    void nativeBlasLoadsFromTheMavenArtifact() {
        assertThat(Gemm.nativeAvailable()).as("OpenBLAS from org.bytedeco:openblas linux-x86_64").isTrue();
    }

    @Test
    void nativeAndJavaGemmAgree() {
        Rng rng = new Rng(3);
        for (int[] s : new int[][] {{70, 65, 64}, {129, 7, 300}, {33, 1000, 64}}) {
            Tensor a = rand(s[0], s[2], rng), b = rand(s[1], s[2], rng), c = rand(s[2], s[1], rng);
            float[] nativeT = a.matmulT(b).data(), nativeN = a.matmul(c).data();
            Gemm.forceJava(true);
            float[] javaT = a.matmulT(b).data(), javaN = a.matmul(c).data();
            Gemm.forceJava(false);
            for (int i = 0; i < javaT.length; i++) assertThat(nativeT[i]).isCloseTo(javaT[i], within(1e-3f));
            for (int i = 0; i < javaN.length; i++) assertThat(nativeN[i]).isCloseTo(javaN[i], within(1e-3f));
        }
    }

    @Test
    void transposedGemmFormsAgreeWithExplicitTranspose() {
        Rng rng = new Rng(5);
        Tensor a = rand(90, 40, rng), b = rand(90, 50, rng);
        float[] viaGemm = new float[40 * 50];
        Gemm.gemm(true, false, 40, 50, 90, 1f, a.data(), 40, b.data(), 50, 0f, viaGemm, 50);
        float[] explicit = a.transpose().matmul(b).data();
        for (int i = 0; i < explicit.length; i++) assertThat(viaGemm[i]).isCloseTo(explicit[i], within(1e-3f));
    }

    @Test
    void broadcastShapesAreCheckedWithBothShapesInTheMessage() {
        assertThatThrownBy(() -> Tensor.zeros(3, 4).add(Tensor.zeros(2, 4)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2x4").hasMessageContaining("3x4");
        assertThatThrownBy(() -> Tensor.zeros(3, 4).matmul(Tensor.zeros(3, 4)))
                .hasMessageContaining("3x4 · 3x4");
    }

    @Test
    void stableLogSigmoidAndSoftplusAtExtremes() {
        Tensor x = Tensor.of(new float[][] {{-100f, 0f, 100f}});
        assertThat(x.logSigmoid().data()).containsExactly(new float[] {-100f, (float) Math.log(0.5), 0f}, within(1e-5f));
        assertThat(x.softplus().data()).containsExactly(new float[] {0f, (float) Math.log(2), 100f}, within(1e-5f));
    }

    @Test
    void softmaxRowsSumToOne() {
        Tensor s = Tensor.of(new float[][] {{1, 2, 3}, {1000, 1000, 1000}}).softmaxRows();
        assertThat(s.get(1, 0)).isCloseTo(1f / 3, within(1e-6f));
        assertThat(s.get(0, 0) + s.get(0, 1) + s.get(0, 2)).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void normalizeRowsGivesUnitRows() {
        Tensor n = Tensor.of(new float[][] {{3, 4}, {0, 0}}).normalizeRows();
        assertThat(n.toArray()).isDeepEqualTo(new float[][] {{0.6f, 0.8f}, {0f, 0f}});
    }

    @Test
    void dropoutKeepsExpectation() {
        Tensor ones = Tensor.wrap(1, 100_000, filled(100_000, 1f));
        float mean = ones.dropout(0.3f, new Rng(1)).mean().item();
        assertThat(mean).isCloseTo(1f, within(0.02f));
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor p = Tensor.parameter(1, 2, new float[] {1, 2});
        p.scale(3f).sum().backward();
        p.scale(3f).sum().backward();
        assertThat(p.grad()).containsExactly(6f, 6f);
        p.zeroGradInPlace();
        assertThat(p.grad()).isNull();
    }

    @Test
    void gradOffRecordsNothing() {
        Tensor p = Tensor.parameter(1, 2, new float[] {1, 2});
        try (var off = Grad.off()) {
            assertThat(p.scale(2f).requiresGrad()).isFalse();
        }
        assertThat(p.scale(2f).requiresGrad()).isTrue();
    }

    @Test
    void csrFromCooSortsAndSumsDuplicates() {
        CsrMatrix m = CsrMatrix.fromCoo(2, 3, new int[] {1, 0, 1, 1}, new int[] {2, 1, 0, 2}, new float[] {1, 2, 3, 4}, true);
        assertThat(m.rowPtr()).containsExactly(0, 1, 3);
        assertThat(m.colIdx()).containsExactly(1, 0, 2);
        assertThat(m.values()).containsExactly(2f, 3f, 5f);
        CsrMatrix last = CsrMatrix.fromCoo(1, 3, new int[] {0, 0}, new int[] {2, 2}, new float[] {1, 4}, false);
        assertThat(last.values()).containsExactly(4f);
        CsrMatrix t = m.transpose();
        assertThat(t.get(2, 1)).isEqualTo(5f);
        assertThat(t.get(0, 1)).isEqualTo(3f);
        assertThat(t.transpose()).isSameAs(m);
    }

    @Test
    void spmmMatchesDense() {
        CsrMatrix m = CsrMatrix.fromCoo(2, 3, new int[] {0, 1, 1}, new int[] {2, 0, 1}, new float[] {2, -1, 3}, true);
        Tensor x = Tensor.of(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        assertThat(m.multiply(x).toArray()).isDeepEqualTo(new float[][] {{10, 12}, {8, 10}});
    }

    @Test
    void rngSplitsAreStableAndIndependentOfOrder() {
        Rng root = new Rng(999);
        long a1 = root.split("sampler").nextLong();
        long b1 = root.split("init").nextLong();
        Rng again = new Rng(999);
        long b2 = again.split("init").nextLong();
        long a2 = again.split("sampler").nextLong();
        assertThat(a1).isEqualTo(a2);
        assertThat(b1).isEqualTo(b2).isNotEqualTo(a1);
    }

    @Test
    void rngNextIntIsUniform() {
        Rng rng = new Rng(1);
        int[] counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[rng.nextInt(7)]++;
        for (int c : counts) assertThat(c).isBetween(9_500, 10_500);
        double s = 0, s2 = 0;
        for (int i = 0; i < 100_000; i++) {
            double g = rng.nextGaussian();
            s += g;
            s2 += g * g;
        }
        assertThat(s / 100_000).isCloseTo(0, within(0.02));
        assertThat(s2 / 100_000).isCloseTo(1, within(0.02));
    }

    @Test
    void parallelSumIsDeterministicPerThreadCount() {
        float[] v = new float[100_003];
        Rng rng = new Rng(2);
        for (int i = 0; i < v.length; i++) v[i] = rng.nextFloat() * 1e3f;
        Parallel.setThreads(2);
        double first = Tensor.wrap(1, v.length, v).sum().item();
        for (int i = 0; i < 5; i++) assertThat((double) Tensor.wrap(1, v.length, v).sum().item()).isEqualTo(first);
        Parallel.setThreads(1);
        assertThat((double) Tensor.wrap(1, v.length, v).sum().item()).isCloseTo(first, within(first * 1e-6));
    }

    @Test
    void parallelPropagatesWorkerFailures() {
        Parallel.setThreads(2);
        assertThatThrownBy(() -> Parallel.forChunks(10, 2, (c, lo, hi) -> {
            if (c == 1) throw new IllegalStateException("chunk 1 failed");
        })).hasMessage("chunk 1 failed");
    }

    static Tensor rand(int r, int c, Rng rng) {
        float[] d = new float[r * c];
        for (int i = 0; i < d.length; i++) d[i] = rng.nextFloat() - 0.5f;
        return Tensor.wrap(r, c, d);
    }

    static float[] filled(int n, float v) {
        float[] d = new float[n];
        java.util.Arrays.fill(d, v);
        return d;
    }
}
