package org.mmrec4j.engine.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector body's lane sum must not change once the JIT compiles it, or one seed gives two results. */
class EdgeDotsJitTest {
    @Test
    void sameBitsBeforeAndAfterCompilation() {
        Random r = new Random(3);
        int width = 64, rows = 500;
        float[] a = new float[width], b = new float[rows * width];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        for (int i = 0; i < b.length; i++) b[i] = (float) r.nextGaussian();
        int[] cols = new int[rows];
        for (int k = 0; k < rows; k++) cols[k] = k;
        float[] first = new float[rows], last = new float[rows];
        EdgeDots.row(cols, 0, rows, a, 0, b, width, first);
        for (int k = 0; k < 5000; k++) EdgeDots.row(cols, 0, rows, a, 0, b, width, last);
        assertThat(last).containsExactly(first);
    }
}
