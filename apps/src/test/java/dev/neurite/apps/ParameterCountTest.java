package dev.neurite.apps;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.nn.ModelSummary;
import dev.neurite.api.nn.Sequential;
import dev.neurite.apps.models.Models;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.activation.Tanh;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Flatten;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The curriculum's parameter counts, for networks built from Dense layers in a Sequential, as ModelSummary reports them. */
class ParameterCountTest {
    private final Generator g = new Generator(17);

    @Test
    void wideClassifier2To1024To512To3Has529411Parameters() {
        // (2*1024 + 1024) + (1024*512 + 512) + (512*3 + 3) = 3,072 + 524,800 + 1,539
        Sequential model = new Sequential(new Dense(2, 1024, g), new ReLU(), new Dense(1024, 512, g), new ReLU(),
                new Dense(512, 3, g));
        ModelSummary summary = ModelSummary.of(model, Shape.of(1, 2));
        assertEquals(529_411, summary.totalParameters());
        assertEquals(529_411, summary.trainableParameters());
        assertEquals(List.of(3_072L, 0L, 524_800L, 0L, 1_539L), summary.rows().stream().map(ModelSummary.Row::parameters).toList());
    }

    @Test
    void tinyNetwork3To4To2Has26Parameters() {
        Sequential model = new Sequential(new Dense(3, 4, g), new Sigmoid(), new Dense(4, 2, g));
        assertEquals(26, ModelSummary.of(model, Shape.of(1, 3)).totalParameters()); // 16 + 10
    }

    @Test
    void network3To4To4To1Has41Parameters() {
        Sequential model = new Sequential(new Dense(3, 4, g), new Tanh(), new Dense(4, 4, g), new Tanh(), new Dense(4, 1, g),
                new Sigmoid());
        ModelSummary summary = ModelSummary.of(model, Shape.of(5, 3));
        assertEquals(41, summary.totalParameters()); // 16 + 20 + 5
        assertEquals(Shape.of(5, 1), summary.rows().get(5).outputShape());
    }

    @Test
    void mlp784To256To128To10Has235146ParametersAndTheseOutputShapes() {
        Sequential model = new Sequential(new Flatten(), new Dense(784, 256, g), new ReLU(), new Dense(256, 128, g), new ReLU(),
                new Dense(128, 10, g));
        ModelSummary summary = ModelSummary.of(model, Shape.of(4, 1, 28, 28));

        assertEquals(235_146, summary.totalParameters()); // 200,960 + 32,896 + 1,290
        assertEquals(235_146, summary.trainableParameters());
        List<ModelSummary.Row> rows = summary.rows();
        assertEquals(List.of("flatten", "dense", "relu", "dense", "relu", "dense"), rows.stream().map(ModelSummary.Row::type).toList());
        assertEquals(List.of(Shape.of(4, 784), Shape.of(4, 256), Shape.of(4, 256), Shape.of(4, 128), Shape.of(4, 128), Shape.of(4, 10)),
                rows.stream().map(ModelSummary.Row::outputShape).toList());
        assertEquals(List.of(0L, 200_960L, 0L, 32_896L, 0L, 1_290L), rows.stream().map(ModelSummary.Row::parameters).toList());

        String table = summary.toString();
        assertTrue(table.contains("Total params: " + String.format("%,d", 235_146)), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("1\\s+dense\\s+\\[4, 256]\\s+" + String.format("%,d", 200_960))), table);
    }

    @Test
    void theCommandLinesMlpHasTheSameTrainableParameters() {
        Sequential mlp = Models.mlp(1);
        ModelSummary summary = ModelSummary.of(mlp, Shape.of(1, 1, 28, 28));
        assertEquals(235_146, summary.trainableParameters());
        ModelSummary.Row last = summary.rows().get(summary.rows().size() - 1);
        assertEquals(Shape.of(1, 10), last.outputShape());
        assertEquals(1_290, last.parameters());
    }

    @Test
    void theCommandLinesCnnHasTheseShapesAndParameters() {
        ModelSummary summary = ModelSummary.of(Models.cnn(1), Shape.of(1, 1, 28, 28));
        // conv 1->32: 32*9+32; conv 32->64: 64*32*9+64; dense 3136->128; dense 128->10
        assertEquals(320 + 18_496 + 401_536 + 1_290, summary.trainableParameters());
        assertEquals(Shape.of(1, 32, 14, 14), summary.rows().get(3).outputShape());
        assertEquals(Shape.of(1, 64, 7, 7), summary.rows().get(6).outputShape());
        assertEquals(Shape.of(1, 3136), summary.rows().get(7).outputShape());
    }

    @Test
    void theCommandLinesResnetHasTorchvisionStyleParameterCounts() {
        ModelSummary summary = ModelSummary.of(Models.resnet(1), Shape.of(2, 1, 28, 28));
        // stem 16*9 + bn 32; block 16->16: 2*(16*16*9 + 32); block 16->32/2: 16*32*9 + 32*32*9 + 16*32 + 3*64;
        // block 32->64/2: 32*64*9 + 64*64*9 + 32*64 + 3*128; dense 64*10 + 10. PyTorch counts the same net as 77,754.
        assertEquals(176 + 4_672 + 14_528 + 57_728 + 650, summary.trainableParameters());
        List<Shape> shapes = summary.rows().stream().map(ModelSummary.Row::outputShape).toList();
        assertEquals(List.of(Shape.of(2, 1, 28, 28), Shape.of(2, 16, 28, 28), Shape.of(2, 16, 28, 28), Shape.of(2, 16, 28, 28),
                Shape.of(2, 16, 28, 28), Shape.of(2, 32, 14, 14), Shape.of(2, 64, 7, 7), Shape.of(2, 64), Shape.of(2, 10)), shapes);
    }
}
