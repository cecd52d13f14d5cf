package org.mmrec4j.models.wrapper;

import java.util.List;

/**
 * GUIDER's two-task MGDA weighting (spec/models.md §20.2): the min-norm convex combination of two
 * gradients in closed form, with the reference's floors. The reference copies its second gradient
 * after back-propagating the KD loss without zeroing, so it combines g₁ = ∇L_S with g₂ = ∇L_S + ∇L_KD;
 * {@link #fromGradients} reproduces that.
 */
public final class Mgda {
    private Mgda() {}

    /** γ for task 1 and the floored loss weights w_S = max(γ, 0.5), w_KD = max(1 − γ, 1e-4). */
    public record Weights(double gamma, double student, double distill) {}

    /**
     * argmin_γ ‖γ g₁ + (1−γ) g₂‖² over [0.001, 0.999] from a = ‖g₁‖², b = g₁·g₂, c = ‖g₂‖²: 0.999 when
     * b ≥ a, 0.001 when b ≥ c, else (c − b)/(a + c − 2b).
     */
    public static double minNormGamma(double a, double b, double c) {
        if (b >= a) return 0.999;
        if (b >= c) return 0.001;
        return (c - b) / (a + c - 2 * b);
    }

    public static Weights weights(double a, double b, double c) {
        double gamma = minNormGamma(a, b, c);
        return new Weights(gamma, Math.max(gamma, 0.5), Math.max(1 - gamma, 1e-4));
    }

    /**
     * The weights for per-parameter gradients of L_S ({@code student}) and L_KD ({@code distill}),
     * aligned lists whose null entries are zero gradients; uses g₂ = g₁ + ∇L_KD as the reference does.
     */
    public static Weights fromGradients(List<float[]> student, List<float[]> distill) {
        double a = 0, b = 0, c = 0;
        for (int p = 0; p < student.size(); p++) {
            float[] g1 = student.get(p), gk = distill.get(p);
            if (g1 == null && gk == null) continue;
            int n = g1 != null ? g1.length : gk.length;
            for (int k = 0; k < n; k++) {
                double x = g1 == null ? 0 : g1[k];
                double y = x + (gk == null ? 0 : gk[k]);
                a += x * x;
                b += x * y;
                c += y * y;
            }
        }
        return weights(a, b, c);
    }
}
