package org.mmrec4j.data.prep;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.Dataset;
import org.mmrec4j.data.DatasetOptions;

/** Imports the raw ML-100K and Amazon Fashion files of shared/datasets and checks them against their SOURCE.md. */
class ImportIT {
    @TempDir Path tmp;

    private static Path file(String relative) {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared/datasets").resolve(relative);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        Assumptions.assumeTrue(false, "skipped: shared/datasets/" + relative + " not found");
        return null;
    }

    @Test
    void movieLens100kRawRatings() {
        Path in = file("ml-100k/original/recbole/ml-100k.inter");
        Prepare.Report r = Prepare.run(in, tmp.resolve("ml100k"), "ml100k", new Prepare.Options(
                new ColumnMapping("user_id", "item_id", "rating", "timestamp"), CsvImporter.Options.defaults(), 5, 5,
                SplitStrategy.RANDOM, 999));
        // SOURCE.md: 943 users, 1682 items, 100000 ratings; every user has >= 20, so the 5-core drops items only
        assertThat(r.imported().rowsRead()).isEqualTo(100000);
        assertThat(r.numUsers()).isEqualTo(943);
        assertThat(r.numItems()).isEqualTo(1349);
        assertThat(r.train() + r.valid() + r.test()).isEqualTo(99287);
        Dataset d = Dataset.load(tmp.resolve("ml100k"), DatasetOptions.defaults());
        assertThat(d.train().size()).isEqualTo(r.train());
    }

    @Test
    void amazonFashionReviewsAsJsonLines() {
        Path in = file("amazon_fashion_raw/original/AMAZON_FASHION_5.json");
        ColumnMapping m = new ColumnMapping("reviewerID", "asin", "overall", "unixReviewTime");
        CsvImporter.Options latest = new CsvImporter.Options(null, true, null, CsvImporter.Dedup.LATEST, CsvImporter.Format.AUTO);
        // SOURCE.md: 3176 reviews, 134 repeated pairs collapsed to 3042 rows of 406 users and 31 items
        Prepare.Report all = Prepare.run(in, tmp.resolve("k1"), "f", new Prepare.Options(m, latest, 1, 1, SplitStrategy.USER_TIME, 1));
        assertThat(all.imported().droppedDuplicates()).isEqualTo(134);
        assertThat(all.numUsers()).isEqualTo(406);
        assertThat(all.numItems()).isEqualTo(31);
        Prepare.Report core = Prepare.run(in, tmp.resolve("k5"), "f", new Prepare.Options(m, latest, 5, 5, SplitStrategy.RANDOM, 999));
        assertThat(core.numUsers()).isEqualTo(374);
        assertThat(core.numItems()).isEqualTo(8);
    }
}
