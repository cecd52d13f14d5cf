package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What each detail level prints, with epochs so far and an ETA from the mean epoch time; never a bar when redirected. */
class ConsoleLogTest {
    private static final TrainListener.Start START = new TrainListener.Start("BPR on demo", 11, 0, 100, 1, 20, "recall@20");

    /** Two epochs of 1 s training and 1 s evaluation (the second a new best), as the trainer reports them. */
    private static String twoEpochs(ConsoleLog.Detail detail) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ConsoleLog log = new ConsoleLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, detail);
        log.runStarted(START);
        List<EpochRecord> records = new ArrayList<>();
        for (int e = 0; e < 2; e++) {
            for (int b = 1; b <= 2; b++) log.batchDone(e, b, 2);
            log.epochTrained(e, 1.0, 0.5);
            EpochRecord r = new EpochRecord(e, 0.5, 1.0, 0.001, 1.0, Map.of("recall@20", 0.1 * (e + 1)), Map.of("recall@20", 0.2), true);
            log.evaluated(r, "recall@20");
            records.add(r);
            log.epochDone(records);
        }
        log.runFinished(new TrainResult("BPR", "demo", Map.of(), 1, 2, Map.of("recall@20", 0.2), Map.of("recall@20", 0.2), records, false, null));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void firstLinesStateTheEpochCapAndTheStoppingRule() {
        String out = twoEpochs(ConsoleLog.Detail.NORMAL);
        assertThat(out.lines().limit(2)).containsExactly("BPR on demo",
                "training up to 100 epochs, evaluating every epoch; early stopping once valid recall@20 has not improved for more than 20 "
                        + "evaluations (stopping_step 20), so it may end before the ETA");
    }

    @Test
    void epochLinesKeepMmrecsShapeAndAddEpochsSoFarElapsedAndEta() {
        String out = twoEpochs(ConsoleLog.Detail.NORMAL);
        // epoch 0: 1 s trained, mean 1 s, 99 left; epoch 1: 1 + 1 + 1 s over 2 epochs, mean 1.5 s, 98 left
        assertThat(out).contains("epoch 0 training [time: 1.00 s, train loss: 0.5000]  [1/100 epochs, 1.0 s, ETA <= 1 min 39 s]");
        assertThat(out).contains("epoch 1 training [time: 1.00 s, train loss: 0.5000]  [2/100 epochs, 3.0 s, ETA <= 2 min 27 s]");
        assertThat(out).contains("epoch 1 evaluating [time: 1.00 s, valid_score: 0.2000]  *best*");
        assertThat(out).doesNotContain("batch", "\r", "\u001b");
    }

    @Test
    void quietPrintsOneLinePerEvaluation() {
        String out = twoEpochs(ConsoleLog.Detail.QUIET);
        assertThat(out.lines().skip(2)).containsExactly(
                "epoch 0 valid recall@20 0.1000 *best*  [1/100 epochs, 2.0 s, ETA <= 3 min 18 s]",
                "epoch 1 valid recall@20 0.2000 *best*  [2/100 epochs, 4.0 s, ETA <= 3 min 16 s]");
    }

    @Test
    void verboseAddsBatchesAndSummaryPrintsOneClosingLine() {
        assertThat(twoEpochs(ConsoleLog.Detail.VERBOSE)).contains("epoch 1 batch 2/2", "epoch 1 training [");
        assertThat(twoEpochs(ConsoleLog.Detail.SUMMARY).lines().skip(2))
                .containsExactly("BPR on demo: 2 epochs in 4.0 s, best epoch 1 (valid recall@20 0.2000)");
    }

    @Test
    void durationsReadAtAGlance() {
        assertThat(ConsoleLog.duration(4.24)).isEqualTo("4.2 s");
        assertThat(ConsoleLog.duration(41.4)).isEqualTo("41 s");
        assertThat(ConsoleLog.duration(245)).isEqualTo("4 min 05 s");
        assertThat(ConsoleLog.duration(7380)).isEqualTo("2 h 03 min");
    }
}
