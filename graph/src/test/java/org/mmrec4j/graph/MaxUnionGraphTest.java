package org.mmrec4j.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.CsrMatrix;

class MaxUnionGraphTest {

    private static CsrMatrix csr(int n, int[] r, int[] c, float[] v) {
        return CsrMatrix.fromCoo(n, n, r, c, v, false);
    }

    @Test
    void keepsTheUnionOfEntriesWithTheLargerValueWhereBothHaveOne() {
        // a: (0,0)=.5 (0,2)=.3 (1,1)=.4 (2,0)=.2     b: (0,0)=.6 (0,1)=.1 (1,1)=.2 (2,2)=.7
        CsrMatrix a = csr(3, new int[] {0, 0, 1, 2}, new int[] {0, 2, 1, 0}, new float[] {.5f, .3f, .4f, .2f});
        CsrMatrix b = csr(3, new int[] {0, 0, 1, 2}, new int[] {0, 1, 1, 2}, new float[] {.6f, .1f, .2f, .7f});
        CsrMatrix f = MaxUnionGraph.of(List.of(a, b));
        assertThat(f.nnz()).isEqualTo(6);
        assertThat(f.rowPtr()).containsExactly(0, 3, 4, 6);
        assertThat(f.colIdx()).containsExactly(0, 1, 2, 1, 0, 2);
        assertThat(f.values()).containsExactly(.6f, .1f, .3f, .4f, .2f, .7f);
    }

    @Test
    void aSingleGraphIsItselfAndShapesMustAgree() {
        CsrMatrix a = csr(2, new int[] {0}, new int[] {1}, new float[] {1f});
        assertThat(MaxUnionGraph.of(List.of(a))).isSameAs(a);
        assertThatThrownBy(() -> MaxUnionGraph.of(List.of(a, csr(3, new int[0], new int[0], new float[0]))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void threeGraphsTakeTheMaximumOfAllThree() {
        CsrMatrix a = csr(1, new int[] {0}, new int[] {0}, new float[] {.1f});
        CsrMatrix b = csr(1, new int[] {0}, new int[] {0}, new float[] {.9f});
        CsrMatrix c = csr(1, new int[] {0}, new int[] {0}, new float[] {.4f});
        assertThat(MaxUnionGraph.of(List.of(a, b, c)).values()).containsExactly(.9f);
    }
}
