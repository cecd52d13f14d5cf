package org.mmrec4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;

class EdgeOpsTest {
    /** 4×5 pattern with an empty row and repeated columns. */
    private static EdgePattern pattern() {
        return EdgePattern.of(CsrMatrix.fromCoo(4, 5, new int[] {0, 0, 0, 1, 3, 3}, new int[] {0, 2, 4, 2, 1, 2},
                new float[] {1, 1, 1, 1, 1, 1}, false));
    }

    /** A square symmetric pattern, so one tensor can sit at both ends of an edge. */
    private static EdgePattern square() {
        return EdgePattern.of(CsrMatrix.fromCoo(4, 4, new int[] {0, 2, 1, 2, 0, 3}, new int[] {2, 0, 2, 1, 3, 0},
                new float[] {1, 1, 1, 1, 1, 1}, false));
    }

    @Test void transposeWithMovesEachValueToItsTransposedEntry() {
        EdgePattern p = pattern();
        float[] v = {1, 2, 3, 4, 5, 6};
        CsrMatrix a = p.with(v), t = p.transposeWith(v);
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 5; c++) assertThat(t.get(c, r)).isEqualTo(a.get(r, c));
        }
    }

    @Test void dotGradients() {
        EdgePattern p = pattern();
        check("edge dot", x -> EdgeOps.dot(p, x[0], x[1]), input(4, 3, 1), input(5, 3, 2));
        // A width past one vector register, with a remainder.
        check("edge dot wide", x -> EdgeOps.dot(p, x[0], x[1]), input(4, 19, 11), input(5, 19, 12));
    }

    @Test void dotWithTheSameTensorAtBothEnds() {
        EdgePattern p = square();
        check("edge self dot", x -> EdgeOps.dot(p, x[0], x[0]), input(4, 3, 3));
    }

    @Test void dotValuesAreEndpointProducts() {
        EdgePattern p = pattern();
        Tensor a = input(4, 21, 4), b = input(5, 21, 5);
        float[] out = EdgeOps.dot(p, a, b).data();
        int[] rows = SparseOps.rowOfEntry(p.csr()), cols = p.colIdx();
        for (int e = 0; e < p.nnz(); e++) {
            float expected = 0;
            for (int j = 0; j < 21; j++) expected += a.get(rows[e], j) * b.get(cols[e], j);
            assertThat(out[e]).isCloseTo(expected, within(1e-5f));
        }
    }

    @Test void spmmMatchesSparseOpsAndHasCheckedGradients() {
        EdgePattern p = pattern();
        Tensor v = input(p.nnz(), 1, 6), x = input(5, 17, 7);
        float[] ours = EdgeOps.spmm(p, v, x).data(), theirs = SparseOps.spmm(p.csr(), v, x).data();
        for (int i = 0; i < ours.length; i++) assertThat(ours[i]).isCloseTo(theirs[i], within(1e-6f));
        check("edge spmm", t -> EdgeOps.spmm(p, t[0], t[1]), input(p.nnz(), 1, 8), input(5, 3, 9));
        check("edge spmm wide", t -> EdgeOps.spmm(p, t[0], t[1]), input(p.nnz(), 1, 13), input(5, 19, 14));
    }

    @Test void rowMaxPicksTheLargestAndRoutesItsGradient() {
        check("row max", x -> EdgeOps.rowMax(x[0]), input(5, 3, 6));
        Tensor t = Tensor.of(new float[][] {{1, 3, 2}, {-1, -4, -2}});
        assertThat(EdgeOps.rowMax(t).data()).containsExactly(3f, -1f);
    }
}
