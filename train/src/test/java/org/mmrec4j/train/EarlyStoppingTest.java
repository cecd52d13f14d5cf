package org.mmrec4j.train;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EarlyStoppingTest {

    @Test
    void stopsAfterPatiencePlusOneEvaluationsWithoutStrictImprovement() {
        EarlyStopping s = new EarlyStopping(20);
        assertThat(s.update(0.05)).isTrue();
        int evaluations = 0;
        while (!s.shouldStop()) {
            assertThat(s.update(0.05)).as("a tie is not an improvement").isFalse();
            evaluations++;
        }
        assertThat(evaluations).isEqualTo(21);
    }

    @Test
    void strictImprovementResetsTheCounter() {
        EarlyStopping s = new EarlyStopping(2);
        s.update(0.1);
        s.update(0.09);
        s.update(0.1);
        assertThat(s.counter()).isEqualTo(2);
        assertThat(s.update(0.1001)).isTrue();
        assertThat(s.counter()).isZero();
        assertThat(s.best()).isEqualTo(0.1001);
    }

    @Test
    void learningRateScheduleIsMmrecsLambdaLr() {
        TrainSettings t = new TrainSettings(1, 10, "adam", 0.001, 0, 0.96, 50, 1, 20, 2048, 4096, new int[] {20}, "recall@20", 0, 0, false,
                new TrainSettings.MirrorGradient(false, 1, 0, 1), Protocol.MMREC, true, false,
                new TrainSettings.Denoise(SampleDenoising.Mode.NONE, 0, 0, 0), new TrainSettings.Noise(0, 0, "none"));
        assertThat(t.learningRateAt(0)).isEqualTo(0.001);
        assertThat(t.learningRateAt(50)).isCloseTo(0.00096, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(t.learningRateAt(25)).isCloseTo(0.001 * Math.sqrt(0.96), org.assertj.core.api.Assertions.within(1e-12));
    }
}
