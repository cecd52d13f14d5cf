package org.mmrec4j.models.wrapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.block.Linear;
import org.mmrec4j.models.block.Propagation;
import org.mmrec4j.models.loss.Losses;
import org.mmrec4j.models.loss.SoftmaxCrossEntropy;

/**
 * GUIDER's paper-mode teacher (spec/models.md §20.3; the concrete choices are ours): an ID-only
 * LightGCN over N1 trained with DBPR on the {@link Amsc} partition,
 *
 * <pre>
 *   L = −mean_{rows with i⁺ ∈ I_true} lnσ(s⁺ − s⁻) + β·(−mean lnσ(s⁺ − s(u, f)))    f ~ U(I_false(u))
 *       + L_align
 * </pre>
 *
 * where the hard-negative term covers the clean rows whose user has flagged items. S_conf(i) =
 * max(0, mean over modality pairs cos(proj_m x^m_i, proj_m′ x^m′_i)) uses projections Lin(d_m → d)
 * trained jointly here by L_align, an in-batch InfoNCE (τ = guider_amsc_temperature) between the
 * modalities' projections of the batch's positive items; the clamp at 0 keeps two disagreeing items
 * from counting as agreeing. With one modality S_conf = 1 and there is no L_align. The partition is
 * recomputed every guider_amsc_every epochs.
 */
final class DbprTeacher implements GuiderTeacher {
    private final GuiderOptions opt;
    private final Params params = new Params();
    private final Tensor nodes;
    private final int numUsers, numItems;
    private final CsrMatrix adjacency;
    private final List<Tensor> rawFeatures = new ArrayList<>();
    private final List<Linear> projections = new ArrayList<>();
    private final List<float[]> unitFeatures = new ArrayList<>();
    private final int[] dims;
    private final int[] offsets, items;
    private boolean[] noisyEdge;
    private int[] noisyOffsets, noisyItems;
    private Rng stream;
    private long batchIndex;

    DbprTeacher(ModelContext ctx, GuiderOptions opt, Rng rng) {
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        this.numItems = ctx.numItems();
        int dim = opt.teacherDim();
        nodes = Embeddings.stackedNodes(params, numUsers, numItems, dim, rng);
        adjacency = ctx.userItemGraph().symmetricNorm();
        FeatureSet fs = ctx.features();
        List<String> names = fs.names();
        dims = new int[names.size()];
        for (int m = 0; m < names.size(); m++) {
            FeatureMatrix x = fs.get(names.get(m));
            dims[m] = x.cols();
            unitFeatures.add(Amsc.unitRows(x.data(), x.rows(), x.cols()));
            if (names.size() >= 2) {
                rawFeatures.add(Tensor.wrap(x.rows(), x.cols(), x.data()));
                projections.add(Linear.create(params, "amsc." + names.get(m), x.cols(), dim, true, rng.split("amsc." + names.get(m))));
            }
        }
        UserItemIndex index = ctx.dataset().train().byUser(numUsers);
        offsets = index.offsets();
        items = index.items();
        stream = rng.split("dbpr");
    }

    @Override
    public Params params() {
        return params;
    }

    @Override
    public void writeState(DataOutputStream out) throws IOException {
        out.writeInt(noisyEdge == null ? -1 : noisyEdge.length);
        if (noisyEdge != null) for (boolean b : noisyEdge) out.writeBoolean(b);
    }

    @Override
    public void readState(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            noisyEdge = null;
            return;
        }
        Checks.state(n == items.length, "GUIDER checkpoint: AMSC partition has %s edges, the training data %s", n, items.length);
        boolean[] noisy = new boolean[n];
        for (int e = 0; e < n; e++) noisy[e] = in.readBoolean();
        usePartition(noisy);
    }

    @Override
    public void beforeEpoch(EpochContext epoch) {
        if (noisyEdge == null || epoch.epoch() % opt.amscEvery() == 0) refreshPartition();
        stream = epoch.rng().split("dbpr");
        batchIndex = 0;
    }

    /** Recomputes I_false with the current projections. */
    void refreshPartition() {
        usePartition(features().isEmpty() ? new boolean[items.length]
                : Amsc.noisyEdges(offsets, items, unitFeatures, dims, confidence(), opt.amscQuantile()));
    }

    /** Takes a partition (one flag per training edge) and indexes each user's flagged items. */
    private void usePartition(boolean[] noisy) {
        noisyEdge = noisy;
        noisyOffsets = new int[numUsers + 1];
        for (int u = 0; u < numUsers; u++) {
            int count = 0;
            for (int e = offsets[u]; e < offsets[u + 1]; e++) if (noisyEdge[e]) count++;
            noisyOffsets[u + 1] = noisyOffsets[u] + count;
        }
        noisyItems = new int[noisyOffsets[numUsers]];
        for (int u = 0, k = 0; u < numUsers; u++) {
            for (int e = offsets[u]; e < offsets[u + 1]; e++) if (noisyEdge[e]) noisyItems[k++] = items[e];
        }
    }

    private List<float[]> features() {
        return unitFeatures;
    }

    /** S_conf per item: 1 with one modality, else the clamped mean cross-modal cosine of the projections. */
    float[] confidence() {
        float[] c = new float[numItems];
        if (projections.size() < 2) {
            Arrays.fill(c, 1f);
            return c;
        }
        try (var off = Grad.off()) {
            List<Tensor> z = new ArrayList<>();
            for (int m = 0; m < projections.size(); m++) z.add(projections.get(m).apply(rawFeatures.get(m)).normalizeRows());
            int pairs = 0;
            double[] sum = new double[numItems];
            for (int a = 0; a < z.size(); a++) {
                for (int b = a + 1; b < z.size(); b++, pairs++) {
                    float[] cos = z.get(a).rowDot(z.get(b)).data();
                    for (int i = 0; i < numItems; i++) sum[i] += cos[i];
                }
            }
            for (int i = 0; i < numItems; i++) c[i] = (float) Math.max(0, sum[i] / pairs);
        }
        return c;
    }

    /** Whether (u, i) is a flagged training edge. */
    boolean isNoisy(int u, int item) {
        int e = Arrays.binarySearch(items, offsets[u], offsets[u + 1], item);
        return e >= 0 && noisyEdge[e];
    }

    boolean[] noisyEdges() {
        return noisyEdge;
    }

    @Override
    public Tensor loss(Batch b) {
        if (noisyEdge == null) refreshPartition();
        Rng rng = stream.split(batchIndex++);
        int[] users = b.users(), pos = b.positives(), neg = b.negatives();
        int rowsB = users.length;
        int[] clean = new int[rowsB], hard = new int[rowsB], hardItem = new int[rowsB];
        int nClean = 0, nHard = 0;
        for (int r = 0; r < rowsB; r++) {
            if (isNoisy(users[r], pos[r])) continue;
            clean[nClean++] = r;
            int u = users[r], count = noisyOffsets[u + 1] - noisyOffsets[u];
            if (count > 0) {
                hard[nHard] = r;
                hardItem[nHard++] = noisyItems[noisyOffsets[u] + rng.nextInt(count)];
            }
        }
        clean = Arrays.copyOf(clean, nClean);
        hard = Arrays.copyOf(hard, nHard);
        int[] fNodes = BatchRows.shifted(Arrays.copyOf(hardItem, nHard), numUsers);
        int[] posNodes = BatchRows.shifted(pos, numUsers), negNodes = BatchRows.shifted(neg, numUsers);
        BatchRows touched = BatchRows.of(nodes.rows(), users, posNodes, negNodes, fNodes);
        Tensor e = Propagation.layerMeanAt(adjacency, nodes, opt.teacherUiLayers(), touched.rows());
        Tensor loss = null;
        if (nClean > 0) {
            Tensor u = e.gatherRows(touched.local(pick(users, clean)));
            loss = Losses.bpr(u.rowDot(e.gatherRows(touched.local(pick(posNodes, clean)))),
                    u.rowDot(e.gatherRows(touched.local(pick(negNodes, clean)))));
        }
        if (nHard > 0 && opt.dbprBeta() > 0) {
            Tensor u = e.gatherRows(touched.local(pick(users, hard)));
            Tensor term = Losses.bpr(u.rowDot(e.gatherRows(touched.local(pick(posNodes, hard)))),
                    u.rowDot(e.gatherRows(touched.local(fNodes)))).scale((float) opt.dbprBeta());
            loss = loss == null ? term : loss.add(term);
        }
        Tensor align = alignment(pos);
        if (align != null) loss = loss == null ? align : loss.add(align);
        // Every row flagged and one modality: nothing to learn from this batch, a zero that still reaches the table.
        return loss != null ? loss : e.sum().scale(0f);
    }

    /** In-batch InfoNCE between each pair of modality projections of the batch's distinct positive items. */
    private Tensor alignment(int[] positives) {
        if (projections.size() < 2) return null;
        int[] distinct = BatchRows.of(numItems, positives).rows();
        List<Tensor> z = new ArrayList<>();
        for (int m = 0; m < projections.size(); m++) z.add(projections.get(m).apply(rawFeatures.get(m).gatherRows(distinct)).normalizeRows());
        Tensor sum = null;
        for (int a = 0; a < z.size(); a++) {
            for (int c = a + 1; c < z.size(); c++) {
                Tensor t = SoftmaxCrossEntropy.diagonalMean(z.get(a).matmulT(z.get(c)), (float) (1 / opt.amscTemperature()));
                sum = sum == null ? t : sum.add(t);
            }
        }
        return sum;
    }

    private static int[] pick(int[] values, int[] rows) {
        int[] out = new int[rows.length];
        for (int k = 0; k < rows.length; k++) out[k] = values[rows[k]];
        return out;
    }

    @Override
    public Embeddings evalEmbeddings() {
        try (var off = Grad.off()) {
            Tensor e = Propagation.layerMean(adjacency, nodes, opt.teacherUiLayers());
            return new Embeddings(e.sliceRows(0, numUsers), e.sliceRows(numUsers, e.rows()));
        }
    }
}
