package org.mmrec4j.models.loss;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API body of {@link SoftmaxCrossEntropy}'s row pass; loaded only when the incubator module is
 * present. Its EXP is the JDK's vectorised (SVML) exp, within about 1 ulp of Math.exp and ~20x faster
 * than the scalar loop on a 9k-wide row, which dominated LGMRec's full-catalogue contrast.
 */
final class VectorSoftmaxRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorSoftmaxRows() {}

    /** max_c scale·x[off + c] over c < n. */
    static float max(float[] x, int off, int n, float scale) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int c = 0;
        for (; c + L <= n; c += L) m = m.max(FloatVector.fromArray(S, x, off + c).mul(scale));
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; c < n; c++) max = Math.max(max, scale * x[off + c]);
        return max;
    }

    /** out[off + c] = exp(scale·x[off + c] − shift); returns their sum. */
    static double exp(float[] x, int off, int n, float scale, float shift, float[] out) {
        FloatVector z = FloatVector.zero(S);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector e = FloatVector.fromArray(S, x, off + c).mul(scale).sub(shift).lanewise(VectorOperators.EXP);
            e.intoArray(out, off + c);
            z = z.add(e);
        }
        double sum = z.reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            float e = (float) Math.exp(scale * x[off + c] - shift);
            out[off + c] = e;
            sum += e;
        }
        return sum;
    }

    /** Σ_c x[c] · y[yOff + c] over c < n. */
    static float dot(float[] x, float[] y, int yOff, int n) {
        FloatVector acc = FloatVector.zero(S);
        int c = 0;
        for (; c + L <= n; c += L) acc = FloatVector.fromArray(S, x, c).fma(FloatVector.fromArray(S, y, yOff + c), acc);
        float s = acc.reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) s += x[c] * y[yOff + c];
        return s;
    }
}
