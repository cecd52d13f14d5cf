package org.mmrec4j.models;

import java.util.List;
import java.util.Map;
import org.mmrec4j.engine.Tensor;

/**
 * A model whose item vectors can be computed from an item's features alone, so items unseen in training
 * (cold items) can be scored: s(u, i) = finalEmbeddings().users()[u] · coldItemVectors(...)[i].
 * Only models where this is exact and cheap implement it (a projection-only item path).
 */
public interface ColdItemScoring {

    /** The modalities the item path reads and their feature widths, in a stable order. */
    Map<String, Integer> coldFeatureDims();

    /**
     * Item vectors in the space of {@code finalEmbeddings().items()}, one row per cold item, computed with
     * gradients off.
     *
     * @param features per modality of {@link #coldFeatureDims}, an n×d_m tensor of raw feature rows
     */
    Tensor coldItemVectors(Map<String, Tensor> features);

    /** Helper for implementations: the rows in the given modality order, checking presence. */
    static List<Tensor> ordered(Map<String, Tensor> features, List<String> modalities) {
        return modalities.stream().map(m -> {
            Tensor t = features.get(m);
            if (t == null) throw new IllegalArgumentException("missing features for modality '" + m + "'; need " + modalities);
            return t;
        }).toList();
    }
}
