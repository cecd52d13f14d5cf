package org.mmrec4j.train;

import java.util.List;
import java.util.Locale;
import org.mmrec4j.config.Config;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Rng;

/**
 * Every trainer-level key, read and checked once from the resolved config (MMRec names, protocol §4
 * and §8.1): the loop, the optimizer, evaluation and selection, the protocol, sample denoising and the
 * injected training noise. Nothing else in the training path reads these keys.
 */
public record TrainSettings(long seed, int epochs, String learner, double learningRate, double weightDecay,
                            double lrGamma, double lrStep, int evalStep, int stoppingStep, int batchSize,
                            int evalBatchSize, int[] topk, String validMetric, int checkpointEvery,
                            double clipGradNorm, boolean selectOnTest, MirrorGradient mirrorGradient,
                            Protocol protocol, boolean reqTraining, boolean evalColdItems, Denoise denoise, Noise noise) {

    public TrainSettings {
        Checks.arg(epochs > 0, "epochs must be > 0, got %s", epochs);
        Checks.arg(evalStep > 0, "eval_step must be > 0, got %s", evalStep);
        Checks.arg(batchSize > 0, "train_batch_size must be > 0, got %s", batchSize);
        Checks.arg(lrStep > 0, "learning_rate_scheduler step must be > 0, got %s", lrStep);
        Checks.arg(evalBatchSize > 0, "eval_batch_size must be > 0, got %s", evalBatchSize);
        Checks.arg(checkpointEvery >= 0, "checkpoint_every must be >= 1 epochs (null saves no checkpoint), got %s", checkpointEvery);
        Checks.arg(topk.length > 0, "topk must list at least one cut-off K, got []");
        for (int k : topk) Checks.arg(k >= 1, "topk cut-offs must be >= 1, got %s", java.util.Arrays.toString(topk));
        Checks.arg(Double.isFinite(learningRate) && learningRate > 0, "learning_rate must be a finite number > 0, got %s", learningRate);
        Checks.arg(stoppingStep >= 0, "stopping_step must be >= 0 (null never stops), got %s", stoppingStep);
    }

    /**
     * Mirror Gradient (protocol §4): on batches whose index is a multiple of beta, a descent step on
     * alpha1·L, then L recomputed on the same batch and an ascent step on −alpha2·L.
     */
    public record MirrorGradient(boolean enabled, double alpha1, double alpha2, int beta) {
        public MirrorGradient {
            Checks.arg(!enabled || beta >= 1, "mg_beta must be >= 1, got %s", beta);
        }

        static MirrorGradient from(Config c) {
            if (!c.has("mirror_gradient") || !c.getBoolean("mirror_gradient")) return new MirrorGradient(false, 1, 0, 1);
            return new MirrorGradient(true, c.getDouble("mg_alpha1"), c.getDouble("mg_alpha2"), c.getInt("mg_beta"));
        }

        public boolean appliesTo(int batchIndex) {
            return enabled && batchIndex % beta == 0;
        }
    }

    /** Sample denoising of the recommendation loss ({@code denoise}: none, tce, rce); see {@link SampleDenoising}. */
    public record Denoise(SampleDenoising.Mode mode, double maxRate, double gradualEpochs, double beta) {
        public Denoise {
            Checks.arg(maxRate >= 0 && maxRate < 1, "tce_max_rate must be in [0, 1), got %s", maxRate);
            Checks.arg(gradualEpochs >= 0, "tce_num_gradual must be >= 0 epochs, got %s", gradualEpochs);
            Checks.arg(beta >= 0, "rce_beta must be >= 0, got %s", beta);
        }

        static Denoise from(Config c) {
            String name = c.has("denoise") ? c.getString("denoise").toLowerCase(Locale.ROOT) : "none";
            SampleDenoising.Mode mode = switch (name) {
                case "none" -> SampleDenoising.Mode.NONE;
                case "tce" -> SampleDenoising.Mode.TCE;
                case "rce" -> SampleDenoising.Mode.RCE;
                default -> throw new IllegalArgumentException("denoise must be none, tce or rce, got '" + name + "' (from "
                        + c.source("denoise") + ")");
            };
            boolean tce = mode == SampleDenoising.Mode.TCE;
            return new Denoise(mode, tce ? c.getDouble("tce_max_rate") : 0, tce ? c.getDouble("tce_num_gradual") : 0,
                    mode == SampleDenoising.Mode.RCE ? c.getDouble("rce_beta") : 0);
        }
    }

    /**
     * Injected training noise ({@code noise_ratio}, {@code noise_seed}); see {@link TrainingNoise}. Without
     * noise_seed the seed derives from the run seed, so each seed of a grid gets its own noise and the same
     * seed always the same noise.
     */
    public record Noise(double ratio, long seed, String seedSource) {
        static Noise from(Config c) {
            double ratio = c.has("noise_ratio") ? c.getDouble("noise_ratio") : 0;
            if (ratio == 0) return new Noise(0, 0, "none");
            boolean given = c.has("noise_seed");
            return new Noise(ratio, given ? c.getLong("noise_seed") : new Rng(c.getLong("seed")).split("noise").nextLong(),
                    given ? "noise_seed" : "derived from run seed " + c.getLong("seed"));
        }
    }

    public static TrainSettings from(Config c) {
        List<Double> scheduler = c.getDoubleList("learning_rate_scheduler");
        Checks.arg(scheduler.size() == 2, "learning_rate_scheduler must be [gamma, step], got %s", scheduler);
        int[] topk = c.getIntList("topk").stream().mapToInt(Integer::intValue).sorted().toArray();
        String select = c.has("select_on") ? c.getString("select_on").toLowerCase(Locale.ROOT) : "valid";
        Checks.arg(select.equals("valid") || select.equals("test"), "select_on must be valid or test, got %s", select);
        return new TrainSettings(
                c.getLong("seed"), c.getInt("epochs"), c.getString("learner").toLowerCase(Locale.ROOT),
                c.getDouble("learning_rate"), c.getDouble("weight_decay"), scheduler.get(0), scheduler.get(1),
                c.getInt("eval_step"), c.has("stopping_step") ? c.getInt("stopping_step") : Integer.MAX_VALUE, c.getInt("train_batch_size"),
                c.getInt("eval_batch_size"), topk, c.getString("valid_metric").toLowerCase(Locale.ROOT),
                checkpointEvery(c),
                c.has("clip_grad_norm") ? c.getDouble("clip_grad_norm") : 0.0, select.equals("test"),
                MirrorGradient.from(c),
                c.has(Protocol.KEY) ? Protocol.parse(c.getString(Protocol.KEY)) : Protocol.MMREC,
                // MMRec's req_training: false (ItemKNNCBF) skips every gradient step
                !c.has("req_training") || c.getBoolean("req_training"),
                c.has("eval_cold_items") && c.getBoolean("eval_cold_items"),
                Denoise.from(c), Noise.from(c));
    }

    /** checkpoint_every: null (or absent) saves no checkpoint, 0 is refused (it used to mean the same, silently). */
    private static int checkpointEvery(Config c) {
        if (!c.has("checkpoint_every")) return 0;
        int every = c.getInt("checkpoint_every");
        Checks.arg(every >= 1, "checkpoint_every must be >= 1 epochs (null saves no checkpoint), got %s", every);
        return every;
    }

    /** MMRec's LambdaLR: lr₀·γ^(epoch/step), stepped once after each epoch. */
    public double learningRateAt(int epoch) {
        return learningRate * Math.pow(lrGamma, epoch / lrStep);
    }

    /**
     * Whether epochs are selected (and grids decided) on test scores: the DiffMM protocol, which has no
     * validation, or {@code select_on: test}, MMRec's quick-start compatibility mode. Validation otherwise.
     */
    public boolean selectsOnTest() {
        return selectOnTest || protocol == Protocol.DIFFMM;
    }
}
