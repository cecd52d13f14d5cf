package org.mmrec4j.features;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.mmrec4j.engine.Parallel;

/**
 * Embeds many texts with one shared {@link MiniLmEncoder}: texts are ordered by length (longest first, ties by
 * position) so a batch pads to similar lengths, cut into batches of {@code batchSize}, and {@code workers}
 * threads of the project pool take batches from a shared counter. Each batch's result depends only on its
 * members, so the output is the same for any worker count or schedule.
 */
public final class BatchEmbedder {
    private BatchEmbedder() {}

    /** Rows in input order. {@code workers} is capped by {@link Parallel#threads()}. */
    public static float[][] embedAll(MiniLmEncoder encoder, List<String> texts, int batchSize, int workers, Progress progress) {
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        int n = texts.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, Comparator.comparingInt((Integer i) -> -texts.get(i).length()).thenComparingInt(i -> i));
        int batches = (n + batchSize - 1) / batchSize;
        float[][] out = new float[n][];
        AtomicInteger next = new AtomicInteger();
        int w = Math.max(1, Math.min(workers, batches));
        Parallel.forChunks(w, w, (chunk, lo, hi) -> {
            for (int b; (b = next.getAndIncrement()) < batches; ) {
                int from = b * batchSize, to = Math.min(n, from + batchSize);
                List<String> batch = new ArrayList<>(to - from);
                for (int k = from; k < to; k++) batch.add(texts.get(order[k]));
                float[][] rows = encoder.embed(batch);
                for (int k = from; k < to; k++) out[order[k]] = rows[k - from];
                progress.step(to - from);
            }
        });
        return out;
    }
}
