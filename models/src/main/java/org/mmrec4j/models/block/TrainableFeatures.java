package org.mmrec4j.models.block;

import java.util.List;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;

/**
 * Per modality m a trainable feature table F_m, initialised with a copy of the raw features (MMRec's
 * {@code nn.Embedding.from_pretrained(freeze=False)}), and a projection Lin(d_m → out) with PyTorch's
 * default init, weight and bias U(±1/sqrt(d_m)). The weight is stored d_m×out, so projecting is X·W + b.
 * Used by FREEDOM and LATTICE.
 */
public final class TrainableFeatures {
    private final List<String> names;
    private final Tensor[] tables, weights, biases;

    public TrainableFeatures(FeatureSet features, int outDim, Params params, Rng rng) {
        names = features.names();
        int m = names.size();
        tables = new Tensor[m];
        weights = new Tensor[m];
        biases = new Tensor[m];
        for (int k = 0; k < m; k++) {
            String name = names.get(k);
            FeatureMatrix f = features.get(name);
            float bound = (float) (1 / Math.sqrt(f.cols()));
            Rng r = rng.split(name);
            tables[k] = ModalityInputs.trainableTable(params, name + ".features", f);
            weights[k] = params.uniform(name + ".proj.weight", f.cols(), outDim, -bound, bound, r.split("weight"));
            biases[k] = params.uniform(name + ".proj.bias", 1, outDim, -bound, bound, r.split("bias"));
        }
    }

    public int size() {
        return names.size();
    }

    /**
     * proj_m(F_m)[rows]: the rows are gathered first and only they are projected. Exact, because the
     * projection acts on each row alone; a batch pays for its own items, not the catalogue.
     */
    public Tensor projectRows(int m, int[] rows) {
        return tables[m].gatherRows(rows).matmul(weights[m]).add(biases[m]);
    }

    /** proj_m(F_m) for every item. */
    public Tensor projectAll(int m) {
        return tables[m].matmul(weights[m]).add(biases[m]);
    }
}
