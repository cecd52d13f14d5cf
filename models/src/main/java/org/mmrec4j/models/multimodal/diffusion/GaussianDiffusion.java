package org.mmrec4j.models.multimodal.diffusion;

import org.mmrec4j.engine.Checks;

/**
 * DiffRec's Gaussian diffusion schedule as DiffMM uses it (spec/models.md §19.2), all in float64.
 *
 * <p>Variances v_t = linspace(s·noise_min, s·noise_max, T); with ᾱ'_t = 1 − v_t the betas are
 * β_0 = v_0 and β_t = min(1 − ᾱ'_t/ᾱ'_{t−1}, 0.999); then β_0 is overwritten by {@link #BETA_FIXED}.
 * α_t = 1 − β_t, ᾱ_t = Π_{k≤t} α_k, ᾱ_{−1} = 1. Posterior q(x_{t−1} | x_t, x₀): mean c1_t·x₀ + c2_t·x_t
 * with c1_t = β_t √ᾱ_{t−1}/(1 − ᾱ_t), c2_t = (1 − ᾱ_{t−1}) √α_t/(1 − ᾱ_t), variance
 * β_t (1 − ᾱ_{t−1})/(1 − ᾱ_t). The ELBO weight of step t is SNR_{t−1} − SNR_t (1 at t = 0), with
 * SNR_t = ᾱ_t/(1 − ᾱ_t). Coefficients are cast to float32 where they multiply data, as the reference does.
 */
public final class GaussianDiffusion {
    /** DiffMM's "beta_fixed": β_0 is set to this after the schedule is built. */
    public static final double BETA_FIXED = 1e-4;
    private static final double MAX_BETA = 0.999;

    private final int steps;
    private final double[] betas, alphas, alphasCumprod, alphasCumprodPrev, posteriorVariance, coef1, coef2;

    public GaussianDiffusion(int steps, double noiseScale, double noiseMin, double noiseMax) {
        Checks.arg(steps >= 1, "steps must be >= 1, got %s", steps);
        Checks.arg(noiseScale > 0, "noise_scale must be > 0 (DiffMM's diffusion needs noise), got %s", noiseScale);
        Checks.arg(noiseMin > 0 && noiseMax >= noiseMin && noiseScale * noiseMax < 1,
                "need 0 < noise_min <= noise_max and noise_scale·noise_max < 1, got %s, %s, %s", noiseMin, noiseMax, noiseScale);
        this.steps = steps;
        double start = noiseScale * noiseMin, end = noiseScale * noiseMax;
        betas = new double[steps];
        double prevAlphaBar = 0;
        for (int t = 0; t < steps; t++) {
            double variance = steps == 1 ? start : start + (end - start) * t / (steps - 1);
            double alphaBar = 1 - variance;
            betas[t] = t == 0 ? 1 - alphaBar : Math.min(1 - alphaBar / prevAlphaBar, MAX_BETA);
            prevAlphaBar = alphaBar;
        }
        betas[0] = BETA_FIXED;
        alphas = new double[steps];
        alphasCumprod = new double[steps];
        alphasCumprodPrev = new double[steps];
        posteriorVariance = new double[steps];
        coef1 = new double[steps];
        coef2 = new double[steps];
        double cum = 1;
        for (int t = 0; t < steps; t++) {
            alphas[t] = 1 - betas[t];
            alphasCumprodPrev[t] = cum;
            cum *= alphas[t];
            alphasCumprod[t] = cum;
            posteriorVariance[t] = betas[t] * (1 - alphasCumprodPrev[t]) / (1 - alphasCumprod[t]);
            coef1[t] = betas[t] * Math.sqrt(alphasCumprodPrev[t]) / (1 - alphasCumprod[t]);
            coef2[t] = (1 - alphasCumprodPrev[t]) * Math.sqrt(alphas[t]) / (1 - alphasCumprod[t]);
        }
    }

    public int steps() {
        return steps;
    }

    public double beta(int t) {
        return betas[t];
    }

    public double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    public double sqrtAlphaCumprod(int t) {
        return Math.sqrt(alphasCumprod[t]);
    }

    public double sqrtOneMinusAlphaCumprod(int t) {
        return Math.sqrt(1 - alphasCumprod[t]);
    }

    public double posteriorVariance(int t) {
        return posteriorVariance[t];
    }

    /** c1_t, the posterior mean's weight on x₀ (the denoiser's prediction when sampling). */
    public double posteriorMeanCoef1(int t) {
        return coef1[t];
    }

    /** c2_t, the posterior mean's weight on x_t. */
    public double posteriorMeanCoef2(int t) {
        return coef2[t];
    }

    /** SNR_t = ᾱ_t/(1 − ᾱ_t). */
    public double snr(int t) {
        return alphasCumprod[t] / (1 - alphasCumprod[t]);
    }

    /** The ELBO weight w_t = SNR_{t−1} − SNR_t for t ≥ 1, and 1 at t = 0. */
    public double lossWeight(int t) {
        return t == 0 ? 1.0 : snr(t - 1) - snr(t);
    }

    /** q(x_t | x₀): row r of x₀ (rows × cols) mixed with noise at step steps[r], written into out (may alias noise). */
    public void qSample(float[] x0, int[] stepOfRow, float[] noise, int cols, float[] out) {
        for (int r = 0; r < stepOfRow.length; r++) {
            float a = (float) sqrtAlphaCumprod(stepOfRow[r]), b = (float) sqrtOneMinusAlphaCumprod(stepOfRow[r]);
            for (int c = r * cols, end = c + cols; c < end; c++) out[c] = a * x0[c] + b * noise[c];
        }
    }

    /** The posterior mean c1_t·x₀ + c2_t·x_t for every row at one step t, into out (may alias either input). */
    public void posteriorMean(float[] x0, float[] xt, int t, float[] out) {
        float c1 = (float) coef1[t], c2 = (float) coef2[t];
        for (int i = 0; i < out.length; i++) out[i] = c1 * x0[i] + c2 * xt[i];
    }
}
