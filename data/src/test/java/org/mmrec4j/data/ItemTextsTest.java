package org.mmrec4j.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItemTextsTest {
    @TempDir
    Path tmp;

    @Test
    void writtenTextsReadBackByRawIdIncludingTabsQuotesAndNewlines() {
        IdMap ids = IdMap.of(List.of("B00X", "item 1,x", "z"));
        ItemTexts.write(tmp, new String[] {"B00X", "item 1,x", "z"}, new String[] {"Tab\there", "\"Quoted\" title", null},
                new String[] {"two\nlines", null, "unused"});
        ItemTexts t = ItemTexts.load(tmp, 3, ids);
        assertThat(t.title(0)).isEqualTo("Tab\there");
        assertThat(t.description(0)).isEqualTo("two lines"); // ItemText makes every text one line
        assertThat(t.title(1)).isEqualTo("\"Quoted\" title");
        assertThat(t.description(1)).isNull();
        assertThat(t.title(2)).isNull();
        assertThat(t.source()).isEqualTo("item_text.tsv (2 of 3 items)");
    }

    @Test
    void withoutAMappingIdsAreIndexesAndTheDescriptionColumnIsOptional() throws Exception {
        Files.writeString(tmp.resolve(ItemTexts.FILE), "item_id\ttitle\n1\tRed ball\n0\tBlue cup\n");
        ItemTexts t = ItemTexts.load(tmp, 2, null);
        assertThat(t.title(0)).isEqualTo("Blue cup");
        assertThat(t.title(1)).isEqualTo("Red ball");
        assertThat(t.description(1)).isNull();
    }

    @Test
    void longDescriptionsAreCut() throws Exception {
        Files.writeString(tmp.resolve(ItemTexts.FILE), "item_id\ttitle\tdescription\n0\tt\t" + "x".repeat(1000) + "\n");
        String d = ItemTexts.load(tmp, 1, null).description(0);
        assertThat(d).hasSize(ItemTexts.MAX_DESCRIPTION).endsWith("…");
    }

    @Test
    void noSourceMeansNoTexts() {
        ItemTexts t = ItemTexts.load(tmp, 4, null);
        assertThat(t.source()).isNull();
        assertThat(t.title(3)).isNull();
    }

    @Test
    void unknownIdsRepeatedIdsAndAMissingTitleColumnNameTheLine() throws Exception {
        Path f = tmp.resolve(ItemTexts.FILE);
        Files.writeString(f, "item_id\ttitle\n0\ta\n7\tb\n");
        assertThatThrownBy(() -> ItemTexts.load(tmp, 2, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f + " line 3").hasMessageContaining("item '7' is not in the dataset");
        Files.writeString(f, "item_id\ttitle\n0\ta\n1\tb\n0\tc\n");
        assertThatThrownBy(() -> ItemTexts.load(tmp, 2, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f + " line 4").hasMessageContaining("already has a row on line 2");
        Files.writeString(f, "item_id\tname\n0\ta\n");
        assertThatThrownBy(() -> ItemTexts.load(tmp, 2, null)).isInstanceOf(DataException.class)
                .hasMessageContaining(f + " line 1").hasMessageContaining("no column 'title'");
    }

    @Test
    void theCatalogOfFeaturesTextGivesTitleAndDescriptionWhenThereIsNoTable() throws Exception {
        Path catalog = tmp.resolve("meta.jsonl");
        Files.writeString(catalog, "{\"asin\": \"A\", \"title\": \"Tutu\", \"brand\": \"Acme\", \"categories\": [[\"Girls\", \"Dress\"]]}\n"
                + "{\"asin\": \"NOT-IN-DATA\", \"title\": \"x\"}\n");
        Path data = Files.createDirectory(tmp.resolve("data"));
        Files.writeString(data.resolve("text_feat.manifest.json"), "{\"catalog\": \"" + catalog.toString().replace("\\", "\\\\")
                + "\", \"id_field\": \"asin\", \"text_fields\": [\"title\", \"brand\", \"categories\"]}");
        ItemTexts t = ItemTexts.load(data, 2, IdMap.of(List.of("B", "A")));
        assertThat(t.title(1)).isEqualTo("Tutu");
        assertThat(t.description(1)).isEqualTo("Acme Girls Dress");
        assertThat(t.title(0)).isNull();
        assertThat(t.source()).contains("meta.jsonl").contains("1 of 2 items");
        Files.delete(catalog);
        assertThat(ItemTexts.load(data, 2, IdMap.of(List.of("B", "A"))).source()).isNull();
    }
}
