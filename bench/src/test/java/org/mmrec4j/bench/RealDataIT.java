package org.mmrec4j.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.train.Experiment;
import org.mmrec4j.train.RunSetup;
import org.mmrec4j.train.TrainListener;
import org.mmrec4j.train.TrainResult;

/**
 * Full training runs on the shared datasets, checked against the reference accuracy. A few minutes
 * in all; skipped with a message when ../shared/datasets is absent.
 */
class RealDataIT {

    static Path dataset(String name) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets").resolve(name);
            if (Files.isDirectory(candidate)) return candidate;
        }
        assumeTrue(false, "skipped: shared/datasets/" + name + " not found above " + Path.of("").toAbsolutePath());
        return null;
    }

    private static TrainResult train(String model, Path data, Path out, String... sets) {
        Parallel.setThreads(2);
        return Experiment.run(RunSetup.resolve(model, data, null, List.of(sets), false), out, false, TrainListener.NONE,
                List.of("RealDataIT")).selected();
    }

    /** Reference (MMRec, same data and split): test Recall@20 = 0.0888; issue 2 asks for >= 0.085. */
    @Test
    void lightGcnOnTiktokReachesTheReference(@TempDir Path out) {
        TrainResult r = train("LightGCN", dataset("tiktok"), out, "n_layers=1", "reg_weight=0.01");
        assertThat(r.bestTest().get("recall@20")).isGreaterThanOrEqualTo(0.085);
    }

    /** MMRec publishes 0.0754 on this split; issue 2 asks for >= 0.0735 with the dataset defaults. */
    @Test
    void lightGcnOnBabyWithDatasetDefaultsReachesThePublishedFigure(@TempDir Path out) {
        TrainResult r = train("LightGCN", dataset("baby"), out);
        assertThat(r.bestTest().get("recall@20")).isGreaterThanOrEqualTo(0.0735);
    }

    /** MMRec publishes 0.0575; issue 2 asks for >= 0.0560 with the dataset defaults. */
    @Test
    void bprOnBabyWithDatasetDefaultsReachesThePublishedFigure(@TempDir Path out) {
        TrainResult r = train("BPR", dataset("baby"), out);
        assertThat(r.bestTest().get("recall@20")).isGreaterThanOrEqualTo(0.0560);
    }

    /**
     * The multimodal zoo against the reference runs of the original code (shared/reference/tiktok.md):
     * seed 999, the reference settings from tiktok.yaml, test Recall@20 at the best validation epoch
     * within 5% relative of the reference figure, in either direction.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} on TikTok within 5% of {1}")
    @org.junit.jupiter.params.provider.CsvSource({"FREEDOM, 0.0909", "SLMRec, 0.0904"})
    void zooOnTiktokMatchesTheReferenceRuns(String model, double reference, @TempDir Path out) {
        TrainResult r = train(model, dataset("tiktok"), out);
        assertThat(r.bestTest().get("recall@20")).isCloseTo(reference, org.assertj.core.data.Percentage.withPercentage(5));
    }

    /**
     * Regression guards, not parity: VBPR's seed-999 run gives 0.0433 against the reference's 0.0526
     * (six seeds: 0.0458 ± 0.0033), and BM3 usually recovers from the early dip the reference stopped in
     * (0.0829 against 0.0643). The floors are below our measured values and catch breakage only.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} on TikTok at least {1}")
    @org.junit.jupiter.params.provider.CsvSource({"VBPR, 0.040", "BM3, 0.0611"})
    void zooOnTiktokStaysAboveItsMeasuredFloor(String model, double floor, @TempDir Path out) {
        TrainResult r = train(model, dataset("tiktok"), out);
        assertThat(r.bestTest().get("recall@20")).isGreaterThanOrEqualTo(floor);
    }
}
