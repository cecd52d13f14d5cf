package org.mmrec4j.serve;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.engine.io.AtomicFiles;
import org.mmrec4j.data.io.NpyWriter;
import org.mmrec4j.engine.Grad;
import org.mmrec4j.engine.Parallel;
import org.mmrec4j.eval.Scorer;
import org.mmrec4j.eval.TopK;
import org.mmrec4j.models.block.Embeddings;

/**
 * Top-K lists for many users from a trained model, written as one file. Users are scored in blocks with
 * the model's own scorer (so the ranking is exactly the one evaluation sees: same scores, ties to the
 * smaller item id); each block's top-K selections run in parallel on the engine's pool.
 *
 * <p>Output: a header {@code user_id,item_id,rank,score} then one row per recommendation, ranks from 1,
 * external ids. The file appears only when complete (atomic rename).
 */
public final class BatchRecommender {
    /** Users per scorer call: bounds the score buffer to this many × numItems floats. */
    static final int USER_BLOCK = 512;

    /** The output's separator, named by the file's extension. */
    public enum Format {
        CSV, TSV;

        /** CSV for {@code .csv}, TSV for {@code .tsv} (any case); any other name is refused rather than guessed. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            if (name.endsWith(".csv")) return CSV;
            if (name.endsWith(".tsv")) return TSV;
            throw new IllegalArgumentException(file + ": the output format comes from the extension. Fix: name the file "
                    + "*.csv (comma-separated) or *.tsv (tab-separated)");
        }
    }

    private BatchRecommender() {}

    /** Every user's top-K list. */
    public static int[] allUsers(TrainedModel m) {
        int[] users = new int[m.data().numUsers()];
        for (int u = 0; u < users.length; u++) users[u] = u;
        return users;
    }

    /**
     * Reads external user ids, one per line (blank lines and lines starting with # skipped; a first line
     * equal to the id map's header name is skipped).
     *
     * @param skipUnknown drop unknown ids (with a count on stderr) instead of failing
     */
    public static int[] readUsers(Path file, RecommendationIndex index, boolean skipUnknown) {
        List<Integer> users = new ArrayList<>();
        int skipped = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                String id = line.strip();
                if (id.isEmpty() || id.startsWith("#")) continue;
                int u = index.userIndex(id);
                if (u < 0 && no == 1 && (id.equals("user_id") || id.equals("userID"))) continue;
                if (u < 0) {
                    if (skipUnknown) {
                        skipped++;
                        continue;
                    }
                    throw new DataException(file, no, "unknown user id '" + id + "' (the model knows " + index.numUsers() + " users)",
                            "remove it, or pass --skip-unknown");
                }
                users.add(u);
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new DataException(file, "is not UTF-8 text", "save the user list as UTF-8, one id per line");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        if (skipped > 0) System.err.println("skipped " + skipped + " unknown user ids in " + file);
        return users.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Scores, selects and writes; returns the number of rows written. */
    public static long write(TrainedModel m, RecommendationIndex index, int[] users, int k, boolean includeSeen,
                             Format format, Path out) {
        if (k < 1) throw new IllegalArgumentException("--k must be >= 1, got " + k);
        int numItems = m.data().numItems();
        int kk = Math.min(k, numItems);
        UserItemIndex seen = m.data().train().byUser(m.data().numUsers());
        char sep = format == Format.TSV ? '\t' : ',';
        Scorer scorer;
        try (var off = Grad.off()) {
            scorer = m.model().scorer();
        }
        long[] rows = {0};
        AtomicFiles.write(out, o -> {
            o.write(("user_id" + sep + "item_id" + sep + "rank" + sep + "score\n").getBytes(StandardCharsets.UTF_8));
            int block = Math.min(USER_BLOCK, Math.max(1, users.length));
            float[] scores = new float[block * numItems];
            int[][] topItems = new int[block][kk];
            float[][] topScores = new float[block][kk];
            int[] counts = new int[block];
            StringBuilder[] text = new StringBuilder[block];
            for (int from = 0; from < users.length; from += block) {
                int n = Math.min(block, users.length - from);
                int[] blockUsers = java.util.Arrays.copyOfRange(users, from, from + n);
                try (var off = Grad.off()) {
                    scorer.score(blockUsers, scores);
                }
                Parallel.forRange(n, (lo, hi) -> {
                    long[] heap = new long[kk];
                    for (int r = lo; r < hi; r++) {
                        int u = blockUsers[r];
                        counts[r] = includeSeen
                                ? TopK.select(scores, r * numItems, numItems, seen.items(), 0, 0, kk, topItems[r], topScores[r], heap)
                                : TopK.select(scores, r * numItems, numItems, seen.items(), seen.start(u), seen.end(u), kk,
                                        topItems[r], topScores[r], heap);
                        StringBuilder sb = text[r] == null ? new StringBuilder() : text[r];
                        sb.setLength(0);
                        String uid = field(index.userId(u), format);
                        for (int j = 0; j < counts[r]; j++) {
                            sb.append(uid).append(sep).append(field(index.itemId(topItems[r][j]), format)).append(sep)
                                    .append(j + 1).append(sep).append(topScores[r][j]).append('\n');
                        }
                        text[r] = sb;
                    }
                });
                for (int r = 0; r < n; r++) {
                    o.write(text[r].toString().getBytes(StandardCharsets.UTF_8));
                    rows[0] += counts[r];
                }
            }
        });
        return rows[0];
    }

    /** CSV quoting (RFC 4180) when an id holds a comma, quote or newline; TSV ids cannot hold tabs. */
    static String field(String id, Format format) {
        if (format == Format.TSV) {
            if (id.indexOf('\t') >= 0 || id.indexOf('\n') >= 0) throw new IllegalArgumentException("id '" + id + "' holds a tab or newline; write a .csv file instead");
            return id;
        }
        if (id.indexOf(',') < 0 && id.indexOf('"') < 0 && id.indexOf('\n') < 0 && id.indexOf('\r') < 0) return id;
        return '"' + id.replace("\"", "\"\"") + '"';
    }

    /**
     * Writes user_emb.npy and item_emb.npy (float32, one row per user / item in index order) with
     * user_ids.txt and item_ids.txt giving each row's external id.
     */
    public static void exportEmbeddings(TrainedModel m, RecommendationIndex index, Path dir) {
        Embeddings e;
        try (var off = Grad.off()) {
            e = m.model().finalEmbeddings();
        }
        if (e == null) {
            throw new IllegalArgumentException(m.spec().name() + " does not score by a dot product of final embeddings, so there is nothing to export");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException ex) {
            throw new UncheckedIOException("cannot create " + dir, ex);
        }
        NpyWriter.write(dir.resolve("user_emb.npy"), new FeatureMatrix(e.users().rows(), e.users().cols(), e.users().detach().data()));
        NpyWriter.write(dir.resolve("item_emb.npy"), new FeatureMatrix(e.items().rows(), e.items().cols(), e.items().detach().data()));
        writeIds(dir.resolve("user_ids.txt"), e.users().rows(), index::userId);
        writeIds(dir.resolve("item_ids.txt"), e.items().rows(), index::itemId);
    }

    private static void writeIds(Path file, int n, java.util.function.IntFunction<String> id) {
        AtomicFiles.write(file, (OutputStream o) -> {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < n; i++) sb.append(id.apply(i)).append('\n');
            o.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        });
    }
}
