package org.mmrec4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvalSetTest {

    @Test
    void evaluationUsersAreInOrderOfFirstAppearance() {
        EvalSet set = EvalSet.of(6, 4, new int[0], new int[0],
                new int[] {5, 2, 5, 0, 2}, new int[] {1, 1, 2, 3, 0});
        assertThat(set.users()).containsExactly(5, 2, 0);
        assertThat(set.numUsers()).isEqualTo(3);
        assertThat(set.numAllUsers()).isEqualTo(6);
        assertThat(set.positives(0)).containsExactly(1, 2);
        assertThat(set.positives(1)).containsExactly(1, 0);
        assertThat(set.positives(2)).containsExactly(3);
    }

    @Test
    void duplicatedHeldOutRowsCountTwice() {
        EvalSet set = EvalSet.of(1, 5, new int[0], new int[0], new int[] {0, 0, 0}, new int[] {3, 1, 3});
        assertThat(set.positiveCount(0)).isEqualTo(3);
        assertThat(set.positives(0)).containsExactly(3, 1, 3);
    }

    @Test
    void maskHoldsDistinctSortedTrainItemsOfEvaluationUsersOnly() {
        EvalSet set = EvalSet.of(3, 10,
                new int[] {1, 0, 1, 1, 2}, new int[] {7, 4, 2, 7, 9},
                new int[] {1, 0}, new int[] {5, 6});
        assertThat(set.users()).containsExactly(1, 0);
        assertThat(set.maskedItems(0)).containsExactly(2, 7);
        assertThat(set.maskedItems(1)).containsExactly(4);
    }

    @Test
    void userWithoutTrainRowsHasAnEmptyMask() {
        EvalSet set = EvalSet.of(2, 3, new int[] {0}, new int[] {1}, new int[] {1}, new int[] {2});
        assertThat(set.maskedItems(0)).isEmpty();
    }

    @Test
    void rejectsIndexesOutsideTheDeclaredRanges() {
        assertThatThrownBy(() -> EvalSet.of(2, 3, new int[0], new int[0], new int[] {0}, new int[] {3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("eval item index 3");
        assertThatThrownBy(() -> EvalSet.of(2, 3, new int[] {2}, new int[] {0}, new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("train user index 2");
        assertThatThrownBy(() -> EvalSet.of(2, 3, new int[] {0}, new int[0], new int[0], new int[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
    }
}
