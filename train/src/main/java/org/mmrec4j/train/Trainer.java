package org.mmrec4j.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmrec4j.config.Config;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.sample.Batch;
import org.mmrec4j.data.sample.BprSampler;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Rng;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.optim.Adam;
import org.mmrec4j.engine.optim.Optimizer;
import org.mmrec4j.engine.optim.Sgd;
import org.mmrec4j.eval.EvalResult;
import org.mmrec4j.eval.EvalSet;
import org.mmrec4j.eval.RankingEvaluator;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.models.EpochContext;
import org.mmrec4j.models.ModelContext;
import org.mmrec4j.models.ModelSpec;
import org.mmrec4j.models.Recommender;

/**
 * One training run of one configuration, following MMRec's loop (protocol §4): per epoch the model's
 * hook, the batches with an optimizer step each, the learning-rate schedule, then every eval_step
 * epochs a validation and a test evaluation, with early stopping on the rounded validation score.
 * The reported test metrics are those measured at the best validation evaluation.
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

    public Trainer(ModelSpec spec, Dataset data, Config config, EvalSets evalSets, TrainListener listener) {
        this.spec = spec;
        this.data = data;
        this.config = config;
        this.settings = TrainSettings.from(config);
        this.listener = listener;
        this.validSet = evalSets.valid();
        this.testSet = evalSets.test();
    }

    /** The evaluation sets, built once per dataset and shared by every configuration of a search. */
    public record EvalSets(EvalSet valid, EvalSet test) {
        public static EvalSets of(Dataset d) {
            return new EvalSets(
                    EvalSet.of(d.numUsers(), d.numItems(), d.train().users(), d.train().items(), d.valid().users(), d.valid().items()),
                    EvalSet.of(d.numUsers(), d.numItems(), d.train().users(), d.train().items(), d.test().users(), d.test().items()));
        }
    }

    public TrainSettings settings() {
        return settings;
    }

    /**
     * Trains to completion. With a checkpoint file, state is saved every checkpoint_every epochs and,
     * when {@code resume} is set and the file exists, training continues from it.
     */
    public TrainResult run(Path checkpointFile, boolean resume) {
        Rng root = new Rng(settings.seed());
        Recommender model = spec.create(new ModelContext(data, config, root.split("model")));
        Optimizer optimizer = switch (settings.learner()) {
            case "adam" -> new Adam(model.params(), settings.learningRate(), settings.weightDecay());
            case "sgd" -> new Sgd(model.params(), settings.learningRate(), 0.0, settings.weightDecay());
            default -> throw new IllegalArgumentException("learner '" + settings.learner() + "' is not supported; use adam or sgd");
        };
        BprSampler sampler = new BprSampler(data.train(), data.numUsers(), settings.batchSize(), model.usesNegatives(), root.split("sampler"));

        EarlyStopping stopping = new EarlyStopping(settings.stoppingStep());
        List<EpochRecord> log = new ArrayList<>();
        Map<String, Double> bestValid = Map.of(), bestTest = Map.of();
        UserMetrics bestTestUsers = null;
        int bestEpoch = -1, startEpoch = 0;
        if (checkpointFile != null && resume && Files.exists(checkpointFile)) {
            Checkpoint.State s = Checkpoint.read(checkpointFile, model.params(), optimizer);
            startEpoch = s.epochsDone();
            stopping = new EarlyStopping(settings.stoppingStep(), s.bestScore(), s.counter());
            bestEpoch = s.bestEpoch();
            bestValid = s.bestValid();
            bestTest = s.bestTest();
            bestTestUsers = s.bestTestUsers();
            log.addAll(s.log());
            listener.message("resumed from " + checkpointFile + " after epoch " + (startEpoch - 1));
        }
        listener.runStarted(spec.name() + " on " + data.name(), sampler.numBatches());
        // MMRec's req_training: false (ItemKNNCBF) skips every gradient step; epochs still run their hook
        // and evaluation, so a model fitted when built is evaluated once per epoch.
        boolean reqTraining = !config.has("req_training") || config.getBoolean("req_training");
        if (!reqTraining) listener.message("req_training is false: no gradient steps, evaluation only");

        boolean nan = false;
        int epoch = startEpoch;
        for (; epoch < settings.epochs() && !stopping.shouldStop(); epoch++) {
            double lr = settings.learningRateAt(epoch);
            optimizer.setLearningRate(lr);
            long t0 = System.nanoTime();
            model.beforeEpoch(new EpochContext(epoch, root.split("epoch").split(epoch)));
            List<Batch> batches = reqTraining ? sampler.epoch(root.split("sampler").split(epoch)) : List.of();
            double lossSum = 0;
            for (int b = 0; b < batches.size(); b++) {
                optimizer.zeroGrad();
                Tensor loss = model.loss(batches.get(b));
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
                    Tensor again = model.loss(batches.get(b));
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
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            if (nan) {
                listener.message("epoch " + epoch + ": loss is NaN; training stops and keeps the best result so far");
                break;
            }
            listener.epochTrained(epoch, trainSeconds, lossSum);

            EpochRecord record;
            if ((epoch + 1) % settings.evalStep() == 0) {
                long e0 = System.nanoTime();
                Map<String, Double> valid, test;
                try (var off = Grad.off()) {
                    Scorer scorer = model.scorer();
                    valid = evaluate(scorer, validSet);
                    double validSeconds = (System.nanoTime() - e0) / 1e9;
                    boolean improved = stopping.update(valid.getOrDefault(settings.validMetric(), 0.0));
                    // MMRec also scores test after every evaluation, but only the test result at a new
                    // best validation score is ever reported; computing just that one gives the same numbers.
                    EvalResult testResult = improved
                            ? RankingEvaluator.evaluate(scorer, testSet, settings.topk(), EVAL_USER_BLOCK) : null;
                    test = improved ? testResult.rounded() : Map.of();
                    if (improved) {
                        bestEpoch = epoch;
                        bestValid = valid;
                        bestTest = test;
                        bestTestUsers = UserMetrics.of(testSet, testResult);
                    }
                    record = new EpochRecord(epoch, lossSum, trainSeconds, lr, validSeconds, valid, test, improved);
                }
                listener.evaluated(record, settings.validMetric());
            } else {
                record = new EpochRecord(epoch, lossSum, trainSeconds, lr, 0, Map.of(), Map.of(), false);
            }
            log.add(record);
            if (checkpointFile != null && settings.checkpointEvery() > 0 && (epoch + 1) % settings.checkpointEvery() == 0) {
                Checkpoint.write(checkpointFile, new Checkpoint.State(epoch + 1, stopping.best(), stopping.counter(),
                        bestEpoch, bestValid, bestTest, log, "", bestTestUsers), model.params(), optimizer);
            }
        }
        return new TrainResult(spec.name(), data.name(), new LinkedHashMap<>(config.comboValues()), bestEpoch,
                log.size(), bestValid, bestTest, List.copyOf(log), nan, bestTestUsers);
    }

    private void step(Recommender model, Optimizer optimizer) {
        if (settings.clipGradNorm() > 0) clipGradients(model, settings.clipGradNorm());
        optimizer.step();
    }

    private Map<String, Double> evaluate(Scorer scorer, EvalSet set) {
        EvalResult r = RankingEvaluator.evaluate(scorer, set, settings.topk(), EVAL_USER_BLOCK);
        return r.rounded();
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
