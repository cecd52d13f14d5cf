package org.mmrec4j.models.wrapper;

import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * The debiased entropic Sinkhorn divergence between two uniform point clouds (GUIDER's paper-mode KD,
 * spec/models.md §20.3), with cost C(x, y) = ‖x − y‖ (p = 1):
 *
 * <pre>
 *   S_ε(α, β) = OT_ε(α, β) − ½ OT_ε(α, α) − ½ OT_ε(β, β)
 *             = ⟨α, f_ba − f_aa⟩ + ⟨β, g_ab − g_bb⟩
 * </pre>
 *
 * solved in the log domain as geomloss does: ε-scaling from the cloud's diameter (the bounding-box
 * diagonal) down to ε = blur by factors {@code scaling}, one symmetric (averaged) update of the four
 * potentials per ε, further updates at ε = blur until the potentials stop moving (at most
 * {@code maxIterations} updates in all), then one last extrapolation step. softmin_ε(C, h)_i =
 * −ε log Σ_j exp(h_j − C_ij/ε).
 *
 * <p>Gradient: at the fixed point ∂OT_ε/∂C = π, the transport plan π_ij = α_i β_j exp((f_i + g_j −
 * C_ij)/ε) (envelope theorem), so ∂S/∂x_i = Σ_j π^{xy}_ij (x_i − y_j)/‖x_i − y_j‖ − Σ_j π̄^{xx}_ij
 * (x_i − x_j)/‖x_i − x_j‖ with π̄ the symmetrised self-plan; the same for y. Both are two GEMMs. The
 * cost is computed as sqrt(max(‖x‖² + ‖y‖² − 2x·y, 1e-8)) on centred points (distances do not change,
 * rounding does), squared distances within float32 rounding of the norms (1e-6 relative) count as 0,
 * and entries at the clamp carry no gradient, as in geomloss.
 */
public final class SinkhornDivergence {
    private static final double MIN_SQUARED = 1e-8;
    /** Relative rounding of ‖a‖² + ‖b‖² − 2a·b with a float32 dot product. */
    private static final double ROUNDING = 1e-6;

    /** @param blur the final ε; @param scaling the ε factor per annealing step, in (0, 1) */
    public record Options(double blur, double scaling, int maxIterations) {
        public Options {
            Checks.arg(blur > 0, "Sinkhorn blur (final epsilon) must be > 0, got %s", blur);
            Checks.arg(scaling > 0 && scaling < 1, "Sinkhorn scaling must be in (0, 1), got %s", scaling);
            Checks.arg(maxIterations >= 1, "Sinkhorn iterations must be >= 1, got %s", maxIterations);
        }
    }

    private SinkhornDivergence() {}

    /** S_ε between the rows of x (n×D) and of y (m×D), 1×1; gradients reach whichever needs one. */
    public static Tensor divergence(Tensor x, Tensor y, Options opt) {
        Checks.arg(x.cols() == y.cols(), "Sinkhorn: clouds of dimension %s and %s", x.cols(), y.cols());
        Checks.arg(x.rows() > 0 && y.rows() > 0, "Sinkhorn: empty cloud (%s, %s)", x.shape(), y.shape());
        int n = x.rows(), m = y.rows(), dim = x.cols();
        float[][] centred = centre(x.data(), n, y.data(), m, dim);
        float[] xc = centred[0], yc = centred[1];
        double[] cxy = cost(xc, n, yc, m, dim), cyx = transpose(cxy, n, m);
        double[] cxx = selfCost(xc, n, dim), cyy = selfCost(yc, m, dim);
        double aLog = -Math.log(n), bLog = -Math.log(m);

        double eps = diameter(xc, n, yc, m, dim);
        double blur = opt.blur();
        if (eps < blur) eps = blur;
        double[] fba = softmin(eps, cxy, n, m, constant(m, bLog)), gab = softmin(eps, cyx, m, n, constant(n, aLog));
        double[] faa = softmin(eps, cxx, n, n, constant(n, aLog)), gbb = softmin(eps, cyy, m, m, constant(m, bLog));
        int iterations = 0;
        boolean annealing = true;
        while (iterations < opt.maxIterations()) {
            double[] ftba = softmin(eps, cxy, n, m, shifted(bLog, gab, eps)), gtab = softmin(eps, cyx, m, n, shifted(aLog, fba, eps));
            double[] ftaa = softmin(eps, cxx, n, n, shifted(aLog, faa, eps)), gtbb = softmin(eps, cyy, m, m, shifted(bLog, gbb, eps));
            double change = average(fba, ftba) + average(gab, gtab) + average(faa, ftaa) + average(gbb, gtbb);
            iterations++;
            if (annealing) {
                if (eps <= blur) annealing = false;
                eps = Math.max(blur, eps * opt.scaling());
            } else if (change < 1e-6 * blur) {
                break;
            }
        }
        eps = blur;
        // Last extrapolation: a full (not averaged) update at the final ε, as geomloss ends.
        double[] f = softmin(eps, cxy, n, m, shifted(bLog, gab, eps)), g = softmin(eps, cyx, m, n, shifted(aLog, fba, eps));
        double[] fs = softmin(eps, cxx, n, n, shifted(aLog, faa, eps)), gs = softmin(eps, cyy, m, m, shifted(bLog, gbb, eps));
        double value = 0;
        for (int i = 0; i < n; i++) value += (f[i] - fs[i]) / n;
        for (int j = 0; j < m; j++) value += (g[j] - gs[j]) / m;
        double finalEps = eps;
        return Tensor.op(1, 1, new float[] {(float) value}, up -> {
            double[] pxy = plan(cxy, n, m, f, g, aLog, bLog, finalEps);
            if (x.requiresGrad()) {
                double[] pxx = symmetrised(plan(cxx, n, n, fs, fs, aLog, aLog, finalEps), n);
                float[] gx = pull(pxy, cxy, xc, n, yc, m, dim, up[0]);
                subtract(gx, pull(pxx, cxx, xc, n, xc, n, dim, up[0]));
                x.accumulateGrad(gx);
            }
            if (y.requiresGrad()) {
                double[] pyy = symmetrised(plan(cyy, m, m, gs, gs, bLog, bLog, finalEps), m);
                float[] gy = pull(transpose(pxy, n, m), cyx, yc, m, xc, n, dim, up[0]);
                subtract(gy, pull(pyy, cyy, yc, m, yc, m, dim, up[0]));
                y.accumulateGrad(gy);
            }
        }, x, y);
    }

    /** Both clouds minus their joint mean. */
    private static float[][] centre(float[] x, int n, float[] y, int m, int dim) {
        double[] mean = new double[dim];
        for (int i = 0; i < n; i++) for (int k = 0; k < dim; k++) mean[k] += x[i * dim + k];
        for (int j = 0; j < m; j++) for (int k = 0; k < dim; k++) mean[k] += y[j * dim + k];
        float[] xc = new float[n * dim], yc = new float[m * dim];
        for (int i = 0; i < n; i++) for (int k = 0; k < dim; k++) xc[i * dim + k] = (float) (x[i * dim + k] - mean[k] / (n + m));
        for (int j = 0; j < m; j++) for (int k = 0; k < dim; k++) yc[j * dim + k] = (float) (y[j * dim + k] - mean[k] / (n + m));
        return new float[][] {xc, yc};
    }

    /** ‖a_i − b_j‖ (n×m), with squared distances clamped at 1e-8 before the root. */
    static double[] cost(float[] a, int n, float[] b, int m, int dim) {
        float[] dots = new float[n * m];
        Gemm.gemm(false, true, n, m, dim, 1f, a, dim, b, dim, 0f, dots, m);
        double[] na = squaredNorms(a, n, dim), nb = squaredNorms(b, m, dim);
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double sq = na[i] + nb[j] - 2.0 * dots[i * m + j];
                // Below float32 GEMM rounding of the expansion the points coincide: clamp, as for a zero distance.
                c[i * m + j] = Math.sqrt(sq < ROUNDING * (na[i] + nb[j]) ? MIN_SQUARED : Math.max(sq, MIN_SQUARED));
            }
        }
        return c;
    }

    /** {@link #cost} of a cloud with itself, with the diagonal exactly at the clamp (GEMM rounding would jitter it). */
    private static double[] selfCost(float[] a, int n, int dim) {
        double[] c = cost(a, n, a, n, dim);
        for (int i = 0; i < n; i++) c[i * n + i] = Math.sqrt(MIN_SQUARED);
        return c;
    }

    private static double[] squaredNorms(float[] a, int n, int dim) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < dim; k++) s += (double) a[i * dim + k] * a[i * dim + k];
            out[i] = s;
        }
        return out;
    }

    /** The diagonal of the bounding box of both clouds (geomloss's default diameter). */
    private static double diameter(float[] x, int n, float[] y, int m, int dim) {
        double sq = 0;
        for (int k = 0; k < dim; k++) {
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < n; i++) {
                lo = Math.min(lo, x[i * dim + k]);
                hi = Math.max(hi, x[i * dim + k]);
            }
            for (int j = 0; j < m; j++) {
                lo = Math.min(lo, y[j * dim + k]);
                hi = Math.max(hi, y[j * dim + k]);
            }
            sq += (hi - lo) * (hi - lo);
        }
        return Math.sqrt(sq);
    }

    /** out_i = −ε log Σ_j exp(h_j − C_ij/ε), rows in parallel (each row alone: deterministic). */
    static double[] softmin(double eps, double[] c, int rows, int cols, double[] h) {
        double[] out = new double[rows];
        double inv = 1 / eps;
        int chunks = (long) rows * cols < 16_384 ? 1 : Parallel.threads();
        Parallel.forChunks(rows, chunks, (chunk, lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                int o = i * cols;
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < cols; j++) max = Math.max(max, h[j] - c[o + j] * inv);
                double s = 0;
                for (int j = 0; j < cols; j++) s += Math.exp(h[j] - c[o + j] * inv - max);
                out[i] = -eps * (max + Math.log(s));
            }
        });
        return out;
    }

    private static double[] constant(int n, double v) {
        double[] out = new double[n];
        java.util.Arrays.fill(out, v);
        return out;
    }

    /** logWeight + potential/ε. */
    private static double[] shifted(double logWeight, double[] potential, double eps) {
        double[] out = new double[potential.length];
        for (int i = 0; i < out.length; i++) out[i] = logWeight + potential[i] / eps;
        return out;
    }

    /** a ← (a + b)/2; returns max |a_new − a_old|. */
    private static double average(double[] a, double[] b) {
        double change = 0;
        for (int i = 0; i < a.length; i++) {
            double v = 0.5 * (a[i] + b[i]);
            change = Math.max(change, Math.abs(v - a[i]));
            a[i] = v;
        }
        return change;
    }

    private static double[] plan(double[] c, int n, int m, double[] f, double[] g, double aLog, double bLog, double eps) {
        double[] p = new double[n * m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) p[i * m + j] = Math.exp(aLog + bLog + (f[i] + g[j] - c[i * m + j]) / eps);
        }
        return p;
    }

    private static double[] symmetrised(double[] p, int n) {
        double[] out = new double[n * n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) out[i * n + j] = 0.5 * (p[i * n + j] + p[j * n + i]);
        return out;
    }

    private static double[] transpose(double[] a, int rows, int cols) {
        double[] t = new double[a.length];
        for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) t[j * rows + i] = a[i * cols + j];
        return t;
    }

    /** up·Σ_j W_ij (a_i − b_j) with W = π/C (0 where the cost was clamped): rowsum(W)·a_i − (W b)_i. */
    private static float[] pull(double[] plan, double[] c, float[] a, int n, float[] b, int m, int dim, float up) {
        float[] w = new float[n * m];
        double clamp = Math.sqrt(MIN_SQUARED);
        double[] rowSum = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double cij = c[i * m + j];
                double v = cij <= clamp ? 0 : plan[i * m + j] / cij;
                w[i * m + j] = (float) v;
                rowSum[i] += v;
            }
        }
        float[] out = new float[n * dim];
        Gemm.gemm(false, false, n, dim, m, -1f, w, m, b, dim, 0f, out, dim);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < dim; k++) out[i * dim + k] = up * (out[i * dim + k] + (float) rowSum[i] * a[i * dim + k]);
        }
        return out;
    }

    private static void subtract(float[] a, float[] b) {
        for (int i = 0; i < a.length; i++) a[i] -= b[i];
    }
}
