package org.mmrec4j.engine.kernel;

/**
 * The one dot kernel of two float rows: {@link GramBlocks}' Java fallback and the models' fused row ops
 * (fusion weights, row normalisation) call it, so every such dot sums in the same order.
 */
public final class RowDot {
    private RowDot() {}

    /**
     * Σ_j a[ao + j]·b[bo + j] with four partial sums: one running sum is a chain of dependent adds that
     * C2 does not vectorise (float order), four overlap in the pipeline.
     */
    public static float dot(float[] a, int ao, float[] b, int bo, int len) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int j = 0;
        for (; j + 3 < len; j += 4) {
            s0 += a[ao + j] * b[bo + j];
            s1 += a[ao + j + 1] * b[bo + j + 1];
            s2 += a[ao + j + 2] * b[bo + j + 2];
            s3 += a[ao + j + 3] * b[bo + j + 3];
        }
        for (; j < len; j++) s0 += a[ao + j] * b[bo + j];
        return (s0 + s1) + (s2 + s3);
    }
}
