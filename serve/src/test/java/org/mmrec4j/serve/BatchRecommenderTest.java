package org.mmrec4j.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.UserItemIndex;
import org.mmrec4j.data.io.NpyReader;
import org.mmrec4j.engine.Grad;

/** Batch top-K on the demo data: seen items excluded, the scorer's ranking, external ids both ways. */
class BatchRecommenderTest {
    @TempDir
    static Path shared;
    static TrainedModel model;
    static RecommendationIndex index;

    @BeforeAll
    static void train() {
        Path data = TrainedRuns.demoWithIds(shared.resolve("demo"));
        model = TrainedModel.load(TrainedRuns.train("LightGCN", data, shared.resolve("run"), "epochs=3"));
        index = new RecommendationIndex(model);
    }

    /** user id → item ids in rank order, read back from the CSV (quoted ids unquoted). */
    static Map<String, List<String>> read(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("user_id,item_id,rank,score");
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = csvFields(line);
            List<String> items = out.computeIfAbsent(f.get(0), k -> new ArrayList<>());
            assertThat(Integer.parseInt(f.get(2))).isEqualTo(items.size() + 1);
            items.add(f.get(1));
        }
        return out;
    }

    static List<String> csvFields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    /** The scorer's top-K for a user: higher score first, ties to the smaller item index. */
    static List<String> expected(int user, int k, boolean excludeSeen) {
        float[] scores = new float[model.data().numItems()];
        try (var off = Grad.off()) {
            model.model().scorer().score(new int[] {user}, scores);
        }
        UserItemIndex seen = model.data().train().byUser(model.data().numUsers());
        Set<Integer> skip = new HashSet<>();
        if (excludeSeen) for (int i : seen.itemsOf(user)) skip.add(i);
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) if (!skip.contains(i)) items.add(i);
        items.sort(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> i));
        return items.subList(0, k).stream().map(index::itemId).toList();
    }

    @Test
    void allUsersGetTheScorersTopKWithoutTheirTrainingItems(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("topk.csv");
        long rows = BatchRecommender.write(model, index, BatchRecommender.allUsers(model), 10, false, BatchRecommender.Format.CSV, out);
        Map<String, List<String>> lists = read(out);
        assertThat(rows).isEqualTo(10L * model.data().numUsers());
        assertThat(lists).hasSize(model.data().numUsers());
        UserItemIndex seen = model.data().train().byUser(model.data().numUsers());
        for (int u = 0; u < model.data().numUsers(); u++) {
            List<String> got = lists.get(index.userId(u));
            assertThat(got).as("user %s", u).hasSize(10);
            for (int i : seen.itemsOf(u)) assertThat(got).doesNotContain(index.itemId(i));
        }
        for (int u : new int[] {0, 1, 77, 500, model.data().numUsers() - 1}) {
            assertThat(lists.get(index.userId(u))).as("user %s", u).isEqualTo(expected(u, 10, true));
        }
        // External ids went out: the comma-holding ids are quoted and read back intact.
        assertThat(lists.keySet()).contains("u-3600").doesNotContain("0");
    }

    @Test
    void includeSeenKeepsTrainingItemsInTheRanking(@TempDir Path tmp) throws Exception {
        Path out = tmp.resolve("topk.tsv");
        BatchRecommender.write(model, index, new int[] {3, 4}, 15, true, BatchRecommender.Format.TSV, out);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines.get(0)).isEqualTo("user_id\titem_id\trank\tscore");
        List<String> user3 = lines.stream().skip(1).map(l -> l.split("\t")).filter(f -> f[0].equals(index.userId(3))).map(f -> f[1]).toList();
        assertThat(user3).isEqualTo(expected(3, 15, false));
    }

    @Test
    void usersFileTakesExternalIdsAndNamesTheLineOfAnUnknownOne(@TempDir Path tmp) throws Exception {
        Path users = tmp.resolve("users.txt");
        Files.writeString(users, "user_id\n" + index.userId(5) + "\n\n# comment\n" + index.userId(9) + "\n");
        assertThat(BatchRecommender.readUsers(users, index, false)).containsExactly(5, 9);

        Files.writeString(users, index.userId(5) + "\nnobody\n" + index.userId(9) + "\n");
        assertThatThrownBy(() -> BatchRecommender.readUsers(users, index, false)).isInstanceOf(DataException.class)
                .hasMessageContaining(users.toString()).hasMessageContaining("line 2").hasMessageContaining("nobody")
                .hasMessageContaining("--skip-unknown");
        assertThat(BatchRecommender.readUsers(users, index, true)).containsExactly(5, 9);
        // Internal indexes are not accepted when the dataset has an id map.
        Files.writeString(users, "5\n");
        assertThatThrownBy(() -> BatchRecommender.readUsers(users, index, false)).isInstanceOf(DataException.class);
    }

    @Test
    void exportedEmbeddingsReproduceTheScores(@TempDir Path tmp) throws Exception {
        BatchRecommender.exportEmbeddings(model, index, tmp);
        var users = NpyReader.read(tmp.resolve("user_emb.npy"));
        var items = NpyReader.read(tmp.resolve("item_emb.npy"));
        assertThat(users.rows()).isEqualTo(model.data().numUsers());
        assertThat(items.rows()).isEqualTo(model.data().numItems());
        assertThat(Files.readAllLines(tmp.resolve("item_ids.txt"))).hasSize(model.data().numItems()).startsWith(index.itemId(0), index.itemId(1));
        assertThat(Files.readAllLines(tmp.resolve("user_ids.txt")).get(7)).isEqualTo(index.userId(7));
        float[] scores = new float[model.data().numItems()];
        try (var off = Grad.off()) {
            model.model().scorer().score(new int[] {7}, scores);
        }
        int d = users.cols();
        for (int i : new int[] {0, 13, model.data().numItems() - 1}) {
            float dot = 0;
            for (int j = 0; j < d; j++) dot += users.get(7, j) * items.get(i, j);
            assertThat(dot).isCloseTo(scores[i], org.assertj.core.data.Offset.offset(1e-4f));
        }
        // The file is a plain little-endian float32 .npy that numpy would read.
        byte[] raw = Files.readAllBytes(tmp.resolve("item_emb.npy"));
        assertThat(new String(raw, 1, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("NUMPY");
        int headerLen = ByteBuffer.wrap(raw, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        assertThat(raw.length - 10 - headerLen).isEqualTo(4 * items.rows() * items.cols());
        assertThat(Arrays.asList(new String(raw, 10, headerLen, java.nio.charset.StandardCharsets.US_ASCII).split(",")).toString()).contains("<f4");
    }
}
