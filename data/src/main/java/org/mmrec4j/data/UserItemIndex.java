package org.mmrec4j.data;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;

/**
 * Compressed rows (CSR) of a split grouped by user: the items of user {@code u} are
 * {@code items[offsets[u] .. offsets[u+1])}, sorted ascending, duplicates kept. Sorting makes
 * {@link #contains} a binary search, which is what the negative sampler needs on its hot path.
 */
public final class UserItemIndex {
    private final int[] offsets;
    private final int[] items;

    private UserItemIndex(int[] offsets, int[] items) {
        this.offsets = offsets;
        this.items = items;
    }

    static UserItemIndex build(int[] users, int[] items, int numUsers) {
        int[] offsets = new int[numUsers + 1];
        for (int u : users) {
            Checks.arg(u >= 0 && u < numUsers, "user index %s outside [0, %s)", u, numUsers);
            offsets[u + 1]++;
        }
        for (int u = 0; u < numUsers; u++) offsets[u + 1] += offsets[u];
        int[] fill = Arrays.copyOf(offsets, numUsers);
        int[] grouped = new int[items.length];
        for (int r = 0; r < users.length; r++) grouped[fill[users[r]]++] = items[r];
        for (int u = 0; u < numUsers; u++) Arrays.sort(grouped, offsets[u], offsets[u + 1]);
        return new UserItemIndex(offsets, grouped);
    }

    public int numUsers() {
        return offsets.length - 1;
    }

    public int[] offsets() {
        return offsets.clone();
    }

    public int[] items() {
        return items.clone();
    }

    public int start(int user) {
        return offsets[user];
    }

    public int end(int user) {
        return offsets[user + 1];
    }

    /** The item at a flat position in {@code [start(u), end(u))}. */
    public int itemAt(int position) {
        return items[position];
    }

    public int degree(int user) {
        return offsets[user + 1] - offsets[user];
    }

    /** The items of one user, ascending (a copy). */
    public int[] itemsOf(int user) {
        return Arrays.copyOfRange(items, offsets[user], offsets[user + 1]);
    }

    public boolean contains(int user, int item) {
        return Arrays.binarySearch(items, offsets[user], offsets[user + 1], item) >= 0;
    }
}
