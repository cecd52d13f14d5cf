package org.mmrec4j.models.loss;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mmrec4j.engine.kernel.VectorExp;

/**
 * Vector API body of {@link SoftmaxCrossEntropy}'s row pass; loaded only when the incubator module is
 * present. Its exp is {@link VectorExp} (vectorised, within 2 ulp of Math.exp, and the same bits before and
 * after JIT compilation), far faster than the scalar loop on a 9k-wide row, which dominated LGMRec's
 * full-catalogue contrast.
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
            FloatVector e = VectorExp.exp(FloatVector.fromArray(S, x, off + c).mul(scale).sub(shift));
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

    /** row[c] = Σ_p a[aOff + p]·bt[p·n + c] in one pass over the row; returns max_c scale·row[c]. */
    static float logitsRow(float[] a, int aOff, int k, float[] bt, int n, float scale, float[] row) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector acc = FloatVector.zero(S);
            for (int p = 0; p < k; p++) acc = FloatVector.fromArray(S, bt, p * n + c).fma(FloatVector.broadcast(S, a[aOff + p]), acc);
            acc.intoArray(row, c);
            m = m.max(acc.mul(scale));
        }
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; c < n; c++) {
            float v = 0;
            for (int p = 0; p < k; p++) v += a[aOff + p] * bt[p * n + c];
            row[c] = v;
            max = Math.max(max, scale * v);
        }
        return max;
    }

    /** One pass for ∂a and ∂b of one factor p: returns Σ_c g[c]·b[c] and does acc[c] += w·g[c] (b, acc at off). */
    static float dotAndAxpy(float[] g, float[] b, float[] acc, int off, int n, float w) {
        FloatVector d = FloatVector.zero(S), wv = FloatVector.broadcast(S, w);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector gv = FloatVector.fromArray(S, g, c);
            d = gv.fma(FloatVector.fromArray(S, b, off + c), d);
            gv.fma(wv, FloatVector.fromArray(S, acc, off + c)).intoArray(acc, off + c);
        }
        float s = d.reduceLanes(VectorOperators.ADD);
        for (; c < n; c++) {
            s += g[c] * b[off + c];
            acc[off + c] += w * g[c];
        }
        return s;
    }
}
