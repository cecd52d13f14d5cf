package org.mmrec4j.train;

import java.util.List;
import java.util.Locale;
import org.mmrec4j.config.Config;
import org.mmrec4j.engine.Checks;

/** The trainer's own keys, read once from the resolved config (MMRec names, protocol §4 and §8.1). */
public record TrainSettings(long seed, int epochs, String learner, double learningRate, double weightDecay,
                            double lrGamma, double lrStep, int evalStep, int stoppingStep, int batchSize,
                            int evalBatchSize, int[] topk, String validMetric, int checkpointEvery,
                            double clipGradNorm, boolean selectOnTest, MirrorGradient mirrorGradient) {

    public TrainSettings {
        Checks.arg(epochs > 0, "epochs must be > 0, got %s", epochs);
        Checks.arg(evalStep > 0, "eval_step must be > 0, got %s", evalStep);
        Checks.arg(batchSize > 0, "train_batch_size must be > 0, got %s", batchSize);
        Checks.arg(lrStep > 0, "learning_rate_scheduler step must be > 0, got %s", lrStep);
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
                c.has("checkpoint_every") ? c.getInt("checkpoint_every") : 0,
                c.has("clip_grad_norm") ? c.getDouble("clip_grad_norm") : 0.0, select.equals("test"),
                MirrorGradient.from(c));
    }

    /** MMRec's LambdaLR: lr₀·γ^(epoch/step), stepped once after each epoch. */
    public double learningRateAt(int epoch) {
        return learningRate * Math.pow(lrGamma, epoch / lrStep);
    }
}
