package org.mmrec4j.data.prep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.engine.Rng;

/** The import command's pipeline: formats, deduplication, errors, ratios, the item cold-start split, atomic output. */
class ImportTest {
    @TempDir Path tmp;

    private static final ColumnMapping AMAZON = new ColumnMapping("reviewerID", "asin", "overall", "unixReviewTime");

    private Path file(String name, String... lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private static CsvImporter.Options opts(Double minRating, CsvImporter.Dedup dedup) {
        return new CsvImporter.Options(null, true, minRating, dedup, CsvImporter.Format.AUTO);
    }

    @Test
    void jsonLinesReadsAmazonReviewsWithNullRatingsAndNumericIds() throws IOException {
        Path p = file("reviews.json",
                "{\"overall\": 5.0, \"reviewerID\": \"A1\", \"asin\": \"B1\", \"unixReviewTime\": 100, \"style\": {\"Size:\": \"M\"}}",
                "{\"overall\": null, \"reviewerID\": \"A1\", \"asin\": \"B2\", \"unixReviewTime\": 110}",
                "",
                "{\"overall\": 3.0, \"reviewerID\": \"A2\", \"asin\": 77, \"unixReviewTime\": 120}");
        CsvImporter.Result all = CsvImporter.read(p, AMAZON, opts(null, CsvImporter.Dedup.EXACT));
        assertThat(all.stats()).isEqualTo(new CsvImporter.Stats(3, 0, 0, 0));
        assertThat(all.log().itemIds()).containsExactly("B1", "B2", "77");
        assertThat(all.log().ratings()[1]).isNaN();
        assertThat(all.log().timestamps()).containsExactly(100L, 110L, 120L);
        // with a threshold a missing rating is a missing value, a low one is below the threshold
        CsvImporter.Result pos = CsvImporter.read(p, AMAZON, opts(4.0, CsvImporter.Dedup.EXACT));
        assertThat(pos.stats()).isEqualTo(new CsvImporter.Stats(3, 1, 1, 0));
        assertThat(pos.log().itemIds()).containsExactly("B1");
    }

    @Test
    void gzipInputIsDetectedByItsMagicBytes() throws IOException {
        Path p = tmp.resolve("log.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write("u\ti\tr\n1\t10\t5\n2\t10\t4\n".getBytes(StandardCharsets.UTF_8));
        }
        CsvImporter.Result r = CsvImporter.read(p, new ColumnMapping("u", "i", "r", null), CsvImporter.Options.defaults());
        assertThat(r.log().userIds()).containsExactly("1", "2");
    }

    @Test
    void dedupPoliciesKeepTheDocumentedRow() throws IOException {
        Path p = file("log.csv", "u,i,r,t", "a,x,1,30", "a,x,2,10", "a,x,3,30", "a,x,4,20", "b,x,5,5");
        ColumnMapping m = new ColumnMapping("u", "i", "r", "t");
        Map<CsvImporter.Dedup, double[]> expected = Map.of(
                CsvImporter.Dedup.EXACT, new double[] {1, 2, 4, 5},
                CsvImporter.Dedup.FIRST, new double[] {1, 5},
                CsvImporter.Dedup.LAST, new double[] {4, 5},
                CsvImporter.Dedup.EARLIEST, new double[] {2, 5},
                CsvImporter.Dedup.LATEST, new double[] {1, 5},
                CsvImporter.Dedup.NONE, new double[] {1, 2, 3, 4, 5});
        for (var e : expected.entrySet()) {
            CsvImporter.Result r = CsvImporter.read(p, m, opts(null, e.getKey()));
            assertThat(r.log().ratings()).as(e.getKey().name()).containsExactly(e.getValue());
            assertThat(r.stats().droppedDuplicates()).isEqualTo(5 - e.getValue().length);
        }
    }

    @Test
    void recboleTypedHeaderMatchesByNameAndAMissingColumnSuggestsTheClosest() throws IOException {
        Path p = file("ml.inter", "user_id:token\titem_id:token\trating:float\ttimestamp:float", "1\t2\t3\t4");
        CsvImporter.Result r = CsvImporter.read(p, new ColumnMapping("user_id", "item_id", "rating", "timestamp"),
                CsvImporter.Options.defaults());
        assertThat(r.log().itemIds()).containsExactly("2");
        // the hint names a typed column the way --user accepts it and the README writes it: user_id, not user_id:token
        assertThatThrownBy(() -> CsvImporter.read(p, new ColumnMapping("userid", "item_id", null, null), CsvImporter.Options.defaults()))
                .hasMessageContaining("no user column 'userid'").hasMessageContaining("did you mean 'user_id'?");
        Path csv = file("log.csv", "userId,movieId,rating", "1,2,3");
        assertThatThrownBy(() -> CsvImporter.read(csv, new ColumnMapping("userId", "itemId", "rating", null),
                CsvImporter.Options.defaults()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("no item column 'itemId'")
                .hasMessageContaining("[userId, movieId, rating]")
                .hasMessageContaining("did you mean 'userId'"); // one edit away: the closest by edit distance
        Path json = file("r.json", "{\"reviewerID\": \"A\", \"asin\": \"B\"}");
        assertThatThrownBy(() -> CsvImporter.read(json, new ColumnMapping("reviewerId", "asin", null, null),
                CsvImporter.Options.defaults()))
                .hasMessageContaining("no user field 'reviewerId'").hasMessageContaining("did you mean 'reviewerID'");
    }

    @Test
    void malformedJsonAndNonNumericRatingsNameFileAndLine() throws IOException {
        Path bad = file("bad.json", "{\"reviewerID\": \"A\", \"asin\": \"B\", \"overall\": 5}", "{\"reviewerID\": \"A\", \"asin\": ");
        assertThatThrownBy(() -> CsvImporter.read(bad, new ColumnMapping("reviewerID", "asin", "overall", null),
                CsvImporter.Options.defaults()))
                .isInstanceOf(DataException.class).hasMessageContaining("bad.json line 2: malformed JSON");
        Path text = file("r.csv", "u,i,r", "a,b,5", "a,c,five");
        assertThatThrownBy(() -> CsvImporter.read(text, new ColumnMapping("u", "i", "r", null), CsvImporter.Options.defaults()))
                .hasMessageContaining("r.csv line 3: non-numeric rating 'five'");
    }

    @Test
    void anEmptyKCoreSaysWhichKToLowerAndLeavesNothingBehind() throws IOException {
        // 3 users x 3 items, full: every degree is 3, so k = 4 empties it and 3 is the largest k that works
        StringBuilder sb = new StringBuilder("u,i\n");
        for (int u = 0; u < 3; u++) for (int i = 0; i < 3; i++) sb.append("u").append(u).append(",i").append(i).append('\n');
        Path p = tmp.resolve("full.csv");
        Files.writeString(p, sb);
        Path out = tmp.resolve("out");
        Prepare.Options o = new Prepare.Options(new ColumnMapping("u", "i", null, null), CsvImporter.Options.defaults(),
                2, 4, SplitStrategy.RANDOM, 1);
        assertThatThrownBy(() -> Prepare.run(p, out, "x", o))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("no rows left after the iterative k-core with user k 2 and item k 4")
                .hasMessageContaining("lower the item k to 3");
        assertThat(out).doesNotExist();
    }

    @Test
    void aFailingStepLeavesNeitherOutputNorStagingFolder() throws IOException {
        Path p = file("log.csv", "u,i", "a,x", "a,y", "a,z", "b,x", "b,y", "b,z");
        Path out = tmp.resolve("ds");
        Prepare.Options o = new Prepare.Options(new ColumnMapping("u", "i", null, null), CsvImporter.Options.defaults(),
                1, 1, SplitStrategy.RANDOM, 1);
        assertThatThrownBy(() -> Prepare.run(p, out, "ds", o, (dir, stats) -> {
            throw new IllegalStateException("plot failed");
        })).hasMessage("plot failed");
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("log.csv");
        }
        // into an existing folder, other files survive and the dataset files appear
        Files.createDirectories(out);
        Files.writeString(out.resolve("image_feat.npy"), "keep me");
        Prepare.Report r = Prepare.run(p, out, "ds", o);
        assertThat(r.stats().asMap()).containsKeys("rows", "kcore", "split", "user_degree", "item_degree", "sparsity");
        try (Stream<Path> s = Files.list(out)) {
            assertThat(s.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("image_feat.npy", "ds.inter",
                    "u_id_mapping.csv", "i_id_mapping.csv", "stats.json", "stats.md");
        }
        assertThat(Files.readString(out.resolve("stats.md"))).contains("| rows read | 6 |");
    }

    @Test
    void customRatiosGeneraliseThePerUserRule() {
        Splitter.Ratios r = Splitter.Ratios.parse("0.7,0.1,0.2");
        assertThat(Splitter.counts(10, r)).containsExactly(7, 1, 2);
        assertThat(Splitter.counts(20, r)).containsExactly(14, 2, 4);
        assertThat(Splitter.counts(4, r)).containsExactly(2, 1, 1);
        assertThat(Splitter.counts(2, r)).containsExactly(2, 0, 0);
        assertThat(Splitter.Ratios.parse("8:1:1")).isEqualTo(Splitter.Ratios.MMREC);
        // MMRec's ratios keep MMRec's exact rule, including n < 10
        for (int n = 3; n < 40; n++) assertThat(Splitter.counts(n, Splitter.Ratios.MMREC)).containsExactly(Splitter.counts(n));
        assertThatThrownBy(() -> Splitter.Ratios.parse("0.7,0.1")).hasMessageContaining("three ratios");
        // shares that do not add up to 1 were renormalised silently (0.8,0.3,0.1 trained on 0.67,0.25,0.08)
        assertThatThrownBy(() -> Splitter.Ratios.parse("0.8,0.3,0.1")).hasMessageContaining("add up to 1").hasMessageContaining("1.2");
        assertThatThrownBy(() -> Splitter.Ratios.parse("0.9,-0.1,0.2")).hasMessageContaining("negative");
    }

    @Test
    void itemColdSplitHoldsOutWholeItemsAtTheRatiosAndIsSeeded() {
        int numItems = 200, numUsers = 300;
        Rng data = new Rng(5);
        int n = 6000;
        int[] users = new int[n], items = new int[n];
        for (int r = 0; r < n; r++) {
            users[r] = data.nextInt(numUsers);
            items[r] = r < numItems ? r : data.nextInt(numItems);
        }
        Splitter.Ratios ratios = Splitter.Ratios.parse("0.7,0.1,0.2");
        byte[] a = Splitter.itemCold(items, numItems, ratios, new Rng(1));
        Set<Integer> train = new HashSet<>(), valid = new HashSet<>(), test = new HashSet<>();
        for (int r = 0; r < n; r++) (a[r] == 0 ? train : a[r] == 1 ? valid : test).add(items[r]);
        assertThat(valid).hasSize(20);
        assertThat(test).hasSize(40);
        assertThat(train).hasSize(140).doesNotContainAnyElementsOf(valid).doesNotContainAnyElementsOf(test);
        assertThat(valid).doesNotContainAnyElementsOf(test);
        assertThat(Splitter.itemCold(items, numItems, ratios, new Rng(1))).containsExactly(a);
        assertThat(Splitter.itemCold(items, numItems, ratios, new Rng(2))).isNotEqualTo(a);
    }

    @Test
    void itemColdImportLoadsWithHeldOutItemsOnlyInValidAndTest() throws IOException {
        StringBuilder sb = new StringBuilder("user\titem\n");
        Rng rng = new Rng(3);
        for (int u = 0; u < 60; u++) for (int k = 0; k < 8; k++) sb.append("u").append(u).append("\ti").append(rng.nextInt(30)).append('\n');
        Path p = tmp.resolve("log.tsv");
        Files.writeString(p, sb);
        Path out = tmp.resolve("cold");
        Prepare.Report rep = Prepare.run(p, out, "cold", new Prepare.Options(new ColumnMapping("user", "item", null, null),
                CsvImporter.Options.defaults(), 1, 1, SplitStrategy.ITEM_COLD, Splitter.Ratios.MMREC, 7));
        Dataset d = Dataset.load(out, DatasetOptions.defaults());
        Set<Integer> trainItems = new HashSet<>();
        for (int i : d.train().items()) trainItems.add(i);
        for (int i : d.valid().items()) assertThat(trainItems).doesNotContain(i);
        for (int i : d.test().items()) assertThat(trainItems).doesNotContain(i);
        assertThat(rep.valid()).isPositive();
        assertThat(rep.test()).isPositive();
        assertThat(((Map<?, ?>) rep.stats().asMap().get("split")).get("items_without_train_rows")).isEqualTo(6);
        assertThat(List.of(rep.train(), rep.valid(), rep.test()).stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(d.train().size() + rep.valid() + rep.test());
    }
}
