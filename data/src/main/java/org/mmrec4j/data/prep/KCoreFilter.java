package org.mmrec4j.data.prep;

import java.util.HashMap;
import java.util.Map;
import org.mmrec4j.engine.Checks;

/**
 * Iterative k-core (§2.1 step 4): each round counts rows per user and per item on the current table,
 * marks users below {@code userK} and items below {@code itemK}, and deletes every row touching either
 * mark in the same pass. Rounds repeat until one deletes nothing, so every surviving user has at least
 * {@code userK} rows and every surviving item at least {@code itemK}. Row order is preserved.
 */
public final class KCoreFilter {
    private final int userK;
    private final int itemK;

    /** @param rounds the rounds that deleted at least one row (0 when the log already is a k-core) */
    public record Result(RawLog log, int rounds, int removedRows) {}

    public KCoreFilter(int userK, int itemK) {
        Checks.arg(userK >= 0 && itemK >= 0, "k must be >= 0, got user %s, item %s", userK, itemK);
        this.userK = userK;
        this.itemK = itemK;
    }

    public Result apply(RawLog log) {
        int n = log.size();
        int[] u = dense(log.userIds());
        int[] i = dense(log.itemIds());
        int nu = max(u) + 1;
        int ni = max(i) + 1;
        boolean[] alive = new boolean[n];
        java.util.Arrays.fill(alive, true);
        int rounds = 0;
        int removed = 0;
        while (true) {
            int[] cu = new int[nu];
            int[] ci = new int[ni];
            for (int r = 0; r < n; r++) {
                if (alive[r]) {
                    cu[u[r]]++;
                    ci[i[r]]++;
                }
            }
            int removedNow = 0;
            for (int r = 0; r < n; r++) {
                if (alive[r] && (cu[u[r]] < userK || ci[i[r]] < itemK)) {
                    alive[r] = false;
                    removedNow++;
                }
            }
            if (removedNow == 0) break;
            rounds++;
            removed += removedNow;
        }
        return new Result(log.select(alive), rounds, removed);
    }

    private static int[] dense(String[] ids) {
        Map<String, Integer> m = new HashMap<>();
        int[] out = new int[ids.length];
        for (int r = 0; r < ids.length; r++) out[r] = m.computeIfAbsent(ids[r], k -> m.size());
        return out;
    }

    private static int max(int[] a) {
        int m = -1;
        for (int v : a) m = Math.max(m, v);
        return m;
    }
}
