package org.mmrec4j.models.block;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

/**
 * Maps item feature modalities into a d-dimensional space, for any number of named modalities.
 *
 * <p>Per modality m: {@code y = X_m W_m + b_m} (a Linear d_m→d), or the two-layer MLP
 * {@code y = act(X_m W1_m + b1_m) W2_m + b2_m}. With {@link Options#concatenate()} there is one map over
 * the concatenation {@code [X_m1, X_m2, …]} in {@link FeatureSet#names()} order; only a batch's rows are
 * ever concatenated (all rows are projected as {@code Σ_m X_m W[rows of m]}).
 *
 * <p>The feature tables are frozen constants (shared with the dataset, never copied) or trainable
 * parameters initialised with a copy of the features, as BM3 and FREEDOM do with
 * {@code nn.Embedding.from_pretrained(freeze=False)}.
 *
 * <p>{@link #projectRows} gathers the requested feature rows first and projects only those. Every map here
 * is row-wise, so this equals projecting all rows and gathering, while a batch pays for its rows only.
 * Weights are stored d_in×d_out, so a projection is one GEMM {@code X·W} without a transpose.
 */
public final class ModalityProjection {

    /** Weight initialisation; PyTorch's default Linear init is U(±1/sqrt(fan_in)). */
    public enum WeightInit { PYTORCH_DEFAULT, XAVIER_NORMAL, XAVIER_UNIFORM }

    /** Bias initialisation: PyTorch's default U(±1/sqrt(fan_in)), or zero (MMRec's xavier_normal_initialization). */
    public enum BiasInit { PYTORCH_DEFAULT, ZERO }

    /** Hidden activation of the two-layer form. */
    public enum Activation { RELU, LEAKY_RELU, TANH, SIGMOID }

    /**
     * @param outDim     d, the output width
     * @param hiddenDim  0 for a single Linear; otherwise the hidden width of a two-layer MLP
     * @param activation the MLP's hidden activation (LEAKY_RELU uses PyTorch's slope 0.01); ignored without a hidden layer
     * @param concatenate one map over all modalities concatenated, instead of one map per modality
     * @param trainableFeatures feature tables are parameters initialised from the features, not constants
     */
    public record Options(int outDim, int hiddenDim, Activation activation, WeightInit weightInit, BiasInit biasInit,
                          boolean concatenate, boolean trainableFeatures) {
        public Options {
            Checks.arg(outDim > 0, "outDim must be > 0, got %s", outDim);
            Checks.arg(hiddenDim >= 0, "hiddenDim must be >= 0, got %s", hiddenDim);
            Checks.arg(hiddenDim == 0 || activation != null, "a hidden layer needs an activation");
        }

        /** A single Linear per modality over frozen features. */
        public static Options linear(int outDim, WeightInit weightInit, BiasInit biasInit) {
            return new Options(outDim, 0, null, weightInit, biasInit, false, false);
        }

        public Options withConcatenate(boolean on) {
            return new Options(outDim, hiddenDim, activation, weightInit, biasInit, on, trainableFeatures);
        }

        public Options withTrainableFeatures(boolean on) {
            return new Options(outDim, hiddenDim, activation, weightInit, biasInit, concatenate, on);
        }

        public Options withHidden(int dim, Activation act) {
            return new Options(outDim, dim, act, weightInit, biasInit, concatenate, trainableFeatures);
        }
    }

    /** One map: input tables (one per modality, or all of them when concatenated) and its layers. */
    private record Branch(String name, List<String> modalities, List<Tensor> tables, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {}

    private final Options opt;
    private final Params params = new Params();
    private final Map<String, Branch> branches = new LinkedHashMap<>();
    private final Map<String, Tensor> tables = new LinkedHashMap<>();
    private final int numItems;

    public ModalityProjection(FeatureSet features, Options opt, Rng rng) {
        Checks.arg(!features.isEmpty(), "ModalityProjection needs at least one modality");
        this.opt = opt;
        this.numItems = features.get(features.names().get(0)).rows();
        for (String m : features.names()) {
            FeatureMatrix f = features.get(m);
            tables.put(m, opt.trainableFeatures()
                    ? params.add(m + ".features", Tensor.parameter(f.rows(), f.cols(), f.data().clone()))
                    : Tensor.wrap(f.rows(), f.cols(), f.data()));
        }
        if (opt.concatenate()) {
            String name = String.join("+", features.names());
            branches.put(name, branch(name, features.names(), new ArrayList<>(tables.values()), rng.split(name)));
        } else {
            for (String m : features.names()) branches.put(m, branch(m, List.of(m), List.of(tables.get(m)), rng.split(m)));
        }
    }

    private Branch branch(String name, List<String> modalities, List<Tensor> inputs, Rng rng) {
        int in = 0;
        for (Tensor t : inputs) in += t.cols();
        int first = opt.hiddenDim() > 0 ? opt.hiddenDim() : opt.outDim();
        Tensor w1 = weight(name + ".w1", in, first, rng.split("w1"));
        Tensor b1 = bias(name + ".b1", in, first, rng.split("b1"));
        Tensor w2 = null, b2 = null;
        if (opt.hiddenDim() > 0) {
            w2 = weight(name + ".w2", first, opt.outDim(), rng.split("w2"));
            b2 = bias(name + ".b2", first, opt.outDim(), rng.split("b2"));
        }
        return new Branch(name, List.copyOf(modalities), inputs, w1, b1, w2, b2);
    }

    private Tensor weight(String name, int in, int out, Rng rng) {
        return switch (opt.weightInit()) {
            case XAVIER_NORMAL -> params.xavierNormal(name, in, out, rng);
            case XAVIER_UNIFORM -> params.xavierUniform(name, in, out, rng);
            case PYTORCH_DEFAULT -> {
                float bound = (float) (1 / Math.sqrt(in));
                yield params.uniform(name, in, out, -bound, bound, rng);
            }
        };
    }

    private Tensor bias(String name, int in, int out, Rng rng) {
        if (opt.biasInit() == BiasInit.ZERO) return params.zeros(name, 1, out);
        float bound = (float) (1 / Math.sqrt(in));
        return params.uniform(name, 1, out, -bound, bound, rng);
    }

    /** Names of the projected outputs: the modality names, or one "a+b+…" name when concatenated. */
    public List<String> names() {
        return List.copyOf(branches.keySet());
    }

    /** The single output's name; for the concatenated form and single-modality data. */
    public String onlyName() {
        Checks.state(branches.size() == 1, "%s outputs, not one: %s", branches.size(), branches.keySet());
        return branches.keySet().iterator().next();
    }

    /** Trainable weights and biases, and the feature tables when they are trainable. */
    public Params params() {
        return params;
    }

    /** The feature table of a modality: a parameter when trainable, else a constant view of the features. */
    public Tensor table(String modality) {
        Tensor t = tables.get(modality);
        Checks.arg(t != null, "no modality '%s'; have %s", modality, tables.keySet());
        return t;
    }

    public int numItems() {
        return numItems;
    }

    /** Projections of the given item rows only (row p of the result is item items[p]). */
    public Tensor projectRows(String output, int[] items) {
        Branch b = branch(output);
        List<Tensor> tables = b.tables();
        // One gathered [X_1, X_2, …] block and one GEMM: cheaper than a product per modality for small batches.
        return apply(b, List.of(tables.size() == 1 ? tables.get(0).gatherRows(items) : gatherConcat(tables, items)));
    }

    /** Rows of several tables side by side, [X_1[items], X_2[items], …]; backward scatter-adds into each table. */
    static Tensor gatherConcat(List<Tensor> tables, int[] items) {
        int width = 0;
        for (Tensor t : tables) width += t.cols();
        int w = width;
        float[] out = new float[Math.multiplyExact(items.length, w)];
        for (int p = 0, off = 0; p < tables.size(); off += tables.get(p).cols(), p++) {
            Tensor t = tables.get(p);
            int c = t.cols(), o = off;
            float[] d = t.data();
            for (int r = 0; r < items.length; r++) {
                Checks.arg(items[r] >= 0 && items[r] < t.rows(), "item %s outside 0..%s", items[r], t.rows() - 1);
                System.arraycopy(d, items[r] * c, out, r * w + o, c);
            }
        }
        return Tensor.op(items.length, w, out, g -> {
            for (int p = 0, off = 0; p < tables.size(); off += tables.get(p).cols(), p++) {
                Tensor t = tables.get(p);
                if (!t.requiresGrad()) continue;
                int c = t.cols();
                float[] gt = new float[t.size()];
                for (int r = 0; r < items.length; r++) {
                    int dst = items[r] * c, src = r * w + off;
                    for (int j = 0; j < c; j++) gt[dst + j] += g[src + j];
                }
                t.accumulateGrad(gt);
            }
        }, tables.toArray(new Tensor[0]));
    }

    /** Projections of every item. */
    public Tensor projectAll(String output) {
        Branch b = branch(output);
        return apply(b, b.tables());
    }

    /** The modalities an output reads, in the order {@link #projectFeatures} expects them. */
    public List<String> inputModalities(String output) {
        return branch(output).modalities();
    }

    /**
     * Projections of feature rows that are not in the tables (cold items): one tensor per modality of
     * {@link #inputModalities}, each n×d_m with the table's width.
     */
    public Tensor projectFeatures(String output, List<Tensor> rows) {
        Branch b = branch(output);
        Checks.arg(rows.size() == b.tables().size(), "%s reads %s modalities, got %s", output, b.tables().size(), rows.size());
        for (int m = 0; m < rows.size(); m++) {
            Checks.arg(rows.get(m).cols() == b.tables().get(m).cols(), "modality %s has %s features per item, got %s",
                    b.modalities().get(m), b.tables().get(m).cols(), rows.get(m).cols());
        }
        return apply(b, rows);
    }

    private Branch branch(String output) {
        Branch b = branches.get(output);
        Checks.arg(b != null, "no projection '%s'; have %s", output, branches.keySet());
        return b;
    }

    private Tensor apply(Branch b, List<Tensor> inputs) {
        Tensor h;
        if (inputs.size() == 1) {
            h = inputs.get(0).matmul(b.w1());
        } else {
            // All rows: [X_1, X_2, …]·W = Σ_m X_m·W[rows of m], so the concatenated table is never built.
            h = null;
            int offset = 0;
            for (Tensor x : inputs) {
                Tensor part = x.matmul(b.w1().sliceRows(offset, offset + x.cols()));
                h = h == null ? part : h.add(part);
                offset += x.cols();
            }
        }
        h = h.add(b.b1());
        if (b.w2() == null) return h;
        return activate(h).matmul(b.w2()).add(b.b2());
    }

    private Tensor activate(Tensor h) {
        return switch (opt.activation()) {
            case RELU -> h.relu();
            case LEAKY_RELU -> h.leakyRelu(0.01f);
            case TANH -> h.tanh();
            case SIGMOID -> h.sigmoid();
        };
    }
}
