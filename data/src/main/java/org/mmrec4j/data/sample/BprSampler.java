package org.mmrec4j.data.sample;

import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.data.Interactions;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Rng;

/**
 * MMRec's training loader (protocol §3.3, §7). Each epoch shuffles the training rows, cuts them into
 * consecutive batches of {@code batchSize} (the last may be shorter) and pairs each row with one negative
 * drawn uniformly from the pool, rejecting the user's training items; validation and test items may be
 * drawn. Rejection tests a binary search over the user's sorted training items, so an epoch of Baby
 * (118k rows) takes a few milliseconds and allocates only the batch arrays.
 *
 * <p>The sequence is a pure function of the {@link Rng} passed in. Python's and numpy's random streams
 * cannot be reproduced bit for bit in Java, so the batches match the reference only in distribution.
 */
public final class BprSampler {
    private final int[] users;
    private final int[] items;
    private final int batchSize;
    private final boolean negativeSampling;
    private final Rng rng;
    private final int[] pool;
    private final int[] offsets;
    private final int[] userItems;
    private final boolean[] saturated;

    /** MMRec's sampler: negatives from the distinct training items. */
    public BprSampler(Interactions train, int numUsers, int batchSize, boolean negativeSampling, Rng rng) {
        this(train, numUsers, 0, batchSize, negativeSampling, NegativePool.TRAIN_ITEMS, rng);
    }

    /** @param numItems the item count; used only by {@link NegativePool#ALL_ITEMS} */
    public BprSampler(Interactions train, int numUsers, int numItems, int batchSize, boolean negativeSampling,
                      NegativePool poolKind, Rng rng) {
        Checks.arg(batchSize > 0, "batchSize must be > 0, got %s", batchSize);
        Checks.arg(train.size() > 0, "training split is empty");
        this.users = train.users();
        this.items = train.items();
        this.batchSize = batchSize;
        this.negativeSampling = negativeSampling;
        this.rng = rng;
        int[] distinct = train.distinctItems();
        if (poolKind == NegativePool.ALL_ITEMS) {
            Checks.arg(numItems >= distinct[distinct.length - 1] + 1,
                    "numItems %s is below a training item index", numItems);
            pool = new int[numItems];
            for (int i = 0; i < numItems; i++) pool[i] = i;
        } else {
            pool = distinct;
        }
        UserItemIndex index = train.byUser(numUsers);
        this.offsets = index.offsets();
        this.userItems = index.items();
        this.saturated = new boolean[numUsers];
        for (int u = 0; u < numUsers; u++) {
            int distinctCount = 0;
            for (int p = offsets[u]; p < offsets[u + 1]; p++) {
                if (p == offsets[u] || userItems[p] != userItems[p - 1]) distinctCount++;
            }
            // a user who has every pool item could never get a negative; fail fast instead of looping
            saturated[u] = distinctCount >= pool.length;
        }
    }

    public int numRows() {
        return users.length;
    }

    public int numBatches() {
        return (users.length + batchSize - 1) / batchSize;
    }

    /** One epoch of batches in order; each call reshuffles and draws fresh negatives. */
    public List<Batch> nextEpoch() {
        return epoch(rng);
    }

    /**
     * One epoch drawn from the given stream. The trainer derives that stream from the seed and the
     * epoch number, so a resumed run draws the same batches as the uninterrupted one.
     */
    public List<Batch> epoch(Rng epochRng) {
        int[] order = epochRng.permutation(users.length);
        List<Batch> out = new ArrayList<>(numBatches());
        for (int lo = 0; lo < order.length; lo += batchSize) {
            int n = Math.min(batchSize, order.length - lo);
            int[] bu = new int[n];
            int[] bp = new int[n];
            int[] bn = negativeSampling ? new int[n] : null;
            for (int b = 0; b < n; b++) {
                int row = order[lo + b];
                bu[b] = users[row];
                bp[b] = items[row];
                if (bn != null) bn[b] = negative(bu[b], epochRng);
            }
            out.add(new Batch(bu, bp, bn));
        }
        return out;
    }

    /** One negative for {@code user} by rejection against the user's training items. */
    public int negative(int user) {
        return negative(user, rng);
    }

    private int negative(int user, Rng draw) {
        Checks.state(!saturated[user], "user %s has interacted with every candidate item; no negative exists",
                user);
        int lo = offsets[user];
        int hi = offsets[user + 1];
        while (true) {
            int candidate = pool[draw.nextInt(pool.length)];
            if (!containsSorted(userItems, lo, hi, candidate)) return candidate;
        }
    }

    private static boolean containsSorted(int[] a, int lo, int hi, int key) {
        hi--;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int v = a[mid];
            if (v < key) lo = mid + 1;
            else if (v > key) hi = mid - 1;
            else return true;
        }
        return false;
    }
}
