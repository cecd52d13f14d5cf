package org.mmrec4j.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * exp on float lanes from IEEE-exact lane operations only (add, mul, fma, compare, shifts), so every
 * lane gives the same bits whether the JIT has compiled the caller or not. The Vector API's own
 * {@code lanewise(EXP)} does not: interpreted code computes each lane with Math.exp, compiled code with
 * a vector library that differs by an ulp, so results changed with JIT timing and two runs with one
 * seed could differ. Cody–Waite reduction x = n·ln2 + r, a degree-6 polynomial for e^r on
 * |r| ≤ ln2/2, and 2^n from the exponent bits: within 2 ulp of Math.exp on [-87.3, 88] (tested).
 * Inputs below -87.33 give 0, above 88 give e^88; NaN stays NaN.
 */
public final class VectorExp {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f, LN2_LO = -2.12194440e-4f;
    private static final float ROUNDER = 12582912f; // 1.5·2^23: adding and subtracting it rounds to an integer
    private static final float LO = -87.33654f, HI = 88f;

    private VectorExp() {}

    public static FloatVector exp(FloatVector x) {
        VectorSpecies<Float> s = x.species();
        FloatVector c = x.max(LO).min(HI);
        FloatVector n = c.fma(FloatVector.broadcast(s, LOG2E), FloatVector.broadcast(s, ROUNDER)).sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(s, -LN2_HI), c);
        r = n.fma(FloatVector.broadcast(s, -LN2_LO), r);
        FloatVector p = FloatVector.broadcast(s, 1.9875691500e-4f);
        p = p.fma(r, FloatVector.broadcast(s, 1.3981999507e-3f));
        p = p.fma(r, FloatVector.broadcast(s, 8.3334519073e-3f));
        p = p.fma(r, FloatVector.broadcast(s, 4.1665795894e-2f));
        p = p.fma(r, FloatVector.broadcast(s, 1.6666665459e-1f));
        p = p.fma(r, FloatVector.broadcast(s, 5.0000001201e-1f));
        FloatVector y = p.fma(r.mul(r), r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        FloatVector out = y.mul(bits.reinterpretAsFloats());
        out = out.blend(0f, x.lt(LO));
        return out.blend(x, x.test(VectorOperators.IS_NAN));
    }
}
