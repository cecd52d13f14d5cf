package org.mmrec4j.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmrec4j.data.DataException;
import org.mmrec4j.data.FeatureMatrix;
import org.mmrec4j.data.io.NpyReader;

/** Image features through hand-made ONNX models whose output is the per-channel mean of the input. */
class ImageFeaturesTest {
    static final float[] ZERO = {0, 0, 0};
    static final float[] ONE = {1, 1, 1};

    @TempDir
    Path tmp;

    Path dataset() throws Exception {
        Path d = tmp.resolve("data");
        Files.createDirectories(d);
        Files.writeString(d.resolve("i_id_mapping.csv"), "asin\titemID\nA\t0\nB\t1\nC\t2\n");
        return d;
    }

    Path model(byte[] bytes) throws Exception {
        Path m = tmp.resolve("model.onnx");
        Files.write(m, bytes);
        return m;
    }

    static void solid(Path file, int w, int h, Color c) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        Files.createDirectories(file.getParent());
        ImageIO.write(img, file.toString().endsWith(".png") ? "png" : "bmp", file.toFile());
    }

    ImageFeatures.Options options(Path onnx, Path images, Path urls, Path data, ImagePreprocessor pre) {
        return new ImageFeatures.Options(onnx, images, urls, data, data, pre, null, FeaturePolicy.Fill.ZERO,
                FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL, false, 2, 2, 1);
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void rowsFollowTheItemIdsOfTheFileNamesAndMissingItemsGetZeros() throws Exception {
        Path data = dataset();
        Path images = tmp.resolve("img");
        solid(images.resolve("C.png"), 10, 10, new Color(255, 0, 0));
        solid(images.resolve("A.png"), 12, 9, new Color(0, 51, 255));
        solid(images.resolve("stray.png"), 5, 5, Color.WHITE); // not a dataset item: skipped with a warning
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        ImageFeatures.Report r = ImageFeatures.run(options(model(TinyOnnx.nchwChannelMeans(-1, 8)), images, null, data,
                new ImagePreprocessor(8, ZERO, ONE, ImagePreprocessor.Layout.NCHW)), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.withImage()).isEqualTo(2);
        assertThat(r.unknownSkipped()).isEqualTo(1);
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("skipped 1 images", "stray");
        FeatureMatrix m = NpyReader.read(data.resolve("image_feat.npy"));
        assertThat(m.rows()).isEqualTo(3);
        assertThat(m.cols()).isEqualTo(3);
        assertRow(m, 0, 0f, 0.2f, 1f);
        assertRow(m, 1, 0f, 0f, 0f);
        assertRow(m, 2, 1f, 0f, 0f);
        FeatureMatrix mask = NpyReader.read(data.resolve("image_feat.mask.npy"));
        assertThat(mask.data()).containsExactly(1f, 0f, 1f);
        assertThat(data.resolve("image_feat.manifest.json")).content().contains("\"items_with_image\" : 2", "model_sha256");
    }

    @Test
    void normalisesWithMeanAndStdAndCropsTheCentreOfWideImages() throws Exception {
        Path data = dataset();
        Path images = tmp.resolve("img");
        // 40x20: black 10-column borders around a white centre; scaling the short side to 8 and cropping the
        // centre keeps only white, where stretching would average in the black borders.
        BufferedImage img = new BufferedImage(40, 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(10, 0, 20, 20);
        g.dispose();
        Files.createDirectories(images);
        ImageIO.write(img, "png", images.resolve("B.png").toFile());
        float[] mean = {0.5f, 0.25f, 0f};
        float[] std = {0.5f, 0.25f, 2f};
        ImageFeatures.run(options(model(TinyOnnx.nchwChannelMeans(-1, 8)), images, null, data,
                new ImagePreprocessor(8, mean, std, ImagePreprocessor.Layout.NCHW)), quiet());
        FeatureMatrix m = NpyReader.read(data.resolve("image_feat.npy"));
        assertRow(m, 1, (1 - 0.5f) / 0.5f, (1 - 0.25f) / 0.25f, 1 / 2f);
    }

    @Test
    void nhwcLayoutAndAFixedBatchOfOneWithAUrlsFile() throws Exception {
        Path data = dataset();
        solid(tmp.resolve("pics/a.bmp"), 6, 6, new Color(0, 255, 0));
        solid(tmp.resolve("pics/b.bmp"), 6, 6, new Color(0, 0, 255));
        Path urls = tmp.resolve("images.tsv");
        Files.writeString(urls, "item\tpath\nA\tpics/a.bmp\nB\t" + tmp.resolve("pics/b.bmp").toUri() + "\n");
        ImageFeatures.run(options(model(TinyOnnx.nhwcChannelMeans(4)), null, urls, data,
                new ImagePreprocessor(4, ZERO, ONE, ImagePreprocessor.Layout.NHWC)), quiet());
        FeatureMatrix m = NpyReader.read(data.resolve("image_feat.npy"));
        assertRow(m, 0, 0, 1, 0);
        assertRow(m, 1, 0, 0, 1);

        Files.delete(data.resolve("image_feat.npy"));
        ImageFeatures.Report r = ImageFeatures.run(options(model(TinyOnnx.nchwChannelMeans(1, 4)), null, urls, data,
                new ImagePreprocessor(4, ZERO, ONE, ImagePreprocessor.Layout.NCHW)), quiet());
        assertThat(r.withImage()).isEqualTo(2);
        m = NpyReader.read(data.resolve("image_feat.npy"));
        assertRow(m, 0, 0, 1, 0);
        assertRow(m, 1, 0, 0, 1);
    }

    @Test
    void meanFillGivesItemsWithoutAnImageTheMeanRow() throws Exception {
        Path data = dataset();
        Path images = tmp.resolve("img");
        solid(images.resolve("A.png"), 4, 4, new Color(255, 0, 0));
        solid(images.resolve("B.png"), 4, 4, new Color(0, 0, 255));
        ImageFeatures.Options o = options(model(TinyOnnx.nchwChannelMeans(-1, 4)), images, null, data,
                new ImagePreprocessor(4, ZERO, ONE, ImagePreprocessor.Layout.NCHW));
        ImageFeatures.run(new ImageFeatures.Options(o.onnx(), o.images(), null, data, data, o.preprocessor(), null,
                FeaturePolicy.Fill.MEAN, FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL, false, 2, 1, 1), quiet());
        assertRow(NpyReader.read(data.resolve("image_feat.npy")), 2, 0.5f, 0, 0.5f);
    }

    @Test
    void anUndecodableImageIsAnErrorNamingTheFileOrAZeroRowWhenSkipped() throws Exception {
        Path data = dataset();
        Path images = tmp.resolve("img");
        solid(images.resolve("A.png"), 4, 4, Color.RED);
        Files.writeString(images.resolve("B.jpg"), "this is not a jpeg");
        Path onnx = model(TinyOnnx.nchwChannelMeans(-1, 4));
        ImagePreprocessor pre = new ImagePreprocessor(4, ZERO, ONE, ImagePreprocessor.Layout.NCHW);
        assertThatThrownBy(() -> ImageFeatures.run(options(onnx, images, null, data, pre), quiet()))
                .isInstanceOf(DataException.class).hasMessageContaining("B.jpg").hasMessageContaining("--skip-bad-images");
        assertNoOutputs(data);

        ImageFeatures.Report r = ImageFeatures.run(new ImageFeatures.Options(onnx, images, null, data, data, pre, null,
                FeaturePolicy.Fill.ZERO, FeaturePolicy.Unknown.WARN, FeaturePolicy.Missing.FILL, true, 2, 1, 1), quiet());
        assertThat(r.badImagesSkipped()).isEqualTo(1);
        FeatureMatrix m = NpyReader.read(data.resolve("image_feat.npy"));
        assertRow(m, 0, 1, 0, 0);
        assertRow(m, 1, 0, 0, 0);
        assertThat(NpyReader.read(data.resolve("image_feat.mask.npy")).data()).containsExactly(1f, 0f, 0f);
        assertThat(data.resolve("image_feat.manifest.json")).content().contains("B.jpg");
    }

    @Test
    void aCorruptOnnxFileIsAClearErrorAndWritesNothing() throws Exception {
        Path data = dataset();
        Path images = tmp.resolve("img");
        solid(images.resolve("A.png"), 4, 4, Color.RED);
        byte[] good = TinyOnnx.nchwChannelMeans(-1, 4);
        Path onnx = model(java.util.Arrays.copyOf(good, good.length / 2));
        ImagePreprocessor pre = new ImagePreprocessor(4, ZERO, ONE, ImagePreprocessor.Layout.NCHW);
        assertThatThrownBy(() -> ImageFeatures.run(options(onnx, images, null, data, pre), quiet()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("model.onnx")
                .hasMessageContaining("not a loadable ONNX model");
        assertNoOutputs(data);
    }

    @Test
    void aSizeThatDoesNotFitTheModelNamesBothShapes() throws Exception {
        Path data = dataset();
        Path images = tmp.resolve("img");
        solid(images.resolve("A.png"), 4, 4, Color.RED);
        Path onnx = model(TinyOnnx.nchwChannelMeans(-1, 4));
        ImagePreprocessor pre = new ImagePreprocessor(8, ZERO, ONE, ImagePreprocessor.Layout.NCHW);
        assertThatThrownBy(() -> ImageFeatures.run(options(onnx, images, null, data, pre), quiet()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--size 8").hasMessageContaining("[-1, 3, 4, 4]");
        assertNoOutputs(data);
    }

    @Test
    void unknownItemsCanBeErrorsAndRemoteUrlsAreRefused() throws Exception {
        Path data = dataset();
        Path images = tmp.resolve("img");
        solid(images.resolve("A.png"), 4, 4, Color.RED);
        solid(images.resolve("Z.png"), 4, 4, Color.RED);
        Path onnx = model(TinyOnnx.nchwChannelMeans(-1, 4));
        ImagePreprocessor pre = new ImagePreprocessor(4, ZERO, ONE, ImagePreprocessor.Layout.NCHW);
        assertThatThrownBy(() -> ImageFeatures.run(new ImageFeatures.Options(onnx, images, null, data, data, pre, null,
                FeaturePolicy.Fill.ZERO, FeaturePolicy.Unknown.ERROR, FeaturePolicy.Missing.FILL, false, 2, 1, 1), quiet()))
                .isInstanceOf(DataException.class).hasMessageContaining("Z.png").hasMessageContaining("'Z' is not in");
        Path urls = tmp.resolve("urls.tsv");
        Files.writeString(urls, "item\turl\nA\thttps://example.org/a.jpg\n");
        assertThatThrownBy(() -> ImageFeatures.run(options(onnx, null, urls, data, pre), quiet()))
                .isInstanceOf(DataException.class).hasMessageContaining("urls.tsv line 2").hasMessageContaining("never downloaded");
        assertNoOutputs(data);
    }

    static void assertNoOutputs(Path data) throws Exception {
        try (var s = Files.list(data)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("i_id_mapping.csv");
        }
    }

    static void assertRow(FeatureMatrix m, int row, float... expected) {
        for (int c = 0; c < expected.length; c++) {
            assertThat(m.get(row, c)).as("row %d col %d", row, c).isCloseTo(expected[c], within(2e-3f));
        }
    }
}
