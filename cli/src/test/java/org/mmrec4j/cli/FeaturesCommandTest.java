package org.mmrec4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mmrec4j features ...}: output files on success, one-line errors and no files on bad input. */
class FeaturesCommandTest {
    @TempDir
    Path tmp;

    Path dataset() throws Exception {
        Path d = tmp.resolve("data");
        Files.createDirectories(d);
        Files.writeString(d.resolve("i_id_mapping.csv"), "asin\titemID\nA\t0\nB\t1\n");
        Files.writeString(tmp.resolve("meta.json"), "{'asin': 'B', 'title': 'Red ball', 'categories': [['Toys']]}\n"
                + "{'asin': 'A', 'title': 'Blue blanket', 'description': 'Soft.'}\n");
        return d;
    }

    @Test
    void textWritesFeaturesMaskAndManifestIntoTheOutFolder() throws Exception {
        Path data = dataset();
        Path out = tmp.resolve("out");
        CliTest.Result r = CliTest.run("features", "text", "--catalog", tmp.resolve("meta.json").toString(), "--data", data.toString(),
                "--out", out.toString(), "--fields", "title,categories,description", "--fill", "MEAN", "--threads", "2", "--batch", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 items, 2 with text, 0 filled", "texts/s");
        assertThat(out.resolve("text_feat.npy")).exists().hasSize(128 + 2 * 384 * 4);
        assertThat(out.resolve("text_feat.mask.npy")).exists();
        assertThat(out.resolve("text_feat.manifest.json")).content().contains("\"fill\" : \"mean\"");
        assertThat(r.err()).doesNotContain("SLF4J");
    }

    @Test
    void badInputPrintsOneLineExitsTwoAndWritesNothing() throws Exception {
        Path data = dataset();
        CliTest.Result r = CliTest.run("features", "text", "--catalog", tmp.resolve("meta.json").toString(), "--data", data.toString(),
                "--fields", "title,colour");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: ").contains("meta.json", "no record has a field 'colour'").doesNotContain("\n\tat ");
        r = CliTest.run("features", "text", "--catalog", tmp.resolve("meta.json").toString(), "--data", data.toString(), "--fill", "median");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--fill must be one of [zero, mean], got 'median'");

        Files.write(tmp.resolve("broken.onnx"), new byte[] {8, 7, 18, 3, 'x'});
        Files.createDirectories(tmp.resolve("img"));
        r = CliTest.run("features", "image", "--onnx", tmp.resolve("broken.onnx").toString(), "--urls-file",
                tmp.resolve("list.tsv").toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("list.tsv does not exist");
        Files.writeString(tmp.resolve("list.tsv"), "item\tpath\nA\timg/a.png\n");
        r = CliTest.run("features", "image", "--onnx", tmp.resolve("broken.onnx").toString(), "--urls-file",
                tmp.resolve("list.tsv").toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("broken.onnx is not a loadable ONNX model");
        try (var s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("i_id_mapping.csv");
        }
    }

    /** No package ships an image network, so the error for a missing model must say how to make one and what it gets. */
    @Test
    void imageWithoutAModelSaysHowToExportOneAndWhatInputItGets() throws Exception {
        Path data = dataset();
        Files.createDirectories(tmp.resolve("img"));
        CliTest.Result r = CliTest.run("features", "image", "--images", tmp.resolve("img").toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("error: features image needs --onnx MODEL.onnx: no image model ships")
                .contains("torch.onnx.export(m, torch.zeros(1, 3, 224, 224)", "m.fc = torch.nn.Identity()",
                        "0.485,0.456,0.406", "0.229,0.224,0.225", "--layout NHWC")
                .doesNotContain("\n");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(4, 4, java.awt.image.BufferedImage.TYPE_INT_RGB), "png",
                tmp.resolve("img/A.png").toFile());
        r = CliTest.run("features", "image", "--onnx", tmp.resolve("resnet50.onnx").toString(), "--images",
                tmp.resolve("img").toString(), "--data", data.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("resnet50.onnx does not exist", "torch.onnx.export");
        try (var s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("i_id_mapping.csv");
        }
    }

    @Test
    void reviewFilesNeedAggregateToCombineAnItemsRows() throws Exception {
        Path data = dataset();
        Path reviews = tmp.resolve("reviews.json");
        Files.writeString(reviews, "{\"asin\": \"A\", \"reviewText\": \"Warm\", \"summary\": \"Nice\"}\n"
                + "{\"asin\": \"B\", \"reviewText\": \"Bounces\"}\n{\"asin\": \"A\", \"reviewText\": \"Soft too\"}\n");
        CliTest.Result r = CliTest.run("features", "text", "--catalog", reviews.toString(), "--data", data.toString(),
                "--fields", "reviewText,summary");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("line 3", "'A' already appeared on line 1", "--aggregate concat|first");
        r = CliTest.run("features", "text", "--catalog", reviews.toString(), "--data", data.toString(), "--fields", "reviewText,summary",
                "--aggregate", "sum");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--aggregate must be one of [error, concat, first], got 'sum'");
        try (var s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("i_id_mapping.csv");
        }
        r = CliTest.run("features", "text", "--catalog", reviews.toString(), "--data", data.toString(), "--fields", "reviewText,summary",
                "--aggregate", "concat", "--threads", "1");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("2 items, 2 with text, 0 filled");
        assertThat(data.resolve("text_feat.manifest.json")).content().contains("\"aggregate\" : \"concat\"");
    }
}
