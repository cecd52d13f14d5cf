package org.mmrec4j.models.multimodal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.mmrec4j.config.Config;
import org.mmrec4j.config.ConfigLoader;
import org.mmrec4j.config.Layer;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.BprSampler;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;

/**
 * Small data for the DualGNN/DRAGON tests (users prefer items of their group, features carry the group)
 * and plain-loop reference computations that share no code with the models.
 */
final class DualGraphFixtures {
    static final int USERS = 40, ITEMS = 30;

    private DualGraphFixtures() {}

    /** Six training items per user; features for the named modalities, of widths 12, 8, 10, .... */
    static Dataset dataset(String... modalities) {
        Rng rng = new Rng(11);
        int[] tu = new int[USERS * 6], ti = new int[USERS * 6];
        int[] vu = new int[USERS], vi = new int[USERS];
        int n = 0;
        for (int u = 0; u < USERS; u++) {
            int group = u % 3;
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            int[] picks = new int[7];
            for (int k = 0; k < 7; ) {
                int item = rng.nextDouble() < 0.8 ? group * 10 + rng.nextInt(10) : rng.nextInt(ITEMS);
                if (seen.add(item)) picks[k++] = item;
            }
            for (int k = 0; k < 6; k++) {
                tu[n] = u;
                ti[n++] = picks[k];
            }
            vu[u] = u;
            vi[u] = picks[6];
        }
        Map<String, FeatureMatrix> f = new LinkedHashMap<>();
        int[] widths = {12, 8, 10, 6};
        for (int m = 0; m < modalities.length; m++) f.put(modalities[m], features(widths[m], rng.split(modalities[m])));
        Interactions valid = new Interactions(vu, vi);
        return Dataset.of("dual-tiny", new Interactions(tu, ti), valid, valid, f.isEmpty() ? FeatureSet.empty() : FeatureSet.of(f));
    }

    private static FeatureMatrix features(int dim, Rng rng) {
        float[] d = new float[ITEMS * dim];
        for (int i = 0; i < ITEMS; i++) {
            for (int j = 0; j < dim; j++) d[i * dim + j] = (j % 3 == i / 10 ? 1f : 0f) + 0.3f * (float) rng.nextGaussian();
        }
        return new FeatureMatrix(ITEMS, dim, d);
    }

    static Config config(String model, String... sets) {
        ModelSpec spec = ModelCatalog.get(model);
        return ConfigLoader.builder().model(spec.name(), Layer.resource(spec.yamlResource(), spec.name()))
                .overrides(List.of(sets)).load().expandGrid().get(0);
    }

    static Recommender model(String model, Dataset d, long seed, String... sets) {
        return ModelCatalog.get(model).create(new ModelContext(d, config(model, sets), new Rng(seed)));
    }

    static Batch batch(Dataset d, long seed) {
        return new BprSampler(d.train(), d.numUsers(), 64, true, new Rng(seed)).nextEpoch().get(0);
    }

    static double[][] dense(CsrMatrix a) {
        double[][] out = new double[a.rows()][a.cols()];
        for (int r = 0; r < a.rows(); r++) {
            for (int e = a.rowPtr()[r]; e < a.rowPtr()[r + 1]; e++) out[r][a.colIdx()[e]] += a.values()[e];
        }
        return out;
    }

    static double[][] dense(Tensor t) {
        double[][] out = new double[t.rows()][t.cols()];
        for (int r = 0; r < t.rows(); r++) for (int c = 0; c < t.cols(); c++) out[r][c] = t.get(r, c);
        return out;
    }

    /**
     * PyG's "add" aggregation of DualGNN's Base_gcn, written from its definition: the training edges in
     * both directions, deg = how often a node is an edge source, weight deg^-½[src]·deg^-½[dst].
     */
    static double[][] pygAggregation(Dataset d) {
        int nu = d.numUsers(), n = nu + d.numItems();
        java.util.Set<Long> distinct = new java.util.LinkedHashSet<>();
        for (int k = 0; k < d.train().size(); k++) distinct.add(((long) d.train().user(k) << 32) | d.train().item(k));
        int[] src = new int[2 * distinct.size()], dst = new int[src.length];
        int e = 0;
        for (long key : distinct) {
            int u = (int) (key >>> 32), i = nu + (int) key;
            src[e] = u;
            dst[e++] = i;
            src[e] = i;
            dst[e++] = u;
        }
        double[] deg = new double[n];
        for (int s : src) deg[s]++;
        double[][] a = new double[n][n];
        for (int k = 0; k < src.length; k++) a[dst[k]][src[k]] += 1 / Math.sqrt(deg[src[k]]) / Math.sqrt(deg[dst[k]]);
        return a;
    }

    static double[][] matmul(double[][] a, double[][] b) {
        double[][] out = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < b.length; k++) {
                if (a[i][k] == 0) continue;
                for (int j = 0; j < b[0].length; j++) out[i][j] += a[i][k] * b[k][j];
            }
        }
        return out;
    }

    static double[][] add(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) for (int j = 0; j < a[0].length; j++) out[i][j] = a[i][j] + b[i][j];
        return out;
    }

    /**
     * One modality's branch output x + A·x + A²·x with x = norm([pref; MLP(X)]), from the model's
     * parameters by plain loops.
     */
    static double[][] branchOutput(Recommender m, Dataset d, String modality, double[][] agg) {
        double[][] pref = dense(m.params().get(modality + ".preference"));
        double[][] w1 = dense(m.params().get(modality + ".mlp.weight")), b1 = dense(m.params().get(modality + ".mlp.bias"));
        double[][] w2 = dense(m.params().get(modality + ".mlp1.weight")), b2 = dense(m.params().get(modality + ".mlp1.bias"));
        FeatureMatrix x = d.features().get(modality);
        int nu = d.numUsers(), dim = pref[0].length;
        double[][] rows = new double[nu + d.numItems()][];
        for (int u = 0; u < nu; u++) rows[u] = pref[u].clone();
        for (int i = 0; i < d.numItems(); i++) {
            double[] h = new double[w1[0].length];
            for (int k = 0; k < h.length; k++) {
                double s = b1[0][k];
                for (int j = 0; j < x.cols(); j++) s += w1[j][k] * x.get(i, j);
                h[k] = s > 0 ? s : 0.01 * s;
            }
            double[] f = new double[dim];
            for (int k = 0; k < dim; k++) {
                double s = b2[0][k];
                for (int j = 0; j < h.length; j++) s += w2[j][k] * h[j];
                f[k] = s;
            }
            rows[nu + i] = f;
        }
        for (double[] r : rows) {
            double norm = 0;
            for (double v : r) norm += v * v;
            norm = Math.max(Math.sqrt(norm), 1e-12);
            for (int k = 0; k < r.length; k++) r[k] /= norm;
        }
        double[][] h1 = matmul(agg, rows), h2 = matmul(agg, h1);
        return add(add(rows, h1), h2);
    }

    /** Scores of the given users from a scorer, as rows over all items. */
    static float[][] scores(Recommender m, int[] users, int numItems) {
        float[] flat = new float[users.length * numItems];
        try (var off = Grad.off()) {
            m.scorer().score(users, flat);
        }
        float[][] out = new float[users.length][numItems];
        for (int r = 0; r < users.length; r++) System.arraycopy(flat, r * numItems, out[r], 0, numItems);
        return out;
    }

    /**
     * Directional finite differences: compares Σ grad·v with (f(x + hv) − f(x − hv)) / 2h for directions
     * v_i = sign(grad_i)·r_i, r_i uniform in [0.5, 1.5). Moving every element at once dilutes a kink
     * crossing, and aligning with the gradient keeps the derivative far above float32 rounding of f.
     */
    static void checkDirectional(String what, float h, double rtol, Function<Tensor[], Tensor> f, Tensor... inputs) {
        for (Tensor t : inputs) t.zeroGradInPlace();
        f.apply(inputs).backward();
        Rng rng = new Rng(42);
        for (int k = 0; k < inputs.length; k++) {
            Tensor x = inputs[k];
            float[] g = x.grad().clone(), data = x.data(), saved = data.clone();
            for (int dir = 0; dir < 3; dir++) {
                float[] v = new float[data.length];
                double analytic = 0;
                for (int i = 0; i < v.length; i++) {
                    float sign = g[i] > 0 ? 1f : g[i] < 0 ? -1f : rng.nextFloat() < 0.5f ? -1f : 1f;
                    v[i] = sign * (0.5f + rng.nextFloat());
                    analytic += (double) g[i] * v[i];
                }
                double plus, minus;
                try (var off = Grad.off()) {
                    for (int i = 0; i < v.length; i++) data[i] = saved[i] + h * v[i];
                    plus = f.apply(inputs).item();
                    for (int i = 0; i < v.length; i++) data[i] = saved[i] - h * v[i];
                    minus = f.apply(inputs).item();
                }
                System.arraycopy(saved, 0, data, 0, data.length);
                double numeric = (plus - minus) / (2 * h);
                if (Math.abs(analytic - numeric) > rtol * Math.max(Math.abs(analytic), Math.abs(numeric)) + 1e-5) {
                    throw new AssertionError(String.format("%s: input %d direction %d: analytic %.6g, numeric %.6g",
                            what, k, dir, analytic, numeric));
                }
            }
        }
    }
}
