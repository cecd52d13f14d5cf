package org.mmrec4j.engine;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An ordered, named set of trainable tensors: what the optimizer steps, what checkpoints save and
 * what "trainable parameters: N" counts. Factory methods follow MMRec's initialisation conventions
 * (spec/protocol.md §8.2).
 */
public final class Params {
    private final Map<String, Tensor> byName = new LinkedHashMap<>();

    public Tensor add(String name, Tensor t) {
        Checks.arg(t.requiresGrad(), "parameter %s must be created with Tensor.parameter", name);
        Checks.arg(byName.putIfAbsent(name, t) == null, "duplicate parameter name %s", name);
        return t;
    }

    /** Adds all of another set's tensors under a prefix (e.g. a sub-module). */
    public void addAll(String prefix, Params other) {
        other.byName.forEach((n, t) -> add(prefix + n, t));
    }

    public Tensor zeros(String name, int rows, int cols) {
        return add(name, Tensor.parameter(rows, cols, new float[rows * cols]));
    }

    /**
     * Xavier-uniform for an n×d embedding table or an in×out weight: bound sqrt(6/(rows+cols)).
     * For a table this is PyTorch's fan_in = d, fan_out = n, so large tables start tiny, as in MMRec.
     */
    public Tensor xavierUniform(String name, int rows, int cols, Rng rng) {
        return add(name, Tensor.parameter(rows, cols, xavierUniformValues(rows, cols, rng)));
    }

    /** The values of {@link #xavierUniform}, for tables assembled from several blocks. */
    public static float[] xavierUniformValues(int rows, int cols, Rng rng) {
        float bound = (float) Math.sqrt(6.0 / (rows + cols));
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = -bound + 2 * bound * rng.nextFloat();
        return d;
    }

    /** Xavier-normal: std sqrt(2/(rows+cols)). */
    public Tensor xavierNormal(String name, int rows, int cols, Rng rng) {
        return normal(name, rows, cols, 0f, (float) Math.sqrt(2.0 / (rows + cols)), rng);
    }

    public Tensor uniform(String name, int rows, int cols, float lo, float hi, Rng rng) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = lo + (hi - lo) * rng.nextFloat();
        return add(name, Tensor.parameter(rows, cols, d));
    }

    public Tensor normal(String name, int rows, int cols, float mean, float std, Rng rng) {
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = mean + std * (float) rng.nextGaussian();
        return add(name, Tensor.parameter(rows, cols, d));
    }

    public Tensor get(String name) {
        Tensor t = byName.get(name);
        Checks.arg(t != null, "no parameter %s; have %s", name, byName.keySet());
        return t;
    }

    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(byName);
    }

    public Collection<Tensor> tensors() {
        return Collections.unmodifiableCollection(byName.values());
    }

    /** Total number of scalars. */
    public long count() {
        long n = 0;
        for (Tensor t : byName.values()) n += t.size();
        return n;
    }

    public void zeroGradInPlace() {
        for (Tensor t : byName.values()) t.zeroGradInPlace();
    }

    /** Writes names, shapes and values; {@link #readInto} restores them into a set of the same layout. */
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(byName.size());
        for (Map.Entry<String, Tensor> e : byName.entrySet()) {
            Tensor t = e.getValue();
            out.writeUTF(e.getKey());
            out.writeInt(t.rows());
            out.writeInt(t.cols());
            for (float v : t.data()) out.writeFloat(v);
        }
    }

    public void readInto(DataInputStream in) throws IOException {
        int n = in.readInt();
        Checks.state(n == byName.size(), "checkpoint has %s parameters, model has %s", n, byName.size());
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Tensor t = byName.get(name);
            Checks.state(t != null, "checkpoint parameter %s is not in the model", name);
            int r = in.readInt(), c = in.readInt();
            Checks.state(r == t.rows() && c == t.cols(), "parameter %s: checkpoint %sx%s, model %s", name, r, c, t.shape());
            float[] d = t.data();
            for (int k = 0; k < d.length; k++) d[k] = in.readFloat();
        }
    }
}
