package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mmrec4j.data.Interactions;

class UserUserGraphTest {
    @Test void neighboursAreOrderedBySharedItemsThenIndex() {
        // u0: items 0,1,2; u1: 0,1; u2: 2; u3: 1,2; u4: 5 (shares nothing)
        Interactions train = new Interactions(new int[] {0, 0, 0, 1, 1, 2, 3, 3, 4, 1}, new int[] {0, 1, 2, 0, 1, 2, 1, 2, 5, 0});
        UserUserGraph g = UserUserGraph.build(train, 5, 6, 40);
        assertThat(g.degree(0)).isEqualTo(3);
        assertThat(new int[] {g.neighbour(0, 0), g.neighbour(0, 1), g.neighbour(0, 2)}).containsExactly(1, 3, 2);
        assertThat(new int[] {g.sharedItems(0, 0), g.sharedItems(0, 1), g.sharedItems(0, 2)}).containsExactly(2, 2, 1);
        assertThat(g.degree(4)).isZero();
        UserUserGraph capped = UserUserGraph.build(train, 5, 6, 1);
        assertThat(capped.degree(0)).isEqualTo(1);
        assertThat(capped.neighbour(0, 0)).isEqualTo(1);
    }
}
