package org.mmrec4j.data.prep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;
import org.mmrec4j.data.Fixtures;

class PrepTest {
    @TempDir Path tmp;

    @Test
    void importHandlesQuotesMissingValuesThresholdAndExactDuplicates() {
        CsvImporter.Result r = CsvImporter.read(Fixtures.dir("import_dedupe").resolve("log.csv"),
                new ColumnMapping("user", "item", "rating", "time"), new CsvImporter.Options(null, true, 2.0));
        assertThat(r.stats()).isEqualTo(new CsvImporter.Stats(7, 2, 1, 1));
        assertThat(r.log().userIds()).containsExactly("u1", "u1", "u,2");
        assertThat(r.log().itemIds()).containsExactly("a", "a", "b");
        assertThat(r.log().timestamps()).containsExactly(100L, 200L, 100L);
        assertThat(r.log().ratings()).containsExactly(5.0, 4.0, 3.0);
    }

    @Test
    void kcoreNeedsThreeRoundsToReachItsFixpoint() {
        RawLog log = CsvImporter.read(Fixtures.dir("kcore_rounds").resolve("log.tsv"),
                new ColumnMapping("user", "item", "rating", "time"), CsvImporter.Options.defaults()).log();
        KCoreFilter.Result r = new KCoreFilter(2, 2).apply(log);
        assertThat(r.rounds()).isEqualTo(3);
        assertThat(r.removedRows()).isEqualTo(3);
        assertThat(r.log().userIds()).containsExactly("u1", "u2", "u1", "u2");
        assertThat(r.log().itemIds()).containsExactly("a", "a", "b", "b");
        IndexedLog idx = IndexedLog.of(r.log());
        assertThat(idx.users()).containsExactly(0, 1, 0, 1);
        assertThat(idx.itemIds().id(1)).isEqualTo("b");
        assertThat(new KCoreFilter(1, 1).apply(log).rounds()).isZero();
    }

    @Test
    void randomSplitFollowsThePerUserCountRule() {
        int[] sizes = {3, 9, 10, 15, 23};
        int total = 0;
        for (int s : sizes) total += s;
        int[] users = new int[total];
        int p = 0;
        for (int u = 0; u < sizes.length; u++) for (int k = 0; k < sizes[u]; k++) users[p++] = u;
        new org.mmrec4j.engine.Rng(1).shuffleInPlace(users);
        byte[] a = Splitter.random(users, sizes.length, new org.mmrec4j.engine.Rng(42));
        int[][] counts = new int[sizes.length][3];
        for (int r = 0; r < users.length; r++) counts[users[r]][a[r]]++;
        assertThat(counts).isDeepEqualTo(new int[][] {{1, 1, 1}, {7, 1, 1}, {8, 1, 1}, {12, 1, 2}, {19, 2, 2}});
        assertThat(Splitter.random(users, sizes.length, new org.mmrec4j.engine.Rng(42))).containsExactly(a);
        assertThat(Splitter.random(users, sizes.length, new org.mmrec4j.engine.Rng(43))).isNotEqualTo(a);
    }

    @Test
    void userTimeSplitGivesOldestToTrainAndBreaksTiesByItem() {
        int[] users = {0, 0, 0, 0, 0};
        int[] items = {4, 3, 2, 1, 0};
        long[] ts = {50, 10, 40, 40, 20};
        // order by (ts, item): row1(10) row4(20) row3(40,i1) row2(40,i2) row0(50)
        assertThat(Splitter.userTime(users, items, ts, 1)).containsExactly(2, 0, 1, 0, 0);
    }

    @Test
    void globalTimeUsesNumpyLinearQuantilesEndToEnd() {
        Prepare.Options o = new Prepare.Options(new ColumnMapping("u", "i", null, "ts"),
                CsvImporter.Options.defaults(), 0, 0, SplitStrategy.GLOBAL_TIME, 1);
        Prepare.Report rep = Prepare.run(Fixtures.dir("global_time").resolve("log.tsv"), tmp, "gt", o);
        // timestamps 1..10: q80 = 8.2, q90 = 9.1, so 1..8 train, 9 valid, 10 test
        assertThat(rep.train()).isEqualTo(8);
        assertThat(rep.valid()).isEqualTo(1);
        assertThat(rep.test()).isEqualTo(1);
        assertThat(Splitter.quantile(new long[] {1, 2, 3, 4}, 0.5)).isEqualTo(2.5);
        Dataset d = Dataset.load(tmp, DatasetOptions.defaults());
        assertThat(d.name()).isEqualTo("gt");
        assertThat(d.numUsers()).isEqualTo(2);
        assertThat(d.numItems()).isEqualTo(10);
        assertThat(d.valid().size() + d.test().size()).isEqualTo(2);
        assertThat(d.userIds().get().id(0)).isEqualTo("u1"); // first row is u1 (ts 7)
        assertThat(d.itemIds().get().idColumn()).isEqualTo("asin");
    }
}
