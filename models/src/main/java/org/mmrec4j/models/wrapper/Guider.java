package org.mmrec4j.models.wrapper;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.BprSampler;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.Gemm;
import org.mmrec4j.engine.optim.Adam;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.eval.TopK;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.Embeddings;
import org.mmrec4j.models.loss.SoftmaxKl;

/**
 * GUIDER (WSDM'25; spec/models.md §20) as a wrapper around any student of the zoo: a denoising teacher
 * trained in its own loop, and a distillation term added to the student's own loss. The wrapper holds
 * no student-specific code: it needs only the student's loss, its parameters and
 * {@link Recommender#trainingScores}.
 *
 * <p>Per epoch ({@link #beforeEpoch}): the teacher's and the student's epoch hooks, then one full
 * teacher epoch on the teacher's own shuffled (u, i⁺, i⁻) loader with its own Adam
 * (guider_teacher_learning_rate), unless the teacher was pre-trained (guider_teacher_pretrain_epochs);
 * the teacher's evaluation-mode vectors are then frozen for the student's epoch, which the trainer runs
 * through {@link #loss}. Evaluation, scoring and checkpointed parameters are the student's.
 *
 * <p>Modes ({@link GuiderOptions.Mode}):
 * <ul>
 *   <li>code_compat (§20.2): the FREEDOM-style {@link HashWeightedTeacher}; L_KD = (1/B) Σ_b
 *       KL(softmax(Y_T[b]) ‖ softmax(Y_S[b])) over all items for the batch's user column (users repeat,
 *       nothing masked, no temperature), Y_S = student.trainingScores, Y_T the teacher's N1 scores;
 *       computed once per distinct user with weight count/B, which is the same sum.
 *   <li>paper (§20.3): the {@link DbprTeacher} (AMSC partition, DBPR, ID-only LightGCN); L_KD =
 *       {@link SinkhornDivergence} between the student's and the teacher's score vectors of up to
 *       guider_kd_users distinct batch users over a candidate item set (the union of their teacher
 *       top-k and random items).
 * </ul>
 *
 * <p>Loss combination: fixed L_S + λ_KD·L_KD, or MGDA ({@link Mgda}): the wrapper back-propagates L_S
 * and L_KD separately inside {@link #loss}, takes the per-parameter gradients, computes the weights
 * with the reference's quirk (g₂ = ∇L_S + ∇L_KD) and floors, and returns a 1×1 node whose value is
 * w_S·L_S + w_KD·L_KD and whose backward hands the student's parameters w_S·∇L_S + w_KD·∇L_KD: the
 * same gradient as the reference's third backward pass, without recomputing the graphs. So the trainer
 * needs no hook. Deviation: the reference runs L_S and the KD scores in one autograd graph; here they
 * are two forward passes, with identical values.
 *
 * <p>Checkpoints hold the student (parameters via {@link #params}, its optimizer via the trainer) and,
 * through {@link #writeTrainingState}, the teacher's parameters, its Adam moments and its own state, so a
 * resumed run continues exactly.
 */
public final class Guider implements Recommender {
    private final Recommender student;
    private final GuiderOptions opt;
    private final GuiderTeacher teacher;
    private final Adam teacherOptimizer;
    private final BprSampler teacherSampler;
    private final List<Tensor> studentParams;
    private final int numItems;
    private final Rng pretrainStream;
    private boolean pretrained;
    private Embeddings teacherView;
    private Rng kdStream;
    private long kdBatch;
    private Mgda.Weights lastWeights;

    public Guider(ModelContext ctx, Recommender student, GuiderOptions opt) {
        this.student = student;
        this.opt = opt;
        this.numItems = ctx.numItems();
        try (var off = Grad.off()) {
            Tensor probe = student.trainingScores(new int[] {0});
            Checks.arg(probe.rows() == 1 && probe.cols() == numItems, "GUIDER: the student's trainingScores gave %s for one user, expected 1x%s",
                    probe.shape(), numItems);
        } catch (UnsupportedOperationException e) {
            throw new IllegalArgumentException("GUIDER: " + e.getMessage());
        }
        Rng rng = ctx.rng().split("guider");
        teacher = opt.mode() == GuiderOptions.Mode.CODE_COMPAT
                ? new HashWeightedTeacher(ctx, opt, rng.split("teacher"))
                : new DbprTeacher(ctx, opt, rng.split("teacher"));
        teacherOptimizer = new Adam(teacher.params(), opt.teacherLearningRate(), 0.0);
        teacherSampler = new BprSampler(ctx.dataset().train(), ctx.numUsers(), opt.batchSize(), true, rng.split("teacher.sampler"));
        studentParams = new ArrayList<>(student.params().tensors());
        pretrainStream = rng.split("pretrain");
        kdStream = rng.split("kd");
    }

    /** Wraps a student built from the same context, reading GUIDER's keys from its config. */
    public static Guider wrap(Recommender student, ModelContext ctx) {
        return new Guider(ctx, student, GuiderOptions.from(ctx.config()));
    }

    @Override
    public void beforeEpoch(EpochContext epoch) {
        Rng root = epoch.rng().split("guider");
        student.beforeEpoch(epoch);
        if (opt.teacherPretrainEpochs() > 0) {
            if (!pretrained) {
                for (int k = 0; k < opt.teacherPretrainEpochs(); k++) trainTeacherEpoch(new EpochContext(k, pretrainStream.split(k)));
                pretrained = true;
            }
        } else {
            trainTeacherEpoch(new EpochContext(epoch.epoch(), root.split("teacher")));
        }
        teacherView = teacher.evalEmbeddings();
        kdStream = root.split("kd");
        kdBatch = 0;
    }

    /** The teacher's hook, then one full pass over its own loader, one Adam step per batch. */
    private void trainTeacherEpoch(EpochContext epoch) {
        teacher.beforeEpoch(epoch);
        for (Batch b : teacherSampler.epoch(epoch.rng().split("sampler"))) {
            teacherOptimizer.zeroGrad();
            teacher.loss(b).backward();
            teacherOptimizer.step();
        }
        teacherOptimizer.zeroGrad();
    }

    @Override
    public Tensor loss(Batch b) {
        if (teacherView == null) teacherView = teacher.evalEmbeddings();
        Tensor ls = student.loss(b);
        if (opt.weighting() == GuiderOptions.Weighting.FIXED) return ls.add(distillation(b).scale((float) opt.kdWeight()));
        ls.backward();
        List<float[]> gs = takeGradients();
        Tensor kd = distillation(b);
        kd.backward();
        List<float[]> gk = takeGradients();
        Mgda.Weights w = Mgda.fromGradients(gs, gk);
        lastWeights = w;
        List<float[]> combined = new ArrayList<>(gs.size());
        List<Tensor> parents = new ArrayList<>();
        float ws = (float) w.student(), wk = (float) w.distill();
        for (int p = 0; p < gs.size(); p++) {
            float[] a = gs.get(p), c = gk.get(p);
            if (a == null && c == null) {
                combined.add(null);
                continue;
            }
            float[] g = a != null ? a : new float[c.length];
            for (int k = 0; k < g.length; k++) g[k] = ws * g[k] + (c == null ? 0f : wk * c[k]);
            combined.add(g);
            parents.add(studentParams.get(p));
        }
        float value = (float) (w.student() * ls.item() + w.distill() * kd.item());
        if (parents.isEmpty()) return Tensor.scalar(value);
        boolean[] consumed = {false};
        return Tensor.op(1, 1, new float[] {value}, up -> {
            Checks.state(!consumed[0], "GUIDER: backward ran twice over one combined loss");
            consumed[0] = true;
            for (int p = 0; p < combined.size(); p++) {
                float[] g = combined.get(p);
                if (g == null) continue;
                if (up[0] != 1f) for (int k = 0; k < g.length; k++) g[k] *= up[0];
                studentParams.get(p).accumulateGrad(g);
            }
        }, parents.toArray(new Tensor[0]));
    }

    /** Each student parameter's gradient so far (null where none reached it), leaving the parameters without one. */
    private List<float[]> takeGradients() {
        List<float[]> out = new ArrayList<>(studentParams.size());
        for (Tensor p : studentParams) {
            out.add(p.grad());
            p.zeroGradInPlace();
        }
        return out;
    }

    /** L_KD for one student batch, per the mode. */
    Tensor distillation(Batch b) {
        if (opt.mode() == GuiderOptions.Mode.CODE_COMPAT) {
            // A user repeated in the batch has identical rows on both sides: score each once, weighted count/B.
            int[] batchUsers = b.users();
            int[] users = BatchRows.of(Arrays.stream(batchUsers).max().orElse(0) + 1, batchUsers).rows();
            int[] position = new int[users[users.length - 1] + 1];
            for (int k = 0; k < users.length; k++) position[users[k]] = k;
            float[] weights = new float[users.length];
            for (int u : batchUsers) weights[position[u]] += 1f / batchUsers.length;
            float[] teacherScores = teacherScores(users);
            return SoftmaxKl.weightedDivergence(student.trainingScores(users), teacherScores, weights);
        }
        Rng rng = kdStream.split(kdBatch++);
        int[] users = kdUsers(b.users(), rng);
        float[] teacherScores = teacherScores(users);
        int[] candidates = candidates(teacherScores, users.length, rng);
        Tensor studentCand = gatherColumns(student.trainingScores(users), candidates);
        Tensor teacherCand = Tensor.wrap(users.length, candidates.length, gatherColumns(teacherScores, users.length, candidates));
        return SinkhornDivergence.divergence(studentCand, teacherCand, opt.sinkhorn());
    }

    /** The batch's distinct users, at most guider_kd_users of them drawn at random, in ascending order. */
    private int[] kdUsers(int[] batchUsers, Rng rng) {
        int[] distinct = BatchRows.of(Arrays.stream(batchUsers).max().orElse(0) + 1, batchUsers).rows();
        if (distinct.length <= opt.kdUsers()) return distinct;
        for (int k = 0; k < opt.kdUsers(); k++) { // partial Fisher–Yates
            int j = k + rng.nextInt(distinct.length - k);
            int t = distinct[k];
            distinct[k] = distinct[j];
            distinct[j] = t;
        }
        int[] out = Arrays.copyOf(distinct, opt.kdUsers());
        Arrays.sort(out);
        return out;
    }

    /** The union of each row's teacher top-k and guider_kd_random random items, ascending. */
    private int[] candidates(float[] teacherScores, int rows, Rng rng) {
        boolean[] in = new boolean[numItems];
        int k = Math.min(opt.kdTop(), numItems);
        int[] top = new int[k];
        float[] topScores = new float[k];
        long[] heap = new long[k];
        for (int r = 0; r < rows; r++) {
            int got = TopK.select(teacherScores, r * numItems, numItems, new int[0], 0, 0, k, top, topScores, heap);
            for (int t = 0; t < got; t++) in[top[t]] = true;
        }
        for (int d = 0; d < Math.min(opt.kdRandom(), numItems); d++) in[rng.nextInt(numItems)] = true;
        int count = 0;
        for (boolean v : in) if (v) count++;
        int[] out = new int[count];
        for (int i = 0, c = 0; i < numItems; i++) if (in[i]) out[c++] = i;
        return out;
    }

    /** The frozen teacher's scores of the given users against every item (users.length × numItems). */
    float[] teacherScores(int[] users) {
        Tensor tu = teacherView.users(), ti = teacherView.items();
        int d = tu.cols();
        float[] block = new float[users.length * d], out = new float[users.length * numItems];
        float[] u = tu.data();
        for (int r = 0; r < users.length; r++) System.arraycopy(u, users[r] * d, block, r * d, d);
        Gemm.gemm(false, true, users.length, numItems, d, 1f, block, d, ti.data(), d, 0f, out, numItems);
        return out;
    }

    private static float[] gatherColumns(float[] x, int rows, int[] cols) {
        int n = x.length / rows;
        float[] out = new float[rows * cols.length];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols.length; c++) out[r * cols.length + c] = x[r * n + cols[c]];
        return out;
    }

    /** x[:, cols] as a differentiable op (the backward scatters into the selected columns). */
    static Tensor gatherColumns(Tensor x, int[] cols) {
        int rows = x.rows(), n = x.cols();
        return Tensor.op(rows, cols.length, gatherColumns(x.data(), rows, cols), g -> {
            float[] gx = new float[rows * n];
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols.length; c++) gx[r * n + cols[c]] += g[r * cols.length + c];
            x.accumulateGrad(gx);
        }, x);
    }

    /** The MGDA weights of the last combined batch (null before one or with fixed weighting). */
    public Mgda.Weights lastWeights() {
        return lastWeights;
    }

    public Recommender student() {
        return student;
    }

    @Override
    public Scorer scorer() {
        return student.scorer();
    }

    @Override
    public Params params() {
        return student.params();
    }

    @Override
    public boolean usesNegatives() {
        return student.usesNegatives();
    }

    @Override
    public Embeddings finalEmbeddings() {
        return student.finalEmbeddings();
    }

    @Override
    public Tensor trainingScores(int[] users) {
        return student.trainingScores(users);
    }

    @Override
    public void writeTrainingState(DataOutputStream out) throws IOException {
        student.writeTrainingState(out);
        teacher.params().write(out);
        teacherOptimizer.writeState(out);
        teacher.writeState(out);
        out.writeBoolean(pretrained);
    }

    @Override
    public void readTrainingState(DataInputStream in) throws IOException {
        student.readTrainingState(in);
        teacher.params().readInto(in);
        teacherOptimizer.readState(in);
        teacher.readState(in);
        pretrained = in.readBoolean();
        teacherView = null; // recomputed from the restored teacher
    }
}
