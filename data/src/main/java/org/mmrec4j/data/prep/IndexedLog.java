package org.mmrec4j.data.prep;

import org.mmrec4j.data.IdMap;

/**
 * A log re-indexed to dense ids by order of first appearance (§1.2): user 0 is the first user in the
 * filtered table, not the smallest raw id. Arrays are parallel and in log order.
 */
public record IndexedLog(IdMap userIds, IdMap itemIds, int[] users, int[] items, double[] ratings,
                         long[] timestamps) {
    /** Column names as MMRec writes them in u_id_mapping.csv and i_id_mapping.csv. */
    public static IndexedLog of(RawLog log) {
        IdMap.Builder ub = IdMap.builder();
        IdMap.Builder ib = IdMap.builder();
        int n = log.size();
        int[] u = new int[n];
        int[] i = new int[n];
        for (int r = 0; r < n; r++) {
            u[r] = ub.add(log.userIds()[r]);
            i[r] = ib.add(log.itemIds()[r]);
        }
        return new IndexedLog(ub.build("user_id", "userID"), ib.build("asin", "itemID"), u, i,
                log.ratings().clone(), log.timestamps().clone());
    }

    public int size() {
        return users.length;
    }
}
