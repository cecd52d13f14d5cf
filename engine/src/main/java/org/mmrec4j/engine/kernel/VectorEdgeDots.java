package org.mmrec4j.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API body of {@link EdgeDots}; loaded only when the incubator module is present. */
final class VectorEdgeDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorEdgeDots() {}

    static void row(int[] cols, int from, int to, float[] a, int aOff, float[] b, int width, float[] out) {
        int vectorEnd = width - width % L;
        for (int k = from; k < to; k++) {
            int bo = cols[k] * width;
            FloatVector acc = FloatVector.zero(S);
            int j = 0;
            for (; j < vectorEnd; j += L) {
                acc = FloatVector.fromArray(S, a, aOff + j).fma(FloatVector.fromArray(S, b, bo + j), acc);
            }
            float s = acc.reduceLanes(VectorOperators.ADD);
            for (; j < width; j++) s += a[aOff + j] * b[bo + j];
            out[k] = s;
        }
    }
}
