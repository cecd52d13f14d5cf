package org.mmrec4j.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartTest {
    @TempDir Path dir;

    @Test
    void lineChartWritesReadablePngAndSvg() throws Exception {
        List<Path> files = Chart.line("Validation Recall@20", "epoch", "Recall@20")
                .series("BM3", new double[] {1, 2, 3}, new double[] {0.01, 0.03, 0.04})
                .series("FREEDOM", new double[] {1, 2, 3}, new double[] {0.02, 0.05, 0.06})
                .save(dir.resolve("valid_recall"));
        assertThat(files).containsExactly(dir.resolve("valid_recall.png"), dir.resolve("valid_recall.svg"));
        BufferedImage png = ImageIO.read(files.get(0).toFile());
        assertThat(png.getWidth()).isEqualTo(900);
        assertThat(png.getHeight()).isEqualTo(540);
        String svg = Files.readString(files.get(1));
        // VectorGraphics2D draws text as outlines, so the SVG holds shapes, not strings.
        assertThat(svg).startsWith("<?xml").contains("<svg").contains("<path").endsWith("</svg>\n");
        try (var left = Files.list(dir)) {
            assertThat(left.filter(p -> p.toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void metricTickLabelsKeepTheLeadingZero() {
        Chart metric = Chart.line("Recall", "noise ratio", "Recall@20")
                .series("BM3", new double[] {0, 0.1}, new double[] {0.0802, 0.0663});
        var styler = ((org.knowm.xchart.XYChart) metric.build()).getStyler();
        assertThat(new java.text.DecimalFormat(styler.getYAxisDecimalPattern()).format(0.05)).isEqualTo("0.05");
        assertThat(new java.text.DecimalFormat(styler.getYAxisDecimalPattern()).format(0.0645)).isEqualTo("0.0645");
        Chart bars = Chart.bars("Seconds", "model", "s", List.of("A")).bars("x", new double[] {0.5});
        assertThat(((org.knowm.xchart.CategoryChart) bars.build()).getStyler().getYAxisDecimalPattern())
                .isEqualTo("0.0###");
        Chart counts = Chart.line("Edges", "epoch", "edges").series("E", new double[] {1}, new double[] {50000});
        assertThat(((org.knowm.xchart.XYChart) counts.build()).getStyler().getYAxisDecimalPattern()).isNull();
        Chart log = Chart.line("Loss", "epoch", "loss").series("L", new double[] {1}, new double[] {0.5}).logY(true);
        assertThat(((org.knowm.xchart.XYChart) log.build()).getStyler().getYAxisDecimalPattern()).isNull();
    }

    @Test
    void barsWithErrorBarsAndLogLines() throws Exception {
        Path png = Chart.bars("Seconds per epoch", "model", "s/epoch", List.of("BPR", "LightGCN", "BM3"))
                .bars("mmrec4j", new double[] {0.3, 0.4, 0.8}, new double[] {0.01, 0.02, 0.05})
                .bars("reference", new double[] {0.4, 1.3, 3.6})
                .save(dir.resolve("time")).get(0);
        assertThat(ImageIO.read(png.toFile())).isNotNull();
        Path log = Chart.line("Training loss", "epoch", "loss").series("BM3", new double[] {1, 2, 3},
                new double[] {10, 0, 0.1}).logY(true).save(dir.resolve("loss")).get(0);
        assertThat(ImageIO.read(log.toFile())).isNotNull();
    }

    @Test
    void histogramOverPowersOfTwo() {
        Bins b = Bins.of(new double[] {1, 1, 2, 3, 4, 9, 17}, 10, true);
        assertThat(b.labels()).containsExactly("1", "2-3", "4-7", "8-15", "16-31");
        assertThat(b.counts()).containsExactly(2, 2, 1, 1, 1);
        Bins eq = Bins.of(new double[] {0, 1, 2, 3}, 2, false);
        assertThat(eq.counts()).containsExactly(2, 2);
        assertThat(Chart.histogram("User degree", "interactions", new double[] {1, 5, 5, 40}, 0, true)
                .save(dir.resolve("deg"))).allMatch(Files::exists);
    }

    @Test
    void mismatchedInputsAreRejectedWithTheSeriesName() {
        assertThatThrownBy(() -> Chart.line("t", "x", "y").series("A", new double[] {1}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("series A");
        assertThatThrownBy(() -> Chart.bars("t", "x", "y", List.of("a", "b")).bars("B", new double[] {1}))
                .hasMessageContaining("bars B");
        assertThatThrownBy(() -> Chart.line("empty", "x", "y").save(dir.resolve("e")))
                .hasMessageContaining("no series");
    }
}
