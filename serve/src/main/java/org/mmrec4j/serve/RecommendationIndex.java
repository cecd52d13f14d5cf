package org.mmrec4j.serve;

import java.util.Map;
import org.mmrec4j.data.IdMap;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Tensor;
import org.mmrec4j.engine.kernel.EdgeDots;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.eval.TopK;
import org.mmrec4j.models.ColdItemScoring;
import org.mmrec4j.models.Recommender;
import org.mmrec4j.models.block.Embeddings;

/**
 * Everything a request needs, computed once from a trained model: external id maps, each user's training
 * items (sorted, the "seen" mask), and for dot-product models the final user and item vectors plus unit
 * item vectors for cosine similarity. A request then costs one user-vector × item-matrix product (the
 * engine's Vector API dot kernel) and a heap top-K ({@link TopK}, ties to the smaller item id, as in evaluation). Models without final vectors
 * fall back to their scorer, one user at a time under a lock.
 *
 * <p>Thread-safe: per-thread scratch buffers are reused across requests.
 */
public final class RecommendationIndex {
    /** A ranked list: items[0..size) best first, with their scores. */
    public record Ranked(int[] items, float[] scores, int size) {}

    private final String modelName;
    private final int numUsers, numItems, dim;
    private final IdMap userIds, itemIds;
    private final UserItemIndex seen;
    private final float[] userVectors, itemVectors, unitItems;
    private final Scorer fallback;
    private final ColdItemScoring cold;
    private final ThreadLocal<Scratch> scratch;
    /** 0..numItems-1: every item is a column of the one dense "row" EdgeDots scores. */
    private final int[] allItems;

    private static final class Scratch {
        final float[] scores;
        long[] heap = new long[0];

        Scratch(int numItems) {
            scores = new float[numItems];
        }

        long[] heap(int k) {
            if (heap.length < k) heap = new long[k];
            return heap;
        }
    }

    /** Precomputes the index of a restored model: id maps, seen items, and final vectors when the model has them. */
    public RecommendationIndex(TrainedModel trained) {
        Recommender model = trained.model();
        this.modelName = trained.spec().name();
        this.numUsers = trained.data().numUsers();
        this.numItems = trained.data().numItems();
        this.userIds = trained.data().userIds().orElse(null);
        this.itemIds = trained.data().itemIds().orElse(null);
        this.seen = trained.data().train().byUser(numUsers);
        Embeddings e;
        try (var off = Grad.off()) {
            e = model.finalEmbeddings();
        }
        if (e != null) {
            dim = e.users().cols();
            userVectors = e.users().detach().data().clone();
            itemVectors = e.items().detach().data().clone();
            unitItems = unitRows(itemVectors, numItems, dim);
            fallback = null;
        } else {
            dim = 0;
            userVectors = itemVectors = unitItems = null;
            try (var off = Grad.off()) {
                fallback = model.scorer();
            }
        }
        this.cold = model instanceof ColdItemScoring c && e != null ? c : null;
        this.scratch = ThreadLocal.withInitial(() -> new Scratch(numItems));
        this.allItems = new int[numItems];
        for (int i = 0; i < numItems; i++) allItems[i] = i;
    }

    /** The catalogue name of the model it answers for. */
    public String modelName() {
        return modelName;
    }

    /** Users of the training dataset; internal user indexes are 0..numUsers-1. */
    public int numUsers() {
        return numUsers;
    }

    /** Items of the training dataset; internal item indexes are 0..numItems-1. */
    public int numItems() {
        return numItems;
    }

    /** Whether the model has final user and item vectors (dot-product models); only then does {@link #similar} work. */
    public boolean hasEmbeddings() {
        return userVectors != null;
    }

    /** The cold-item scorer, or null when the model cannot score items from features. */
    public ColdItemScoring coldScoring() {
        return cold;
    }

    /** The internal index of an external user id, or -1. Without an id map the ids are the indexes. */
    public int userIndex(String externalId) {
        return lookup(userIds, externalId, numUsers);
    }

    /** The internal index of an external item id, or -1. Without an id map the ids are the indexes. */
    public int itemIndex(String externalId) {
        return lookup(itemIds, externalId, numItems);
    }

    /** The external id of an internal user index. */
    public String userId(int index) {
        return userIds == null ? Integer.toString(index) : userIds.id(index);
    }

    /** The external id of an internal item index. */
    public String itemId(int index) {
        return itemIds == null ? Integer.toString(index) : itemIds.id(index);
    }

    private static int lookup(IdMap map, String id, int size) {
        if (map != null) return map.tryIndex(id);
        if (id.isEmpty() || id.length() > 10) return -1;
        for (int i = 0; i < id.length(); i++) if (id.charAt(i) < '0' || id.charAt(i) > '9') return -1;
        long v = Long.parseLong(id);
        return v < size ? (int) v : -1;
    }

    /** The best min(k, candidates) items for a user; k is capped at numItems. */
    public Ranked recommend(int user, int k, boolean excludeSeen) {
        Scratch s = scratch.get();
        if (userVectors != null) {
            EdgeDots.row(allItems, 0, numItems, userVectors, user * dim, itemVectors, dim, s.scores);
        } else {
            synchronized (fallback) {
                fallback.score(new int[] {user}, s.scores);
            }
        }
        return select(s, k, excludeSeen ? seen.items() : null, seen.start(user), seen.end(user));
    }

    /** Items most similar to an item by cosine of final item vectors, the item itself excluded. */
    public Ranked similar(int item, int k) {
        if (unitItems == null) throw new UnsupportedOperationException(modelName + " has no final item embeddings");
        Scratch s = scratch.get();
        EdgeDots.row(allItems, 0, numItems, unitItems, item * dim, unitItems, dim, s.scores);
        return select(s, k, new int[] {item}, 0, 1);
    }

    /** Scores of cold items for a user: features per modality, n rows each. */
    public float[] scoreCold(int user, Map<String, Tensor> features) {
        if (cold == null) throw new UnsupportedOperationException("model " + modelName + " cannot score items from features");
        Tensor vectors = cold.coldItemVectors(features);
        int n = vectors.rows();
        int[] rows = n <= numItems ? allItems : java.util.stream.IntStream.range(0, n).toArray();
        float[] out = new float[n];
        EdgeDots.row(rows, 0, n, userVectors, user * dim, vectors.data(), dim, out);
        return out;
    }

    private Ranked select(Scratch s, int k, int[] mask, int from, int to) {
        int kk = Math.min(k, numItems);
        int[] items = new int[kk];
        float[] scores = new float[kk];
        int n = TopK.select(s.scores, 0, numItems, mask == null ? new int[0] : mask, mask == null ? 0 : from,
                mask == null ? 0 : to, kk, items, scores, s.heap(kk));
        return new Ranked(items, scores, n);
    }

    private static float[] unitRows(float[] m, int rows, int d) {
        float[] u = new float[m.length];
        for (int r = 0; r < rows; r++) {
            double sq = 0;
            for (int j = 0; j < d; j++) sq += (double) m[r * d + j] * m[r * d + j];
            float inv = sq > 0 ? (float) (1 / Math.sqrt(sq)) : 0f;
            for (int j = 0; j < d; j++) u[r * d + j] = m[r * d + j] * inv;
        }
        return u;
    }
}
