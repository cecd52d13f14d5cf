package org.mmrec4j.data;

import java.util.Arrays;
import org.mmrec4j.engine.Checks;

/**
 * One split of the interaction table as two parallel int arrays (user, item) in file order. Every row is
 * one implicit positive; duplicates are kept, as the reference loader keeps them (protocol §1.1).
 * Accessors returning arrays hand out copies; use {@link #user(int)} and {@link #item(int)} in loops.
 */
public final class Interactions {
    private final int[] users;
    private final int[] items;

    /** Copies both arrays. */
    public Interactions(int[] users, int[] items) {
        this(users.clone(), items.clone(), true);
    }

    private Interactions(int[] users, int[] items, boolean owned) {
        Checks.arg(users.length == items.length,
                "users and items must have the same length, got %s and %s", users.length, items.length);
        this.users = users;
        this.items = items;
    }

    /** Takes ownership of the arrays without copying; callers must not touch them afterwards. */
    public static Interactions wrap(int[] users, int[] items) {
        return new Interactions(users, items, true);
    }

    public static Interactions empty() {
        return new Interactions(new int[0], new int[0]);
    }

    public int size() {
        return users.length;
    }

    public int user(int row) {
        return users[row];
    }

    public int item(int row) {
        return items[row];
    }

    public int[] users() {
        return users.clone();
    }

    public int[] items() {
        return items.clone();
    }

    /** Max user index + 1 over these rows, 0 when empty. */
    public int maxUserPlusOne() {
        int m = -1;
        for (int u : users) m = Math.max(m, u);
        return m + 1;
    }

    /** Max item index + 1 over these rows, 0 when empty. */
    public int maxItemPlusOne() {
        int m = -1;
        for (int i : items) m = Math.max(m, i);
        return m + 1;
    }

    /** CSR view grouped by user; {@code numUsers} must exceed every user index. */
    public UserItemIndex byUser(int numUsers) {
        return UserItemIndex.build(users, items, numUsers);
    }

    /** The distinct items of this split, ascending. */
    public int[] distinctItems() {
        int[] sorted = items.clone();
        Arrays.sort(sorted);
        int n = 0;
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) sorted[n++] = sorted[i];
        }
        return Arrays.copyOf(sorted, n);
    }

    /** The distinct users of this split in order of first appearance (the evaluation order, §3.4). */
    public int[] distinctUsersInOrder() {
        int max = maxUserPlusOne();
        boolean[] seen = new boolean[max];
        int[] out = new int[Math.min(max, users.length)];
        int n = 0;
        for (int u : users) {
            if (!seen[u]) {
                seen[u] = true;
                out[n++] = u;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
