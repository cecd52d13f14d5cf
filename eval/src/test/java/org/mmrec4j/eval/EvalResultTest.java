package org.mmrec4j.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EvalResultTest {

    private static EvalResult twoUsers() {
        double[][][] perUser = new double[Metric.values().length][2][];
        for (Metric m : Metric.values()) {
            perUser[m.ordinal()][0] = new double[] {0.123456, 0.0};
            perUser[m.ordinal()][1] = new double[] {1.0, 0.5};
        }
        return new EvalResult(new int[] {10, 20}, 2, perUser);
    }

    @Test
    void round4MatchesPythonRoundOnTheExactBinaryValue() {
        assertThat(EvalResult.round4(0.123456)).isEqualTo(0.1235);
        assertThat(EvalResult.round4(0.00005)).isEqualTo(0.0001); // 0.00005 is slightly above half in binary
        assertThat(EvalResult.round4(2.00005)).isEqualTo(2.0);    // 2.00005 is slightly below half in binary
        assertThat(EvalResult.round4(0.31415)).isEqualTo(0.3141); // below half; x * 1e4 would round up
        assertThat(EvalResult.round4(Double.NaN)).isNaN();
    }

    @Test
    void keysAreLowerCaseAndMetricMajor() {
        EvalResult res = twoUsers();
        assertThat(res.raw().keySet()).containsExactly("recall@10", "recall@20", "ndcg@10", "ndcg@20",
                "precision@10", "precision@20", "map@10", "map@20", "hit@10", "hit@20");
        assertThat(res.get("recall@10")).isEqualTo(0.061728);
        assertThat(res.rounded().get("recall@10")).isEqualTo(0.0617);
        assertThat(res.get("ndcg@20")).isEqualTo(0.75);
    }

    @Test
    void unknownKeyOrCutoffFailsWithTheAvailableOnes() {
        EvalResult res = twoUsers();
        assertThatThrownBy(() -> res.get("recall@5")).hasMessageContaining("recall@10");
        assertThatThrownBy(() -> res.perUser(Metric.MAP, 5)).hasMessageContaining("[10, 20]");
    }

    @Test
    void tableHasOneRowPerMetricAndMarksHitAsExtension() {
        String table = twoUsers().toTable();
        assertThat(table.lines().findFirst().orElseThrow()).contains("@10", "@20");
        assertThat(table).contains("recall", "ndcg", "precision", "map", "hit*", "0.0617", "0.7500");
        assertThat(table).containsPattern("\\* extension");
    }
}
