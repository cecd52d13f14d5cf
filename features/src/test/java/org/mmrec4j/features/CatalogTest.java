package org.mmrec4j.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.io.Catalog;
import org.mmrec4j.data.io.ItemText;

/** Catalog formats and MMRec's text construction. */
class CatalogTest {
    @TempDir
    Path tmp;

    @Test
    void amazonPythonLiteralLinesKeepListsAndTheFirstCategoryPathIsUsed() throws Exception {
        Path f = tmp.resolve("meta.json");
        Files.writeString(f, "{'asin': 'X1', 'title': \"Girls' Tutu\", 'categories': [['Clothing', 'Girls'], ['Toys']], "
                + "'description': 'Soft\\nand pink'}\n\n{'asin': 'X2', 'brand': 'Acme'}\n");
        Catalog c = Catalog.read(f, "asin");
        assertThat(c.records()).extracting(Catalog.Record::id).containsExactly("X1", "X2");
        assertThat(c.records().get(1).line()).isEqualTo(3);
        List<String> fields = TextFeatures.DEFAULT_FIELDS;
        assertThat(ItemText.build(c.records().get(0).fields(), fields)).isEqualTo("Girls' Tutu   Clothing Girls Soft and pink");
        // missing fields become single spaces, as in the notebook
        assertThat(ItemText.build(c.records().get(1).fields(), fields)).isEqualTo("  Acme    ");
        assertThat(c.fieldNames()).contains("asin", "title", "brand", "categories", "description");
    }

    @Test
    void aFilterKeepsOnlyDatasetItemsAndCountsTheRest() throws Exception {
        Path f = tmp.resolve("big.tsv");
        Files.writeString(f, "id\ttitle\n1\ta\n2\tb\n3\tc\n4\td\n");
        Catalog c = Catalog.read(f, "id", id -> id.equals("2") || id.equals("4"));
        assertThat(c.records()).extracting(Catalog.Record::id).containsExactly("2", "4");
        assertThat(c.skippedCount()).isEqualTo(2);
        assertThat(c.skippedExamples()).extracting(Catalog.Record::id, Catalog.Record::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("1", 2L), org.assertj.core.groups.Tuple.tuple("3", 4L));
    }

    @Test
    void recboleTypedHeadersAreReadByTheirPlainNames() throws Exception {
        Path f = tmp.resolve("ml-100k.item");
        Files.writeString(f, "item_id:token\tmovie_title:token_seq\tclass:token_seq\n1\tToy Story\tAnimation Comedy\n");
        Catalog c = Catalog.read(f, "item_id");
        assertThat(c.fieldNames()).containsExactly("item_id", "movie_title", "class");
        assertThat(ItemText.build(c.records().get(0).fields(), List.of("movie_title", "class"))).isEqualTo("Toy Story Animation Comedy");
        // a header where only some names hold a colon is not RecBole's: kept as written
        Path mixed = tmp.resolve("mixed.tsv");
        Files.writeString(mixed, "id\ttime:utc\n1\t5\n");
        assertThat(Catalog.read(mixed, "id").fieldNames()).containsExactly("id", "time:utc");
    }

    @Test
    void repeatedIdsAreAnErrorUnlessAllowedAndThenKeptInFileOrder() throws Exception {
        Path f = tmp.resolve("reviews.json");
        Files.writeString(f, "{\"asin\": \"B\", \"reviewText\": \"one\"}\n{\"asin\": \"A\", \"reviewText\": \"x\"}\n"
                + "{\"asin\": \"B\", \"reviewText\": \"two\"}\n");
        assertThatThrownBy(() -> Catalog.read(f, "asin")).isInstanceOf(DataException.class)
                .hasMessageContaining("line 3").hasMessageContaining("'B' already appeared on line 1").hasMessageContaining("--aggregate");
        Catalog c = Catalog.read(f, "asin", id -> true, false);
        assertThat(c.records()).extracting(Catalog.Record::id, Catalog.Record::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("B", 1L), org.assertj.core.groups.Tuple.tuple("A", 2L),
                org.assertj.core.groups.Tuple.tuple("B", 3L));
    }

    @Test
    void gzippedJsonLinesAreReadTransparently() throws Exception {
        Path f = tmp.resolve("meta.json.gz");
        try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(f))) {
            out.write("{\"asin\": \"G1\", \"title\": \"Zipped\"}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Catalog c = Catalog.read(f, "asin");
        assertThat(c.records()).singleElement().satisfies(r -> assertThat(r.fields().get("title")).isEqualTo("Zipped"));
    }

    @Test
    void csvWithQuotedMultiLineFieldsAndListLiterals() throws Exception {
        Path f = tmp.resolve("items.csv");
        Files.writeString(f, "asin,title,categories\nA,\"Big, \"\"red\"\"\nball\",\"[['Toys', 'Balls']]\"\nB,[Blu-ray] Film,\n");
        Catalog c = Catalog.read(f, "asin");
        assertThat(c.records()).hasSize(2);
        assertThat(c.records().get(1).line()).isEqualTo(4);
        Map<String, Object> a = c.records().get(0).fields();
        assertThat(a.get("categories")).isEqualTo(List.of(List.of("Toys", "Balls")));
        assertThat(ItemText.build(a, List.of("title", "categories"))).isEqualTo("Big, \"red\" ball Toys Balls");
        assertThat(ItemText.build(c.records().get(1).fields(), List.of("title"))).isEqualTo("[Blu-ray] Film");
    }

    @Test
    void badCatalogsNameFileLineAndFix() throws Exception {
        Path tsv = tmp.resolve("a.tsv");
        Files.writeString(tsv, "movie_id\ttitle\n1\tToy Story\n2\tGoldenEye\textra\n");
        assertThatThrownBy(() -> Catalog.read(tsv, "movie_id")).isInstanceOf(DataException.class)
                .hasMessageContaining("a.tsv line 3").hasMessageContaining("expected 2 fields, found 3");
        assertThatThrownBy(() -> Catalog.read(tsv, "asin")).isInstanceOf(DataException.class)
                .hasMessageContaining("no id column 'asin'").hasMessageContaining("--id-field");
        Path dup = tmp.resolve("d.tsv");
        Files.writeString(dup, "id\ttitle\n1\tx\n1\ty\n");
        assertThatThrownBy(() -> Catalog.read(dup, "id")).hasMessageContaining("line 3").hasMessageContaining("already appeared on line 2");
        Path json = tmp.resolve("b.jsonl");
        Files.writeString(json, "{\"asin\": \"A\"}\n{\"asin\": \"B\", oops}\n");
        assertThatThrownBy(() -> Catalog.read(json, "asin")).isInstanceOf(DataException.class)
                .hasMessageContaining("b.jsonl line 2").hasMessageContaining("not a JSON object");
        Path quote = tmp.resolve("q.csv");
        Files.writeString(quote, "id,title\n1,\"never closed\n");
        assertThatThrownBy(() -> Catalog.read(quote, "id")).hasMessageContaining("line 2").hasMessageContaining("never closed");
        assertThatThrownBy(() -> Catalog.read(tmp.resolve("none.csv"), "id")).hasMessageContaining("does not exist");
    }
}
