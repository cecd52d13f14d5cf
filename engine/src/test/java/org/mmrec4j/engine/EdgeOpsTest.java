package org.mmrec4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.mmrec4j.engine.GradCheck.check;
import static org.mmrec4j.engine.GradCheck.input;

import org.junit.jupiter.api.Test;

class EdgeOpsTest {
    /** 4×5 pattern with an empty row and repeated columns. */
    private static CsrMatrix pattern() {
        return CsrMatrix.fromCoo(4, 5, new int[] {0, 0, 0, 1, 3, 3}, new int[] {0, 2, 4, 2, 1, 2},
                new float[] {1, 1, 1, 1, 1, 1}, false);
    }

    /** A square symmetric pattern, so one tensor can sit at both ends of an edge. */
    private static CsrMatrix square() {
        return CsrMatrix.fromCoo(4, 4, new int[] {0, 2, 1, 2, 0, 3}, new int[] {2, 0, 2, 1, 3, 0},
                new float[] {1, 1, 1, 1, 1, 1}, false);
    }

    @Test void dotGradients() {
        CsrMatrix p = pattern();
        check("edge dot", x -> EdgeOps.dot(p, x[0], x[1]), input(4, 3, 1), input(5, 3, 2));
    }

    @Test void dotWithTheSameTensorAtBothEnds() {
        CsrMatrix p = square();
        check("edge self dot", x -> EdgeOps.dot(p, x[0], x[0]), input(4, 3, 3));
    }

    @Test void dotValuesAreEndpointProducts() {
        CsrMatrix p = pattern();
        Tensor a = input(4, 3, 4), b = input(5, 3, 5);
        float[] out = EdgeOps.dot(p, a, b).data();
        int[] rows = SparseOps.rowOfEntry(p), cols = p.colIdx();
        for (int e = 0; e < p.nnz(); e++) {
            float expected = 0;
            for (int j = 0; j < 3; j++) expected += a.get(rows[e], j) * b.get(cols[e], j);
            assertThat(out[e]).isCloseTo(expected, within(1e-6f));
        }
    }

    @Test void rowMaxPicksTheLargestAndRoutesItsGradient() {
        check("row max", x -> EdgeOps.rowMax(x[0]), input(5, 3, 6));
        Tensor t = Tensor.of(new float[][] {{1, 3, 2}, {-1, -4, -2}});
        assertThat(EdgeOps.rowMax(t).data()).containsExactly(3f, -1f);
    }
}
