package org.mmrec4j.models.block;

import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.ModelContext;

/** Small helpers shared by the multimodal models: the feature check, constant and trainable feature tensors, untrained tables. */
public final class ModalityInputs {
    private ModalityInputs() {}

    /** The dataset's modalities; a one-line error when there are none. */
    public static FeatureSet require(ModelContext ctx, String model) {
        FeatureSet f = ctx.features();
        if (f.isEmpty()) {
            throw new IllegalArgumentException(model + " needs item features (at least one modality, e.g. image or text); dataset '"
                    + ctx.dataset().name() + "' has none");
        }
        return f;
    }

    /** A modality as a constant tensor (shared, not copied; never trained). */
    public static Tensor constant(FeatureMatrix m) {
        return Tensor.wrap(m.rows(), m.cols(), m.data());
    }

    /** Xavier-normal values, std sqrt(2/(rows+cols)), as {@code Params.xavierNormal} draws them. */
    public static float[] xavierNormalValues(int rows, int cols, Rng rng) {
        float std = (float) Math.sqrt(2.0 / (rows + cols));
        float[] d = new float[rows * cols];
        for (int i = 0; i < d.length; i++) d[i] = std * (float) rng.nextGaussian();
        return d;
    }

    /** A trainable copy of a feature table (MMRec's nn.Embedding.from_pretrained(freeze=False)). */
    public static Tensor trainableTable(Params params, String name, FeatureMatrix raw) {
        return params.add(name, Tensor.parameter(raw.rows(), raw.cols(), raw.data().clone()));
    }
}
