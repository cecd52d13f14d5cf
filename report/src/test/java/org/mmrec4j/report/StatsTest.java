package org.mmrec4j.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Distribution functions against closed forms and table values; the tests against hand-worked cases. */
class StatsTest {
    @Test
    void logGammaMatchesKnownValues() {
        assertThat(Stats.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-13));
        assertThat(Stats.logGamma(5)).isCloseTo(Math.log(24), within(1e-13));
        assertThat(Stats.logGamma(100.5)).isCloseTo(361.4355404677776, within(1e-10));
    }

    @Test
    void normalCdfMatchesTableValues() {
        assertThat(Stats.normalCdf(0)).isEqualTo(0.5);
        assertThat(Stats.normalCdf(1.959963984540054)).isCloseTo(0.975, within(1e-12));
        assertThat(Stats.normalCdf(-3)).isCloseTo(0.0013498980316300946, within(1e-15));
        assertThat(Stats.normalCdf(1)).isCloseTo(0.8413447460685429, within(1e-13));
        assertThat(Stats.normalCdf(-8)).isCloseTo(6.220960574271785e-16, within(1e-25));
    }

    @Test
    void studentTMatchesClosedFormsAndTables() {
        // df = 1 is Cauchy: P(|T| > t) = 1 − 2·atan(t)/π.
        for (double t : new double[] {0.3, 1, 3, 20}) {
            assertThat(Stats.studentTwoSided(t, 1)).isCloseTo(1 - 2 * Math.atan(t) / Math.PI, within(1e-12));
        }
        // df = 2: P(|T| > t) = 1 − t/√(t² + 2).
        for (double t : new double[] {0.5, 2, 7}) {
            assertThat(Stats.studentTwoSided(t, 2)).isCloseTo(1 - t / Math.sqrt(t * t + 2), within(1e-12));
        }
        assertThat(Stats.studentTwoSided(2.228138851986274, 10)).isCloseTo(0.05, within(1e-10));
        assertThat(Stats.studentTwoSided(2.5758293035489, 1e7)).isCloseTo(0.01, within(1e-6));
        assertThat(Stats.studentCdf(-1.8124611228107, 10)).isCloseTo(0.05, within(1e-10));
    }

    @Test
    void pairedTOnAHandWorkedSample() {
        // d = 1, 2, 3: mean 2, sd 1, t = 2√3, df 2.
        Stats.Test t = Stats.pairedT(new double[] {2, 4, 6}, new double[] {1, 2, 3});
        assertThat(t.statistic()).isCloseTo(2 * Math.sqrt(3), within(1e-12));
        assertThat(t.p()).isCloseTo(1 - Math.sqrt(12) / Math.sqrt(14), within(1e-12));
        assertThat(Stats.pairedT(new double[] {1, 2}, new double[] {1, 2}).p()).isEqualTo(1.0);
    }

    @Test
    void wilcoxonExactMatchesCountedSignPatterns() {
        // All five differences positive: W+ = 15 is the one largest of 32 patterns.
        Stats.Test all = Stats.wilcoxon(new double[] {1, 2, 3, 4, 5}, new double[5]);
        assertThat(all.statistic()).isEqualTo(15);
        assertThat(all.p()).isCloseTo(2.0 / 32, within(1e-15));
        // Zeros are dropped; d = +1, −2, +3 gives W+ = 4. The 8 sign patterns give W+ = 0,1,2,3,3,4,5,6,
        // so P(W+ ≥ 4) = 3/8 and the two-sided p is 6/8.
        Stats.Test mixed = Stats.wilcoxon(new double[] {1, 0, 3, 7}, new double[] {0, 2, 0, 7});
        assertThat(mixed.n()).isEqualTo(3);
        assertThat(mixed.statistic()).isEqualTo(4);
        assertThat(mixed.p()).isCloseTo(0.75, within(1e-15));
    }

    @Test
    void wilcoxonNormalApproximationAgreesWithTheExactTestAtTheSwitch() {
        double[] a = new double[50], b = new double[50];
        for (int i = 0; i < 50; i++) {
            a[i] = (i % 7) * 0.1 + 0.05 * (i % 3); // ties included
            b[i] = (i * 13 % 11) * 0.06;
        }
        double exact = Stats.wilcoxon(a, b, 50).p();
        double approx = Stats.wilcoxon(a, b, 0).p();
        assertThat(exact).isBetween(0.0, 1.0);
        assertThat(approx).isCloseTo(exact, within(0.01));
    }

    @Test
    void pairedTestsAgreeWithScipyOnSixtyTiedPairs() {
        double[] a = new double[60], b = new double[60];
        for (int i = 0; i < 60; i++) {
            a[i] = ((i * 7) % 11) * 0.1 + (i % 4 == 0 ? 0.05 : 0);
            b[i] = ((i * 5) % 9) * 0.1;
        }
        // scipy 1.17.1: stats.ttest_rel(a, b) and stats.wilcoxon(a, b, correction=True, method='approx').
        Stats.Test t = Stats.pairedT(a, b);
        assertThat(t.statistic()).isCloseTo(2.2527818302570166, within(1e-12));
        assertThat(t.p()).isCloseTo(0.02800567404903543, within(1e-12));
        // scipy ranks |d| that differ by an ulp apart, this class ties them, so the p-values agree to 1e-3.
        assertThat(Stats.wilcoxon(a, b).p()).isCloseTo(0.04740816911805124, within(1e-3));
    }

    @Test
    void midRanksShareTies() {
        assertThat(Stats.midRanks(new double[] {-1, 3, 1, 2})).containsExactly(1.5, 4, 1.5, 3);
    }
}
