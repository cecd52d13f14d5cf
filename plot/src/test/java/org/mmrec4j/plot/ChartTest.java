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
        Chart log = Chart.line("Loss", "epoch", "loss").series("L", new double[] {1, 2}, new double[] {50, 0.5}).logYWhenSpread();
        assertThat(((org.knowm.xchart.XYChart) log.build()).getStyler().getYAxisDecimalPattern()).isNull();
    }

    @Test
    void seriesOfOneGroupShareItsColourAndPatternAndTheLegendNamesTheGroupOnce() {
        double[] x = {1, 2, 3};
        Chart c = Chart.line("Loss", "epoch", "loss").markers(false)
                .series("BPR", "BPR s1", x, new double[] {3, 2, 1})
                .series("LightGCN", "LightGCN s1", x, new double[] {3, 2.5, 2})
                .series("BPR", "BPR s2", x, new double[] {3.1, 2.1, 1.1})
                .series("LightGCN", "LightGCN s2", x, new double[] {3, 2.4, 2.1});
        assertThat(c.groups()).containsExactly("BPR", "LightGCN");
        assertThat(c.color("BPR")).isNotEqualTo(c.color("LightGCN"));
        var built = (org.knowm.xchart.XYChart) c.build();
        for (String group : c.groups()) {
            var seeds = List.of(built.getSeries(group + " s1"), built.getSeries(group + " s2"));
            assertThat(seeds).allSatisfy(s -> {
                assertThat(s.getLineColor()).isEqualTo(c.color(group));
                assertThat(s.getLabel()).isEqualTo(group);
                assertThat(s.getLineStyle().getLineWidth()).isLessThan(1.5f); // several runs of a group: thin lines
            });
            assertThat(seeds.get(0).getLineStyle()).isEqualTo(seeds.get(1).getLineStyle());
            assertThat(seeds).extracting(s -> s.isShowInLegend()).containsExactly(true, false);
        }
        assertThat(built.getSeries("BPR s1").getLineStyle().getDashArray()).isNull();
        assertThat(built.getSeries("LightGCN s1").getLineStyle().getDashArray()).isNotNull();
        assertThatThrownBy(() -> c.series("BPR", "BPR s1", x, x)).hasMessageContaining("series BPR s1 is already");
    }

    @Test
    void overlappingVariantsGetDistinctMarkersAndDashes() {
        double[] x = {0, 0.1, 0.2};
        Chart c = Chart.line("Noise", "noise ratio", "Recall@20");
        for (String v : List.of("BM3", "BM3+T-CE", "BM3+R-CE")) c.series(v, x, new double[] {0.08, 0.07, 0.06});
        var built = ((org.knowm.xchart.XYChart) c.build()).getSeriesCollection();
        assertThat(built).extracting(s -> s.getMarker().getClass()).doesNotHaveDuplicates();
        assertThat(built).extracting(s -> java.util.Arrays.toString(s.getLineStyle().getDashArray())).doesNotHaveDuplicates();
        assertThat(built).extracting(s -> s.getLineColor()).doesNotHaveDuplicates();
        assertThat(built).allSatisfy(s -> assertThat(s.getLineStyle().getLineWidth()).isGreaterThan(2f));
    }

    @Test
    void theLossAxisTurnsLogarithmicOnlyWhenTheCurvesSpanMoreThanTenfold() {
        double[] x = {0, 1, 2};
        Chart close = Chart.line("Loss", "epoch", "loss").logYWhenSpread()
                .series("BPR", x, new double[] {7.6, 6.0, 4.0}).series("LightGCN", x, new double[] {7.6, 2.5, 0.8});
        assertThat(close.usesLogY()).isFalse(); // 7.6 / 0.8 = 9.5x
        assertThat(((org.knowm.xchart.XYChart) close.build()).getYAxisTitle()).isEqualTo("loss");
        Chart far = Chart.line("Loss", "epoch", "loss").logYWhenSpread()
                .series("FREEDOM", x, new double[] {900, 500, 300}).series("LightGCN", x, new double[] {7.6, 2.5, 0.8});
        assertThat(far.usesLogY()).isTrue();
        var built = (org.knowm.xchart.XYChart) far.build();
        assertThat(built.getStyler().isYAxisLogarithmic()).isTrue();
        assertThat(built.getYAxisTitle()).isEqualTo("loss (log scale)");
        assertThat(Chart.line("Loss", "epoch", "loss").series("FREEDOM", x, new double[] {900, 5, 3}).usesLogY())
                .as("only when asked for").isFalse();
    }

    @Test
    void wholeNumberAxesAreLabelledWithoutDecimals() {
        var hist = (org.knowm.xchart.CategoryChart) Chart.histogram("User degree", "interactions",
                new double[] {1, 5, 5, 40}, 0, true).build();
        var yLabels = hist.getStyler().getYAxisTickLabelsFormattingFunction();
        assertThat(yLabels.apply(2.0)).isEqualTo("2");
        assertThat(yLabels.apply(1200.0)).isEqualTo("1,200");
        assertThat(yLabels.apply(0.5)).isEmpty(); // a tick between two counts gets no label
        var curve = (org.knowm.xchart.XYChart) Chart.line("Recall", "epoch", "Recall@20")
                .series("BPR", new double[] {0, 5, 10}, new double[] {0.1, 0.2, 0.25}).build();
        assertThat(curve.getStyler().getXAxisTickLabelsFormattingFunction().apply(5.0)).isEqualTo("5");
        assertThat(curve.getStyler().getYAxisTickLabelsFormattingFunction()).isNull();
        var ratios = (org.knowm.xchart.XYChart) Chart.line("Noise", "noise ratio", "Recall@20")
                .series("BM3", new double[] {0, 0.1}, new double[] {0.08, 0.07}).build();
        assertThat(ratios.getStyler().getXAxisTickLabelsFormattingFunction()).isNull();
    }

    @Test
    void barsWithErrorBarsAndLogLines() throws Exception {
        Path png = Chart.bars("Seconds per epoch", "model", "s/epoch", List.of("BPR", "LightGCN", "BM3"))
                .bars("mmrec4j", new double[] {0.3, 0.4, 0.8}, new double[] {0.01, 0.02, 0.05})
                .bars("reference", new double[] {0.4, 1.3, 3.6})
                .save(dir.resolve("time")).get(0);
        assertThat(ImageIO.read(png.toFile())).isNotNull();
        Path log = Chart.line("Training loss", "epoch", "loss").series("BM3", new double[] {1, 2, 3},
                new double[] {10, 0, 0.1}).logYWhenSpread().save(dir.resolve("loss")).get(0);
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
