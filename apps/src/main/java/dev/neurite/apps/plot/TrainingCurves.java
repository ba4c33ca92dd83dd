package dev.neurite.apps.plot;

import dev.neurite.api.train.Callback;
import dev.neurite.api.train.TrainingContext;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records a run's curves as a {@link Callback} and draws them with XChart into one PNG: on the left the training loss
 * of every step and its mean per epoch (plus the test loss, when given), on the right the accuracy per epoch (training,
 * validation when there is one, and test).
 */
public final class TrainingCurves implements Callback {
    static final int WIDTH = 640;
    static final int HEIGHT = 420;

    private final List<Double> stepX = new ArrayList<>();
    private final List<Double> stepLoss = new ArrayList<>();
    private final List<Map<String, Double>> epochs = new ArrayList<>();
    private int batchInEpoch;

    @Override
    public void onEpochBegin(TrainingContext context, int epoch) {
        batchInEpoch = 0;
    }

    @Override
    public void onBatchEnd(TrainingContext context, long step, int batchSize, double loss) {
        batchInEpoch++;
        stepX.add(context.epoch() + (double) batchInEpoch / Math.max(1, context.stepsPerEpoch()));
        stepLoss.add(loss);
    }

    @Override
    public void onEpochEnd(TrainingContext context, int epoch, Map<String, Double> logs) {
        epochs.add(Map.copyOf(logs));
    }

    /** Number of epochs recorded. */
    public int epochs() {
        return epochs.size();
    }

    /**
     * Writes the PNG atomically (a temporary file beside it, then a rename), so a failed run leaves no partial image.
     *
     * @param test the test set's metrics ({@code loss}, {@code accuracy}), drawn at the last epoch; may be empty
     */
    public void write(Path png, Map<String, Double> test) throws IOException {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("plot: nothing to draw, no epoch was recorded");
        }
        String name = png.getFileName().toString();
        if (!name.toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("plot: expected a file name ending in .png, got '" + name + "'");
        }
        System.setProperty("java.awt.headless", "true");
        BufferedImage left = BitmapEncoder.getBufferedImage(lossChart(test));
        BufferedImage right = BitmapEncoder.getBufferedImage(accuracyChart(test));
        BufferedImage both = new BufferedImage(left.getWidth() + right.getWidth(), Math.max(left.getHeight(),
                right.getHeight()), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = both.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, both.getWidth(), both.getHeight());
        g.drawImage(left, 0, 0, null);
        g.drawImage(right, left.getWidth(), 0, null);
        g.dispose();

        Path dir = png.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            if (!ImageIO.write(both, "png", tmp.toFile())) {
                throw new IOException("plot: no PNG writer available");
            }
            Files.move(tmp, png, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private XYChart lossChart(Map<String, Double> test) {
        XYChart chart = chart("Loss", "loss", Styler.LegendPosition.InsideNE);
        chart.addSeries("train (step)", stepX, stepLoss).setMarker(SeriesMarkers.NONE).setLineColor(new Color(150, 180, 230));
        chart.addSeries("train (epoch mean)", epochAxis(), series("loss")).setMarker(SeriesMarkers.CIRCLE);
        if (has("val_loss")) {
            chart.addSeries("validation", epochAxis(), series("val_loss")).setMarker(SeriesMarkers.DIAMOND);
        }
        if (test.containsKey("loss")) {
            chart.addSeries("test", List.of((double) epochs.size()), List.of(test.get("loss"))).setMarker(SeriesMarkers.SQUARE);
        }
        return chart;
    }

    private XYChart accuracyChart(Map<String, Double> test) {
        XYChart chart = chart("Accuracy", "accuracy", Styler.LegendPosition.InsideSE);
        if (has("accuracy")) {
            chart.addSeries("train", epochAxis(), series("accuracy")).setMarker(SeriesMarkers.CIRCLE);
        }
        if (has("val_accuracy")) {
            chart.addSeries("validation", epochAxis(), series("val_accuracy")).setMarker(SeriesMarkers.DIAMOND);
        }
        if (test.containsKey("accuracy")) {
            chart.addSeries("test", List.of((double) epochs.size()), List.of(test.get("accuracy"))).setMarker(SeriesMarkers.SQUARE);
        }
        if (chart.getSeriesMap().isEmpty()) {
            chart.setTitle("Accuracy (not measured)");
        }
        return chart;
    }

    /** Losses fall and accuracies rise, so each legend goes in the corner its curves leave empty. */
    private XYChart chart(String title, String yAxis, Styler.LegendPosition legend) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("epoch").yAxisTitle(yAxis)
                .build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(legend);
        styler.setXAxisDecimalPattern("0.#");
        styler.setXAxisTickMarkSpacingHint(90);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax((double) epochs.size());
        return chart;
    }

    private List<Double> epochAxis() {
        List<Double> x = new ArrayList<>();
        for (int i = 1; i <= epochs.size(); i++) {
            x.add((double) i);
        }
        return x;
    }

    private boolean has(String metric) {
        return epochs.stream().allMatch(e -> e.containsKey(metric));
    }

    private List<Double> series(String metric) {
        return epochs.stream().map(e -> e.get(metric)).toList();
    }
}
