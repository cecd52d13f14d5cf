package org.mmrec4j.plot;

import java.awt.BasicStroke;
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
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.mmrec4j.engine.io.AtomicFiles;

/**
 * A chart described by its title, axis labels and series, written as PNG and SVG side by side.
 * Three kinds cover every plot mmrec4j draws: lines (curves per epoch or per K), grouped bars
 * (time per epoch, metrics per model) and histograms (degree distributions, drawn as bars over bins).
 *
 * <p>Lines are grouped: every series of a group (e.g. the seeds of one model) shares the group's colour,
 * marker and dash pattern, is drawn thin when the group has several, and the legend names the group once.
 * Groups get distinct colours, markers and dash patterns, so curves that overlap stay apart. An axis whose
 * values are all whole numbers (epochs, K, counts) is labelled without decimals.
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

    /** One named series of a group: y over x for lines; one value per category for bars ({@code x} unused). */
    public record Series(String group, String name, double[] x, double[] y, double[] errors) {}

    /** Group colours, in order of first appearance: Okabe and Ito's colour-blind-safe set, less its yellow and black. */
    static final List<Color> COLORS = List.of(new Color(0, 114, 178), new Color(230, 159, 0), new Color(0, 158, 115),
            new Color(213, 94, 0), new Color(204, 121, 167), new Color(86, 180, 233), new Color(120, 120, 120));
    private static final List<Marker> MARKERS = List.of(SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CROSS, SeriesMarkers.PLUS);
    private static final List<float[]> DASHES = List.of(new float[0], new float[] {9, 4}, new float[] {2, 3},
            new float[] {9, 3, 2, 3}, new float[] {14, 5}, new float[] {5, 2, 5, 6});
    /** A log y axis once the largest plotted value exceeds the smallest positive one by more than this factor. */
    static final double LOG_SPREAD = 10;

    private final Kind kind;
    private final String title, xLabel, yLabel;
    private final List<Series> series = new ArrayList<>();
    private List<String> categories = List.of();
    private boolean logYWhenSpread, markers = true;
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
        c.series.add(new Series("count", "count", null, h.counts(), null));
        return c;
    }

    /** A curve that is its own group. */
    public Chart series(String name, double[] x, double[] y) {
        return series(name, name, x, y);
    }

    /** A curve drawn in {@code group}'s colour and pattern; the legend names the group, not the series. */
    public Chart series(String group, String name, double[] x, double[] y) {
        require(kind == Kind.LINE, "series(x, y) is for line charts; use bars(name, values)");
        require(x.length == y.length, "series %s: %d x values but %d y values", name, x.length, y.length);
        require(series.stream().noneMatch(s -> s.name().equals(name)), "series %s is already on chart '%s'", name, title);
        series.add(new Series(group, name, x.clone(), y.clone(), null));
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
        series.add(new Series(name, name, null, values.clone(), errors == null ? null : errors.clone()));
        return this;
    }

    /**
     * A logarithmic y axis when the plotted values span more than {@link #LOG_SPREAD}x (loss curves of
     * different models), so that no curve is a flat line at the bottom; non-positive values are then dropped
     * from the plot and the y label says "log scale".
     */
    public Chart logYWhenSpread() {
        require(kind == Kind.LINE, "a logarithmic axis is for line charts; bars grow from zero");
        logYWhenSpread = true;
        return this;
    }

    /** Whether the y axis is logarithmic, as decided from the series added so far. */
    public boolean usesLogY() {
        if (!logYWhenSpread) return false;
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (Series s : series) {
            for (double v : s.y()) {
                if (v > 0 && Double.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        return max > LOG_SPREAD * min;
    }

    /** The groups in order of first appearance; a group's index picks its colour, marker and dash pattern. */
    public List<String> groups() {
        return series.stream().map(Series::group).distinct().toList();
    }

    /** The colour of {@code group} (cycling through {@link #COLORS}). */
    public Color color(String group) {
        int g = groups().indexOf(group);
        require(g >= 0, "no group %s on chart '%s'", group, title);
        return COLORS.get(g % COLORS.size());
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

    /** Whether every finite value of the x axis (lines only) or the y axis is a whole number. */
    boolean wholeNumbers(boolean xAxis) {
        boolean any = false;
        for (Series s : series) {
            if (!xAxis && s.errors() != null) return false;
            double[] values = xAxis ? s.x() : s.y();
            if (values == null) return false;
            for (double v : values) {
                if (!Double.isFinite(v)) continue;
                if (v != Math.rint(v)) return false;
                any = true;
            }
        }
        return any;
    }

    /** Labels whole-number ticks as integers ("1,200") and leaves xchart's in-between ticks (2.5) unlabelled. */
    private static String integerTick(double v) {
        if (v != Math.rint(v)) return "";
        return new java.text.DecimalFormat("#,##0", java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)).format(v);
    }

    org.knowm.xchart.internal.chartpart.Chart<?, ?> build() {
        return kind == Kind.LINE ? buildLine() : buildBars();
    }

    private XYChart buildLine() {
        boolean logY = usesLogY();
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(logY ? yLabel + " (log scale)" : yLabel).build();
        style(c.getStyler());
        c.getStyler().setYAxisLogarithmic(logY);
        if (!logY && wholeNumbers(false)) c.getStyler().setYAxisTickLabelsFormattingFunction(Chart::integerTick);
        else if (!logY) c.getStyler().setYAxisDecimalPattern(yAxisDecimalPattern());
        if (wholeNumbers(true)) c.getStyler().setXAxisTickLabelsFormattingFunction(Chart::integerTick);
        c.getStyler().setMarkerSize(markers ? 7 : 0);
        c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        List<String> groups = groups();
        java.util.Set<String> inLegend = new java.util.HashSet<>();
        for (Series s : series) {
            int g = groups.indexOf(s.group());
            boolean several = series.stream().filter(o -> o.group().equals(s.group())).count() > 1;
            double[][] xy = logY ? positiveOnly(s.x(), s.y()) : new double[][] {s.x(), s.y()};
            XYSeries added = c.addSeries(s.name(), xy[0], xy[1]);
            Color color = COLORS.get(g % COLORS.size());
            float lineWidth = several ? 1.2f : 2.2f;
            float[] dash = DASHES.get(g % DASHES.size());
            added.setLineColor(color);
            added.setMarkerColor(color);
            added.setLineStyle(dash.length == 0 ? new BasicStroke(lineWidth)
                    : new BasicStroke(lineWidth, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f));
            added.setMarker(markers ? MARKERS.get(g % MARKERS.size()) : SeriesMarkers.NONE);
            added.setLabel(s.group());
            added.setShowInLegend(inLegend.add(s.group()));
        }
        return c;
    }

    private CategoryChart buildBars() {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xLabel)
                .yAxisTitle(yLabel).build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(series.size() > 1);
        c.getStyler().setOverlapped(false);
        if (wholeNumbers(false)) c.getStyler().setYAxisTickLabelsFormattingFunction(Chart::integerTick);
        else c.getStyler().setYAxisDecimalPattern(yAxisDecimalPattern());
        c.getStyler().setSeriesColors(COLORS.toArray(Color[]::new));
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
