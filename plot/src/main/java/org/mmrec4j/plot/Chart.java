package org.mmrec4j.plot;

import java.awt.Color;
import java.awt.Font;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * A chart described by its title, axis labels and series, written as PNG and SVG side by side.
 * Three kinds cover every plot mmrec4j draws: lines (curves per epoch or per K), grouped bars
 * (time per epoch, metrics per model) and histograms (degree distributions, drawn as bars over bins).
 *
 * <pre>{@code
 * Chart.line("Validation Recall@20", "epoch", "Recall@20").series("BM3", epochs, recall).save(dir.resolve("valid_recall"));
 * }</pre>
 */
public final class Chart {
    static {
        // No display on servers and in CI; xchart renders into images only.
        System.setProperty("java.awt.headless", "true");
    }

    private enum Kind { LINE, BARS }

    /** One named series: y over x for lines; one value per category for bars ({@code x} unused). */
    public record Series(String name, double[] x, double[] y, double[] errors) {}

    private final Kind kind;
    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private List<String> categories = List.of();
    private boolean logY, markers = true;
    private int width = 900, height = 540;

    private Chart(Kind kind, String title, String xLabel, String yLabel) {
        this.kind = kind;
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /** Curves, one per {@link #series(String, double[], double[])}. */
    public static Chart line(String title, String xLabel, String yLabel) {
        return new Chart(Kind.LINE, title, xLabel, yLabel);
    }

    /** Grouped bars: one group per category, one bar per {@link #bars(String, double[])} series. */
    public static Chart bars(String title, String xLabel, String yLabel, List<String> categories) {
        Chart c = new Chart(Kind.BARS, title, xLabel, yLabel);
        c.categories = List.copyOf(categories);
        return c;
    }

    /**
     * A histogram of {@code values} over {@code bins} equal-width bins between the smallest and largest
     * value, or over powers of two when {@code logBins} (degree distributions are heavy-tailed).
     */
    public static Chart histogram(String title, String xLabel, double[] values, int bins, boolean logBins) {
        Bins h = Bins.of(values, bins, logBins);
        Chart c = bars(title, xLabel, "count", h.labels());
        c.series.add(new Series("count", null, h.counts(), null));
        return c;
    }

    public Chart series(String name, double[] x, double[] y) {
        require(kind == Kind.LINE, "series(x, y) is for line charts; use bars(name, values)");
        require(x.length == y.length, "series %s: %d x values but %d y values", name, x.length, y.length);
        series.add(new Series(name, x.clone(), y.clone(), null));
        return this;
    }

    public Chart bars(String name, double[] values) {
        return bars(name, values, null);
    }

    /** A bar series with optional error bars (e.g. the standard deviation over seeds). */
    public Chart bars(String name, double[] values, double[] errors) {
        require(kind == Kind.BARS, "bars(name, values) is for bar charts; use series(name, x, y)");
        require(values.length == categories.size(), "bars %s: %d values for %d categories", name, values.length,
                categories.size());
        require(errors == null || errors.length == values.length, "bars %s: %d errors for %d values", name,
                errors == null ? 0 : errors.length, values.length);
        series.add(new Series(name, null, values.clone(), errors == null ? null : errors.clone()));
        return this;
    }

    /** A logarithmic y axis (loss curves spanning decades); non-positive values are dropped from the plot. */
    public Chart logY(boolean on) {
        require(kind == Kind.LINE, "a logarithmic axis is for line charts; bars grow from zero");
        logY = on;
        return this;
    }

    public Chart markers(boolean on) {
        markers = on;
        return this;
    }

    public Chart size(int width, int height) {
        this.width = width;
        this.height = height;
        return this;
    }

    public List<Series> seriesList() {
        return List.copyOf(series);
    }

    /** Writes {@code base.png} and {@code base.svg} atomically and returns both paths. */
    public List<Path> save(Path base) {
        require(!series.isEmpty(), "chart '%s' has no series to draw", title);
        org.knowm.xchart.internal.chartpart.Chart<?, ?> chart = build();
        Path png = sibling(base, ".png"), svg = sibling(base, ".svg");
        byte[] pngBytes, svgBytes;
        try {
            pngBytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            svgBytes = out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot render chart '" + title + "'", e);
        }
        AtomicFiles.write(png, o -> o.write(pngBytes));
        AtomicFiles.write(svg, o -> o.write(svgBytes));
        return List.of(png, svg);
    }

    /**
     * The y tick label pattern: xchart's default drops the leading zero (".05"), which reads badly for
     * metrics in [0, 1]; large values keep xchart's default (no forced decimals).
     */
    String yAxisDecimalPattern() {
        double max = 0;
        for (Series s : series) {
            for (double v : s.y()) if (Double.isFinite(v)) max = Math.max(max, Math.abs(v));
        }
        return max < 1000 ? "0.0###" : null;
    }

    org.knowm.xchart.internal.chartpart.Chart<?, ?> build() {
        return kind == Kind.LINE ? buildLine() : buildBars();
    }

    private XYChart buildLine() {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(c.getStyler());
        c.getStyler().setYAxisLogarithmic(logY);
        if (!logY) c.getStyler().setYAxisDecimalPattern(yAxisDecimalPattern());
        c.getStyler().setMarkerSize(markers ? 5 : 0);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        for (Series s : series) {
            double[][] xy = logY ? positiveOnly(s.x(), s.y()) : new double[][] {s.x(), s.y()};
            XYSeries added = c.addSeries(s.name(), xy[0], xy[1]);
            if (!markers) added.setMarker(SeriesMarkers.NONE);
        }
        return c;
    }

    private CategoryChart buildBars() {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(series.size() > 1);
        c.getStyler().setOverlapped(false);
        c.getStyler().setYAxisDecimalPattern(yAxisDecimalPattern());
        if (categories.size() > 8) c.getStyler().setXAxisLabelRotation(45);
        for (Series s : series) {
            List<Double> ys = new ArrayList<>();
            for (double v : s.y()) ys.add(v);
            if (s.errors() != null) {
                List<Double> es = new ArrayList<>();
                for (double v : s.errors()) es.add(v);
                c.addSeries(s.name(), categories, ys, es);
            } else {
                c.addSeries(s.name(), categories, ys);
            }
        }
        return c;
    }

    private static void style(org.knowm.xchart.style.AxesChartStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        st.setLegendPosition(Styler.LegendPosition.OutsideE);
        st.setLegendBorderColor(Color.WHITE);
        st.setChartPadding(12);
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setAntiAlias(true);
    }

    private static double[][] positiveOnly(double[] x, double[] y) {
        int n = 0;
        for (double v : y) if (v > 0) n++;
        double[] xs = new double[n], ys = new double[n];
        for (int i = 0, j = 0; i < y.length; i++) {
            if (y[i] > 0) {
                xs[j] = x[i];
                ys[j++] = y[i];
            }
        }
        return new double[][] {xs, ys};
    }

    private static Path sibling(Path base, String ext) {
        String name = base.getFileName().toString();
        if (name.endsWith(".png") || name.endsWith(".svg")) name = name.substring(0, name.length() - 4);
        return base.resolveSibling(name + ext);
    }

    private static void require(boolean ok, String fmt, Object... args) {
        if (!ok) throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, fmt, args));
    }
}
