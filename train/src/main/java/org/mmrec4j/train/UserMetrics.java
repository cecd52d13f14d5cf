package org.mmrec4j.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.mmrec4j.eval.EvalResult;
import org.mmrec4j.eval.EvalSet;
import org.mmrec4j.eval.Metric;

/**
 * Per-user test values at the selected (best-validation) epoch: Recall and NDCG at every cutoff, for
 * paired significance tests between models and breakdowns by user degree. Rows follow the evaluation
 * set's user order, so two runs on the same data pair up row by row.
 *
 * @param users   dense user ids, one per row
 * @param heldOut each user's number of held-out test items (duplicates counted)
 * @param values  column name (e.g. {@code recall@20}) → one unrounded value per row
 */
public record UserMetrics(int[] users, int[] heldOut, Map<String, double[]> values) {

    /** The file a run folder keeps them in. */
    public static final String FILE = "test_per_user.csv";

    static UserMetrics of(EvalSet set, EvalResult result) {
        int[] held = new int[set.numUsers()];
        for (int r = 0; r < held.length; r++) held[r] = set.positiveCount(r);
        Map<String, double[]> v = new LinkedHashMap<>();
        for (Metric m : new Metric[] {Metric.RECALL, Metric.NDCG}) {
            for (int k : result.ks()) v.put(m.key(k), result.perUser(m, k));
        }
        return new UserMetrics(set.users(), held, v);
    }

    /** CSV with a header: user, train_degree, n_test, then one column per metric. */
    public String toCsv(int[] trainDegreeByUser) {
        StringBuilder sb = new StringBuilder("user,train_degree,n_test");
        values.keySet().forEach(k -> sb.append(',').append(k));
        sb.append('\n');
        for (int r = 0; r < users.length; r++) {
            int u = users[r];
            sb.append(u).append(',').append(trainDegreeByUser[u]).append(',').append(heldOut[r]);
            for (double[] col : values.values()) sb.append(',').append(String.format(Locale.ROOT, "%.6f", col[r]));
            sb.append('\n');
        }
        return sb.toString();
    }
}
