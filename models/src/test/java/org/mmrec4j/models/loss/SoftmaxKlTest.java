package org.mmrec4j.models.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;

class SoftmaxKlTest {

    @Test
    void equalsTheComposedKlOfTheSoftmaxes() {
        Tensor s = input(3, 50, 1, -20f, 20f), t = input(3, 50, 2, -20f, 20f);
        double expected = 0;
        for (int r = 0; r < 3; r++) {
            double[] ps = softmax(s.data(), r, 50), pt = softmax(t.data(), r, 50);
            for (int c = 0; c < 50; c++) expected += pt[c] * (Math.log(pt[c]) - Math.log(ps[c]));
        }
        expected /= 3;
        assertThat(SoftmaxKl.meanDivergence(s, t.data().clone()).item()).isCloseTo((float) expected, within(1e-4f));
        assertThat(SoftmaxKl.meanDivergence(s, s.data().clone()).item()).isCloseTo(0f, within(1e-5f));
    }

    @Test
    void repeatedRowsStoredOnceWithTheirCountGiveTheSameValueAndGradient() {
        Tensor distinct = input(2, 9, 30, -2f, 2f);
        float[] t = input(2, 9, 31, -2f, 2f).data();
        // Batch rows (a, b, a): the mean over three rows equals a weighted sum with weights 2/3 and 1/3.
        float[] d = distinct.data();
        float[] rep = new float[27], trep = new float[27];
        int[] order = {0, 1, 0};
        for (int r = 0; r < 3; r++) {
            System.arraycopy(d, order[r] * 9, rep, r * 9, 9);
            System.arraycopy(t, order[r] * 9, trep, r * 9, 9);
        }
        Tensor repeated = Tensor.parameter(3, 9, rep);
        Tensor mean = SoftmaxKl.meanDivergence(repeated, trep);
        Tensor weighted = SoftmaxKl.weightedDivergence(distinct, t.clone(), new float[] {2f / 3, 1f / 3});
        assertThat(weighted.item()).isCloseTo(mean.item(), within(1e-6f));
        mean.backward();
        weighted.backward();
        for (int c = 0; c < 9; c++) {
            assertThat(distinct.grad()[c]).isCloseTo(repeated.grad()[c] + repeated.grad()[18 + c], within(1e-6f));
            assertThat(distinct.grad()[9 + c]).isCloseTo(repeated.grad()[9 + c], within(1e-6f));
        }
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        float[] teacher = input(4, 37, 3, -2f, 2f).data();
        check("KD KL", x -> SoftmaxKl.meanDivergence(x[0], teacher.clone()), input(4, 37, 4, -2f, 2f));
        check("weighted KD KL", x -> SoftmaxKl.weightedDivergence(x[0], teacher.clone(), new float[] {0.1f, 0.5f, 0.3f, 0.1f}),
                input(4, 37, 5, -2f, 2f));
    }

    @Test
    void resultDoesNotDependOnTheThreadCount() {
        Tensor s = input(40, 700, 5, -3f, 3f);
        float[] t = input(40, 700, 6, -3f, 3f).data();
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            float one = SoftmaxKl.meanDivergence(s, t.clone()).item();
            Parallel.setThreads(3);
            assertThat(SoftmaxKl.meanDivergence(s, t.clone()).item()).isEqualTo(one);
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void vectorTeacherPassMatchesTheScalarOne() {
        int n = 1003;
        float[] t1 = input(1, n, 7, -30f, 30f).data(), t2 = t1.clone(), s = input(1, n, 8).data();
        double[] d1 = new double[1], d2 = new double[1];
        double z1 = SoftmaxKl.expAndDot(t1, s, 0, n, 30f, d1), z2 = SoftmaxKl.scalarExpAndDot(t2, s, 0, n, 30f, d2);
        assertThat(z1).isCloseTo(z2, within(1e-5 * z2));
        assertThat(d1[0]).isCloseTo(d2[0], within(1e-4 * Math.abs(d2[0]) + 1e-6));
        for (int c = 0; c < n; c++) assertThat(t1[c]).isCloseTo(t2[c], within(3e-7f * t2[c] + 1e-30f));
    }

    private static double[] softmax(float[] x, int r, int n) {
        double max = Double.NEGATIVE_INFINITY, z = 0;
        for (int c = 0; c < n; c++) max = Math.max(max, x[r * n + c]);
        double[] p = new double[n];
        for (int c = 0; c < n; c++) z += p[c] = Math.exp(x[r * n + c] - max);
        for (int c = 0; c < n; c++) p[c] /= z;
        return p;
    }
}
