package org.mmrec4j.models.block;

import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;

/**
 * What DualGNN and DRAGON (its extension) share beyond their fusion: the per-modality preference-graph
 * branches, the user-modality weights ω, the user graph resampled every epoch, the loss over the last
 * training batch's table and scoring with that table. A subclass writes its {@link #forward} only.
 * Random streams are drawn in this order: the branches, ω, the first user graph.
 */
public abstract class PreferenceGraphModel implements LastBatchTable.Scoring {
    protected final Params params = new Params();
    protected final PreferenceGraphBranches branches;
    /** ω, or null with a single modality. */
    protected final Tensor userWeights;
    protected final SampledUserGraph userGraphs;
    protected final int numUsers;
    private final LastBatchTable lastBatch;
    private final double regWeight;

    /**
     * @param name       the model's name, for errors about missing features
     * @param extraGraph a graph the user graph's block matrix carries on its item block, or null (see {@link SampledUserGraph})
     */
    protected PreferenceGraphModel(ModelContext ctx, String name, int dim, int layers, double regWeight, CsrMatrix extraGraph) {
        this.numUsers = ctx.numUsers();
        this.regWeight = regWeight;
        this.branches = new PreferenceGraphBranches(ctx, name, dim, layers, params);
        this.userWeights = branches.userModalityWeights(params, ctx.rng());
        this.lastBatch = new LastBatchTable(numUsers, this::forward);
        this.userGraphs = new SampledUserGraph(ctx.userItemGraph(), ctx.rng(), extraGraph);
    }

    /** The final stacked [users; items] table. */
    protected abstract Tensor forward();

    @Override
    public void beforeEpoch(EpochContext epoch) {
        userGraphs.resample(epoch.rng());
    }

    /** The current user graph S (for tests). */
    public CsrMatrix userGraph() {
        return userGraphs.current();
    }

    /** The table {@link LastBatchTable.Scoring} scores with. */
    @Override
    public LastBatchTable lastBatch() {
        return lastBatch;
    }

    @Override
    public Tensor loss(Batch b) {
        return branches.loss(lastBatch.forTraining(), b, userWeights, regWeight);
    }

    @Override
    public Params params() {
        return params;
    }
}
