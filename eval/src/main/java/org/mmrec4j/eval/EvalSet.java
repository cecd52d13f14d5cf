package org.mmrec4j.eval;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;

/**
 * The users of one evaluation split (validation or test) with their held-out items and their mask, in
 * compact CSR form: row {@code r} belongs to user {@code users()[r]}. Rows follow the order in which users
 * first appear in the split (spec/protocol.md §3.4). Held-out items are a multiset in file order, so a
 * duplicated row counts twice in n. The mask is the user's distinct training items, sorted; validation
 * items are deliberately not masked at test time (§6.1).
 */
public final class EvalSet {
    private final int numAllUsers;
    private final int numItems;
    private final int[] users;
    private final int[] posPtr;
    private final int[] posItems;
    private final int[] maskPtr;
    private final int[] maskItems;

    private EvalSet(int numAllUsers, int numItems, int[] users, int[] posPtr, int[] posItems,
                    int[] maskPtr, int[] maskItems) {
        this.numAllUsers = numAllUsers;
        this.numItems = numItems;
        this.users = users;
        this.posPtr = posPtr;
        this.posItems = posItems;
        this.maskPtr = maskPtr;
        this.maskItems = maskItems;
    }

    /**
     * Builds the set from parallel interaction arrays in file order. {@code numUsers} and
     * {@code numItems} bound the dense indexes; every index must lie inside them.
     */
    public static EvalSet of(int numUsers, int numItems, int[] trainUsers, int[] trainItems,
                             int[] evalUsers, int[] evalItems) {
        Checks.arg(numUsers >= 0 && numItems > 0, "need numUsers >= 0 and numItems > 0, got %s and %s",
                numUsers, numItems);
        Checks.arg(trainUsers.length == trainItems.length, "train arrays differ in length: %s users, %s items",
                trainUsers.length, trainItems.length);
        Checks.arg(evalUsers.length == evalItems.length, "eval arrays differ in length: %s users, %s items",
                evalUsers.length, evalItems.length);
        checkRange("train user", trainUsers, numUsers);
        checkRange("train item", trainItems, numItems);
        checkRange("eval user", evalUsers, numUsers);
        checkRange("eval item", evalItems, numItems);

        // Row of each user in first-appearance order; -1 for users absent from the split.
        int[] rowOf = new int[numUsers];
        Arrays.fill(rowOf, -1);
        int rows = 0;
        int[] counts = new int[Math.max(1, evalUsers.length)];
        for (int u : evalUsers) {
            if (rowOf[u] < 0) rowOf[u] = rows++;
            counts[rowOf[u]]++;
        }
        int[] users = new int[rows];
        for (int u = 0; u < numUsers; u++) if (rowOf[u] >= 0) users[rowOf[u]] = u;

        int[] posPtr = new int[rows + 1];
        for (int r = 0; r < rows; r++) posPtr[r + 1] = posPtr[r] + counts[r];
        int[] posItems = new int[evalItems.length];
        int[] fill = Arrays.copyOf(posPtr, rows);
        for (int j = 0; j < evalUsers.length; j++) posItems[fill[rowOf[evalUsers[j]]]++] = evalItems[j];

        // Mask: only rows of evaluation users are kept, then each row is sorted and de-duplicated.
        int[] maskCount = new int[rows + 1];
        for (int u : trainUsers) if (rowOf[u] >= 0) maskCount[rowOf[u] + 1]++;
        for (int r = 0; r < rows; r++) maskCount[r + 1] += maskCount[r];
        int[] raw = new int[maskCount[rows]];
        int[] at = Arrays.copyOf(maskCount, rows);
        for (int j = 0; j < trainUsers.length; j++) {
            int r = rowOf[trainUsers[j]];
            if (r >= 0) raw[at[r]++] = trainItems[j];
        }
        int[] maskPtr = new int[rows + 1];
        int out = 0;
        for (int r = 0; r < rows; r++) {
            int lo = maskCount[r], hi = maskCount[r + 1];
            Arrays.sort(raw, lo, hi);
            for (int j = lo; j < hi; j++) if (j == lo || raw[j] != raw[j - 1]) raw[out++] = raw[j];
            maskPtr[r + 1] = out;
        }
        int[] maskItems = Arrays.copyOf(raw, out);
        return new EvalSet(numUsers, numItems, users, posPtr, posItems, maskPtr, maskItems);
    }

    private static void checkRange(String what, int[] idx, int bound) {
        for (int j = 0; j < idx.length; j++) {
            int v = idx[j];
            if (v < 0 || v >= bound) {
                throw new IllegalArgumentException(String.format(
                        "%s index %s at position %s is outside [0, %s)", what, v, j, bound));
            }
        }
    }

    public int numItems() {
        return numItems;
    }

    /** The number of evaluation users, i.e. rows; this is the denominator of every averaged metric. */
    public int numUsers() {
        return users.length;
    }

    /** The size of the user index space the set was built with (all users, not only evaluated ones). */
    public int numAllUsers() {
        return numAllUsers;
    }

    /** Evaluation users in first-appearance order (a copy). */
    public int[] users() {
        return users.clone();
    }

    public int user(int row) {
        return users[row];
    }

    /** n for this row: held-out items counted with duplicates. */
    public int positiveCount(int row) {
        return posPtr[row + 1] - posPtr[row];
    }

    /** Held-out items of this row in file order, duplicates kept (a copy). */
    public int[] positives(int row) {
        return Arrays.copyOfRange(posItems, posPtr[row], posPtr[row + 1]);
    }

    /** Masked (training) items of this row, sorted and distinct (a copy). */
    public int[] maskedItems(int row) {
        return Arrays.copyOfRange(maskItems, maskPtr[row], maskPtr[row + 1]);
    }

    // Package-private raw CSR access for the evaluator's hot loop; never mutated.
    int[] posPtr() {
        return posPtr;
    }

    int[] posItems() {
        return posItems;
    }

    int[] maskPtr() {
        return maskPtr;
    }

    int[] maskItems() {
        return maskItems;
    }
}
