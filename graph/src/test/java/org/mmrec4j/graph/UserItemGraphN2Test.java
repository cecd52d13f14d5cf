package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.CsrMatrix;

/** N2 and its user→item block R̂ (MGCN, SMORE) against hand-computed values. */
class UserItemGraphN2Test {
    private static final float HALF = 0.5f, INV_SQRT2 = (float) (1 / Math.sqrt(2));

    /** u0: i0, i1 (twice); u1: i1, i2; u2 and i3 have no training edge. Degrees u = 2, 2, 0; i = 1, 2, 1, 0. */
    private static UserItemGraph graph() {
        Interactions train = new Interactions(new int[] {0, 0, 0, 1, 1}, new int[] {0, 1, 1, 1, 2});
        return new UserItemGraph(train, 3, 4);
    }

    @Test
    void symmetricNormNoEpsHasExactInverseSquareRootDegrees() {
        CsrMatrix a = graph().symmetricNormNoEps();
        // Node rows: users 0..2, items 3..6.
        assertThat(a.rows()).isEqualTo(7);
        assertThat(a.nnz()).isEqualTo(8);
        assertThat(a.get(0, 3)).isEqualTo(INV_SQRT2); // 1/sqrt(2·1), no 1e-7
        assertThat(a.get(0, 4)).isEqualTo(HALF); // 1/sqrt(2·2)
        assertThat(a.get(1, 4)).isEqualTo(HALF);
        assertThat(a.get(1, 5)).isEqualTo(INV_SQRT2);
        for (int r = 0; r < 7; r++) {
            for (int c = 0; c < 7; c++) assertThat(a.get(r, c)).as("symmetric at %s,%s", r, c).isEqualTo(a.get(c, r));
        }
        assertThat(a.rowPtr()[3] - a.rowPtr()[2]).as("isolated user: zero degree gives no entry").isZero();
        assertThat(a.rowPtr()[7] - a.rowPtr()[6]).as("untrained item").isZero();
        for (float v : a.values()) assertThat(Float.isFinite(v)).isTrue();
    }

    @Test
    void userItemBlockIsTheUserRowsOfN2IndexedByItem() {
        UserItemGraph g = graph();
        CsrMatrix r = g.userItemBlockNoEps(), a = g.symmetricNormNoEps();
        assertThat(r.rows()).isEqualTo(3);
        assertThat(r.cols()).isEqualTo(4);
        assertThat(r.nnz()).isEqualTo(4);
        assertThat(r.get(0, 0)).isEqualTo(INV_SQRT2);
        assertThat(r.get(0, 1)).isEqualTo(HALF);
        assertThat(r.get(1, 1)).isEqualTo(HALF);
        assertThat(r.get(1, 2)).isEqualTo(INV_SQRT2);
        for (int u = 0; u < 3; u++) {
            for (int i = 0; i < 4; i++) assertThat(r.get(u, i)).isEqualTo(a.get(u, 3 + i));
        }
    }

    @Test
    void differsFromN1OnlyByItsEpsilon() {
        UserItemGraph g = graph();
        CsrMatrix n1 = g.symmetricNorm(), n2 = g.symmetricNormNoEps();
        assertThat(n2.colIdx()).containsExactly(n1.colIdx());
        for (int k = 0; k < n1.nnz(); k++) assertThat(n2.values()[k]).isCloseTo(n1.values()[k], within(1e-6f));
    }
}
