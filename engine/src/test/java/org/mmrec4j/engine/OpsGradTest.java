package org.mmrec4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.kernel.Gemm;

/** One finite-difference check per op (and per broadcast mode), tinygrad-style one-liners. */
class OpsGradTest {

    @AfterEach
    void restore() {
        Gemm.forceJava(false);
    }

    private static Tensor a() { return input(4, 5, 1); }
    private static Tensor b() { return input(4, 5, 2); }

    @Test void matmul() { check("matmul", x -> x[0].matmul(x[1]), input(3, 4, 1), input(4, 5, 2)); }
    @Test void matmulT() { check("matmulT", x -> x[0].matmulT(x[1]), input(3, 4, 1), input(5, 4, 2)); }

    @Test void matmulNativeSizes() {
        // Above the native threshold: exercises OpenBLAS (or the fallback where it cannot load).
        check("matmul-large", x -> x[0].matmul(x[1]).scale(0.1f), input(40, 32, 1), input(32, 30, 2));
        check("matmulT-large", x -> x[0].matmulT(x[1]).scale(0.1f), input(40, 32, 1), input(30, 32, 2));
    }

    @Test void matmulJavaFallback() {
        Gemm.forceJava(true);
        check("matmul-java", x -> x[0].matmul(x[1]).scale(0.1f), input(40, 32, 1), input(32, 30, 2));
        check("matmulT-java", x -> x[0].matmulT(x[1]).scale(0.1f), input(40, 32, 1), input(30, 32, 2));
    }

    @Test void transpose() { check("transpose", x -> x[0].transpose(), a()); }

    @Test void spmm() {
        CsrMatrix m = CsrMatrix.fromCoo(3, 4, new int[] {0, 0, 1, 2, 2}, new int[] {1, 3, 0, 2, 3},
                new float[] {0.5f, -1f, 2f, 0.25f, 1.5f}, true);
        check("spmm", x -> m.multiply(x[0]), input(4, 6, 3));
    }

    @Test void spmmLayerMean() {
        CsrMatrix m = CsrMatrix.fromCoo(4, 4, new int[] {0, 0, 1, 2, 3, 3}, new int[] {1, 3, 0, 2, 0, 1},
                new float[] {0.5f, -1f, 2f, 0.25f, 1.5f, 0.7f}, true);
        for (int layers = 0; layers <= 3; layers++) {
            int l = layers;
            check("spmmLayerMean-" + l, x -> Tensor.spmmLayerMean(m, x[0], l), input(4, 3, 3));
        }
    }

    @Test void spmmLayerMeanEqualsTheComposition() {
        CsrMatrix m = CsrMatrix.fromCoo(3, 3, new int[] {0, 1, 2, 2}, new int[] {1, 0, 0, 2}, new float[] {1, 2, 3, 4}, true);
        Tensor x = input(3, 2, 4);
        Tensor e1 = m.multiply(x), e2 = m.multiply(e1);
        float[] composed = x.add(e1).add(e2).scale(1f / 3).data();
        assertThat(Tensor.spmmLayerMean(m, x, 2).data()).containsExactly(composed, org.assertj.core.api.Assertions.within(1e-5f));
    }

    @Test void spmmLayerMeanAtRows() {
        CsrMatrix m = CsrMatrix.fromCoo(5, 5, new int[] {0, 0, 1, 2, 3, 3, 4, 4}, new int[] {1, 3, 0, 2, 0, 4, 1, 3},
                new float[] {0.5f, -1f, 2f, 0.25f, 1.5f, 0.7f, -0.3f, 0.9f}, true);
        int[] rows = {0, 2, 3};
        for (int layers = 1; layers <= 3; layers++) {
            int l = layers;
            check("spmmLayerMeanAt-" + l, x -> Tensor.spmmLayerMeanAt(m, x[0], l, rows), input(5, 3, 3));
            Tensor x = input(5, 3, 4);
            assertThat(Tensor.spmmLayerMeanAt(m, x, l, rows).data()).containsExactly(
                    Tensor.spmmLayerMean(m, x, l).gatherRows(rows).data(), org.assertj.core.api.Assertions.within(1e-5f));
        }
    }

    @Test void gatherRowsWithRepeats() { check("gatherRows", x -> x[0].gatherRows(new int[] {3, 0, 3, 1, 3}), a()); }
    @Test void scatterAddRows() { check("scatterAddRows", x -> x[0].scatterAddRows(new int[] {2, 0, 2, 5}, 6), a()); }
    @Test void sliceRows() { check("sliceRows", x -> x[0].sliceRows(1, 3), a()); }
    @Test void sliceCols() { check("sliceCols", x -> x[0].sliceCols(2, 5), a()); }
    @Test void concatRows() { check("concatRows", x -> Tensor.concatRows(x[0], x[1]), a(), input(2, 5, 3)); }
    @Test void concatCols() { check("concatCols", x -> Tensor.concatCols(x[0], x[1]), a(), input(4, 2, 3)); }

    @Test void addFull() { check("add", x -> x[0].add(x[1]), a(), b()); }
    @Test void addRow() { check("add-row", x -> x[0].add(x[1]), a(), input(1, 5, 3)); }
    @Test void addCol() { check("add-col", x -> x[0].add(x[1]), a(), input(4, 1, 3)); }
    @Test void addScalarTensor() { check("add-scalar", x -> x[0].add(x[1]), a(), input(1, 1, 3)); }
    @Test void addSelf() { check("add-self", x -> x[0].add(x[0]), a()); }
    @Test void sub() { check("sub", x -> x[0].sub(x[1]), a(), input(1, 5, 3)); }
    @Test void mulFull() { check("mul", x -> x[0].mul(x[1]), a(), b()); }
    @Test void mulRow() { check("mul-row", x -> x[0].mul(x[1]), a(), input(1, 5, 3)); }
    @Test void mulCol() { check("mul-col", x -> x[0].mul(x[1]), a(), input(4, 1, 3)); }
    @Test void mulScalar() { check("mul-scalar", x -> x[0].mul(x[1]), a(), input(1, 1, 3)); }
    @Test void div() { check("div", x -> x[0].div(x[1]), a(), input(4, 5, 3, 0.5f, 2f)); }

    @Test void scale() { check("scale", x -> x[0].scale(-2.5f), a()); }
    @Test void addScalar() { check("addScalar", x -> x[0].addScalar(3f), a()); }
    @Test void neg() { check("neg", x -> x[0].neg(), a()); }
    @Test void square() { check("square", x -> x[0].square(), a()); }
    @Test void sqrt() { check("sqrt", x -> x[0].sqrt(), input(4, 5, 1, 0.5f, 2f)); }
    @Test void reciprocal() { check("reciprocal", x -> x[0].reciprocal(), input(4, 5, 1, 0.5f, 2f)); }
    @Test void exp() { check("exp", x -> x[0].exp(), a()); }
    @Test void log() { check("log", x -> x[0].log(), input(4, 5, 1, 0.5f, 2f)); }
    @Test void sigmoid() { check("sigmoid", x -> x[0].sigmoid(), input(4, 5, 1, -4f, 4f)); }
    @Test void logSigmoid() { check("logSigmoid", x -> x[0].logSigmoid(), input(4, 5, 1, -6f, 6f)); }
    @Test void softplus() { check("softplus", x -> x[0].softplus(), input(4, 5, 1, -6f, 6f)); }
    @Test void tanh() { check("tanh", x -> x[0].tanh(), input(4, 5, 1, -2f, 2f)); }
    @Test void relu() { check("relu", x -> x[0].relu(), awayFromZero()); }
    @Test void leakyRelu() { check("leakyRelu", x -> x[0].leakyRelu(0.2f), awayFromZero()); }

    @Test void dropout() {
        // A fresh stream per call keeps the mask fixed across the finite-difference evaluations.
        check("dropout", x -> x[0].dropout(0.4f, new Rng(7)), a());
    }

    @Test void sum() { check("sum", x -> x[0].sum(), a()); }
    @Test void mean() { check("mean", x -> x[0].mean(), a()); }
    @Test void sumRows() { check("sumRows", x -> x[0].sumRows(), a()); }
    @Test void sumCols() { check("sumCols", x -> x[0].sumCols(), a()); }
    @Test void meanRows() { check("meanRows", x -> x[0].meanRows(), a()); }
    @Test void meanCols() { check("meanCols", x -> x[0].meanCols(), a()); }
    @Test void norm() { check("norm", x -> x[0].norm(), a()); }
    @Test void rowDot() { check("rowDot", x -> x[0].rowDot(x[1]), a(), b()); }
    @Test void normalizeRows() { check("normalizeRows", x -> x[0].normalizeRows(), a()); }
    @Test void softmaxRows() { check("softmaxRows", x -> x[0].softmaxRows(), input(4, 5, 1, -3f, 3f)); }
    @Test void logSoftmaxRows() { check("logSoftmaxRows", x -> x[0].logSoftmaxRows(), input(4, 5, 1, -3f, 3f)); }

    @Test void composedGraphWithSharedNodes() {
        // A node used by two consumers must receive both gradients.
        check("composite", x -> {
            Tensor h = x[0].matmul(x[1]).tanh();
            return h.mul(h.sigmoid()).add(h.sumCols()).logSoftmaxRows();
        }, input(3, 4, 1), input(4, 5, 2));
    }

    @Test void detachStopsGradient() {
        Tensor x = a();
        x.detach().mul(x).sum().backward();
        // d/dx Σ sg(x)·x = sg(x) = x
        assertThat(x.grad()).containsExactly(x.data());
    }

    @Test void gradCheckCatchesAWrongGradient() {
        // The checker itself must fail on a broken backward: stop-gradient on one factor halves the square's gradient.
        assertThatThrownBy(() -> check("broken", x -> x[0].mul(x[0].detach()), input(3, 3, 5, 0.5f, 1f)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("broken");
    }

    private static Tensor awayFromZero() {
        Tensor t = input(4, 5, 9);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = d[i] >= 0 ? d[i] + 0.1f : d[i] - 0.1f;
        return t;
    }
}
