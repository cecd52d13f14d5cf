package org.mmrec4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;

class SparseOpsTest {
    /** 4×5 pattern with an empty row, a single-entry row and repeated columns across rows. */
    private static CsrMatrix pattern() {
        return CsrMatrix.fromCoo(4, 5, new int[] {0, 0, 0, 1, 3, 3}, new int[] {0, 2, 4, 2, 1, 2},
                new float[] {1, 1, 1, 1, 1, 1}, false);
    }

    @Test void spmmGradients() {
        CsrMatrix p = pattern();
        check("sparse spmm", x -> SparseOps.spmm(p, x[0], x[1]), input(p.nnz(), 1, 3), input(5, 3, 4));
    }

    @Test void spmmMatchesConstantSpmm() {
        CsrMatrix p = pattern();
        Tensor v = input(p.nnz(), 1, 5), x = input(5, 3, 6);
        Tensor expected = Tensor.spmm(p.withValues(v.data().clone()), x);
        assertThat(SparseOps.spmm(p, v, x).data()).containsExactly(expected.data());
    }

    @Test void rowSoftmaxGradientsAndNormalisation() {
        CsrMatrix p = pattern();
        check("row softmax", x -> SparseOps.rowSoftmax(p, x[0]), input(p.nnz(), 1, 7, -3f, 3f));
        float[] out = SparseOps.rowSoftmax(p, input(p.nnz(), 1, 8)).data();
        assertThat(out[0] + out[1] + out[2]).isCloseTo(1f, within(1e-6f));
        assertThat(out[3]).isCloseTo(1f, within(1e-6f));
        assertThat(out[4] + out[5]).isCloseTo(1f, within(1e-6f));
    }

    @Test void rowSumsGradients() {
        CsrMatrix p = pattern();
        check("row sums", x -> SparseOps.rowSums(p, x[0]), input(p.nnz(), 1, 9));
        assertThat(SparseOps.rowOfEntry(p)).containsExactly(0, 0, 0, 1, 3, 3);
    }

    @Test void customOpWithoutGradParentsRecordsNothing() {
        Tensor out = SparseOps.spmm(pattern(), Tensor.zeros(6, 1), Tensor.zeros(5, 2));
        assertThat(out.requiresGrad()).isFalse();
    }

    @Test void pickAndDiagonal() {
        check("pick", x -> Select.pick(x[0], new int[] {2, 0, 4, 4}), input(4, 5, 10));
        check("diagonal", x -> Select.diagonal(x[0]), input(3, 3, 11));
        assertThat(Select.diagonal(Tensor.of(new float[][] {{1, 2}, {3, 4}})).data()).containsExactly(1f, 4f);
    }
}
