package org.mmrec4j.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.io.NpyReader;

/** text_feat.npy end to end on a four-item dataset, and every bad input leaving no file behind. */
class TextFeaturesTest {
    static MiniLmEncoder encoder;

    @TempDir
    Path tmp;

    @BeforeAll
    static void open() {
        encoder = new MiniLmEncoder(1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    Path dataset() throws Exception {
        Path d = tmp.resolve("data");
        Files.createDirectories(d);
        Files.writeString(d.resolve("i_id_mapping.csv"), "movie_id\titemID\n10\t0\n20\t1\n30\t2\n40\t3\n");
        return d;
    }

    Path catalog(String text) throws Exception {
        Path c = tmp.resolve("items.tsv");
        Files.writeString(c, text);
        return c;
    }

    static TextFeatures.Options options(Path catalog, Path data, FeaturePolicy.Fill fill, FeaturePolicy.Unknown unknown,
                                        FeaturePolicy.Missing missing) {
        return new TextFeatures.Options(catalog, data, data, List.of("title", "genres"), "movie_id", fill, unknown, missing, 2, 2, 1);
    }

    static PrintStream sink(ByteArrayOutputStream b) {
        return new PrintStream(b, true, StandardCharsets.UTF_8);
    }

    static final String CATALOG = "movie_id\ttitle\tgenres\n"
            + "30\tToy Story\tAnimation Comedy\n"
            + "10\tGoldenEye\tAction Thriller\n"
            + "99\tNot In The Dataset\tDrama\n"
            + "20\t \t\n"                        // blank text: counts as without text
            + "\n";

    @Test
    void rowsAreInInternalItemOrderAndGapsGetZerosWithAMask() throws Exception {
        Path data = dataset();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TextFeatures.Report r = TextFeatures.run(options(catalog(CATALOG), data, FeaturePolicy.Fill.ZERO,
                FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL), sink(log));
        assertThat(r.items()).isEqualTo(4);
        assertThat(r.withText()).isEqualTo(2);
        assertThat(r.filled()).isEqualTo(2);
        assertThat(r.unknownSkipped()).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("skipped 1 catalog records", "99", "2 of 4 items have no text");

        FeatureMatrix m = NpyReader.read(data.resolve("text_feat.npy"));
        assertThat(m.rows()).isEqualTo(4);
        assertThat(m.cols()).isEqualTo(384);
        float[][] expected = encoder.embed(List.of("GoldenEye Action Thriller", "Toy Story Animation Comedy"));
        assertRow(m, 0, expected[0]);
        assertRow(m, 2, expected[1]);
        assertRow(m, 1, new float[384]);
        assertRow(m, 3, new float[384]);
        assertThat(NpyReader.read(data.resolve("text_feat.mask.npy")).data()).containsExactly(1f, 0f, 1f, 0f);
        String manifest = Files.readString(data.resolve("text_feat.manifest.json"));
        assertThat(manifest).contains("\"model_sha256\" : \"" + encoder.modelSha256(), "\"tokenizer_sha256\" : \"" + encoder.tokenizerSha256(),
                "\"truncation_word_pieces\" : 256", "\"items_with_text\" : 2", "\"items_without_text\" : 2",
                "\"fill\" : \"zero\"", "\"catalog_records_not_in_dataset\" : 1", "\"title\", \"genres\"");
    }

    /** A review file: several rows per item, one blank, one for an item outside the dataset. */
    static final String REVIEWS = "movie_id\ttitle\tgenres\n"
            + "30\tGreat\tfun film\n"
            + "10\tMeh\tslow\n"
            + "30\t \t\n"
            + "99\tStray\tx\n"
            + "30\tLoved it\tagain\n"
            + "99\tStray again\tx\n";

    static TextFeatures.Options aggregating(Path catalog, Path data, FeaturePolicy.Aggregate aggregate) {
        return new TextFeatures.Options(catalog, data, data, List.of("title", "genres"), "movie_id", FeaturePolicy.Fill.ZERO,
                FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL, 2, 2, 1, aggregate);
    }

    @Test
    void severalRowsPerItemAreRefusedByDefaultAndConcatenatedOrFirstWhenAsked() throws Exception {
        Path data = dataset();
        Path c = catalog(REVIEWS);
        assertThatThrownBy(() -> TextFeatures.run(aggregating(c, data, FeaturePolicy.Aggregate.ERROR), sink(new ByteArrayOutputStream())))
                .isInstanceOf(DataException.class).hasMessageContaining("line 4").hasMessageContaining("'30' already appeared on line 2");
        assertNoOutputs(data);

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TextFeatures.Report r = TextFeatures.run(aggregating(c, data, FeaturePolicy.Aggregate.CONCAT), sink(log));
        assertThat(r.withText()).isEqualTo(2);
        assertThat(r.unknownSkipped()).isEqualTo(2);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("skipped 2 catalog records whose item is not in the dataset (e.g. 99)");
        FeatureMatrix m = NpyReader.read(data.resolve("text_feat.npy"));
        float[][] concat = encoder.embed(List.of("Meh slow", "Great fun film Loved it again"));
        assertRow(m, 0, concat[0]);
        assertRow(m, 2, concat[1]);
        assertThat(data.resolve("text_feat.manifest.json")).content().contains("\"aggregate\" : \"concat\"");

        TextFeatures.run(aggregating(c, data, FeaturePolicy.Aggregate.FIRST), sink(new ByteArrayOutputStream()));
        FeatureMatrix first = NpyReader.read(data.resolve("text_feat.npy"));
        assertRow(first, 0, concat[0]);
        assertRow(first, 2, encoder.embed(List.of("Great fun film"))[0]);
    }

    @Test
    void meanFillUsesTheMeanOfThePresentRows() throws Exception {
        Path data = dataset();
        TextFeatures.run(options(catalog(CATALOG), data, FeaturePolicy.Fill.MEAN, FeaturePolicy.Unknown.WARN,
                FeaturePolicy.Missing.FILL), sink(new ByteArrayOutputStream()));
        FeatureMatrix m = NpyReader.read(data.resolve("text_feat.npy"));
        float[] mean = new float[384];
        for (int d = 0; d < 384; d++) mean[d] = (m.get(0, d) + m.get(2, d)) / 2;
        assertRow(m, 1, mean);
        assertRow(m, 3, mean);
        assertThat(data.resolve("text_feat.manifest.json")).content().contains("\"fill\" : \"mean\"");
    }

    @Test
    void aMissingFieldIsAnErrorListingTheColumns() throws Exception {
        Path data = dataset();
        Path c = catalog(CATALOG);
        assertThatThrownBy(() -> TextFeatures.run(new TextFeatures.Options(c, data, data, List.of("title", "brand"), "movie_id",
                FeaturePolicy.Fill.ZERO, FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL, 2, 1, 1), sink(new ByteArrayOutputStream())))
                .isInstanceOf(DataException.class).hasMessageContaining("no column 'brand'")
                .hasMessageContaining("[movie_id, title, genres]").hasMessageContaining("--fields");
        assertNoOutputs(data);
    }

    @Test
    void unknownItemsAreErrorsWhenAskedFor() throws Exception {
        Path data = dataset();
        assertThatThrownBy(() -> TextFeatures.run(options(catalog(CATALOG), data, FeaturePolicy.Fill.ZERO,
                FeaturePolicy.Unknown.ERROR, FeaturePolicy.Missing.FILL), sink(new ByteArrayOutputStream())))
                .isInstanceOf(DataException.class).hasMessageContaining("items.tsv line 4")
                .hasMessageContaining("'99' is not in the dataset");
        assertNoOutputs(data);
    }

    @Test
    void itemsWithoutTextAreErrorsWhenAskedForAndNoTextAtAllAlwaysIs() throws Exception {
        Path data = dataset();
        assertThatThrownBy(() -> TextFeatures.run(options(catalog(CATALOG), data, FeaturePolicy.Fill.ZERO,
                FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.ERROR), sink(new ByteArrayOutputStream())))
                .isInstanceOf(DataException.class).hasMessageContaining("2 of 4 dataset items have no text")
                .hasMessageContaining("20, 40");
        Path empty = catalog("movie_id\ttitle\tgenres\n10\t\t\n20\t  \t \n");
        assertThatThrownBy(() -> TextFeatures.run(options(empty, data, FeaturePolicy.Fill.ZERO,
                FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL), sink(new ByteArrayOutputStream())))
                .isInstanceOf(DataException.class).hasMessageContaining("no dataset item has text");
        assertNoOutputs(data);
    }

    @Test
    void aReadOnlyDatasetFolderIsRefusedBeforeAnyWork() throws Exception {
        Path data = dataset();
        var mode = java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x");
        Files.setPosixFilePermissions(data, mode);
        try {
            assertThatThrownBy(() -> TextFeatures.run(options(catalog(CATALOG), data, FeaturePolicy.Fill.ZERO,
                    FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL), sink(new ByteArrayOutputStream())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not writable").hasMessageContaining("--out");
        } finally {
            Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertNoOutputs(data);
    }

    @Test
    void aDatasetWithoutAnIdMapIsAnError() throws Exception {
        Path data = tmp.resolve("bare");
        Files.createDirectories(data);
        assertThatThrownBy(() -> TextFeatures.run(options(catalog(CATALOG), data, FeaturePolicy.Fill.ZERO,
                FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL), sink(new ByteArrayOutputStream())))
                .isInstanceOf(DataException.class).hasMessageContaining("i_id_mapping.csv");
    }

    static void assertNoOutputs(Path data) throws Exception {
        try (var s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("i_id_mapping.csv");
        }
    }

    static void assertRow(FeatureMatrix m, int row, float[] expected) {
        for (int d = 0; d < expected.length; d++) {
            assertThat(m.get(row, d)).as("row %d dim %d", row, d).isCloseTo(expected[d], within(1e-5f));
        }
    }
}
