package org.mmrec4j.models.multimodal;

import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.graph.ItemKnnGraph;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.ItemGraphs;

/**
 * ItemKNNCBF (spec/models.md §15), content-based item kNN: x_i = the concatenation of every modality
 * in FeatureSet order (image first), S_ij = x_i·x_j / (‖x_i‖‖x_j‖ + shrink) kept for the top knn_k of
 * each row (self included, weighted), and s(u, ·) = R[u]·S: the sum of the S rows of u's training
 * items (a repeated training row counts again, as in MMRec's sparse R).
 *
 * <p>The model is fitted when built and has no trainable parameters. Its YAML sets
 * {@code req_training: false}, so the trainer runs no batches and evaluates once per epoch
 * ({@code epochs: 1}). {@link #loss} is the constant 0 (MMRec's calculate_loss): a trainer that did
 * run batches would change nothing. Scoring accumulates S rows per user (sparse, k entries per item);
 * neither R·S nor S is ever dense.
 */
public final class ItemKnnCbf implements Recommender {

    public record Options(int knnK, double shrink) {
        public Options {
            Checks.arg(knnK >= 1, "knn_k must be >= 1, got %s", knnK);
            Checks.arg(shrink >= 0, "shrink must be >= 0, got %s", shrink);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("knn_k"), c.getDouble("shrink"));
        }
    }

    private final Params params = new Params();
    private final UserItemIndex history;
    private final int numItems, k;
    private final int[] neighbours;
    private final float[] similarity;

    public ItemKnnCbf(ModelContext ctx, Options opt) {
        FeatureSet fs = ctx.features();
        ItemGraphs.requireFeatures(fs, "ItemKNNCBF");
        numItems = ctx.numItems();
        k = Math.min(opt.knnK(), numItems);
        int width = 0;
        for (String m : fs.names()) width += fs.dim(m);
        float[] x = concatenated(fs, numItems, width);
        ItemKnnGraph g = ItemGraphs.cache(ctx.config()).itemKnn(x, numItems, width, k, opt.shrink());
        neighbours = g.neighbours();
        similarity = g.similarities();
        history = ctx.dataset().train().byUser(ctx.numUsers());
    }

    public static ItemKnnCbf create(ModelContext ctx) {
        return new ItemKnnCbf(ctx, Options.from(ctx.config()));
    }

    /** [X_1 | X_2 | …] row by row, in FeatureSet order. */
    private static float[] concatenated(FeatureSet fs, int n, int width) {
        float[] out = new float[Math.multiplyExact(n, width)];
        int offset = 0;
        for (String name : fs.names()) {
            FeatureMatrix f = fs.get(name);
            for (int i = 0; i < n; i++) System.arraycopy(f.data(), i * f.cols(), out, i * width + offset, f.cols());
            offset += f.cols();
        }
        return out;
    }

    /** The constant 0: nothing to train (see the class comment). */
    @Override
    public Tensor loss(Batch batch) {
        return Tensor.scalar(0f);
    }

    @Override
    public Scorer scorer() {
        return (users, out) -> Parallel.forChunks(users.length, users.length < 64 ? 1 : Parallel.threads(), (c, lo, hi) -> {
            for (int r = lo; r < hi; r++) {
                int row = r * numItems;
                java.util.Arrays.fill(out, row, row + numItems, 0f);
                int u = users[r];
                for (int p = history.start(u); p < history.end(u); p++) {
                    int base = history.itemAt(p) * k;
                    for (int m = 0; m < k; m++) out[row + neighbours[base + m]] += similarity[base + m];
                }
            }
        });
    }

    @Override
    public Params params() {
        return params;
    }
}
