package org.mmrec4j.train;

import java.util.Locale;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.RowWeighting;
import org.mmrec4j.models.loss.ReweightedLoss;
import org.mmrec4j.models.loss.TruncatedLoss;

/**
 * The trainer's sample-denoising option for any model (config {@code denoise}: none, tce, rce): it
 * hands each batch the row weighting its recommendation loss applies ({@link TruncatedLoss},
 * {@link ReweightedLoss}).
 *
 * <p>T-CE's drop rate grows linearly with the global batch step t = epoch·batchesPerEpoch + batch,
 * ρ(t) = tce_max_rate · min(1, t / (tce_num_gradual · batchesPerEpoch)), reaching the maximum after
 * tce_num_gradual epochs. Wang et al. count batches (30000 by default); counting epochs keeps the
 * schedule independent of the dataset and batch sizes. The step derives from the epoch and batch
 * index, so a resumed run continues the same schedule.
 *
 * <p>A model whose loss never consults the weighting would silently train without denoising, so the
 * first batch checks that it did and stops the run otherwise.
 */
public final class SampleDenoising {
    /** The denoise modes: none, tce (truncated loss), rce (reweighted loss). */
    public enum Mode { NONE, TCE, RCE }

    private final Mode mode;
    private final double maxRate, gradualEpochs, beta;
    private boolean consulted;

    /** One run's denoising (it records whether the model consulted the weighting). */
    SampleDenoising(TrainSettings.Denoise options) {
        this.mode = options.mode();
        this.maxRate = options.maxRate();
        this.gradualEpochs = options.gradualEpochs();
        this.beta = options.beta();
    }

    SampleDenoising(Mode mode, double maxRate, double gradualEpochs, double beta) {
        this(new TrainSettings.Denoise(mode, maxRate, gradualEpochs, beta));
    }

    boolean enabled() {
        return mode != Mode.NONE;
    }

    String describe() {
        return switch (mode) {
            case NONE -> "none";
            case TCE -> String.format(Locale.ROOT, "T-CE: drop rate 0 -> %s over %s epochs", maxRate, gradualEpochs);
            case RCE -> String.format(Locale.ROOT, "R-CE: beta %s", beta);
        };
    }

    /** T-CE's drop rate at a global batch step. */
    double dropRate(long step, int batchesPerEpoch) {
        double ramp = gradualEpochs * batchesPerEpoch;
        return ramp <= 0 ? maxRate : maxRate * Math.min(1, step / ramp);
    }

    /** The batch with this step's weighting; the batch itself when denoising is off. */
    Batch apply(Batch b, int epoch, int batchIndex, int batchesPerEpoch) {
        if (mode == Mode.NONE) return b;
        RowWeighting w = mode == Mode.TCE
                ? new TruncatedLoss(dropRate((long) epoch * batchesPerEpoch + batchIndex, batchesPerEpoch))
                : new ReweightedLoss(beta);
        return b.withWeighting((losses, probabilities) -> {
            consulted = true;
            return w.weights(losses, probabilities);
        });
    }

    /** Stops a run whose model ignored the weighting of the batch it was just given. */
    void requireConsulted(String model) {
        if (mode != Mode.NONE && !consulted) {
            throw new IllegalStateException("denoise=" + mode.name().toLowerCase(Locale.ROOT) + " needs a model whose"
                    + " recommendation loss weights its rows through Batch.weighting(); " + model + " does not; use denoise=none");
        }
    }
}
