package org.mmrec4j.graph;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.CsrMatrix;
import org.mmrec4j.engine.Rng;

/**
 * FREEDOM's degree-sensitive edge pruning (spec/models.md §10.3): keep floor(|E|·(1 − dropout)) of the
 * distinct training edges, drawn without replacement with probability proportional to
 * π_e = 1/sqrt(d_u·d_i) (training degrees + 1e-7), and re-normalise the kept edges as
 * 1/sqrt(d'_u·d'_i) with the kept user and item degrees + 1e-7, in both directions.
 *
 * <p>Sampling uses Efraimidis–Spirakis exponential keys: edge e gets −ln(U_e)/π_e and the m smallest
 * keys win, which draws the same distribution as MMRec's {@code torch.multinomial} without
 * replacement in one pass and one sort.
 */
public final class DegreeSensitivePruning {
    private DegreeSensitivePruning() {}

    /** The pruned, re-normalised (numUsers + numItems)² adjacency; N1 itself when dropout <= 0. */
    public static CsrMatrix sample(UserItemGraph g, double dropout, Rng rng) {
        Checks.arg(dropout < 1, "dropout must be < 1 (the kept fraction is 1 - dropout), got %s", dropout);
        if (dropout <= 0) return g.symmetricNorm();
        int[] users = g.edgeUsers(), items = g.edgeItems();
        int[] du = g.userDegrees(), di = g.itemDegrees();
        int e = users.length;
        int keep = (int) Math.floor(e * (1 - dropout));
        double[] keys = new double[e];
        for (int k = 0; k < e; k++) {
            double weight = 1 / Math.sqrt((du[users[k]] + 1e-7) * (di[items[k]] + 1e-7));
            keys[k] = -Math.log(1 - rng.nextDouble()) / weight; // 1 − U is in (0, 1]: no log(0)
        }
        boolean[] kept = new boolean[e];
        if (keep > 0) {
            double[] sorted = keys.clone();
            Arrays.sort(sorted);
            double threshold = sorted[keep - 1];
            int taken = 0;
            for (int k = 0; k < e && taken < keep; k++) { // strictly below the threshold first, then ties in edge order
                if (keys[k] < threshold) {
                    kept[k] = true;
                    taken++;
                }
            }
            for (int k = 0; k < e && taken < keep; k++) {
                if (keys[k] == threshold) {
                    kept[k] = true;
                    taken++;
                }
            }
        }
        return normalizedBothWays(g.numUsers(), g.numItems(), users, items, kept);
    }

    /** The kept edges as a symmetric CSR with values 1/sqrt((d'_u + 1e-7)(d'_i + 1e-7)). */
    static CsrMatrix normalizedBothWays(int numUsers, int numItems, int[] users, int[] items, boolean[] kept) {
        int[] deg = new int[numUsers + numItems];
        for (int k = 0; k < users.length; k++) {
            if (!kept[k]) continue;
            deg[users[k]]++;
            deg[numUsers + items[k]]++;
        }
        return UserItemGraph.bothWays(numUsers, numItems, users, items, kept, false,
                (r, c) -> (float) (1 / Math.sqrt((deg[r] + 1e-7) * (deg[c] + 1e-7))));
    }
}
