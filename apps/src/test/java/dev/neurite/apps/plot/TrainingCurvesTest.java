package dev.neurite.apps.plot;

import dev.neurite.api.data.SyntheticImages;
import dev.neurite.api.nn.Sequential;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --plot}: the curves of a real (tiny) run drawn into one PNG, written whole or not at all. */
class TrainingCurvesTest {
    @Test
    void drawsLossAndAccuracyOfARunSideBySide(@TempDir Path tmp) throws Exception {
        TrainingCurves curves = run();
        Path png = tmp.resolve("curves.png");
        curves.write(png, Map.of("loss", 2.0, "accuracy", 0.3));

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(2 * TrainingCurves.WIDTH, image.getWidth());
        assertEquals(TrainingCurves.HEIGHT, image.getHeight());
        assertTrue(distinctColours(image) > 10, "charts were drawn, not a blank image");
        try (var files = Files.list(tmp)) {
            assertEquals(1, files.count(), "no temporary file is left beside the plot");
        }
    }

    @Test
    void refusesANameThatIsNotAPngAndWritesNothing(@TempDir Path tmp) throws Exception {
        TrainingCurves curves = run();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> curves.write(tmp.resolve("curves.jpg"), Map.of()));
        assertEquals("plot: expected a file name ending in .png, got 'curves.jpg'", e.getMessage());
        try (var files = Files.list(tmp)) {
            assertFalse(files.findAny().isPresent());
        }
    }

    private static TrainingCurves run() {
        Sequential model = new Sequential(new Flatten(), new Dense(784, 10, 3));
        TrainingCurves curves = new TrainingCurves();
        Trainer.builder(model, new SparseCategoricalCrossEntropy(), new Adam(model.parameters(), 1e-2)).epochs(2)
                .batchSize(32).seed(1).metrics(Metric.accuracy()).callbacks(curves).build()
                .fit(SyntheticImages.generate(128, 1));
        assertEquals(2, curves.epochs());
        return curves;
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
