package org.mmrec4j.models.block;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Tensor;

/**
 * The real FFT along each row of an r×n block and its inverse, with orthonormal scaling (PyTorch's
 * {@code torch.fft.rfft/irfft(..., norm='ortho')}), written as products with constant real DFT
 * matrices so that autograd needs no FFT op of its own (SMORE's spectral fusion, spec/models.md §14).
 *
 * <p>Forward, K = n/2 + 1 bins: {@code Re X_k = Σ_j x_j cos(2πjk/n)/√n}, {@code Im X_k = −Σ_j x_j sin(2πjk/n)/√n}.
 * Inverse: {@code x_j = (Re X_0 + Σ_{k≥1} c_k (Re X_k cos(2πjk/n) − Im X_k sin(2πjk/n)))/√n} with c_k = 2,
 * except c = 1 for the Nyquist bin of an even n. This is the Hermitian completion that pocketfft's c2r
 * (behind torch.fft.irfft) computes: the imaginary parts of the DC and Nyquist bins are ignored, which
 * here falls out of their sine rows being exactly zero.
 *
 * <p>Cost: two r×n×K GEMMs each way; for n = 64 that is well under the GEMMs around it, and the
 * matrices are built once.
 */
public final class RealFft {

    /** A block of spectra: real and imaginary parts, each r×K (or 1×K for a filter). */
    public record Spectrum(Tensor re, Tensor im) {
        public Spectrum {
            Checks.arg(re.rows() == im.rows() && re.cols() == im.cols(), "spectrum parts differ: %s and %s", re.shape(), im.shape());
        }

        /** Element-wise complex product; {@code other} may be a 1×K filter broadcast over the rows. */
        public Spectrum times(Spectrum other) {
            return new Spectrum(re.mul(other.re).sub(im.mul(other.im)), re.mul(other.im).add(im.mul(other.re)));
        }
    }

    private final int n, bins;
    private final Tensor forwardRe, forwardIm; // n×K
    private final Tensor inverseRe, inverseIm; // K×n

    public RealFft(int n) {
        Checks.arg(n >= 1, "FFT length must be >= 1, got %s", n);
        this.n = n;
        this.bins = n / 2 + 1;
        float[] fr = new float[n * bins], fi = new float[n * bins], ir = new float[bins * n], ii = new float[bins * n];
        double scale = 1 / Math.sqrt(n);
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < bins; k++) {
                int phase = (int) ((long) j * k % n); // reduce before the angle: exact at multiples of π/2
                double cos = cosOf(phase, n), sin = sinOf(phase, n);
                fr[j * bins + k] = (float) (cos * scale);
                fi[j * bins + k] = (float) (-sin * scale);
                double c = (k == 0 || 2 * k == n) ? 1 : 2;
                ir[k * n + j] = (float) (c * cos * scale);
                ii[k * n + j] = (float) (-c * sin * scale);
            }
        }
        forwardRe = Tensor.wrap(n, bins, fr);
        forwardIm = Tensor.wrap(n, bins, fi);
        inverseRe = Tensor.wrap(bins, n, ir);
        inverseIm = Tensor.wrap(bins, n, ii);
    }

    /** cos(2π·phase/n), exact (0, ±1) where the angle is a multiple of π/2. */
    private static double cosOf(int phase, int n) {
        if (4L * phase % n == 0) return new double[] {1, 0, -1, 0}[(int) (4L * phase / n)];
        return Math.cos(2 * Math.PI * phase / n);
    }

    private static double sinOf(int phase, int n) {
        if (4L * phase % n == 0) return new double[] {0, 1, 0, -1}[(int) (4L * phase / n)];
        return Math.sin(2 * Math.PI * phase / n);
    }

    public int length() {
        return n;
    }

    /** Number of complex bins, n/2 + 1. */
    public int bins() {
        return bins;
    }

    /** rfft of each row (r×n → two r×K parts). */
    public Spectrum forward(Tensor x) {
        Checks.arg(x.cols() == n, "rfft of length %s over %s", n, x.shape());
        return new Spectrum(x.matmul(forwardRe), x.matmul(forwardIm));
    }

    /** irfft of each row back to length n (two r×K parts → r×n). */
    public Tensor inverse(Spectrum s) {
        Checks.arg(s.re().cols() == bins, "irfft expects %s bins, got %s", bins, s.re().shape());
        return s.re().matmul(inverseRe).add(s.im().matmul(inverseIm));
    }

    /**
     * irfft(s ⊙ w) for a 1×K filter w, with the filter folded into the inverse matrices first:
     * Re(s·w)·Ire + Im(s·w)·Iim = Re s·(w_r Ire + w_i Iim) + Im s·(w_r Iim − w_i Ire). The broadcast
     * products then touch K×n matrices instead of r×K tables.
     */
    public Tensor inverseFiltered(Spectrum s, Spectrum w) {
        Checks.arg(w.re().rows() == 1 && w.re().cols() == bins, "filter must be 1x%s, got %s", bins, w.re().shape());
        Tensor wr = w.re().transpose(), wi = w.im().transpose(); // K×1 columns
        Tensor re = inverseRe.mul(wr).add(inverseIm.mul(wi));
        Tensor im = inverseIm.mul(wr).sub(inverseRe.mul(wi));
        return s.re().matmul(re).add(s.im().matmul(im));
    }

    /**
     * The n×n matrix of x ↦ irfft(rfft(x) ⊙ w) (a circular convolution, linear in x), so that a filtered
     * table is one GEMM x·K. Built by filtering the identity; differentiable in w.
     */
    public Tensor filterMatrix(Spectrum w) {
        float[] eye = new float[n * n];
        for (int i = 0; i < n; i++) eye[i * n + i] = 1f;
        return inverseFiltered(forward(Tensor.wrap(n, n, eye)), w);
    }
}
