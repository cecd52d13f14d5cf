package org.mmrec4j.models.multimodal.diffusion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

/** The fused denoiser loss against finite differences and a plain re-computation; the hidden-space chain against the plain one. */
class DenoiserTest {
    private static final int ITEMS = 9, HIDDEN = 6, EMB = 4, D = 3;
    private final GaussianDiffusion schedule = new GaussianDiffusion(5, 0.1, 1e-4, 0.02);
    // three users' binary rows: {1, 4}, {}, {0, 2, 8}
    private final int[] ptr = {0, 2, 2, 5}, cols = {1, 4, 0, 2, 8};
    private final int[] steps = {0, 3, 1};

    private Denoiser denoiser(long seed) {
        Denoiser d = new Denoiser("m", ITEMS, HIDDEN, EMB, 0.5, new Rng(seed));
        // Init weights are tiny (std ~0.4 for these sizes, biases 1e-3); widen the biases so every one matters.
        for (Tensor p : d.params().tensors()) {
            if (p.rows() == 1) for (int i = 0; i < p.size(); i++) p.data()[i] = 0.3f * (float) Math.sin(i + 1);
        }
        return d;
    }

    private static float[] random(int n, long seed) {
        Rng r = new Rng(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }

    private float[] weights() {
        float[] w = new float[steps.length];
        for (int r = 0; r < w.length; r++) w[r] = (float) (schedule.lossWeight(steps[r]) / 1000); // keep the terms comparable
        return w;
    }

    @Test
    void trainingLossGradientMatchesFiniteDifferences() {
        Denoiser d = denoiser(1);
        float[] input = random(steps.length * ITEMS, 2), feats = random(ITEMS * D, 3), target = random(steps.length * D, 4);
        float[] w = weights();
        GradCheck.check("denoiser loss", 1e-2f, 2e-2, 2e-3,
                x -> d.trainingLoss(input, steps, ptr, cols, w, feats, target, D, 0.7),
                d.params().tensors().toArray(new Tensor[0]));
    }

    @Test
    void trainingLossEqualsThePlainFormula() {
        Denoiser d = denoiser(5);
        float[] input = random(steps.length * ITEMS, 6), feats = random(ITEMS * D, 7), target = random(steps.length * D, 8);
        float[] w = weights();
        float fused;
        try (var off = Grad.off()) {
            fused = d.trainingLoss(input, steps, ptr, cols, w, feats, target, D, 0.7).item();
        }
        float[] out = d.forward(input, steps);
        double diff = 0, msi = 0;
        for (int r = 0; r < steps.length; r++) {
            double sq = 0;
            for (int i = 0; i < ITEMS; i++) {
                double x0 = 0;
                for (int p = ptr[r]; p < ptr[r + 1]; p++) if (cols[p] == i) x0 = 1;
                sq += Math.pow(x0 - out[r * ITEMS + i], 2);
            }
            diff += w[r] * sq / ITEMS;
            for (int j = 0; j < D; j++) {
                double s = 0;
                for (int i = 0; i < ITEMS; i++) s += out[r * ITEMS + i] * feats[i * D + j];
                msi += Math.pow(s - target[r * D + j], 2) / D;
            }
        }
        double expected = diff / steps.length + 0.7 * msi / steps.length;
        assertThat((double) fused).isCloseTo(expected, within(1e-4 * Math.abs(expected)));
    }

    @Test
    void hiddenSpaceChainPicksTheSameItemsAsThePlainReverseChain() {
        Denoiser d = denoiser(9);
        int k = 3, rows = ptr.length - 1;
        int[] fast = new int[rows * k];
        d.generateTopK(d.chain(schedule), ptr, cols, k, fast);
        // plain: x ← c1_t f(x, t) + c2_t x from x = x₀, dense, through t = 4 … 0
        float[] x = new float[rows * ITEMS];
        for (int r = 0; r < rows; r++) for (int p = ptr[r]; p < ptr[r + 1]; p++) x[r * ITEMS + cols[p]] = 1f;
        for (int t = schedule.steps() - 1; t >= 0; t--) {
            int[] ts = new int[rows];
            java.util.Arrays.fill(ts, t);
            float[] f = d.forward(x, ts);
            schedule.posteriorMean(f, x, t, x);
        }
        for (int r = 0; r < rows; r++) {
            Integer[] order = new Integer[ITEMS];
            for (int i = 0; i < ITEMS; i++) order[i] = i;
            final int row = r;
            java.util.Arrays.sort(order, (a, b) -> Float.compare(x[row * ITEMS + b], x[row * ITEMS + a]));
            for (int j = 0; j < k; j++) assertThat(fast[r * k + j]).as("row %d rank %d", r, j).isEqualTo(order[j]);
        }
    }

    @Test
    void noisyInputIsTheForwardProcessUnderInvertedDropout() {
        Denoiser d = new Denoiser("m", 2000, HIDDEN, EMB, 0.5, new Rng(1));
        int[] p = {0, 1000}, c = new int[1000];
        for (int i = 0; i < 1000; i++) c[i] = i; // the first half of the items is interacted
        float[] x = d.noisyInput(p, c, new int[] {4}, schedule, new Rng(3));
        int dropped = 0;
        double noiseSq = 0, signal = 0;
        int kept1 = 0, kept0 = 0;
        for (int i = 0; i < 2000; i++) {
            if (x[i] == 0f) {
                dropped++;
            } else if (i < 1000) {
                signal += x[i];
                kept1++;
            } else {
                noiseSq += x[i] * x[i];
                kept0++;
            }
        }
        assertThat(dropped).isBetween(900, 1100);
        // kept entries are 2·(√ᾱ x₀ + √(1−ᾱ) ε): mean 2√ᾱ on interacted items, variance 4(1−ᾱ) elsewhere
        assertThat(signal / kept1).isCloseTo(2 * schedule.sqrtAlphaCumprod(4), within(0.01));
        assertThat(noiseSq / kept0).isCloseTo(4 * (1 - schedule.alphaCumprod(4)), within(0.0015));
    }
}
