package io.optgate.bench.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LineChartTest {

    @TempDir
    Path dir;

    @Test
    void aChartIsWrittenAsAPngWithEveryLineInItsColour() throws Exception {
        final Path file = dir.resolve("figures/latency.png");
        new LineChart("Latency by percentile", "percentile", "ms", true)
                .add(new LineChart.Series("pass-through", new double[] {50, 90, 99}, new double[] {20, 40, 110}))
                .add(new LineChart.Series("dispatcher", new double[] {50, 90, 99}, new double[] {900, 1100, 1600}))
                .writePng(file);

        final BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(LineChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(LineChart.HEIGHT);
        assertThat(countPixels(image, LineChart.COLOURS[0].getRGB())).isGreaterThan(100);
        assertThat(countPixels(image, LineChart.COLOURS[1].getRGB())).isGreaterThan(100);
    }

    @Test
    void aChartWithoutPointsIsStillDrawn() throws Exception {
        final Path file = dir.resolve("empty.png");
        new LineChart("Nothing yet", "s", "records/s", false)
                .add(new LineChart.Series("dispatcher", new double[0], new double[0]))
                .writePng(file);

        assertThat(ImageIO.read(file.toFile()).getWidth()).isEqualTo(LineChart.WIDTH);
    }

    @Test
    void axesCoverTheDataWithRoundEnds() {
        final LineChart.Range linear = LineChart.Range.of(java.util.List.of(
                new LineChart.Series("a", new double[] {0, 7.3}, new double[] {3, 4120})), false, false);
        assertThat(linear.min()).isEqualTo(0);
        assertThat(linear.max()).isGreaterThanOrEqualTo(4120).isLessThanOrEqualTo(5000);

        final LineChart.Range log = LineChart.Range.of(java.util.List.of(
                new LineChart.Series("a", new double[] {1, 2}, new double[] {17, 1601})), false, true);
        assertThat(log.min()).isEqualTo(10);
        assertThat(log.max()).isEqualTo(10_000);
    }

    private static int countPixels(final BufferedImage image, final int rgb) {
        int count = 0;
        for (int x = 0; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (rgb & 0xFFFFFF)) {
                    count++;
                }
            }
        }
        return count;
    }
}
