package org.mmrec4j.models.multimodal.diffusion;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;
import org.mmrec4j.eval.TopK;

/**
 * DiffMM's per-modality denoiser f_θ(x, t) (spec/models.md §19.1, item 2): a sinusoidal step embedding
 * τ(t) = [cos(tν); sin(tν)], ν_k = exp(−ln(10000)·k/(e/2)), mapped by Lin(e→e); then
 * h = tanh([x; Lin(τ)]·W1 + b1) and x̂₀ = h·W2 + b2 (no output activation, norm off). W1's rows for x
 * and for the step embedding are kept as two parameters ({@code in.x}, {@code in.t}), which is the same
 * Linear on the concatenation without ever building it. Init: weights N(0, 2/(fan_in+fan_out)), biases
 * N(0, 0.001²).
 *
 * <p>Two entry points, both fused for speed with reusable buffers:
 * <ul>
 *   <li>{@link #trainingLoss}: the ELBO (x₀-prediction) term plus the modality-signal-injection term as one
 *       1×1 op whose backward fills the gradients of this denoiser's parameters (§19.3).</li>
 *   <li>{@link #generateTopK}: the gradient-free reverse chain x ← c1_t f(x, t) + c2_t x from x = x₀
 *       (§19.4), then the top-k items per row. The first layer is linear, so the chain runs in the
 *       hidden space: with a(x) = x·W1x, a(x_{t−1}) = c1_t (h_t·(W2 W1x) + b2 W1x) + c2_t a(x_t), and the
 *       final x = (Σ_t γ_t h_t)·W2 + (Σ_t γ_t) b2 + κ x₀ with γ, κ the products of the coefficients. That is
 *       one hidden×hidden GEMM per step and one hidden×n_i GEMM at the end, instead of two n_i-wide GEMMs
 *       per step; the same values up to float rounding.</li>
 * </ul>
 * One training loss may be in flight at a time (its backward reads this denoiser's buffers).
 */
public final class Denoiser {
    private final int numItems, hidden, embSize;
    private final float dropout;
    private final Params params = new Params();
    private final Tensor embW, embB, w1x, w1t, b1, w2, b2;
    /** Reused across batches: dense inputs, outputs and hidden activations of up to maxRows rows. */
    private float[] inputBuf = new float[0], outBuf = new float[0], hiddenBuf = new float[0];

    public Denoiser(String name, int numItems, int hidden, int embSize, double dropout, Rng rng) {
        Checks.arg(numItems > 0 && hidden > 0 && embSize > 0, "denoiser sizes must be positive, got %s, %s, %s",
                numItems, hidden, embSize);
        Checks.arg(dropout >= 0 && dropout < 1, "denoiser dropout must be in [0, 1), got %s", dropout);
        this.numItems = numItems;
        this.hidden = hidden;
        this.embSize = embSize;
        this.dropout = (float) dropout;
        float wIn = std(numItems + embSize, hidden);
        embW = params.normal(name + ".emb.weight", embSize, embSize, 0f, std(embSize, embSize), rng.split("emb.weight"));
        embB = params.normal(name + ".emb.bias", 1, embSize, 0f, 1e-3f, rng.split("emb.bias"));
        // One N(0, 2/(n_i+e+hidden)) draw over the concatenated first-layer weight, split into its two row blocks.
        w1x = params.normal(name + ".in.x", numItems, hidden, 0f, wIn, rng.split("in.x"));
        w1t = params.normal(name + ".in.t", embSize, hidden, 0f, wIn, rng.split("in.t"));
        b1 = params.normal(name + ".in.bias", 1, hidden, 0f, 1e-3f, rng.split("in.bias"));
        w2 = params.normal(name + ".out.weight", hidden, numItems, 0f, std(hidden, numItems), rng.split("out.weight"));
        b2 = params.normal(name + ".out.bias", 1, numItems, 0f, 1e-3f, rng.split("out.bias"));
    }

    private static float std(int fanIn, int fanOut) {
        return (float) Math.sqrt(2.0 / (fanIn + fanOut));
    }

    public Params params() {
        return params;
    }

    public int numItems() {
        return numItems;
    }

    /** τ(t) for one step: cos of the e/2 frequencies, then sin; a zero last entry when e is odd. */
    public static float[] sinusoid(int t, int embSize) {
        int half = embSize / 2;
        float[] out = new float[embSize];
        for (int k = 0; k < half; k++) {
            float freq = (float) Math.exp(-Math.log(10000) * k / half);
            float arg = t * freq;
            out[k] = (float) Math.cos(arg);
            out[half + k] = (float) Math.sin(arg);
        }
        return out;
    }

    /** Lin(τ(t)) as a 1×e row, from the current weights. */
    private float[] stepEmbedding(int t) {
        float[] tau = sinusoid(t, embSize), out = embB.data().clone(), w = embW.data();
        for (int p = 0; p < embSize; p++) {
            for (int j = 0; j < embSize; j++) out[j] += tau[p] * w[p * embSize + j];
        }
        return out;
    }

    /** Grows a buffer to at least n floats (contents are not kept). */
    private static float[] ensure(float[] buf, long n) {
        return buf.length >= n ? buf : new float[Math.toIntExact(n)];
    }

    /**
     * The noisy, dropped-out denoiser input for one batch: x_t = √ᾱ_t x₀ + √(1−ᾱ_t) ε, then inverted dropout
     * (drop probability {@code dropout}). Elements are drawn row-parallel from {@code rng.split(row)}, so the
     * draws do not depend on the thread count; the noise of a dropped element is never drawn (it is unused).
     *
     * @param x0Ptr   CSR row pointers of the batch's binary x₀ rows
     * @param x0Items their item ids (the values are 1)
     */
    public float[] noisyInput(int[] x0Ptr, int[] x0Items, int[] steps, GaussianDiffusion diffusion, Rng rng) {
        int rows = steps.length;
        float[] x = inputBuf = ensure(inputBuf, (long) rows * numItems);
        float keepScale = 1f / (1f - dropout);
        forRows(rows, (lo, hi) -> {
            boolean[] kept = new boolean[numItems];
            for (int r = lo; r < hi; r++) {
                Rng row = rng.split(r);
                float a = (float) diffusion.sqrtAlphaCumprod(steps[r]), b = (float) diffusion.sqrtOneMinusAlphaCumprod(steps[r]);
                int o = r * numItems;
                for (int i = 0; i < numItems; i++) {
                    kept[i] = dropout == 0f || row.nextFloat() >= dropout;
                    x[o + i] = kept[i] ? (float) row.nextGaussian() * b * keepScale : 0f;
                }
                // x₀ enters only where the element survived dropout (nn.Dropout applied to x_t).
                for (int e = x0Ptr[r]; e < x0Ptr[r + 1]; e++) {
                    if (kept[x0Items[e]]) x[o + x0Items[e]] += a * keepScale;
                }
            }
        });
        return x;
    }

    /**
     * L = mean_b w_{t_b}·mean_i (x₀ − x̂₀)² + eLoss·mean_b mean_d ((x̂₀ F)_d − (x₀ Q)_d)², with x̂₀ = f(input, t).
     *
     * @param input     rows × n_i denoiser input (already noisy and dropped out); read again by backward
     * @param steps     t per row
     * @param x0Ptr     CSR row pointers of the binary x₀ rows; {@code x0Items} their items
     * @param weights   w_{t} per row (float32 of the float64 schedule weights)
     * @param msiFeatures F (n_i × d), detached modality projection
     * @param msiTarget x₀·Q (rows × d), detached
     */
    public Tensor trainingLoss(float[] input, int[] steps, int[] x0Ptr, int[] x0Items, float[] weights,
                               float[] msiFeatures, float[] msiTarget, int d, double eLoss) {
        int rows = steps.length, n = numItems, hd = hidden, e = embSize;
        Checks.arg(input.length >= (long) rows * n, "denoiser input holds %s floats, need %s", input.length, (long) rows * n);
        Checks.arg(msiFeatures.length == (long) n * d && msiTarget.length == (long) rows * d,
                "MSI shapes: features %s (need %s), target %s (need %s)", msiFeatures.length, (long) n * d,
                msiTarget.length, (long) rows * d);
        // Step embeddings: τ per row, then temb = τ·Wemb + bemb.
        float[] tau = new float[rows * e], temb = new float[rows * e];
        for (int r = 0; r < rows; r++) System.arraycopy(sinusoid(steps[r], e), 0, tau, r * e, e);
        for (int r = 0; r < rows; r++) System.arraycopy(embB.data(), 0, temb, r * e, e);
        Gemm.gemm(false, false, rows, e, e, 1f, tau, e, embW.data(), e, 1f, temb, e);
        // h = tanh(input·W1x + temb·W1t + b1)
        float[] h = hiddenBuf = ensure(hiddenBuf, (long) rows * hd);
        for (int r = 0; r < rows; r++) System.arraycopy(b1.data(), 0, h, r * hd, hd);
        Gemm.gemm(false, false, rows, hd, e, 1f, temb, e, w1t.data(), hd, 1f, h, hd);
        Gemm.gemm(false, false, rows, hd, n, 1f, input, n, w1x.data(), hd, 1f, h, hd);
        Parallel.forRange(rows * hd, (lo, hi) -> {
            for (int k = lo; k < hi; k++) h[k] = (float) Math.tanh(h[k]);
        });
        // x̂₀ = h·W2 + b2
        float[] out = outBuf = ensure(outBuf, (long) rows * n);
        for (int r = 0; r < rows; r++) System.arraycopy(b2.data(), 0, out, r * n, n);
        Gemm.gemm(false, false, rows, n, hd, 1f, h, hd, w2.data(), n, 1f, out, n);
        // MSI residual: x̂₀·F − x₀Q (rows × d)
        float[] msi = new float[rows * d];
        Gemm.gemm(false, false, rows, d, n, 1f, out, n, msiFeatures, d, 0f, msi, d);
        for (int k = 0; k < msi.length; k++) msi[k] -= msiTarget[k];
        // Diffusion residual in place: out ← x̂₀ − x₀ (x₀ is sparse binary).
        for (int r = 0; r < rows; r++) {
            for (int k = x0Ptr[r]; k < x0Ptr[r + 1]; k++) out[r * n + x0Items[k]] -= 1f;
        }
        double[] rowSq = new double[rows];
        forRows(rows, (lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                double s = 0;
                for (int c = r * n, end = c + n; c < end; c++) s += (double) out[c] * out[c];
                rowSq[r] = s;
            }
        });
        double diff = 0, sig = 0;
        for (int r = 0; r < rows; r++) diff += weights[r] * (rowSq[r] / n);
        for (float v : msi) sig += (double) v * v;
        float loss = (float) (diff / rows + eLoss * sig / ((double) rows * d));

        return Tensor.op(1, 1, new float[] {loss}, g -> {
            float up = g[0];
            // dL/dx̂₀ = up·(2 w_b/(rows·n)·(x̂₀ − x₀) + eLoss·2/(rows·d)·msi·Fᵀ), written over the residual.
            forRows(rows, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    float s = (float) (up * 2.0 * weights[r] / ((double) rows * n));
                    for (int c = r * n, end = c + n; c < end; c++) out[c] *= s;
                }
            });
            Gemm.gemm(false, true, rows, n, d, (float) (up * eLoss * 2.0 / ((double) rows * d)), msi, d, msiFeatures, d, 1f, out, n);
            float[] gw2 = new float[hd * n], gb2 = columnSums(out, rows, n);
            Gemm.gemm(true, false, hd, n, rows, 1f, h, hd, out, n, 0f, gw2, n);
            float[] dh = new float[rows * hd];
            Gemm.gemm(false, true, rows, hd, n, 1f, out, n, w2.data(), n, 0f, dh, hd);
            Parallel.forRange(rows * hd, (lo, hi) -> {
                for (int k = lo; k < hi; k++) dh[k] *= 1f - h[k] * h[k];
            });
            float[] gw1x = new float[n * hd], gw1t = new float[e * hd], gb1 = columnSums(dh, rows, hd);
            Gemm.gemm(true, false, n, hd, rows, 1f, input, n, dh, hd, 0f, gw1x, hd);
            Gemm.gemm(true, false, e, hd, rows, 1f, temb, e, dh, hd, 0f, gw1t, hd);
            float[] dtemb = new float[rows * e], gEmbW = new float[e * e];
            Gemm.gemm(false, true, rows, e, hd, 1f, dh, hd, w1t.data(), hd, 0f, dtemb, e);
            Gemm.gemm(true, false, e, e, rows, 1f, tau, e, dtemb, e, 0f, gEmbW, e);
            w2.accumulateGrad(gw2);
            b2.accumulateGrad(gb2);
            w1x.accumulateGrad(gw1x);
            w1t.accumulateGrad(gw1t);
            b1.accumulateGrad(gb1);
            embW.accumulateGrad(gEmbW);
            embB.accumulateGrad(columnSums(dtemb, rows, e));
        }, embW, embB, w1x, w1t, b1, w2, b2);
    }

    /**
     * Row blocks across the pool: each row here is thousands of elements, so even a batch of a few
     * hundred rows is worth splitting (Parallel.forRange would keep anything under 16k iterations on one
     * thread). Rows are independent, so results do not depend on the split.
     */
    private static void forRows(int rows, Parallel.RangeBody body) {
        Parallel.forChunks(rows, Parallel.threads(), (chunk, lo, hi) -> body.run(lo, hi));
    }

    private static float[] columnSums(float[] a, int rows, int cols) {
        double[] acc = new double[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0, o = r * cols; c < cols; c++) acc[c] += a[o + c];
        }
        float[] out = new float[cols];
        for (int c = 0; c < cols; c++) out[c] = (float) acc[c];
        return out;
    }

    /**
     * The reverse chain's per-step constants, from the current weights: M = W2·W1x (hidden × hidden),
     * u = b2·W1x and c_t = Lin(τ(t))·W1t + b1 for every t. Compute once per graph generation.
     */
    public Chain chain(GaussianDiffusion diffusion) {
        int hd = hidden, n = numItems, e = embSize;
        float[] m = new float[hd * hd], u = new float[hd];
        Gemm.gemm(false, false, hd, hd, n, 1f, w2.data(), n, w1x.data(), hd, 0f, m, hd);
        Gemm.gemm(false, false, 1, hd, n, 1f, b2.data(), n, w1x.data(), hd, 0f, u, hd);
        float[][] c = new float[diffusion.steps()][];
        for (int t = 0; t < c.length; t++) {
            float[] row = b1.data().clone();
            Gemm.gemm(false, false, 1, hd, e, 1f, stepEmbedding(t), e, w1t.data(), hd, 1f, row, hd);
            c[t] = row;
        }
        return new Chain(diffusion, m, u, c);
    }

    /** The constants of {@link #chain}. */
    public record Chain(GaussianDiffusion diffusion, float[] m, float[] u, float[][] stepBias) {}

    /**
     * Runs the reverse chain (no noise, no dropout) from x = x₀ through t = T−1 … 0 for a batch of rows and
     * writes each row's top-k items of the final x into {@code topItems} (rows × k, best first; ties to the
     * lower item id). Interacted items are not masked.
     */
    public void generateTopK(Chain chain, int[] x0Ptr, int[] x0Items, int k, int[] topItems) {
        int rows = x0Ptr.length - 1, hd = hidden, n = numItems;
        GaussianDiffusion diff = chain.diffusion();
        float[] w1 = w1x.data();
        // a = x₀·W1x, a sum of W1x rows per user
        float[] a = new float[rows * hd];
        for (int r = 0; r < rows; r++) {
            for (int p = x0Ptr[r]; p < x0Ptr[r + 1]; p++) {
                int src = x0Items[p] * hd, dst = r * hd;
                for (int j = 0; j < hd; j++) a[dst + j] += w1[src + j];
            }
        }
        float[] acc = hiddenBuf = ensure(hiddenBuf, (long) rows * hd);
        java.util.Arrays.fill(acc, 0, rows * hd, 0f);
        float[] h = new float[rows * hd];
        double gammaSum = 0, kappa = 1;
        for (int t = diff.steps() - 1; t >= 0; t--) {
            float c1 = (float) diff.posteriorMeanCoef1(t), c2 = (float) diff.posteriorMeanCoef2(t);
            float[] bias = chain.stepBias()[t];
            forRows(rows, (lo, hi) -> {
                for (int r = lo; r < hi; r++) {
                    for (int j = 0, o = r * hd; j < hd; j++) {
                        h[o + j] = (float) Math.tanh(a[o + j] + bias[j]);
                        acc[o + j] = c2 * acc[o + j] + c1 * h[o + j];
                    }
                }
            });
            gammaSum = c2 * gammaSum + c1;
            kappa = c2 * kappa;
            if (t > 0) { // a ← c1·(h·M + u) + c2·a
                float[] u = chain.u();
                forRows(rows, (lo, hi) -> {
                    for (int r = lo; r < hi; r++) {
                        for (int j = 0, o = r * hd; j < hd; j++) a[o + j] = c2 * a[o + j] + c1 * u[j];
                    }
                });
                Gemm.gemm(false, false, rows, hd, hd, c1, h, hd, chain.m(), hd, 1f, a, hd);
            }
        }
        float[] x = outBuf = ensure(outBuf, (long) rows * n);
        float g = (float) gammaSum, kap = (float) kappa;
        float[] bias2 = b2.data();
        for (int r = 0; r < rows; r++) {
            for (int i = 0, o = r * n; i < n; i++) x[o + i] = g * bias2[i];
        }
        Gemm.gemm(false, false, rows, n, hd, 1f, acc, hd, w2.data(), n, 1f, x, n);
        if (kap != 0f) {
            for (int r = 0; r < rows; r++) {
                for (int p = x0Ptr[r]; p < x0Ptr[r + 1]; p++) x[r * n + x0Items[p]] += kap;
            }
        }
        forRows(rows, (lo, hi) -> {
            long[] heap = new long[k];
            int[] items = new int[k];
            float[] scores = new float[k];
            int[] none = new int[0];
            for (int r = lo; r < hi; r++) {
                int got = TopK.select(x, r * n, n, none, 0, 0, k, items, scores, heap);
                Checks.state(got == k, "row %s: only %s finite scores for top-%s", r, got, k);
                System.arraycopy(items, 0, topItems, r * k, k);
            }
        });
    }

    /** f(x, t) without dropout, dense, for tests: rows × n_i. */
    public float[] forward(float[] x, int[] steps) {
        int rows = steps.length, hd = hidden, n = numItems, e = embSize;
        float[] h = new float[rows * hd], out = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            float[] te = stepEmbedding(steps[r]);
            float[] row = b1.data().clone();
            Gemm.gemm(false, false, 1, hd, e, 1f, te, e, w1t.data(), hd, 1f, row, hd);
            System.arraycopy(row, 0, h, r * hd, hd);
        }
        Gemm.gemm(false, false, rows, hd, n, 1f, x, n, w1x.data(), hd, 1f, h, hd);
        for (int k = 0; k < h.length; k++) h[k] = (float) Math.tanh(h[k]);
        for (int r = 0; r < rows; r++) System.arraycopy(b2.data(), 0, out, r * n, n);
        Gemm.gemm(false, false, rows, n, hd, 1f, h, hd, w2.data(), n, 1f, out, n);
        return out;
    }
}
