package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchRowsTest {
    @Test void distinctSortedRowsWithLocalPositions() {
        BatchRows t = BatchRows.of(10, new int[] {3, 1, 3}, new int[] {7});
        assertThat(t.rows()).containsExactly(1, 3, 7);
        assertThat(t.local(new int[] {7, 3, 1})).containsExactly(2, 1, 0);
    }

    @Test void shiftedAndSplitIntoUsersAndItems() {
        int numUsers = 4;
        assertThat(BatchRows.shifted(new int[] {0, 2}, numUsers)).containsExactly(4, 6);
        BatchRows t = BatchRows.of(9, new int[] {2, 0}, BatchRows.shifted(new int[] {3, 1}, numUsers));
        BatchRows.UsersAndItems s = t.split(numUsers);
        assertThat(s.users()).containsExactly(0, 2);
        assertThat(s.items()).containsExactly(1, 3);
        assertThat(s.firstItem()).isEqualTo(2);
        assertThat(s.itemPositions()).containsExactly(2, 3);
        assertThat(BatchRows.of(9, new int[] {1}).split(numUsers).items()).isEmpty();
    }
}
