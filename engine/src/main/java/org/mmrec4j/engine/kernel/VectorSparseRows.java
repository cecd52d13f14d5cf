package org.mmrec4j.engine.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vector API body of {@link SparseRows}; loaded only when the incubator module is present. */
final class VectorSparseRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorSparseRows() {}

    static int lanes() {
        return L;
    }

    // Two copies of one loop nest, without and with the position map: a null check inside the inner
    // loop, shared by both callers, made C2 drop the vector intrinsics (5x slower).
    static void row(int[] cols, float[] values, int from, int to, float[] x, int width,
                    float[] out, int outOff) {
        int j = 0;
        // Blocks of four vectors: four independent accumulators held in registers across the row.
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int k = from; k < to; k++) {
                int c = cols[k];
                FloatVector v = FloatVector.broadcast(S, values[k]);
                int xo = c * width + j;
                a0 = FloatVector.fromArray(S, x, xo).fma(v, a0);
                a1 = FloatVector.fromArray(S, x, xo + L).fma(v, a1);
                a2 = FloatVector.fromArray(S, x, xo + 2 * L).fma(v, a2);
                a3 = FloatVector.fromArray(S, x, xo + 3 * L).fma(v, a3);
            }
            a0.intoArray(out, outOff + j);
            a1.intoArray(out, outOff + j + L);
            a2.intoArray(out, outOff + j + 2 * L);
            a3.intoArray(out, outOff + j + 3 * L);
        }
        for (; j + L <= width; j += L) {
            FloatVector a = FloatVector.zero(S);
            for (int k = from; k < to; k++) {
                int c = cols[k];
                a = FloatVector.fromArray(S, x, c * width + j).fma(FloatVector.broadcast(S, values[k]), a);
            }
            a.intoArray(out, outOff + j);
        }
        for (; j < width; j++) {
            float s = 0;
            for (int k = from; k < to; k++) {
                s += values[k] * x[cols[k] * width + j];
            }
            out[outOff + j] = s;
        }
    }

    static void rowCompact(int[] cols, float[] values, int from, int to, int[] posOf, float[] x, int width,
                    float[] out, int outOff) {
        int j = 0;
        // Blocks of four vectors: four independent accumulators held in registers across the row.
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector a0 = FloatVector.zero(S), a1 = a0, a2 = a0, a3 = a0;
            for (int k = from; k < to; k++) {
                int c = posOf[cols[k]];
                if (c < 0) continue;
                FloatVector v = FloatVector.broadcast(S, values[k]);
                int xo = c * width + j;
                a0 = FloatVector.fromArray(S, x, xo).fma(v, a0);
                a1 = FloatVector.fromArray(S, x, xo + L).fma(v, a1);
                a2 = FloatVector.fromArray(S, x, xo + 2 * L).fma(v, a2);
                a3 = FloatVector.fromArray(S, x, xo + 3 * L).fma(v, a3);
            }
            a0.intoArray(out, outOff + j);
            a1.intoArray(out, outOff + j + L);
            a2.intoArray(out, outOff + j + 2 * L);
            a3.intoArray(out, outOff + j + 3 * L);
        }
        for (; j + L <= width; j += L) {
            FloatVector a = FloatVector.zero(S);
            for (int k = from; k < to; k++) {
                int c = posOf[cols[k]];
                if (c < 0) continue;
                a = FloatVector.fromArray(S, x, c * width + j).fma(FloatVector.broadcast(S, values[k]), a);
            }
            a.intoArray(out, outOff + j);
        }
        for (; j < width; j++) {
            float s = 0;
            for (int k = from; k < to; k++) {
                int c = posOf[cols[k]];
                if (c >= 0) s += values[k] * x[c * width + j];
            }
            out[outOff + j] = s;
        }
    }
}
