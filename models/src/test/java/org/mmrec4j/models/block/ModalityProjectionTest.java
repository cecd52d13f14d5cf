package org.mmrec4j.models.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.FeatureSet;
import org.mmrec4j.engine.GradCheck;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.models.block.ModalityProjection.Activation;
import org.mmrec4j.models.block.ModalityProjection.BiasInit;
import org.mmrec4j.models.block.ModalityProjection.Options;
import org.mmrec4j.models.block.ModalityProjection.WeightInit;

class ModalityProjectionTest {
    private static final int ITEMS = 9;
    /** Repeats and gaps, as in a batch. */
    private static final int[] ROWS = {4, 0, 4, 8, 2};

    /** Three modalities of different widths. */
    private static FeatureSet features() {
        Rng rng = new Rng(3);
        Map<String, FeatureMatrix> m = new LinkedHashMap<>();
        for (String name : new String[] {"image", "text", "audio"}) {
            int dim = switch (name) { case "image" -> 7; case "text" -> 5; default -> 3; };
            float[] d = new float[ITEMS * dim];
            for (int i = 0; i < d.length; i++) d[i] = (float) rng.nextGaussian();
            m.put(name, new FeatureMatrix(ITEMS, dim, d));
        }
        return FeatureSet.of(m);
    }

    static Stream<Options> variants() {
        Options linear = Options.linear(4, WeightInit.XAVIER_NORMAL, BiasInit.PYTORCH_DEFAULT);
        return Stream.of(
                linear,
                linear.withTrainableFeatures(true),
                linear.withConcatenate(true),
                linear.withConcatenate(true).withTrainableFeatures(true),
                linear.withHidden(6, Activation.TANH).withTrainableFeatures(true),
                new Options(4, 6, Activation.LEAKY_RELU, WeightInit.PYTORCH_DEFAULT, BiasInit.PYTORCH_DEFAULT, true, false));
    }

    @ParameterizedTest
    @MethodSource("variants")
    void gradientsOfProjectedRowsMatchFiniteDifferences(Options opt) {
        ModalityProjection p = new ModalityProjection(features(), opt, new Rng(1));
        Tensor[] params = p.params().tensors().toArray(new Tensor[0]);
        for (String out : p.names()) {
            GradCheck.check(opt + " " + out, 1e-2f, 2e-2, 1e-3, x -> p.projectRows(out, ROWS), params);
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void projectingRowsEqualsProjectingAllAndGathering(Options opt) {
        ModalityProjection p = new ModalityProjection(features(), opt, new Rng(2));
        try (var off = Grad.off()) {
            for (String out : p.names()) {
                float[] rows = p.projectRows(out, ROWS).data();
                float[] all = p.projectAll(out).gatherRows(ROWS).data();
                assertThat(rows).hasSize(ROWS.length * 4);
                for (int k = 0; k < rows.length; k++) assertThat(rows[k]).isCloseTo(all[k], within(1e-5f));
            }
        }
    }

    @Test
    void gatheredConcatenationHasTheRowsSideBySideAndScattersItsGradient() {
        Tensor a = GradCheck.input(4, 3, 1), b = GradCheck.input(4, 2, 2);
        Tensor c = ModalityProjection.gatherConcat(java.util.List.of(a, b), new int[] {3, 1, 3});
        assertThat(c.toArray()[2]).containsExactly(a.get(3, 0), a.get(3, 1), a.get(3, 2), b.get(3, 0), b.get(3, 1));
        GradCheck.check("gatherConcat", x -> ModalityProjection.gatherConcat(java.util.List.of(x[0], x[1]), new int[] {3, 1, 3}), a, b);
    }

    @Test
    void perModalityOutputsFollowTheFeatureOrderAndConcatenationIsOneOutput() {
        Options linear = Options.linear(4, WeightInit.XAVIER_NORMAL, BiasInit.ZERO);
        assertThat(new ModalityProjection(features(), linear, new Rng(1)).names()).containsExactly("image", "text", "audio");
        ModalityProjection concat = new ModalityProjection(features(), linear.withConcatenate(true), new Rng(1));
        assertThat(concat.onlyName()).isEqualTo("image+text+audio");
        assertThat(concat.params().get("image+text+audio.w1").rows()).isEqualTo(7 + 5 + 3);
    }

    @Test
    void concatenatedMapEqualsOneLinearOverTheConcatenatedTable() {
        FeatureSet f = features();
        ModalityProjection p = new ModalityProjection(f, Options.linear(4, WeightInit.XAVIER_NORMAL, BiasInit.PYTORCH_DEFAULT)
                .withConcatenate(true), new Rng(5));
        Tensor x = Tensor.concatCols(Tensor.wrap(ITEMS, 7, f.get("image").data()), Tensor.wrap(ITEMS, 5, f.get("text").data()),
                Tensor.wrap(ITEMS, 3, f.get("audio").data()));
        float[] expected = x.matmul(p.params().get("image+text+audio.w1")).add(p.params().get("image+text+audio.b1")).data();
        float[] actual = p.projectAll(p.onlyName()).data();
        for (int k = 0; k < actual.length; k++) assertThat(actual[k]).isCloseTo(expected[k], within(1e-5f));
    }

    @Test
    void trainableTablesStartAsCopiesAndFrozenTablesAreShared() {
        FeatureSet f = features();
        Options linear = Options.linear(4, WeightInit.XAVIER_NORMAL, BiasInit.ZERO);
        ModalityProjection trainable = new ModalityProjection(f, linear.withTrainableFeatures(true), new Rng(1));
        Tensor t = trainable.table("text");
        assertThat(t.requiresGrad()).isTrue();
        assertThat(t.data()).containsExactly(f.get("text").data()).isNotSameAs(f.get("text").data());
        assertThat(trainable.params().asMap()).containsKey("text.features");
        ModalityProjection frozen = new ModalityProjection(f, linear, new Rng(1));
        assertThat(frozen.table("text").requiresGrad()).isFalse();
        assertThat(frozen.table("text").data()).isSameAs(f.get("text").data());
        assertThat(frozen.params().asMap()).doesNotContainKey("text.features");
    }

    @Test
    void pytorchDefaultInitStaysWithinOneOverSqrtFanIn() {
        ModalityProjection p = new ModalityProjection(features(),
                Options.linear(4, WeightInit.PYTORCH_DEFAULT, BiasInit.PYTORCH_DEFAULT), new Rng(1));
        float bound = (float) (1 / Math.sqrt(7));
        for (float v : p.params().get("image.w1").data()) assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
        for (float v : p.params().get("image.b1").data()) assertThat(Math.abs(v)).isLessThanOrEqualTo(bound);
    }

    @Test
    void unknownOutputsAndEmptyFeatureSetsAreRejected() {
        ModalityProjection p = new ModalityProjection(features(), Options.linear(4, WeightInit.XAVIER_NORMAL, BiasInit.ZERO), new Rng(1));
        assertThatThrownBy(() -> p.projectAll("video")).hasMessageContaining("video").hasMessageContaining("image");
        assertThatThrownBy(() -> new ModalityProjection(FeatureSet.empty(), Options.linear(4, WeightInit.XAVIER_NORMAL, BiasInit.ZERO),
                new Rng(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
