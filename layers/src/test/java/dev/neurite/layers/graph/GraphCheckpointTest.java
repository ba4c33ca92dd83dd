package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Graph;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/**
 * Graph layers in a functional model with the inputs {@code x} and {@code edge_index} (and the batch vector for
 * readout): saved by type id and config, loaded back with the same outputs.
 */
class GraphCheckpointTest {
    @Test
    @SuppressWarnings("try")
    void functionalGraphModelSurvivesACheckpoint(@TempDir Path dir) throws IOException {
        Generator gen = new Generator(5);
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("x");
        Graph.Node edges = b.input("edge_index");
        Graph.Node batch = b.input("batch");
        Graph.Node h = b.apply("relu1", new ReLU(), b.apply("gcn", new GCNConv(3, 8, gen), x, edges));
        h = b.apply("relu2", new ReLU(), b.apply("gat", new GATConv(8, 4, 2, gen), h, edges));
        h = b.apply("sage", new SAGEConv(8, 6, gen), h, edges);
        h = b.apply("gin", new GINConv(new Sequential(new Dense(6, 6, gen), new ReLU(), new Dense(6, 4, gen)), 0.2, true,
                DType.FLOAT32), h, edges);
        Graph model = b.build(b.apply("readout", new GlobalPool(Aggregation.MAX), h, batch));

        Tensor features = Tensor.randn(Shape.of(5, 3), 9);
        Tensor edgeIndex = Tensor.ofLongs(new long[]{0, 1, 2, 3, 4, 2, 1, 2, 3, 4, 0, 0}, 2, 6);
        Tensor graphOf = Tensor.ofLongs(new long[]{0, 0, 0, 1, 1}, 5);
        List<Tensor> inputs = List.of(features, edgeIndex, graphOf);
        try (GradMode.Guard g = GradMode.noGrad()) {
            // Weights no seed reproduces, so the loaded model matches only if they came from the file.
            model.parameters().values().forEach(p -> p.mulInPlace(Tensor.scalar(1.5)));
        }
        Checkpoint.save(dir, model, null, null, Map.of());
        Layer loaded = assertInstanceOf(Graph.class, Checkpoint.load(dir).model());
        try (GradMode.Guard g = GradMode.noGrad()) {
            float[] expected = model.forward(inputs).toFloatArray();
            assertArrayEquals(new long[]{2, 4}, model.forward(inputs).shape().toArray());
            assertArrayEquals(expected, loaded.forward(inputs).toFloatArray());
        }
    }
}
