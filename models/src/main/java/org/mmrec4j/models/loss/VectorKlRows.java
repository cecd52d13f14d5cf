package org.mmrec4j.models.loss;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.mmrec4j.engine.kernel.VectorExp;

/** Vector API body of {@link SoftmaxKl}'s teacher-row pass; loaded only when the incubator module is present. */
final class VectorKlRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorKlRows() {}

    /**
     * Replaces t[off + c] by e_c = exp(t[off + c] − shift) and returns Σ_c e_c; {@code dot[0]} receives
     * Σ_c e_c·(t[off + c] − s[off + c]) with the original t.
     */
    static double expAndDot(float[] t, float[] s, int off, int n, float shift, double[] dot) {
        FloatVector z = FloatVector.zero(S), d = FloatVector.zero(S);
        int c = 0;
        for (; c + L <= n; c += L) {
            FloatVector tv = FloatVector.fromArray(S, t, off + c);
            FloatVector e = VectorExp.exp(tv.sub(shift));
            d = e.fma(tv.sub(FloatVector.fromArray(S, s, off + c)), d);
            z = z.add(e);
            e.intoArray(t, off + c);
        }
        return SoftmaxKl.expAndDotFrom(t, s, off, c, n, shift, z.reduceLanes(VectorOperators.ADD), d.reduceLanes(VectorOperators.ADD), dot);
    }
}
