package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.CsrMatrix;

class PatternUnionTest {

    @Test
    void weightedSumMatchesTheDenseSumAndPositionsPointAtTheSameCoordinates() {
        CsrMatrix a = CsrMatrix.fromCoo(3, 4, new int[] {0, 0, 2}, new int[] {1, 3, 0}, new float[] {1, 2, 3}, false);
        CsrMatrix b = CsrMatrix.fromCoo(3, 4, new int[] {0, 1, 2}, new int[] {3, 2, 2}, new float[] {10, 20, 30}, false);
        PatternUnion u = PatternUnion.of(a, b);
        assertThat(u.nnz()).isEqualTo(5);
        CsrMatrix s = u.weightedSum(new double[] {0.5, 2}, a, b);
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) assertThat(s.get(r, c)).isCloseTo(0.5f * a.get(r, c) + 2 * b.get(r, c), within(1e-6f));
        }
        for (int q = 0; q < 2; q++) {
            CsrMatrix p = q == 0 ? a : b;
            for (int r = 0; r < 3; r++) {
                for (int e = p.rowPtr()[r]; e < p.rowPtr()[r + 1]; e++) {
                    int at = u.positions(q)[e];
                    assertThat(at).isBetween(u.pattern().rowPtr()[r], u.pattern().rowPtr()[r + 1] - 1);
                    assertThat(u.pattern().colIdx()[at]).isEqualTo(p.colIdx()[e]);
                }
            }
        }
    }
}
