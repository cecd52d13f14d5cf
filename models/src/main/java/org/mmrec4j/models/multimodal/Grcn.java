package org.mmrec4j.models.multimodal;

import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.EdgeOps;
import org.mmrec4j.engine.EdgePattern;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.block.BatchRows;
import org.mmrec4j.models.block.LastBatchTable;
import org.mmrec4j.models.block.Linear.WeightInit;
import org.mmrec4j.models.block.Linear;
import org.mmrec4j.models.block.MessagePassing;
import org.mmrec4j.models.block.ModalityInputs;
import org.mmrec4j.models.loss.Losses;

/**
 * GRCN, MMRec's version (spec/models.md §5), over any number of modalities m = 1..M on the stacked
 * [users; items] nodes; edges are the training pairs in both directions (N6), A the pattern with
 * row = receiver and column = sender.
 * <pre>
 *   content branch m:  f_m = norm(LReLU(Lin(d_m→latent)(X_m))),  p_m = norm(pref_m)
 *                      routing (n_layers rounds): p_m ← norm(p_m + Attn_{user←item edges}(x)[users])   (see below)
 *                      x = [p_m ; f_m],  α_{e,m} = softmax over the receiver's edges of x[recv]·x[send]
 *                      content_m = x + Σ_e α_{e,m} x[send]
 *   edge weights:      w_e = ReLU(max_m α_{e,m} · c[send(e), m]),  c ∈ R^{(n_u+n_i)×M} ("confid" mode)
 *   ID branch:         x⁰ = norm(e_id),  x¹ = Σ_e w_e x⁰[send],  x² = Σ_e w_e x¹[send],  id = x⁰ + x¹ + x²
 *   rep = [id ; content_1 ; … ; content_M],   s(u, i) = rep_u · rep_i
 *   loss = BPR-pair + λ·[mean_{2B×d}(e_id[u]² + e_id[i]²) + mean(pref_first²) + Σ_m mean(pref_m[u]²)]
 * </pre>
 * The regulariser uses the raw (not normalised) tables; its full-table term covers the first modality
 * only (MMRec's pref_v: image whenever present). The confidence table is not regularised (MMRec
 * computes that term and drops it). Prediction uses the representation of the last training batch,
 * as MMRec's cached result does.
 *
 * <p><b>Routing, flagged.</b> MMRec routes on the user→item edge list with PyG's source→target flow,
 * so only items receive messages and the users' update is zero: each round is norm(p + 0) = p. With
 * {@code routing: pyg} (default) the rounds are therefore skipped, which is exact up to rounding. We
 * read this from PyG's semantics; the reference was not run. {@code routing: paper} runs what the
 * GRCN paper describes instead: each user attends over its items and adds the result to its preference.
 *
 * <p>Deviations: after a checkpoint resume the last-batch cache is empty and the first evaluation
 * recomputes with the restored parameters; training pairs are de-duplicated (MMRec's data has none).
 * MMRec's single-modality text path has a typo that leaves the content empty and crashes; any single
 * modality works here.
 */
public final class Grcn implements LastBatchTable.Scoring {

    public record Options(int dim, int latent, int routingRounds, String routing, double regWeight, float leakySlope) {
        public Options {
            Checks.arg(dim > 0, "embedding_size must be > 0, got %s", dim);
            Checks.arg(latent > 0, "latent_embedding must be > 0, got %s", latent);
            Checks.arg(routingRounds >= 0, "n_layers must be >= 0, got %s", routingRounds);
            Checks.arg(routing.equals("pyg") || routing.equals("paper"), "routing must be pyg or paper, got '%s'", routing);
            Checks.arg(regWeight >= 0, "reg_weight must be >= 0, got %s", regWeight);
            Checks.arg(leakySlope >= 0, "leaky_slope must be >= 0, got %s", leakySlope);
        }

        public static Options from(Config c) {
            return new Options(c.getInt("embedding_size"), c.getInt("latent_embedding"), c.getInt("n_layers"),
                    c.getString("routing"), c.getDouble("reg_weight"), c.getFloat("leaky_slope"));
        }
    }

    /** One modality's content branch. */
    private record Branch(Tensor features, Linear mlp, Tensor preference) {
        static Branch create(String name, Tensor features, int latent, int numUsers, Params params, Rng rng) {
            Linear mlp = Linear.create(params, name + ".mlp", features.cols(), latent, WeightInit.XAVIER_NORMAL, true, rng);
            Tensor pref = params.xavierNormal(name + ".preference", numUsers, latent, rng.split(name + ".preference"));
            return new Branch(features, mlp, pref);
        }
    }

    private final Options opt;
    private final Params params = new Params();
    private final MessagePassing graph;
    private final Tensor idEmbedding, confidence;
    private final List<Branch> branches = new ArrayList<>();
    private final int numUsers;
    private final LastBatchTable lastBatch;

    public Grcn(ModelContext ctx, Options opt) {
        this.opt = opt;
        this.numUsers = ctx.numUsers();
        FeatureSet features = ModalityInputs.require(ctx, "GRCN");
        graph = MessagePassing.bothDirections(ctx.userItemGraph());
        int nodes = graph.numNodes();
        idEmbedding = params.xavierNormal("id_embedding", nodes, opt.dim(), ctx.rng().split("id_embedding"));
        for (String name : features.names()) {
            branches.add(Branch.create(name, ModalityInputs.constant(features.get(name)), opt.latent(), numUsers, params,
                    ctx.rng().split(name)));
        }
        confidence = params.xavierNormal("confidence", nodes, branches.size(), ctx.rng().split("confidence"));
        lastBatch = new LastBatchTable(numUsers, this::representation);
    }

    public static Grcn create(ModelContext ctx) {
        return new Grcn(ctx, Options.from(ctx.config()));
    }

    private Tensor representation() {
        EdgePattern edges = graph.pattern();
        Tensor[] blocks = new Tensor[branches.size() + 1];
        Tensor[] alphas = new Tensor[branches.size()];
        for (int m = 0; m < branches.size(); m++) {
            Branch b = branches.get(m);
            Tensor f = b.mlp().apply(b.features()).leakyRelu(opt.leakySlope()).normalizeRows();
            Tensor pref = route(b.preference().normalizeRows(), f);
            Tensor x = Tensor.concatRows(pref, f);
            alphas[m] = MessagePassing.attention(edges, x);
            blocks[m + 1] = x.add(MessagePassing.weightedSum(edges, alphas[m], x));
        }
        Tensor perModality = alphas.length == 1 ? alphas[0] : Tensor.concatCols(alphas);
        Tensor senderConfidence = confidence.gatherRows(edges.colIdx());
        Tensor weights = EdgeOps.rowMax(perModality.mul(senderConfidence)).relu();
        Tensor x0 = idEmbedding.normalizeRows();
        Tensor x1 = MessagePassing.weightedSum(edges, weights, x0);
        Tensor x2 = MessagePassing.weightedSum(edges, weights, x1);
        blocks[0] = x0.add(x1).add(x2);
        return Tensor.concatCols(blocks);
    }

    /** The table {@link LastBatchTable.Scoring} scores with. */
    @Override
    public LastBatchTable lastBatch() {
        return lastBatch;
    }

    /** The routing rounds; under PyG semantics the users receive nothing, so the preference is unchanged. */
    private Tensor route(Tensor pref, Tensor features) {
        if (opt.routing().equals("pyg")) return pref;
        EdgePattern toUsers = graph.itemToUser();
        for (int r = 0; r < opt.routingRounds(); r++) {
            Tensor x = Tensor.concatRows(pref, features);
            Tensor received = MessagePassing.weightedSum(toUsers, MessagePassing.attention(toUsers, x), x);
            pref = pref.add(received.sliceRows(0, numUsers)).normalizeRows();
        }
        return pref;
    }

    @Override
    public Tensor loss(Batch b) {
        Tensor rep = lastBatch.forTraining();
        int[] pos = BatchRows.shifted(b.positives(), numUsers), neg = BatchRows.shifted(b.negatives(), numUsers);
        Tensor u = rep.gatherRows(b.users());
        Tensor loss = Losses.bpr(u.rowDot(rep.gatherRows(pos)), u.rowDot(rep.gatherRows(neg)), b.weighting());
        if (opt.regWeight() == 0) return loss;
        // mean over the 2B×dim interleaved rows of e[u]² + e[i]²: each user row counts twice.
        Tensor reg = idEmbedding.gatherRows(b.users()).square().sum().scale(2f)
                .add(idEmbedding.gatherRows(pos).square().sum())
                .add(idEmbedding.gatherRows(neg).square().sum())
                .scale(1f / (2f * b.size() * opt.dim()))
                .add(branches.get(0).preference().square().mean());
        for (Branch br : branches) reg = reg.add(br.preference().gatherRows(b.users()).square().mean());
        return loss.add(reg.scale((float) opt.regWeight()));
    }

    @Override
    public Params params() {
        return params;
    }
}
