package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyStatsTest {
    @Test
    void percentilesAreWithinTheBucketWidthAndMaxIsExact() {
        LatencyStats s = new LatencyStats();
        for (int i = 1; i <= 1000; i++) s.record(i * 10_000L); // 0.01 .. 10 ms
        assertThat(s.count()).isEqualTo(1000);
        assertThat(s.quantileMillis(0.5)).isCloseTo(5.0, within(5.0 * 0.03));
        assertThat(s.quantileMillis(0.99)).isCloseTo(9.9, within(9.9 * 0.03));
        assertThat(s.maxMillis()).isEqualTo(10.0);
        assertThat(s.quantileMillis(1.0)).isLessThanOrEqualTo(10.0);
        assertThat(new LatencyStats().json()).isEqualTo("{\"count\":0,\"p50\":0.000,\"p90\":0.000,\"p99\":0.000,\"max\":0.000}");
    }
}
