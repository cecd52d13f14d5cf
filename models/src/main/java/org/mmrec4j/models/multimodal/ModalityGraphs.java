package org.mmrec4j.models.multimodal;

import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.graph.ItemKnnGraph;
import org.mmrec4j.models.ModelContext;

/** Inputs MGCN and SMORE build per modality from the raw features, once, before training. */
final class ModalityGraphs {
    private ModalityGraphs() {}

    /** Refuses a dataset without features, naming the model. */
    static void requireFeatures(ModelContext ctx, String model) {
        if (ctx.features().isEmpty()) {
            throw new IllegalArgumentException(model + " needs item features (at least one modality), but the dataset has none");
        }
    }

    /**
     * K3 (spec §0.2): cosine top-k of the raw features, self included, values s_ij/sqrt(d_i·d_j).
     * Frozen. k is capped at the item count, where MMRec's topk would fail.
     */
    static CsrMatrix k3(FeatureMatrix raw, int k) {
        return ItemKnnGraph.cosine(raw, Math.min(k, raw.rows())).symmetricNormalized();
    }

    /** A trainable copy of a feature table (MMRec's nn.Embedding.from_pretrained(freeze=False)). */
    static Tensor trainableTable(Params params, String name, FeatureMatrix raw) {
        return params.add(name, Tensor.parameter(raw.rows(), raw.cols(), raw.data().clone()));
    }
}
