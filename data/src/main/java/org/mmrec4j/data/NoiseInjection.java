package org.mmrec4j.data;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mmrec4j.engine.Checks;
import org.mmrec4j.engine.Rng;

/**
 * Synthetic interaction noise for robustness experiments (spec/models.md §20.4, DA-MRS's
 * add_neg_inter rule): ⌊ρ·|E_train|⌋ random (user, item) pairs are appended to the training split.
 * Each pair is absent from that user's training, validation and test rows and from the other added
 * pairs; validation and test are left untouched. Users and items are drawn uniformly over all ids
 * (0..numUsers−1, 0..numItems−1) from the given seed, rejecting collisions, so the result depends only
 * on the dataset, ρ and the seed.
 *
 * <p>Apply it after loading and before anything (graphs, samplers, evaluation masks) is built from the
 * training split: the noisy pairs then behave as real training interactions everywhere, as they do
 * when DA-MRS writes them into the .inter file (they are also masked in full-ranking evaluation).
 */
public final class NoiseInjection {
    private NoiseInjection() {}

    /**
     * The noisy dataset and what was added: {@code users[k], items[k]} is the k-th added pair, in the
     * order drawn; {@code sha256} is the SHA-256 of those pairs as big-endian int32 (user, item).
     */
    public record Result(Dataset dataset, double ratio, long seed, int[] users, int[] items, String sha256) {
        public int added() {
            return users.length;
        }
    }

    /** ⌊ρ·n⌋, tolerant of ρ·n landing a rounding error below an integer (0.29·100). */
    public static int count(double ratio, int trainRows) {
        return (int) Math.floor(ratio * trainRows + 1e-9);
    }

    public static Result inject(Dataset d, double ratio, long seed) {
        Checks.arg(ratio >= 0 && Double.isFinite(ratio), "noise_ratio must be >= 0, got %s", ratio);
        int n = count(ratio, d.train().size());
        long[] existing = pairKeys(d);
        long capacity = (long) d.numUsers() * d.numItems() - existing.length;
        if (n > capacity) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "noise_ratio %s asks for %d new training pairs but"
                    + " only %d (user, item) pairs are unused in %s; lower noise_ratio", ratio, n, capacity, d.name()));
        }
        Rng rng = new Rng(seed);
        int[] us = new int[n], is = new int[n];
        Set<Long> added = new HashSet<>();
        for (int k = 0; k < n; ) {
            int u = rng.nextInt(d.numUsers()), i = rng.nextInt(d.numItems());
            long key = (long) u * d.numItems() + i;
            if (Arrays.binarySearch(existing, key) >= 0 || !added.add(key)) continue;
            us[k] = u;
            is[k++] = i;
        }
        int base = d.train().size();
        int[] tu = Arrays.copyOf(d.train().users(), base + n), ti = Arrays.copyOf(d.train().items(), base + n);
        System.arraycopy(us, 0, tu, base, n);
        System.arraycopy(is, 0, ti, base, n);
        List<String> warnings = new ArrayList<>(d.warnings());
        if (n > 0) warnings.add(String.format(Locale.ROOT, "noise: %d random training pairs added (ratio %s, seed %d)", n, ratio, seed));
        Dataset noisy = new Dataset(d.name(), d.numUsers(), d.numItems(), Interactions.wrap(tu, ti), d.valid(), d.test(),
                d.features(), d.userIds().orElse(null), d.itemIds().orElse(null), d.sourceFiles(), warnings);
        return new Result(noisy, ratio, seed, us, is, sha256(us, is));
    }

    /** Sorted user·numItems + item keys of every split's rows (duplicates kept; binary search does not mind). */
    private static long[] pairKeys(Dataset d) {
        Interactions[] splits = {d.train(), d.valid(), d.test()};
        int total = 0;
        for (Interactions s : splits) total += s.size();
        long[] keys = new long[total];
        int k = 0;
        for (Interactions s : splits) {
            for (int r = 0; r < s.size(); r++) keys[k++] = (long) s.user(r) * d.numItems() + s.item(r);
        }
        Arrays.sort(keys);
        return keys;
    }

    static String sha256(int[] users, int[] items) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8);
            for (int k = 0; k < users.length; k++) {
                buf.clear();
                buf.putInt(users[k]).putInt(items[k]);
                md.update(buf.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
