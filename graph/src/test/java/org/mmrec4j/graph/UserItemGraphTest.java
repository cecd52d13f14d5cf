package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.CsrMatrix;

class UserItemGraphTest {

    @Test
    void symmetricNormCollapsesDuplicatesAndCountsDistinctNeighbours() {
        // user 0: items 0, 1 (item 1 twice); user 1: item 1. Item 2 never trained.
        Interactions train = new Interactions(new int[] {0, 0, 0, 1}, new int[] {0, 1, 1, 1});
        UserItemGraph g = new UserItemGraph(train, 2, 3);
        CsrMatrix a = g.symmetricNorm();
        assertThat(g.numEdges()).isEqualTo(3);
        assertThat(a.nnz()).isEqualTo(6);
        // rows: users 0,1 then items 2,3,4; degrees u0=2, u1=1, i0=1, i1=2
        assertThat(a.get(0, 2)).isCloseTo((float) (1 / Math.sqrt(2 + 1e-7) / Math.sqrt(1 + 1e-7)), within(1e-6f));
        assertThat(a.get(0, 3)).isCloseTo(0.5f, within(1e-6f));
        assertThat(a.get(1, 3)).isCloseTo((float) (1 / Math.sqrt(2)), within(1e-6f));
        assertThat(a.get(3, 1)).isEqualTo(a.get(1, 3));
        assertThat(a.rowPtr()[5] - a.rowPtr()[4]).as("untrained item has an empty row").isZero();
    }

    @Test
    void symmetricNormRowSumsUsesRowSumsPlusTinyEpsilon() {
        Interactions train = new Interactions(new int[] {0, 0, 0, 1}, new int[] {0, 1, 1, 1});
        UserItemGraph g = new UserItemGraph(train, 2, 3);
        CsrMatrix a = g.symmetricNormRowSums();
        assertThat(a.nnz()).isEqualTo(6);
        // Rows sums of the 0/1 distinct-edge adjacency: u0=2, u1=1, i0=1, i1=2.
        assertThat(a.get(0, 2)).isEqualTo((float) (1 / Math.sqrt(2 + 1e-8) / Math.sqrt(1 + 1e-8)));
        assertThat(a.get(0, 3)).isEqualTo((float) (1 / Math.sqrt(2 + 1e-8) / Math.sqrt(2 + 1e-8)));
        assertThat(a.get(1, 3)).isEqualTo((float) (1 / Math.sqrt(1 + 1e-8) / Math.sqrt(2 + 1e-8)));
        assertThat(a.get(3, 0)).isEqualTo(a.get(0, 3));
        assertThat(a.rowPtr()[5] - a.rowPtr()[4]).as("untrained item has an empty row").isZero();
        // On a 0/1 graph only the epsilon differs from N1.
        CsrMatrix n1 = g.symmetricNorm();
        for (int e = 0; e < a.nnz(); e++) assertThat(a.values()[e]).isCloseTo(n1.values()[e], within(1e-6f));
    }

    @Test
    void interactionsAreTheRawZeroOneUserItemMatrix() {
        Interactions train = new Interactions(new int[] {1, 0, 0, 0}, new int[] {2, 1, 0, 1});
        CsrMatrix r = new UserItemGraph(train, 2, 3).interactions();
        assertThat(r.rows()).isEqualTo(2);
        assertThat(r.cols()).isEqualTo(3);
        assertThat(r.nnz()).isEqualTo(3);
        assertThat(r.get(0, 0)).isEqualTo(1f);
        assertThat(r.get(0, 1)).as("duplicate edge counts once").isEqualTo(1f);
        assertThat(r.get(0, 2)).isZero();
        assertThat(r.get(1, 2)).isEqualTo(1f);
    }
}
