package org.mmrec4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.BprSampler;
import org.mmrec4j.data.sample.NegativePool;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Optimizer;
import org.mmrec4j.engine.optim.Optimizers;
import org.mmrec4j.eval.EvalResult;
import org.mmrec4j.eval.EvalSet;
import org.mmrec4j.eval.RankingEvaluator;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.wrapper.Wrappers;

/**
 * One training run of one configuration, following MMRec's loop (protocol §4): per epoch the model's
 * hook, the batches with an optimizer step each, the learning-rate schedule, then every eval_step
 * epochs a validation and a test evaluation, with early stopping on the rounded validation score.
 * The reported test metrics are those measured at the best validation evaluation. Under
 * {@link Protocol#DIFFMM} every evaluation is on test only and the best test epoch is reported.
 * {@link #run} is the loop; {@link #trainEpoch}, {@link #evaluate} and {@link #checkpoint} are its steps.
 *
 * <p>Every random stream derives from the seed: the model's from "model", each epoch's sampler and
 * hook streams from the epoch number. So a run resumed from a checkpoint continues exactly as the
 * uninterrupted run, for the same thread count.
 */
public final class Trainer {
    /** Users scored per scorer call during evaluation: bounds the score buffer to 1024·numItems floats. */
    private static final int EVAL_USER_BLOCK = 1024;

    private final ModelSpec spec;
    private final Dataset data;
    private final Config config;
    private final TrainSettings settings;
    private final TrainListener listener;
    private final EvalSet validSet, testSet;
    /** Null unless eval_cold_items is on and the split holds items without training rows. */
    private final ColdItemEvaluation coldValid, coldTest;

    /**
     * @param spec the model to build, already wrapped when the config names a wrapper ({@link RunSetup}
     *             does that); an unwrapped spec with a wrapper in the config is refused
     */
    public Trainer(ModelSpec spec, Dataset data, Config config, EvalSets evalSets, TrainListener listener) {
        Wrappers.requireApplied(spec, config);
        this.spec = spec;
        this.data = data;
        this.config = config;
        this.settings = TrainSettings.from(config);
        this.listener = listener;
        this.validSet = evalSets.valid();
        this.testSet = evalSets.test();
        Path inter = data.sourceFiles().isEmpty() ? Path.of(data.name() + ".inter") : data.sourceFiles().get(0);
        if (data.test().size() == 0) {
            throw new DataException(inter, "no test rows (x_label = 2), so the run could report nothing",
                    "label the held-out rows 2, or re-split the log with `mmrec4j data import`");
        }
        if (validSet != null && data.valid().size() == 0) {
            throw new DataException(inter, "no validation rows (x_label = 1), so no epoch could be selected",
                    "label validation rows 1 (`mmrec4j data import` splits 8:1:1), or use --protocol diffmm, which selects on test");
        }
        this.coldValid = settings.evalColdItems() ? ColdItemEvaluation.of(data, data.valid()) : null;
        this.coldTest = settings.evalColdItems() ? ColdItemEvaluation.of(data, data.test()) : null;
    }

    /**
     * The evaluation sets, built once per dataset and shared by every configuration of a search. Under
     * the DiffMM protocol there is no validation set (null): that protocol never reads the split.
     */
    public record EvalSets(EvalSet valid, EvalSet test) {
        public static EvalSets of(Dataset d) {
            return of(d, Protocol.MMREC);
        }

        public static EvalSets of(Dataset d, Protocol protocol) {
            EvalSet test = EvalSet.of(d.numUsers(), d.numItems(), d.train().users(), d.train().items(), d.test().users(), d.test().items());
            if (protocol == Protocol.DIFFMM) return new EvalSets(null, test);
            return new EvalSets(
                    EvalSet.of(d.numUsers(), d.numItems(), d.train().users(), d.train().items(), d.valid().users(), d.valid().items()),
                    test);
        }
    }

    public TrainSettings settings() {
        return settings;
    }

    /** What the loop carries from epoch to epoch and what a checkpoint saves. */
    private static final class Progress {
        EarlyStopping stopping;
        final List<EpochRecord> log = new ArrayList<>();
        Map<String, Double> bestValid = Map.of(), bestTest = Map.of();
        UserMetrics bestTestUsers;
        int bestEpoch = -1, startEpoch;
        /** The best epoch's parameter values, not yet written to the model file. */
        float[][] bestParams;

        Progress(int patience) {
            stopping = new EarlyStopping(patience);
        }
    }

    /** One epoch's training pass: its summed loss and seconds, or NaN when a batch's loss was NaN. */
    private record EpochLoss(double lossSum, double seconds, boolean nan) {}

    /**
     * Trains to completion. With a checkpoint file, state is saved every checkpoint_every epochs and,
     * when {@code resume} is set and the file exists, training continues from it.
     */
    public TrainResult run(Path checkpointFile, boolean resume) {
        return run(checkpointFile, null, resume);
    }

    /**
     * As {@link #run(Path, boolean)}, also saving the best validation epoch's parameters to {@code modelFile}
     * (see {@link ModelFile}): a copy is kept in memory at each new best and written before each checkpoint
     * and at the end, so after a resume the file still matches the checkpoint's best epoch.
     */
    public TrainResult run(Path checkpointFile, Path modelFile, boolean resume) {
        return run(checkpointFile, modelFile, resume, () -> {});
    }

    /**
     * As {@link #run(Path, Path, boolean)}, calling {@code beforeTraining} once the model and optimizer
     * are built, before the first epoch: a model that refuses its options or its data fails before it.
     */
    public TrainResult run(Path checkpointFile, Path modelFile, boolean resume, Runnable beforeTraining) {
        Rng root = new Rng(settings.seed());
        Recommender model = spec.create(new ModelContext(data, config, root.split("model")));
        Optimizer optimizer = Optimizers.of(settings.learner(), model.params(), settings.learningRate(), settings.weightDecay());
        boolean testSelection = settings.protocol() == Protocol.DIFFMM;
        BprSampler sampler = new BprSampler(data.train(), data.numUsers(), data.numItems(), settings.batchSize(), model.usesNegatives(),
                testSelection ? NegativePool.ALL_ITEMS : NegativePool.TRAIN_ITEMS, root.split("sampler"));

        beforeTraining.run();
        Progress p = new Progress(settings.stoppingStep());
        if (checkpointFile != null && resume && Files.exists(checkpointFile)) restore(p, checkpointFile, model, optimizer);
        listener.runStarted(new TrainListener.Start(spec.name() + " on " + data.name(), sampler.numBatches(), p.startEpoch,
                settings.epochs(), settings.evalStep(), testSelection ? Integer.MAX_VALUE : settings.stoppingStep(), settings.validMetric()));
        // With req_training false (ItemKNNCBF) epochs run only their hook and evaluation, so a model
        // fitted when built is evaluated once per epoch.
        if (!settings.reqTraining()) listener.message("req_training is false: no gradient steps, evaluation only");
        SampleDenoising denoising = new SampleDenoising(settings.denoise());
        if (denoising.enabled()) listener.message("denoise: " + denoising.describe());

        boolean nan = false;
        // Under the DiffMM protocol the stopping rule only tracks the best test score; it never stops a run.
        for (int epoch = p.startEpoch; epoch < settings.epochs() && (testSelection || !p.stopping.shouldStop()); epoch++) {
            double lr = settings.learningRateAt(epoch);
            optimizer.setLearningRate(lr);
            EpochLoss trained = trainEpoch(model, optimizer, sampler, denoising, root, epoch, epoch == p.startEpoch);
            if (trained.nan()) {
                listener.message("epoch " + epoch + ": loss is NaN; training stops and keeps the best result so far");
                nan = true;
                break;
            }
            listener.epochTrained(epoch, trained.seconds(), trained.lossSum());
            EpochRecord record = (epoch + 1) % settings.evalStep() == 0 ? evaluate(model, p, epoch, trained, lr, modelFile != null)
                    : new EpochRecord(epoch, trained.lossSum(), trained.seconds(), lr, 0, Map.of(), Map.of(), false);
            p.log.add(record);
            listener.epochDone(Collections.unmodifiableList(p.log));
            if (checkpointFile != null && settings.checkpointEvery() > 0 && (epoch + 1) % settings.checkpointEvery() == 0) {
                checkpoint(p, epoch, checkpointFile, modelFile, model, optimizer);
            }
        }
        if (p.bestParams != null) ModelFile.write(modelFile, new ModelFile.Header(spec.name(), p.bestEpoch), model.params(), p.bestParams);
        TrainResult result = new TrainResult(spec.name(), data.name(), new LinkedHashMap<>(config.comboValues()), p.bestEpoch,
                p.log.size(), p.bestValid, p.bestTest, List.copyOf(p.log), nan, p.bestTestUsers);
        listener.runFinished(result);
        return result;
    }

    private void restore(Progress p, Path checkpointFile, Recommender model, Optimizer optimizer) {
        Checkpoint.State s = Checkpoint.read(checkpointFile, model, optimizer);
        p.startEpoch = s.epochsDone();
        p.stopping = new EarlyStopping(settings.stoppingStep(), s.bestScore(), s.counter());
        p.bestEpoch = s.bestEpoch();
        p.bestValid = s.bestValid();
        p.bestTest = s.bestTest();
        p.bestTestUsers = s.bestTestUsers();
        p.log.addAll(s.log());
        listener.message("resumed from " + checkpointFile + " after epoch " + (p.startEpoch - 1));
    }

    /** The model's epoch hook, then one optimizer step per batch (two under Mirror Gradient). */
    private EpochLoss trainEpoch(Recommender model, Optimizer optimizer, BprSampler sampler, SampleDenoising denoising, Rng root,
                                 int epoch, boolean firstOfRun) {
        long t0 = System.nanoTime();
        model.beforeEpoch(new EpochContext(epoch, root.split("epoch").split(epoch)));
        List<Batch> batches = settings.reqTraining() ? sampler.epoch(root.split("sampler").split(epoch)) : List.of();
        double lossSum = 0;
        boolean nan = false;
        for (int b = 0; b < batches.size(); b++) {
            optimizer.zeroGrad();
            Batch batch = denoising.apply(batches.get(b), epoch, b, batches.size());
            Tensor loss = model.loss(batch);
            if (firstOfRun && b == 0) denoising.requireConsulted(spec.name());
            float value = loss.item();
            if (Float.isNaN(value)) {
                nan = true;
                break;
            }
            var mg = settings.mirrorGradient();
            if (mg.appliesTo(b)) {
                loss.backward(new float[] {(float) mg.alpha1()});
                step(model, optimizer);
                optimizer.zeroGrad();
                Tensor again = model.loss(batch);
                if (Float.isNaN(again.item())) {
                    nan = true;
                    break;
                }
                again.backward(new float[] {(float) -mg.alpha2()});
            } else {
                loss.backward();
            }
            step(model, optimizer);
            lossSum += value;
            listener.batchDone(epoch, b + 1, batches.size());
        }
        return new EpochLoss(lossSum, (System.nanoTime() - t0) / 1e9, nan);
    }

    /**
     * Validation (or, under the DiffMM protocol, test) with the early-stopping update; at a new best the
     * test metrics, the per-user values and, when a model file is kept, a copy of the parameters.
     */
    private EpochRecord evaluate(Recommender model, Progress p, int epoch, EpochLoss trained, double lr, boolean keepParams) {
        boolean testSelection = settings.protocol() == Protocol.DIFFMM;
        long e0 = System.nanoTime();
        EpochRecord record;
        try (var off = Grad.off()) {
            Scorer scorer = model.scorer();
            // DiffMM protocol: no validation; test every epoch, and the best test epoch is the one reported.
            Map<String, Double> valid = testSelection ? Map.of() : withCold(evaluateFull(scorer, validSet).rounded(), coldValid, model);
            EvalResult testResult = testSelection ? evaluateFull(scorer, testSet) : null;
            Map<String, Double> selectOn = testSelection ? withCold(testResult.rounded(), coldTest, model) : valid;
            double validSeconds = (System.nanoTime() - e0) / 1e9;
            boolean improved = p.stopping.update(selectOn.getOrDefault(settings.validMetric(), 0.0));
            // MMRec also scores test after every evaluation, but only the test result at a new
            // best validation score is ever reported; computing just that one gives the same numbers.
            if (improved && testResult == null) testResult = evaluateFull(scorer, testSet);
            Map<String, Double> test = testSelection ? selectOn : improved ? withCold(testResult.rounded(), coldTest, model) : Map.of();
            if (improved) {
                p.bestEpoch = epoch;
                p.bestValid = valid;
                p.bestTest = test;
                if (keepParams) p.bestParams = ModelFile.snapshot(model.params());
                p.bestTestUsers = UserMetrics.of(testSet, testResult);
            }
            record = new EpochRecord(epoch, trained.lossSum(), trained.seconds(), lr, validSeconds, valid, test, improved);
        }
        listener.evaluated(record, settings.validMetric());
        return record;
    }

    /** Writes the best parameters not yet on disk, then the resumable state after {@code epoch}. */
    private void checkpoint(Progress p, int epoch, Path checkpointFile, Path modelFile, Recommender model, Optimizer optimizer) {
        if (p.bestParams != null) ModelFile.write(modelFile, new ModelFile.Header(spec.name(), p.bestEpoch), model.params(), p.bestParams);
        p.bestParams = null;
        Checkpoint.write(checkpointFile, new Checkpoint.State(epoch + 1, p.stopping.best(), p.stopping.counter(),
                p.bestEpoch, p.bestValid, p.bestTest, p.log, "", p.bestTestUsers), model, optimizer);
    }

    private void step(Recommender model, Optimizer optimizer) {
        if (settings.clipGradNorm() > 0) clipGradients(model, settings.clipGradNorm());
        optimizer.step();
    }

    /** Averages plus the per-user values behind them (kept for the best test evaluation). */
    private EvalResult evaluateFull(Scorer scorer, EvalSet set) {
        return RankingEvaluator.evaluate(scorer, set, settings.topk(), EVAL_USER_BLOCK);
    }

    /** The full-ranking metrics plus, when enabled, the cold-items metrics (keys cold_*). */
    private Map<String, Double> withCold(Map<String, Double> metrics, ColdItemEvaluation cold, Recommender model) {
        if (cold == null) return metrics;
        Map<String, Double> all = new LinkedHashMap<>(metrics);
        all.putAll(cold.evaluate(model, data, settings.topk(), EVAL_USER_BLOCK));
        return all;
    }

    /** Scales all gradients so their global L2 norm is at most maxNorm (torch.nn.utils.clip_grad_norm_). */
    private static void clipGradients(Recommender model, double maxNorm) {
        double sq = 0;
        for (Tensor p : model.params().tensors()) {
            float[] g = p.grad();
            if (g != null) for (float v : g) sq += (double) v * v;
        }
        double norm = Math.sqrt(sq);
        if (norm <= maxNorm) return;
        float f = (float) (maxNorm / (norm + 1e-6));
        for (Tensor p : model.params().tensors()) {
            float[] g = p.grad();
            if (g != null) for (int i = 0; i < g.length; i++) g[i] *= f;
        }
    }
}
