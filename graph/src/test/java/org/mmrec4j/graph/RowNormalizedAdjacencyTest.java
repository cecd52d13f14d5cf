package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.CsrMatrix;

/** N3 = D^{-1}(A + I) (LATTICE), checked against the dense definition. */
class RowNormalizedAdjacencyTest {

    @Test
    void matchesTheDenseDefinitionWithSelfLoops() {
        // user 0: items 0, 1 (item 1 twice); user 1: item 1; user 2: item 2. Item 3 never trained.
        Interactions train = new Interactions(new int[] {0, 0, 0, 1, 2}, new int[] {0, 1, 1, 1, 2});
        UserItemGraph g = new UserItemGraph(train, 3, 4);
        CsrMatrix n3 = g.rowNormalizedWithSelfLoops();
        int n = 7;
        float[][] a = new float[n][n];
        for (int k = 0; k < g.numEdges(); k++) {
            int u = g.edgeUsers()[k], i = 3 + g.edgeItems()[k];
            a[u][i] = a[i][u] = 1;
        }
        for (int r = 0; r < n; r++) {
            a[r][r] += 1;
            float sum = 0;
            for (float v : a[r]) sum += v;
            for (int c = 0; c < n; c++) {
                assertThat(n3.get(r, c)).as("(%s, %s)", r, c).isCloseTo(a[r][c] / sum, within(1e-7f));
            }
        }
        assertThat(n3.nnz()).isEqualTo(2 * g.numEdges() + n);
        assertThat(n3.get(6, 6)).as("untrained item: only its self-loop").isEqualTo(1f);
        for (float s : n3.rowSums()) assertThat(s).isCloseTo(1f, within(1e-6f));
        for (int r = 0; r < n; r++) {
            for (int e = n3.rowPtr()[r] + 1; e < n3.rowPtr()[r + 1]; e++) {
                assertThat(n3.colIdx()[e]).as("columns ascending in row %s", r).isGreaterThan(n3.colIdx()[e - 1]);
            }
        }
    }
}
