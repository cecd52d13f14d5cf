package org.mmrec4j.models.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Select;
import org.mmrec4j.engine.Tensor;

class SoftmaxCrossEntropyTest {

    @Test
    void gradientsMatchFiniteDifferences() {
        int[] targets = {2, 0, 4, 4};
        check("softmax CE terms", x -> SoftmaxCrossEntropy.terms(x[0], targets, 2.5f), input(4, 5, 1, -2f, 2f));
        check("diagonal CE", x -> SoftmaxCrossEntropy.diagonalMean(x[0], 1 / 0.2f), input(3, 3, 2, -1f, 1f));
    }

    @Test
    void equalsTheComposedCrossEntropyOnScaledLogits() {
        int[] targets = {1, 3, 0};
        Tensor x = input(3, 4, 3, -50f, 50f); // large logits: the shift must keep it finite
        Tensor composed = Select.pick(x.scale(5f).logSoftmaxRows(), targets).neg();
        Tensor fused = SoftmaxCrossEntropy.terms(x, targets, 5f);
        for (int r = 0; r < 3; r++) assertThat(fused.data()[r]).isCloseTo(composed.data()[r], within(1e-4f));
        Tensor y = input(4, 4, 4);
        assertThat(SoftmaxCrossEntropy.diagonalMean(y, 2f).item())
                .isCloseTo(Losses.crossEntropy(y.scale(2f), new int[] {0, 1, 2, 3}).item(), within(1e-5f));
    }

    @Test
    void rowParallelResultDoesNotDependOnTheThreadCount() {
        Tensor x = input(64, 400, 5, -3f, 3f);
        int[] targets = new int[64];
        for (int r = 0; r < 64; r++) targets[r] = (r * 7) % 400;
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[] one = SoftmaxCrossEntropy.terms(x, targets, 1f).data();
            Parallel.setThreads(3);
            assertThat(SoftmaxCrossEntropy.terms(x, targets, 1f).data()).containsExactly(one);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void vectorRowKernelsMatchTheScalarOnes() {
        int n = 1003, k = 3; // not a multiple of any lane count: the tails run too
        float[] x = input(1, n, 6, -30f, 30f).data(), a = input(1, k, 7).data(), bt = input(k, n, 8).data();
        float[] ev = new float[n], es = new float[n];
        assertThat(VectorSoftmaxRows.max(x, 0, n, 0.5f)).isEqualTo(SoftmaxCrossEntropy.scalarRowMax(x, 0, n, 0.5f));
        double zv = VectorSoftmaxRows.exp(x, 0, n, 0.5f, 3f, ev), zs = SoftmaxCrossEntropy.scalarExpRow(x, 0, n, 0.5f, 3f, es);
        for (int c = 0; c < n; c++) assertThat(ev[c]).isCloseTo(es[c], within(3e-7f * es[c]));
        assertThat(zv).isCloseTo(zs, within(1e-6 * zs));
        float[] rv = new float[n], rs = new float[n];
        float mv = VectorSoftmaxRows.logitsRow(a, 0, k, bt, n, 2f, rv), ms = SoftmaxCrossEntropy.scalarLogitsRow(a, 0, k, bt, n, 2f, rs);
        assertThat(mv).isCloseTo(ms, within(1e-5f));
        for (int c = 0; c < n; c++) assertThat(rv[c]).isCloseTo(rs[c], within(1e-5f));
        float[] accV = new float[k * n], accS = new float[k * n];
        float dv = VectorSoftmaxRows.dotAndAxpy(rv, bt, accV, n, n, 0.7f), ds = SoftmaxCrossEntropy.scalarDotAndAxpy(rs, bt, accS, n, n, 0.7f);
        assertThat(dv).isCloseTo(ds, within(1e-3f));
        for (int c = 0; c < accV.length; c++) assertThat(accV[c]).isCloseTo(accS[c], within(1e-5f));
    }

    @Test
    void factoredTermsEqualTermsOnTheProductAndHaveItsGradients() {
        int[] targets = {4, 0, 2, 2, 6};
        Tensor a = input(5, 3, 7), b = input(7, 3, 8);
        float[] expected = SoftmaxCrossEntropy.terms(a.matmulT(b), targets, 4f).data();
        float[] actual = SoftmaxCrossEntropy.factoredTerms(a, b, targets, 4f).data();
        for (int r = 0; r < 5; r++) assertThat(actual[r]).isCloseTo(expected[r], within(1e-5f));
        check("factored CE", x -> SoftmaxCrossEntropy.factoredTerms(x[0], x[1], targets, 4f), input(5, 3, 9), input(7, 3, 10));
    }

    @Test
    void factoredTermsAreDeterministicPerThreadCount() {
        int rows = 40, n = 700;
        Tensor a = input(rows, 4, 11), b = input(n, 4, 12);
        int[] targets = new int[rows];
        for (int r = 0; r < rows; r++) targets[r] = (r * 13) % n;
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float[][] one = run(a, b, targets);
            Parallel.setThreads(3);
            float[][] three = run(a, b, targets);
            // Values and ∂a are per row; ∂b sums thread chunks in order: repeatable, close across counts.
            assertThat(three[0]).containsExactly(one[0]);
            assertThat(three[1]).containsExactly(one[1]);
            assertThat(run(a, b, targets)[2]).containsExactly(three[2]);
            for (int i = 0; i < one[2].length; i++) assertThat(three[2][i]).isCloseTo(one[2][i], within(1e-5f));
        } finally {
            Parallel.setThreads(before);
        }
    }

    private static float[][] run(Tensor a0, Tensor b0, int[] targets) {
        Tensor a = Tensor.parameter(a0.rows(), a0.cols(), a0.data().clone()), b = Tensor.parameter(b0.rows(), b0.cols(), b0.data().clone());
        Tensor out = SoftmaxCrossEntropy.factoredTerms(a, b, targets, 5f);
        out.sum().backward();
        return new float[][] {out.data(), a.grad(), b.grad()};
    }
}
