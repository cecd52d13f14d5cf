package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.NoiseInjection;
import org.mmrec4j.data.demo.DemoDataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.engine.Params;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.models.ModelCatalog;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;

/** The trainer's denoise schedule and the experiment's training-noise injection, on the demo data. */
class DenoiseAndNoiseTest {
    @TempDir
    static Path shared;
    static Dataset demo;

    @BeforeAll
    static void generate() {
        DemoDataset.generate(shared.resolve("demo"), 7);
        demo = Dataset.load(shared.resolve("demo"), RunSetup.datasetOptions(Config.defaults(), "demo"));
    }

    private static Config config(String... sets) {
        List<String> all = new ArrayList<>(List.of("checkpoint_every=null"));
        all.addAll(List.of(sets));
        return RunSetup.config(ModelCatalog.get("LightGCN"), "demo", null, all, false).expandGrid().get(0);
    }

    /** A loss that asks the batch's weighting about row losses 0, 1, 2, … and records how many rows it dropped. */
    static final class WeightProbe implements Recommender {
        final Params params = new Params();
        final Tensor w = params.add("w", Tensor.parameter(1, 1, new float[] {0f}));
        final List<Double> droppedFractions = new ArrayList<>();
        final boolean consult;
        int trainRows = -1;

        WeightProbe(boolean consult) {
            this.consult = consult;
        }

        @Override public Tensor loss(Batch b) {
            if (consult) {
                float[] losses = new float[b.size()];
                for (int r = 0; r < losses.length; r++) losses[r] = r;
                float[] weights = b.weighting().weights(losses, new float[losses.length]);
                int zeros = 0;
                for (float x : weights) if (x == 0) zeros++;
                droppedFractions.add((double) zeros / b.size());
            }
            return w.scale(1f);
        }

        @Override public Scorer scorer() {
            return (users, out) -> java.util.Arrays.fill(out, 0f);
        }

        @Override public Params params() {
            return params;
        }
    }

    private static ModelSpec spec(WeightProbe model) {
        return new ModelSpec("LightGCN", ModelSpec.Uses.INTERACTIONS_ONLY, "test double", ctx -> {
            model.trainRows = ctx.dataset().train().size();
            return model;
        });
    }

    @Test
    void truncationRateGrowsLinearlyPerBatchThenStaysAtTheMaximum() {
        WeightProbe model = new WeightProbe(true);
        int perBatch = (demo.train().size() + 3) / 4; // 4 batches per epoch
        Config c = config("epochs=3", "train_batch_size=" + perBatch, "denoise=tce", "tce_max_rate=0.5", "tce_num_gradual=1");
        new Trainer(spec(model), demo, c, Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        assertThat(model.droppedFractions).hasSize(12);
        double[] expected = {0, 0.125, 0.25, 0.375, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5};
        for (int s = 0; s < 12; s++) {
            // ⌊ρ·B⌋ rows of B; the last batch is shorter
            assertThat(model.droppedFractions.get(s)).as("step %s", s).isCloseTo(expected[s], within(2.0 / perBatch));
        }
        SampleDenoising d = new SampleDenoising(SampleDenoising.Mode.TCE, 0.2, 2, 0);
        assertThat(d.dropRate(0, 10)).isZero();
        assertThat(d.dropRate(10, 10)).isCloseTo(0.1, within(1e-12));
        assertThat(d.dropRate(20, 10)).isCloseTo(0.2, within(1e-12));
        assertThat(d.dropRate(500, 10)).isCloseTo(0.2, within(1e-12));
    }

    @Test
    void reweightingAndNoneReachTheLoss() {
        WeightProbe none = new WeightProbe(true);
        new Trainer(spec(none), demo, config("epochs=1"), Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        assertThat(none.droppedFractions).isNotEmpty().allMatch(f -> f == 0);
        WeightProbe rce = new WeightProbe(true);
        new Trainer(spec(rce), demo, config("epochs=1", "denoise=rce"), Trainer.EvalSets.of(demo), TrainListener.NONE).run(null, false);
        // probabilities 0 → weight 0^β = 0 on every row
        assertThat(rce.droppedFractions).isNotEmpty().allMatch(f -> f == 1);
    }

    @Test
    void aModelThatIgnoresTheWeightingStopsTheRunAndBadModesFail() {
        WeightProbe deaf = new WeightProbe(false);
        assertThatThrownBy(() -> new Trainer(spec(deaf), demo, config("epochs=1", "denoise=tce"), Trainer.EvalSets.of(demo),
                TrainListener.NONE).run(null, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("denoise=tce").hasMessageContaining("LightGCN");
        assertThatThrownBy(() -> new Trainer(spec(deaf), demo, config("epochs=1", "denoise=tc"), Trainer.EvalSets.of(demo),
                TrainListener.NONE).run(null, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none, tce or rce");
    }

    @Test
    @SuppressWarnings("unchecked")
    void noiseReachesTheModelAndIsRecordedInManifestAndMetrics(@TempDir Path out) throws Exception {
        WeightProbe model = new WeightProbe(false);
        Config c = config("epochs=1", "noise_ratio=0.2");
        Experiment.run(spec(model), demo, c, out.resolve("a"), false, TrainListener.NONE, List.of("test"));
        int added = NoiseInjection.count(0.2, demo.train().size());
        assertThat(added).isPositive();
        assertThat(model.trainRows).isEqualTo(demo.train().size() + added);
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> manifest = json.readValue(out.resolve("a/manifest.json").toFile(), Map.class);
        Map<String, Object> metrics = json.readValue(out.resolve("a/metrics.json").toFile(), Map.class);
        Map<String, Object> noise = (Map<String, Object>) manifest.get("noise");
        assertThat(metrics.get("noise")).isEqualTo(noise);
        assertThat(noise.get("ratio")).isEqualTo(0.2);
        assertThat(noise.get("added")).isEqualTo(added);
        assertThat((String) noise.get("seed_source")).contains("run seed 999");
        long seed = ((Number) noise.get("seed")).longValue();
        NoiseInjection.Result again = NoiseInjection.inject(demo, 0.2, seed);
        assertThat(noise.get("sha256")).isEqualTo(again.sha256());

        // an explicit noise_seed is used and recorded as such; no noise, no block
        Experiment.run(spec(new WeightProbe(false)), demo, config("epochs=1", "noise_ratio=0.2", "noise_seed=5"), out.resolve("b"),
                false, TrainListener.NONE, List.of("test"));
        Map<String, Object> b = (Map<String, Object>) json.readValue(out.resolve("b/manifest.json").toFile(), Map.class).get("noise");
        assertThat(b.get("seed")).isEqualTo(5);
        assertThat(b.get("seed_source")).isEqualTo("noise_seed");
        assertThat(b.get("sha256")).isEqualTo(NoiseInjection.inject(demo, 0.2, 5).sha256()).isNotEqualTo(noise.get("sha256"));
        WeightProbe clean = new WeightProbe(false);
        Experiment.run(spec(clean), demo, config("epochs=1"), out.resolve("c"), false, TrainListener.NONE, List.of("test"));
        assertThat(clean.trainRows).isEqualTo(demo.train().size());
        assertThat(json.readValue(out.resolve("c/manifest.json").toFile(), Map.class)).doesNotContainKey("noise");
    }
}
