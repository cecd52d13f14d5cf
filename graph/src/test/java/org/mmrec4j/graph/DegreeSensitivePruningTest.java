package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Rng;

class DegreeSensitivePruningTest {

    /** Users 0..19 each see item 0 (a hub) and one item of their own; user 20 sees 30 niche items. */
    private static UserItemGraph graph() {
        java.util.List<int[]> edges = new java.util.ArrayList<>();
        for (int u = 0; u < 20; u++) {
            edges.add(new int[] {u, 0});
            edges.add(new int[] {u, 1 + u});
        }
        for (int i = 0; i < 30; i++) edges.add(new int[] {20, 21 + i});
        int[] us = edges.stream().mapToInt(e -> e[0]).toArray(), is = edges.stream().mapToInt(e -> e[1]).toArray();
        return new UserItemGraph(new Interactions(us, is), 21, 51);
    }

    @Test
    void keepsTheFloorOfTheKeptFractionRenormalisedOnKeptDegreesInBothDirections() {
        UserItemGraph g = graph();
        CsrMatrix a = DegreeSensitivePruning.sample(g, 0.8, new Rng(3));
        // MMRec's int(|E| * (1 - dropout)), float rounding included: 70 * (1 - 0.8) = 13.999…, so 13.
        int keep = 13;
        assertThat(g.numEdges()).isEqualTo(70);
        assertThat(a.nnz()).isEqualTo(2 * keep);
        int n = a.rows();
        int[] deg = new int[n];
        for (int r = 0; r < n; r++) deg[r] = a.rowPtr()[r + 1] - a.rowPtr()[r];
        for (int r = 0; r < n; r++) {
            for (int e = a.rowPtr()[r]; e < a.rowPtr()[r + 1]; e++) {
                int c = a.colIdx()[e];
                assertThat(a.values()[e]).isCloseTo((float) (1 / Math.sqrt((deg[r] + 1e-7) * (deg[c] + 1e-7))), within(1e-7f));
                assertThat(a.get(c, r)).isEqualTo(a.values()[e]);
                assertThat((r < 21) != (c < 21)).as("bipartite").isTrue();
            }
        }
    }

    @Test
    void lowDegreeEdgesAreKeptMoreOftenInProportionToTheirWeight() {
        UserItemGraph g = graph();
        // Edge weights 1/sqrt(d_u d_i): hub edges (d_u 2, d_i 20) 1/sqrt(40); own-item edges 1/sqrt(2);
        // user 20's edges 1/sqrt(30). Count how often each kind survives one-edge draws.
        int hub = 0, own = 0, niche = 0, draws = 20000;
        Rng rng = new Rng(5);
        for (int t = 0; t < draws; t++) {
            CsrMatrix a = DegreeSensitivePruning.sample(g, 1 - 1.5 / g.numEdges(), rng.split(t)); // keeps 1 edge
            assertThat(a.nnz()).isEqualTo(2);
            int row = 0; // the one user row with an entry
            while (a.rowPtr()[row + 1] == 0) row++;
            int item = a.colIdx()[a.rowPtr()[row]] - 21;
            if (row == 20) niche++; else if (item == 0) hub++; else own++;
        }
        double wHub = 20 / Math.sqrt(40), wOwn = 20 / Math.sqrt(2), wNiche = 30 / Math.sqrt(30), total = wHub + wOwn + wNiche;
        assertThat(hub / (double) draws).isCloseTo(wHub / total, within(0.015));
        assertThat(own / (double) draws).isCloseTo(wOwn / total, within(0.015));
        assertThat(niche / (double) draws).isCloseTo(wNiche / total, within(0.015));
    }

    @Test
    void noDropoutIsTheFullSymmetricNormAndDrawsAreSeeded() {
        UserItemGraph g = graph();
        assertThat(DegreeSensitivePruning.sample(g, 0, new Rng(1))).isSameAs(g.symmetricNorm());
        CsrMatrix a = DegreeSensitivePruning.sample(g, 0.5, new Rng(9)), b = DegreeSensitivePruning.sample(g, 0.5, new Rng(9));
        assertThat(a.colIdx()).containsExactly(b.colIdx());
        assertThat(a.values()).containsExactly(b.values());
    }
}
