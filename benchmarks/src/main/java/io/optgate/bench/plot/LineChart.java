package io.optgate.bench.plot;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A line chart rendered to PNG with the JDK alone (Java2D, headless), so that the benchmark draws
 * its own figures on any machine: no plotting library, no browser, no network.
 */
public final class LineChart {

    /** One line: its legend label and its points, x ascending. */
    public record Series(String label, double[] x, double[] y) {
        public Series {
            Objects.requireNonNull(label, "label");
            if (x.length != y.length) {
                throw new IllegalArgumentException("x and y differ in length: " + x.length + " vs " + y.length);
            }
        }
    }

    /** Width and height of every chart, in pixels: readable on a 1280-px page. */
    public static final int WIDTH = 960;
    public static final int HEIGHT = 540;
    private static final int LEFT = 90;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 70;
    /** Colour-blind-safe (Okabe–Ito). */
    static final Color[] COLOURS = {
        new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000),
    };

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final boolean logY;
    private final List<Series> series = new ArrayList<>();

    /**
     * @param logY a logarithmic y axis (latencies spanning milliseconds to seconds)
     */
    public LineChart(final String title, final String xLabel, final String yLabel, final boolean logY) {
        this.title = Objects.requireNonNull(title, "title");
        this.xLabel = Objects.requireNonNull(xLabel, "xLabel");
        this.yLabel = Objects.requireNonNull(yLabel, "yLabel");
        this.logY = logY;
    }

    /** Adds a line; lines without points are left out of the drawing but kept in the legend. */
    public LineChart add(final Series line) {
        series.add(Objects.requireNonNull(line, "line"));
        return this;
    }

    /** Renders the chart and writes it as PNG to {@code file} (parent directories created). */
    public void writePng(final Path file) {
        final BufferedImage image = render();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            ImageIO.write(image, "png", file.toFile());
        } catch (final IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    BufferedImage render() {
        System.setProperty("java.awt.headless", "true");
        final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        final Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            final Range xs = Range.of(series, true, false);
            final Range ys = Range.of(series, false, logY);
            drawAxes(g, xs, ys);
            for (int i = 0; i < series.size(); i++) {
                drawLine(g, series.get(i), COLOURS[i % COLOURS.length], xs, ys);
            }
            drawLegend(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void drawAxes(final Graphics2D g, final Range xs, final Range ys) {
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.setColor(Color.BLACK);
        g.drawString(title, LEFT, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        final FontMetrics metrics = g.getFontMetrics();
        final int plotWidth = WIDTH - LEFT - RIGHT;
        final int plotHeight = HEIGHT - TOP - BOTTOM;
        g.setColor(new Color(0xDDDDDD));
        for (final double tick : xs.ticks(false)) {
            final int px = px(tick, xs);
            g.drawLine(px, TOP, px, TOP + plotHeight);
        }
        for (final double tick : ys.ticks(logY)) {
            final int py = py(tick, ys);
            g.drawLine(LEFT, py, LEFT + plotWidth, py);
        }
        g.setColor(Color.BLACK);
        g.drawRect(LEFT, TOP, plotWidth, plotHeight);
        for (final double tick : xs.ticks(false)) {
            final String text = label(tick);
            g.drawString(text, px(tick, xs) - metrics.stringWidth(text) / 2, TOP + plotHeight + 18);
        }
        for (final double tick : ys.ticks(logY)) {
            final String text = label(tick);
            g.drawString(text, LEFT - 8 - metrics.stringWidth(text), py(tick, ys) + 5);
        }
        g.drawString(xLabel, LEFT + plotWidth / 2 - metrics.stringWidth(xLabel) / 2, HEIGHT - 25);
        final Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(TOP + plotHeight / 2) - metrics.stringWidth(yLabel) / 2, 22);
        rotated.dispose();
    }

    private void drawLine(final Graphics2D g, final Series line, final Color colour, final Range xs, final Range ys) {
        final Path2D path = new Path2D.Double();
        boolean started = false;
        for (int i = 0; i < line.x().length; i++) {
            if (logY && line.y()[i] <= 0) {
                continue;
            }
            final int px = px(line.x()[i], xs);
            final int py = py(line.y()[i], ys);
            if (started) {
                path.lineTo(px, py);
            } else {
                path.moveTo(px, py);
                started = true;
            }
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(2.2f));
        g.draw(path);
    }

    private void drawLegend(final Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int y = TOP + 20;
        for (int i = 0; i < series.size(); i++) {
            g.setColor(COLOURS[i % COLOURS.length]);
            g.fillRect(LEFT + 15, y - 10, 18, 4);
            g.setColor(Color.BLACK);
            g.drawString(series.get(i).label(), LEFT + 40, y - 5);
            y += 20;
        }
    }

    private int px(final double x, final Range xs) {
        return LEFT + (int) Math.round((x - xs.min()) / (xs.max() - xs.min()) * (WIDTH - LEFT - RIGHT));
    }

    private int py(final double y, final Range ys) {
        final double position = logY
                ? (Math.log10(y) - Math.log10(ys.min())) / (Math.log10(ys.max()) - Math.log10(ys.min()))
                : (y - ys.min()) / (ys.max() - ys.min());
        return TOP + (HEIGHT - TOP - BOTTOM) - (int) Math.round(position * (HEIGHT - TOP - BOTTOM));
    }

    private static String label(final double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return String.format(Locale.ROOT, "%,d", (long) value);
        }
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** The span an axis shows: the data's, padded to round ticks; positive for a log axis. */
    record Range(double min, double max) {

        static Range of(final List<Series> series, final boolean x, final boolean log) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (final Series line : series) {
                for (final double value : x ? line.x() : line.y()) {
                    if (log && value <= 0) {
                        continue;
                    }
                    min = Math.min(min, value);
                    max = Math.max(max, value);
                }
            }
            if (min > max) {
                return log ? new Range(1, 10) : new Range(0, 1);
            }
            if (log) {
                return new Range(Math.pow(10, Math.floor(Math.log10(min))), Math.pow(10, Math.ceil(Math.log10(max * 1.0001))));
            }
            final double low = x ? min : Math.min(0, min);
            final double step = niceStep((max - low) / 5);
            final double high = Math.max(low + step, Math.ceil(max / step) * step);
            return new Range(Math.floor(low / step) * step, high);
        }

        List<Double> ticks(final boolean log) {
            final List<Double> ticks = new ArrayList<>();
            if (log) {
                for (double tick = min; tick <= max * 1.0001 && ticks.size() < 12; tick *= 10) {
                    ticks.add(tick);
                }
                return ticks;
            }
            final double step = niceStep((max - min) / 5);
            for (double tick = min; tick <= max + step / 1000 && ticks.size() < 12; tick += step) {
                ticks.add(tick);
            }
            return ticks;
        }

        private static double niceStep(final double rough) {
            if (rough <= 0) {
                return 1;
            }
            final double magnitude = Math.pow(10, Math.floor(Math.log10(rough)));
            final double fraction = rough / magnitude;
            final double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
            return nice * magnitude;
        }
    }
}
