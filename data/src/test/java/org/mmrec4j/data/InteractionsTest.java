package org.mmrec4j.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InteractionsTest {
    private final Interactions x = new Interactions(new int[] {2, 0, 2, 0, 2, 2}, new int[] {9, 4, 1, 3, 5, 1});

    @Test
    void userIndexSortsItemsWithinUserAndKeepsDuplicates() {
        UserItemIndex idx = x.byUser(4);
        assertThat(idx.offsets()).containsExactly(0, 2, 2, 6, 6);
        assertThat(idx.items()).containsExactly(3, 4, 1, 1, 5, 9);
        assertThat(idx.degree(2)).isEqualTo(4);
        assertThat(idx.degree(3)).isZero();
        assertThat(idx.contains(2, 5)).isTrue();
        assertThat(idx.contains(2, 4)).isFalse();
        assertThat(idx.contains(1, 4)).isFalse();
        assertThat(idx.itemsOf(0)).containsExactly(3, 4);
    }

    @Test
    void distinctItemsAndUsers() {
        assertThat(x.distinctItems()).containsExactly(1, 3, 4, 5, 9);
        assertThat(x.distinctUsersInOrder()).containsExactly(2, 0);
        assertThat(x.size()).isEqualTo(6);
        assertThat(x.maxItemPlusOne()).isEqualTo(10);
    }

    @Test
    void isImmutable() {
        int[] users = {1, 2};
        Interactions y = new Interactions(users, new int[] {3, 4});
        users[0] = 7;
        y.users()[1] = 9;
        assertThat(y.users()).containsExactly(1, 2);
    }
}
