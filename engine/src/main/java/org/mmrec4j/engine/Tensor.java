package org.mmrec4j.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import org.mmrec4j.engine.kernel.Gemm;

/**
 * A dense row-major float32 matrix that is also a reverse-mode autograd node.
 *
 * <p>Layout: one {@code float[]} of {@code rows·cols}, element (r, c) at {@code r·cols + c}. Every
 * tensor is 2-D (vectors are n×1 or 1×n, scalars 1×1): recommenders only need embedding tables,
 * batches of rows and scalars, and a single layout keeps every kernel a flat loop the JIT vectorises.
 *
 * <p>Ops never mutate their inputs. Each op computes its output and, in the same method, attaches the
 * closure that pushes the output's gradient to its inputs (micrograd's shape). Composite functions
 * (losses, norms) are compositions of these ops and need no backward of their own. Methods that mutate
 * end in {@code InPlace}.
 *
 * <p>Broadcasting in element-wise ops: the right operand may be r×c, 1×c (a row), r×1 (a column) or
 * 1×1; anything else throws with both shapes.
 *
 * <p>The class is long because every op lives here with its backward, next to the private graph
 * bookkeeping they share; splitting ops into separate classes would expose that bookkeeping.
 */
public final class Tensor {
    private final int rows, cols;
    private final float[] data;
    private float[] grad;
    private final boolean requiresGrad;
    private final Tensor[] parents;
    private Runnable backward;

    private Tensor(int rows, int cols, float[] data, boolean requiresGrad, Tensor[] parents) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
        this.requiresGrad = requiresGrad;
        this.parents = parents;
    }

    // ---------------------------------------------------------------- construction

    public static Tensor zeros(int rows, int cols) {
        Checks.arg(rows >= 0 && cols >= 0, "shape must be non-negative, got %sx%s", rows, cols);
        return new Tensor(rows, cols, new float[Math.multiplyExact(rows, cols)], false, null);
    }

    /** Wraps data without copying. */
    public static Tensor wrap(int rows, int cols, float[] data) {
        Checks.arg(data.length == (long) rows * cols, "data length %s does not match shape %sx%s", data.length, rows, cols);
        return new Tensor(rows, cols, data, false, null);
    }

    public static Tensor of(float[][] values) {
        int r = values.length, c = r == 0 ? 0 : values[0].length;
        float[] d = new float[r * c];
        for (int i = 0; i < r; i++) {
            Checks.arg(values[i].length == c, "row %s has %s values, expected %s", i, values[i].length, c);
            System.arraycopy(values[i], 0, d, i * c, c);
        }
        return new Tensor(r, c, d, false, null);
    }

    public static Tensor scalar(float v) {
        return new Tensor(1, 1, new float[] {v}, false, null);
    }

    /** A trainable leaf: gradients accumulate into it. */
    public static Tensor parameter(int rows, int cols, float[] data) {
        Checks.arg(data.length == (long) rows * cols, "data length %s does not match shape %sx%s", data.length, rows, cols);
        return new Tensor(rows, cols, data, true, null);
    }

    /** Output of an op: records parents only while gradients are on and some parent needs one. */
    private static Tensor result(int rows, int cols, float[] data, Tensor... parents) {
        boolean needs = false;
        if (Grad.enabled()) {
            for (Tensor p : parents) needs |= p.requiresGrad;
        }
        return new Tensor(rows, cols, data, needs, needs ? parents : null);
    }

    /** The backward of an op built outside this class: receives the output's gradient. */
    @FunctionalInterface
    public interface Backward {
        void run(float[] outputGrad);
    }

    /**
     * An op defined outside this class (sparse-value ops, model-specific kernels): {@code data} is the
     * output, and {@code backward} pushes the output gradient to the parents through
     * {@link #accumulateGrad}. Every such op still needs its own finite-difference check.
     */
    public static Tensor op(int rows, int cols, float[] data, Backward backward, Tensor... parents) {
        Checks.arg(data.length == (long) rows * cols, "data length %s does not match shape %sx%s", data.length, rows, cols);
        Tensor r = result(rows, cols, data, parents);
        if (r.requiresGrad) r.backward = () -> backward.run(r.grad);
        return r;
    }

    /** For {@link #op} backwards: adds g (same shape, adopted) to this tensor's gradient if it needs one. */
    public void accumulateGrad(float[] g) {
        Checks.arg(g.length == data.length, "gradient length %s does not match %s", g.length, shape());
        if (requiresGrad) addGrad(g);
    }

    // ---------------------------------------------------------------- accessors

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int size() {
        return data.length;
    }

    /** The backing array; callers must not write to it unless they own the tensor. */
    public float[] data() {
        return data;
    }

    public float get(int r, int c) {
        return data[r * cols + c];
    }

    public float item() {
        Checks.state(data.length == 1, "item() needs a 1x1 tensor, got %s", shape());
        return data[0];
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The accumulated gradient, or null before any backward reached this tensor. */
    public float[] grad() {
        return grad;
    }

    public String shape() {
        return rows + "x" + cols;
    }

    public float[][] toArray() {
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) System.arraycopy(data, r * cols, out[r], 0, cols);
        return out;
    }

    @Override
    public String toString() {
        return "Tensor[" + shape() + (requiresGrad ? ", grad" : "") + "]";
    }

    // ---------------------------------------------------------------- autograd

    /** Back-propagates from this 1×1 tensor; gradients accumulate into every reachable leaf. */
    public void backward() {
        Checks.state(data.length == 1, "backward() needs a 1x1 tensor, got %s", shape());
        backward(new float[] {1f});
    }

    /** Back-propagates with the given upstream gradient (same shape as this tensor). */
    public void backward(float[] upstream) {
        if (!requiresGrad) return;
        List<Tensor> order = topologicalOrder();
        addGrad(upstream.clone());
        for (int i = order.size() - 1; i >= 0; i--) {
            Tensor t = order.get(i);
            if (t.backward != null && t.grad != null) {
                t.backward.run();
                // Free interior state: graphs are built fresh each batch.
                t.backward = null;
                t.grad = null;
            }
        }
    }

    /** Iterative post-order DFS: graphs of a few thousand nodes would overflow a recursive one. */
    private List<Tensor> topologicalOrder() {
        List<Tensor> order = new ArrayList<>();
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {this, 0});
        seen.put(this, true);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            int next = (Integer) top[1];
            if (t.parents != null && next < t.parents.length) {
                top[1] = next + 1;
                Tensor p = t.parents[next];
                if (p.requiresGrad && seen.put(p, true) == null) stack.push(new Object[] {p, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }

    /** Adds g to this tensor's gradient; g may be adopted, so callers pass arrays they no longer use. */
    private void addGrad(float[] g) {
        if (grad == null) {
            grad = g;
        } else {
            float[] acc = grad;
            Parallel.forRange(acc.length, (lo, hi) -> {
                for (int i = lo; i < hi; i++) acc[i] += g[i];
            });
        }
    }

    /** Adds g into rows of this tensor's gradient, allocating it lazily (scatter-add). */
    private void addGradRows(int[] index, float[] g) {
        if (grad == null) grad = new float[data.length];
        float[] acc = grad;
        int c = cols;
        // Sequential: indices repeat within a batch, so row blocks would race.
        for (int i = 0; i < index.length; i++) {
            int dst = index[i] * c, src = i * c;
            for (int j = 0; j < c; j++) acc[dst + j] += g[src + j];
        }
    }

    public void zeroGradInPlace() {
        grad = null;
    }

    /** Same values, no gradient flow (stop-gradient). */
    public Tensor detach() {
        return new Tensor(rows, cols, data, false, null);
    }

    /** A copy of the values with no history. */
    public Tensor copy() {
        return new Tensor(rows, cols, data.clone(), false, null);
    }

    // ---------------------------------------------------------------- linear algebra

    /** this (m×k) · b (k×n). */
    public Tensor matmul(Tensor b) {
        Checks.arg(cols == b.rows, "matmul: %s · %s: inner sizes differ", shape(), b.shape());
        int m = rows, k = cols, n = b.cols;
        float[] out = new float[m * n];
        Gemm.gemm(false, false, m, n, k, 1f, data, k, b.data, n, 0f, out, n);
        Tensor a = this;
        Tensor r = result(m, n, out, a, b);
        if (r.requiresGrad) r.backward = () -> {
            float[] g = r.grad;
            if (a.requiresGrad) { // dA = G · Bᵀ
                float[] ga = new float[m * k];
                Gemm.gemm(false, true, m, k, n, 1f, g, n, b.data, n, 0f, ga, k);
                a.addGrad(ga);
            }
            if (b.requiresGrad) { // dB = Aᵀ · G
                float[] gb = new float[k * n];
                Gemm.gemm(true, false, k, n, m, 1f, a.data, k, g, n, 0f, gb, n);
                b.addGrad(gb);
            }
        };
        return r;
    }

    /** this (m×k) · bᵀ where b is n×k: the scoring shape, users·itemsᵀ. */
    public Tensor matmulT(Tensor b) {
        Checks.arg(cols == b.cols, "matmulT: %s · (%s)ᵀ: column counts differ", shape(), b.shape());
        int m = rows, k = cols, n = b.rows;
        float[] out = new float[m * n];
        Gemm.gemm(false, true, m, n, k, 1f, data, k, b.data, k, 0f, out, n);
        Tensor a = this;
        Tensor r = result(m, n, out, a, b);
        if (r.requiresGrad) r.backward = () -> {
            float[] g = r.grad;
            if (a.requiresGrad) { // dA = G · B
                float[] ga = new float[m * k];
                Gemm.gemm(false, false, m, k, n, 1f, g, n, b.data, k, 0f, ga, k);
                a.addGrad(ga);
            }
            if (b.requiresGrad) { // dB = Gᵀ · A
                float[] gb = new float[n * k];
                Gemm.gemm(true, false, n, k, m, 1f, g, n, a.data, k, 0f, gb, k);
                b.addGrad(gb);
            }
        };
        return r;
    }

    /** Transpose as a new tensor. */
    public Tensor transpose() {
        float[] out = new float[data.length];
        transposeInto(data, rows, cols, out);
        Tensor a = this;
        Tensor r = result(cols, rows, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] ga = new float[a.data.length];
            transposeInto(r.grad, cols, rows, ga);
            a.addGrad(ga);
        };
        return r;
    }

    private static void transposeInto(float[] src, int rows, int cols, float[] dst) {
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) dst[j * rows + i] = src[i * cols + j];
        }
    }

    /** Sparse·dense, with a constant sparse matrix: used for graph propagation. */
    public static Tensor spmm(CsrMatrix a, Tensor x) {
        Checks.arg(a.cols() == x.rows, "spmm: sparse %sx%s · %s: inner sizes differ", a.rows(), a.cols(), x.shape());
        float[] out = new float[a.rows() * x.cols];
        a.multiplyInto(x.data, x.cols, out);
        Tensor r = result(a.rows(), x.cols, out, x);
        if (r.requiresGrad) r.backward = () -> {
            float[] gx = new float[x.data.length];
            a.transpose().multiplyInto(r.grad, x.cols, gx);
            x.addGrad(gx);
        };
        return r;
    }

    /**
     * Fused LightGCN propagation: mean(X, A·X, …, A^L·X). One op instead of L spmm, L adds and a
     * scale saves ~3L full-table temporaries per batch, which dominated a Baby epoch. Backward runs
     * the same recurrence with Aᵀ (Horner form): G_L = g/(L+1), G_l = g/(L+1) + Aᵀ·G_{l+1}, dX = G_0.
     */
    public static Tensor spmmLayerMean(CsrMatrix a, Tensor x, int layers) {
        Checks.arg(a.rows() == a.cols() && a.cols() == x.rows, "spmmLayerMean: needs a square %sx%s matrix over %s rows",
                a.rows(), a.cols(), x.shape());
        int w = x.cols;
        float inv = 1f / (layers + 1);
        float[] out = new float[x.data.length];
        float[] cur = x.data, next = new float[x.data.length], spare = layers > 1 ? new float[x.data.length] : null;
        addScaled(out, cur, inv);
        for (int l = 0; l < layers; l++) {
            a.multiplyInto(cur, w, next);
            addScaled(out, next, inv);
            float[] t = cur == x.data ? spare : cur;
            cur = next;
            next = t;
        }
        Tensor r = result(x.rows, w, out, x);
        if (r.requiresGrad) r.backward = () -> {
            CsrMatrix at = a.transpose();
            float[] g = r.grad;
            float[] acc = new float[g.length];
            addScaled(acc, g, inv);
            float[] tmp = new float[g.length];
            for (int l = 0; l < layers; l++) {
                at.multiplyInto(acc, w, tmp);
                float[] swap = acc;
                acc = tmp;
                tmp = swap;
                addScaled(acc, g, inv);
            }
            x.addGrad(acc);
        };
        return r;
    }

    /**
     * {@link #spmmLayerMean} evaluated only at the given rows (sorted, distinct): output row p is
     * mean(X, A·X, …, A^L·X)[rows[p]]. Exact, because each output row depends on the rest only through
     * A; the last layer is computed for the requested rows only and backward starts from a row-sparse
     * gradient, so a LightGCN batch costs 2L−2 full sparse products instead of 2L.
     */
    public static Tensor spmmLayerMeanAt(CsrMatrix a, Tensor x, int layers, int[] rows) {
        Checks.arg(layers >= 1, "spmmLayerMeanAt needs layers >= 1, got %s", layers);
        Checks.arg(a.rows() == a.cols() && a.cols() == x.rows, "spmmLayerMeanAt: needs a square %sx%s matrix over %s rows",
                a.rows(), a.cols(), x.shape());
        int w = x.cols, n = x.rows, m = rows.length;
        float inv = 1f / (layers + 1);
        float[] out = new float[m * w];
        float[] prev = x.data;
        for (int l = 1; l < layers; l++) {
            float[] next = new float[n * w];
            a.multiplyInto(prev, w, next);
            gatherAddScaled(out, prev, rows, w, inv);
            prev = next;
        }
        gatherAddScaled(out, prev, rows, w, inv);
        float[] last = new float[m * w];
        a.multiplyRowsInto(rows, prev, w, last);
        addScaled(out, last, inv);
        Tensor r = result(m, w, out, x);
        if (r.requiresGrad) r.backward = () -> {
            CsrMatrix at = a.transpose();
            float[] s = r.grad.clone();
            for (int i = 0; i < s.length; i++) s[i] *= inv;
            int[] posOf = new int[n];
            Arrays.fill(posOf, -1);
            for (int p = 0; p < m; p++) posOf[rows[p]] = p;
            float[] d = new float[n * w];
            at.multiplyCompactInto(posOf, s, w, d);
            scatterAdd(d, s, rows, w);
            float[] tmp = new float[n * w];
            for (int l = layers - 2; l >= 0; l--) {
                at.multiplyInto(d, w, tmp);
                scatterAdd(tmp, s, rows, w);
                float[] swap = d;
                d = tmp;
                tmp = swap;
            }
            x.addGrad(d);
        };
        return r;
    }

    /** out[p] += s · src[rows[p]] for every p. */
    private static void gatherAddScaled(float[] out, float[] src, int[] rows, int w, float s) {
        for (int p = 0; p < rows.length; p++) {
            int o = p * w, so = rows[p] * w;
            for (int j = 0; j < w; j++) out[o + j] += s * src[so + j];
        }
    }

    /** dst[rows[p]] += src[p] for every p. */
    private static void scatterAdd(float[] dst, float[] src, int[] rows, int w) {
        for (int p = 0; p < rows.length; p++) {
            int o = rows[p] * w, so = p * w;
            for (int j = 0; j < w; j++) dst[o + j] += src[so + j];
        }
    }

    /** dst += s·src, in parallel. */
    private static void addScaled(float[] dst, float[] src, float s) {
        Parallel.forRange(dst.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) dst[i] += s * src[i];
        });
    }

    // ---------------------------------------------------------------- rows

    /** Rows at the given indices (an embedding lookup); backward scatter-adds into the source rows. */
    public Tensor gatherRows(int[] index) {
        int c = cols;
        float[] out = new float[index.length * c];
        for (int i = 0; i < index.length; i++) {
            int src = index[i];
            if (src < 0 || src >= rows) throw new IndexOutOfBoundsException("gatherRows: index " + src + " outside 0.." + (rows - 1));
            System.arraycopy(data, src * c, out, i * c, c);
        }
        Tensor a = this;
        Tensor r = result(index.length, c, out, a);
        if (r.requiresGrad) r.backward = () -> a.addGradRows(index, r.grad);
        return r;
    }

    /** Adds row i of this tensor into row index[i] of a numRows×cols zero tensor; backward gathers. */
    public Tensor scatterAddRows(int[] index, int numRows) {
        Checks.arg(index.length == rows, "scatterAddRows: %s indices for %s rows", index.length, rows);
        int c = cols;
        float[] out = new float[numRows * c];
        for (int i = 0; i < index.length; i++) {
            int dst = index[i] * c, src = i * c;
            for (int j = 0; j < c; j++) out[dst + j] += data[src + j];
        }
        Tensor a = this;
        Tensor r = result(numRows, c, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] ga = new float[a.data.length];
            for (int i = 0; i < index.length; i++) System.arraycopy(r.grad, index[i] * c, ga, i * c, c);
            a.addGrad(ga);
        };
        return r;
    }

    /** Rows [from, to). */
    public Tensor sliceRows(int from, int to) {
        Checks.arg(0 <= from && from <= to && to <= rows, "sliceRows [%s, %s) outside %s", from, to, shape());
        float[] out = Arrays.copyOfRange(data, from * cols, to * cols);
        Tensor a = this;
        Tensor r = result(to - from, cols, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] ga = new float[a.data.length];
            System.arraycopy(r.grad, 0, ga, from * cols, r.grad.length);
            a.addGrad(ga);
        };
        return r;
    }

    /** Columns [from, to). */
    public Tensor sliceCols(int from, int to) {
        Checks.arg(0 <= from && from <= to && to <= cols, "sliceCols [%s, %s) outside %s", from, to, shape());
        int w = to - from;
        float[] out = new float[rows * w];
        for (int i = 0; i < rows; i++) System.arraycopy(data, i * cols + from, out, i * w, w);
        Tensor a = this;
        Tensor r = result(rows, w, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] ga = new float[a.data.length];
            for (int i = 0; i < rows; i++) System.arraycopy(r.grad, i * w, ga, i * cols + from, w);
            a.addGrad(ga);
        };
        return r;
    }

    /** Stacks tensors with equal column counts vertically. */
    public static Tensor concatRows(Tensor... parts) {
        Checks.arg(parts.length > 0, "concatRows needs at least one tensor");
        int c = parts[0].cols, total = 0;
        for (Tensor p : parts) {
            Checks.arg(p.cols == c, "concatRows: %s and %s have different column counts", parts[0].shape(), p.shape());
            total += p.rows;
        }
        float[] out = new float[total * c];
        int off = 0;
        for (Tensor p : parts) {
            System.arraycopy(p.data, 0, out, off, p.data.length);
            off += p.data.length;
        }
        Tensor r = result(total, c, out, parts);
        if (r.requiresGrad) r.backward = () -> {
            int o = 0;
            for (Tensor p : parts) {
                if (p.requiresGrad) p.addGrad(Arrays.copyOfRange(r.grad, o, o + p.data.length));
                o += p.data.length;
            }
        };
        return r;
    }

    /** Joins tensors with equal row counts side by side. */
    public static Tensor concatCols(Tensor... parts) {
        Checks.arg(parts.length > 0, "concatCols needs at least one tensor");
        int n = parts[0].rows, total = 0;
        for (Tensor p : parts) {
            Checks.arg(p.rows == n, "concatCols: %s and %s have different row counts", parts[0].shape(), p.shape());
            total += p.cols;
        }
        int width = total;
        float[] out = new float[n * width];
        int off = 0;
        for (Tensor p : parts) {
            for (int i = 0; i < n; i++) System.arraycopy(p.data, i * p.cols, out, i * width + off, p.cols);
            off += p.cols;
        }
        Tensor r = result(n, width, out, parts);
        if (r.requiresGrad) r.backward = () -> {
            int o = 0;
            for (Tensor p : parts) {
                if (p.requiresGrad) {
                    float[] gp = new float[p.data.length];
                    for (int i = 0; i < n; i++) System.arraycopy(r.grad, i * width + o, gp, i * p.cols, p.cols);
                    p.addGrad(gp);
                }
                o += p.cols;
            }
        };
        return r;
    }

    // ---------------------------------------------------------------- element-wise, binary

    private enum Broadcast { FULL, ROW, COL, SCALAR }

    private Broadcast broadcastOf(Tensor b, String op) {
        if (b.rows == rows && b.cols == cols) return Broadcast.FULL;
        if (b.rows == 1 && b.cols == 1) return Broadcast.SCALAR;
        if (b.rows == 1 && b.cols == cols) return Broadcast.ROW;
        if (b.cols == 1 && b.rows == rows) return Broadcast.COL;
        throw new IllegalArgumentException(op + ": cannot broadcast " + b.shape() + " onto " + shape());
    }

    /** Index of b's element that pairs with element i of this tensor. */
    private static int bIndex(Broadcast mode, int i, int cols) {
        return switch (mode) {
            case FULL -> i;
            case ROW -> i % cols;
            case COL -> i / cols;
            case SCALAR -> 0;
        };
    }

    /** Reduces a full-shape gradient to b's broadcast shape by summing. */
    private static float[] reduceTo(Broadcast mode, float[] g, int rows, int cols, Tensor b) {
        if (mode == Broadcast.FULL) return g;
        float[] out = new float[b.data.length];
        for (int i = 0; i < g.length; i++) out[bIndex(mode, i, cols)] += g[i];
        return out;
    }

    public Tensor add(Tensor b) {
        Broadcast mode = broadcastOf(b, "add");
        float[] out = new float[data.length];
        if (mode == Broadcast.FULL) {
            float[] bd = b.data;
            Parallel.forRange(out.length, (lo, hi) -> {
                for (int i = lo; i < hi; i++) out[i] = data[i] + bd[i];
            });
        } else {
            for (int i = 0; i < out.length; i++) out[i] = data[i] + b.data[bIndex(mode, i, cols)];
        }
        Tensor a = this;
        Tensor r = result(rows, cols, out, a, b);
        if (r.requiresGrad) r.backward = () -> {
            if (a.requiresGrad) a.addGrad(b.requiresGrad ? r.grad.clone() : r.grad);
            if (b.requiresGrad) b.addGrad(reduceTo(mode, r.grad, rows, cols, b));
        };
        return r;
    }

    public Tensor sub(Tensor b) {
        return add(b.neg());
    }

    public Tensor mul(Tensor b) {
        Broadcast mode = broadcastOf(b, "mul");
        float[] out = new float[data.length];
        for (int i = 0; i < out.length; i++) out[i] = data[i] * b.data[bIndex(mode, i, cols)];
        Tensor a = this;
        Tensor r = result(rows, cols, out, a, b);
        if (r.requiresGrad) r.backward = () -> {
            float[] g = r.grad;
            if (a.requiresGrad) {
                float[] ga = new float[g.length];
                for (int i = 0; i < g.length; i++) ga[i] = g[i] * b.data[bIndex(mode, i, cols)];
                a.addGrad(ga);
            }
            if (b.requiresGrad) {
                float[] gb = new float[g.length];
                for (int i = 0; i < g.length; i++) gb[i] = g[i] * a.data[i];
                b.addGrad(reduceTo(mode, gb, rows, cols, b));
            }
        };
        return r;
    }

    public Tensor div(Tensor b) {
        return mul(b.reciprocal());
    }

    // ---------------------------------------------------------------- element-wise, unary

    /** A pointwise map with its derivative expressed through (x, y). */
    private interface Pointwise {
        float apply(float x);
    }

    private interface Derivative {
        float apply(float x, float y);
    }

    private Tensor map(Pointwise f, Derivative df) {
        float[] out = new float[data.length];
        float[] in = data;
        Parallel.forRange(out.length, (lo, hi) -> {
            for (int i = lo; i < hi; i++) out[i] = f.apply(in[i]);
        });
        Tensor a = this;
        Tensor r = result(rows, cols, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] g = r.grad;
            float[] ga = new float[g.length];
            Parallel.forRange(g.length, (lo, hi) -> {
                for (int i = lo; i < hi; i++) ga[i] = g[i] * df.apply(in[i], out[i]);
            });
            a.addGrad(ga);
        };
        return r;
    }

    public Tensor scale(float s) {
        return map(x -> x * s, (x, y) -> s);
    }

    public Tensor addScalar(float s) {
        return map(x -> x + s, (x, y) -> 1f);
    }

    public Tensor neg() {
        return scale(-1f);
    }

    public Tensor square() {
        return map(x -> x * x, (x, y) -> 2f * x);
    }

    public Tensor sqrt() {
        return map(x -> (float) Math.sqrt(x), (x, y) -> 0.5f / y);
    }

    public Tensor reciprocal() {
        return map(x -> 1f / x, (x, y) -> -y * y);
    }

    public Tensor exp() {
        return map(x -> (float) Math.exp(x), (x, y) -> y);
    }

    public Tensor log() {
        return map(x -> (float) Math.log(x), (x, y) -> 1f / x);
    }

    public Tensor sigmoid() {
        return map(Tensor::sigmoidOf, (x, y) -> y * (1f - y));
    }

    /** log σ(x), computed as −softplus(−x) so large |x| neither overflows nor loses precision. */
    public Tensor logSigmoid() {
        return map(x -> -softplusOf(-x), (x, y) -> sigmoidOf(-x));
    }

    /** log(1 + eˣ), stable for large |x|. */
    public Tensor softplus() {
        return map(Tensor::softplusOf, (x, y) -> sigmoidOf(x));
    }

    public Tensor tanh() {
        return map(x -> (float) Math.tanh(x), (x, y) -> 1f - y * y);
    }

    public Tensor relu() {
        return map(x -> x > 0 ? x : 0f, (x, y) -> x > 0 ? 1f : 0f);
    }

    public Tensor leakyRelu(float slope) {
        return map(x -> x > 0 ? x : slope * x, (x, y) -> x > 0 ? 1f : slope);
    }

    static float sigmoidOf(float x) {
        return x >= 0 ? (float) (1.0 / (1.0 + Math.exp(-x))) : (float) (Math.exp(x) / (1.0 + Math.exp(x)));
    }

    static float softplusOf(float x) {
        return x > 0 ? (float) (x + Math.log1p(Math.exp(-x))) : (float) Math.log1p(Math.exp(x));
    }

    /**
     * Inverted dropout: zeroes each element with probability p and scales survivors by 1/(1−p), so
     * the expectation is unchanged. Identity when p = 0.
     */
    public Tensor dropout(float p, Rng rng) {
        Checks.arg(p >= 0 && p < 1, "dropout probability must be in [0, 1), got %s", p);
        if (p == 0f) return this;
        float keep = 1f / (1f - p);
        float[] mask = new float[data.length];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextFloat() >= p ? keep : 0f;
        return mul(wrap(rows, cols, mask));
    }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements, 1×1. */
    public Tensor sum() {
        double s = Parallel.sum(data.length, (lo, hi) -> {
            double acc = 0;
            for (int i = lo; i < hi; i++) acc += data[i];
            return acc;
        });
        Tensor a = this;
        Tensor r = result(1, 1, new float[] {(float) s}, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] ga = new float[a.data.length];
            Arrays.fill(ga, r.grad[0]);
            a.addGrad(ga);
        };
        return r;
    }

    public Tensor mean() {
        return sum().scale(1f / data.length);
    }

    /** Sum over each row's columns: r×c → r×1. */
    public Tensor sumRows() {
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0, o = i * cols; j < cols; j++) s += data[o + j];
            out[i] = (float) s;
        }
        Tensor a = this;
        Tensor r = result(rows, 1, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] ga = new float[a.data.length];
            for (int i = 0; i < rows; i++) Arrays.fill(ga, i * cols, (i + 1) * cols, r.grad[i]);
            a.addGrad(ga);
        };
        return r;
    }

    /** Sum over each column's rows: r×c → 1×c. */
    public Tensor sumCols() {
        float[] out = new float[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0, o = i * cols; j < cols; j++) out[j] += data[o + j];
        }
        Tensor a = this;
        Tensor r = result(1, cols, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] ga = new float[a.data.length];
            for (int i = 0; i < rows; i++) System.arraycopy(r.grad, 0, ga, i * cols, cols);
            a.addGrad(ga);
        };
        return r;
    }

    public Tensor meanRows() {
        return sumRows().scale(1f / cols);
    }

    public Tensor meanCols() {
        return sumCols().scale(1f / rows);
    }

    /** Frobenius norm ‖this‖, 1×1. */
    public Tensor norm() {
        return square().sum().sqrt();
    }

    /** Per-row dot product with b (same shape): r×1. */
    public Tensor rowDot(Tensor b) {
        Checks.arg(rows == b.rows && cols == b.cols, "rowDot: shapes %s and %s differ", shape(), b.shape());
        float[] out = new float[rows];
        for (int i = 0; i < rows; i++) {
            float s = 0;
            for (int j = 0, o = i * cols; j < cols; j++) s += data[o + j] * b.data[o + j];
            out[i] = s;
        }
        Tensor a = this;
        Tensor r = result(rows, 1, out, a, b);
        if (r.requiresGrad) r.backward = () -> {
            float[] g = r.grad;
            if (a.requiresGrad) a.addGrad(scaleRows(b.data, g));
            if (b.requiresGrad) b.addGrad(scaleRows(a.data, g));
        };
        return r;
    }

    private float[] scaleRows(float[] src, float[] perRow) {
        float[] out = new float[src.length];
        for (int i = 0; i < rows; i++) {
            float s = perRow[i];
            for (int j = 0, o = i * cols; j < cols; j++) out[o + j] = src[o + j] * s;
        }
        return out;
    }

    /** Row-wise L2 normalisation x / max(‖x‖, eps), PyTorch's F.normalize with eps = 1e-12. */
    public Tensor normalizeRows() {
        return normalizeRows(1e-12f);
    }

    public Tensor normalizeRows(float eps) {
        float[] out = new float[data.length];
        float[] norms = new float[rows];
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0, o = i * cols; j < cols; j++) s += (double) data[o + j] * data[o + j];
            float n = (float) Math.max(Math.sqrt(s), eps);
            norms[i] = n;
            for (int j = 0, o = i * cols; j < cols; j++) out[o + j] = data[o + j] / n;
        }
        Tensor a = this;
        Tensor r = result(rows, cols, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] g = r.grad;
            float[] ga = new float[g.length];
            for (int i = 0; i < rows; i++) {
                int o = i * cols;
                float n = norms[i];
                boolean clamped = n <= eps;
                float dot = 0;
                for (int j = 0; j < cols; j++) dot += g[o + j] * out[o + j];
                for (int j = 0; j < cols; j++) ga[o + j] = clamped ? g[o + j] / n : (g[o + j] - out[o + j] * dot) / n;
            }
            a.addGrad(ga);
        };
        return r;
    }

    /** Softmax over each row: exp of the log-softmax, so it shares its stable log-sum-exp and needs no backward of its own. */
    public Tensor softmaxRows() {
        return logSoftmaxRows().exp();
    }

    /** Log-softmax over each row, via the log-sum-exp trick. */
    public Tensor logSoftmaxRows() {
        float[] out = new float[data.length];
        for (int i = 0; i < rows; i++) {
            int o = i * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) max = Math.max(max, data[o + j]);
            double z = 0;
            for (int j = 0; j < cols; j++) z += Math.exp(data[o + j] - max);
            // (x − max) − log z, not x − (max + log z): the latter rounds log z at the magnitude of max.
            float logZ = (float) Math.log(z);
            for (int j = 0; j < cols; j++) out[o + j] = (data[o + j] - max) - logZ;
        }
        Tensor a = this;
        Tensor r = result(rows, cols, out, a);
        if (r.requiresGrad) r.backward = () -> {
            float[] g = r.grad;
            float[] ga = new float[g.length];
            for (int i = 0; i < rows; i++) {
                int o = i * cols;
                float gs = 0;
                for (int j = 0; j < cols; j++) gs += g[o + j];
                for (int j = 0; j < cols; j++) ga[o + j] = g[o + j] - (float) Math.exp(out[o + j]) * gs;
            }
            a.addGrad(ga);
        };
        return r;
    }
}
