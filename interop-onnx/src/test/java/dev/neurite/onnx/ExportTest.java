package dev.neurite.onnx;

import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Add;
import dev.neurite.api.nn.Concat;
import dev.neurite.api.nn.Graph;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ELU;
import dev.neurite.layers.activation.GELU;
import dev.neurite.layers.activation.LeakyReLU;
import dev.neurite.layers.activation.LogSoftmax;
import dev.neurite.layers.activation.PReLU;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.activation.Sigmoid;
import dev.neurite.layers.activation.Softmax;
import dev.neurite.layers.activation.Swish;
import dev.neurite.layers.activation.Tanh;
import dev.neurite.layers.conv.AvgPool2d;
import dev.neurite.layers.conv.Conv1d;
import dev.neurite.layers.conv.Conv2d;
import dev.neurite.layers.conv.ConvTranspose2d;
import dev.neurite.layers.conv.GlobalAvgPool;
import dev.neurite.layers.conv.MaxPool2d;
import dev.neurite.layers.conv.ResidualBlock;
import dev.neurite.layers.conv.Upsample;
import dev.neurite.layers.conv.ZeroPad2d;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.core.Dropout;
import dev.neurite.layers.core.Flatten;
import dev.neurite.layers.core.Normalize;
import dev.neurite.layers.norm.BatchNorm;
import dev.neurite.layers.norm.BatchNorm1d;
import dev.neurite.layers.norm.BatchNorm2d;
import dev.neurite.layers.norm.GroupNorm;
import dev.neurite.layers.norm.LayerNorm;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models built from the standard layers export to ONNX; ONNX Runtime runs them with Neurite's outputs to 1e-4 at a
 * batch size other than the traced one, Neurite's own importer reads them back, and onnx.checker accepts them.
 */
class ExportTest {
    static Layer mlp() {
        Generator g = new Generator(1);
        return new Sequential(new Flatten(), new Dense(12, 16, g), new ReLU(), new Dropout(0.3, 5), new Dense(16, 8, g),
                new Tanh(), new Dense(8, 5, g), new Softmax());
    }

    static Layer cnn() {
        Generator g = new Generator(2);
        return new Sequential(new Normalize(0.3, 0.5), new Conv2d(1, 4, 3, 1, 1, g), randomStats(new BatchNorm2d(4), 3),
                new ReLU(), new MaxPool2d(2), new Conv2d(4, 8, 3, 2, 1, g), new LeakyReLU(0.1), new AvgPool2d(2, 1, 1),
                new Flatten(), new Dense(8 * 4 * 4, 10, g), new LogSoftmax());
    }

    static Layer resnet() {
        Generator g = new Generator(3);
        ResidualBlock b1 = new ResidualBlock(4, 4, 1, 11);
        ResidualBlock b2 = new ResidualBlock(4, 8, 2, 12);
        for (Layer l : List.of(b1, b2)) {
            l.children().values().forEach(c -> {
                if (c instanceof BatchNorm bn) {
                    randomStats(bn, 7);
                }
            });
        }
        return new Sequential(new Conv2d(3, 4, 3, 1, 1, g), new ReLU(), b1, b2, new GlobalAvgPool(), new Dense(8, 3, g));
    }

    /** A functional graph with a residual Add, a Concat skip and a Transformer-style feed-forward. */
    static Layer graph() {
        Generator g = new Generator(4);
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("features");
        Graph.Node h = b.apply("fc1", new Dense(6, 6, g), x);
        Graph.Node act = b.apply("gelu", new GELU(), h);
        Graph.Node res = b.apply("residual", new Add(), act, x);
        Graph.Node norm = b.apply("norm", new LayerNorm(6), res);
        Graph.Node side = b.apply("side", new Dense(6, 3, g), x);
        Graph.Node sw = b.apply("swish", new Swish(), side);
        Graph.Node cat = b.apply("cat", new Concat(1), norm, sw);
        Graph.Node bn = b.apply("bn", randomStats(new BatchNorm1d(9), 9), cat);
        Graph.Node out = b.apply("head", new Dense(9, 4, g), bn);
        Graph.Node sig = b.apply("sigmoid", new Sigmoid(), out);
        return b.build(sig);
    }

    static Layer vision() {
        Generator g = new Generator(5);
        return new Sequential(new ZeroPad2d(1, 0, 2, 1), new ConvTranspose2d(2, 3, 3, 2, g), new ELU(0.7),
                new Upsample(2, "nearest"), new Conv2d(3, 4, 3, 2, 0, g), new GroupNorm(2, 4), new PReLU(4, 0.2,
                dev.neurite.api.DType.FLOAT32), new Upsample(1.5, "bilinear"), new GELU(true));
    }

    static Layer sequence() {
        Generator g = new Generator(6);
        return new Sequential(new Conv1d(3, 5, 3, g), new Tanh(), new LayerNorm(5, 4), new Dense(4, 2, g));
    }

    static <T extends BatchNorm> T randomStats(T bn, long seed) {
        Shape s = bn.runningMean().shape();
        MemoryScope.outside(() -> {
            try (GradMode.Guard g = GradMode.noGrad()) {
            bn.runningMean().copyFrom(Tensor.randn(s, seed).mul(0.3));
            bn.runningVar().copyFrom(Tensor.rand(s, seed + 1).add(0.5));
            bn.weight().copyFrom(Tensor.rand(s, seed + 2).add(0.5));
            bn.bias().copyFrom(Tensor.randn(s, seed + 3).mul(0.2));
            }
            return null;
        });
        return bn;
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("mlp", (Supplier<Layer>) ExportTest::mlp, Shape.of(1, 3, 4), 13),
                Arguments.of("cnn", (Supplier<Layer>) ExportTest::cnn, Shape.of(1, 1, 12, 12), 13),
                Arguments.of("resnet", (Supplier<Layer>) ExportTest::resnet, Shape.of(1, 3, 8, 8), 13),
                Arguments.of("graph", (Supplier<Layer>) ExportTest::graph, Shape.of(1, 6), 13),
                Arguments.of("graph_opset17", (Supplier<Layer>) ExportTest::graph, Shape.of(1, 6), 17),
                Arguments.of("vision", (Supplier<Layer>) ExportTest::vision, Shape.of(1, 2, 5, 6), 13),
                Arguments.of("sequence", (Supplier<Layer>) ExportTest::sequence, Shape.of(1, 3, 6), 17));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void onnxRuntimeMatchesNeurite(String name, Supplier<Layer> factory, Shape traced, int opset) throws Exception {
        Layer model = factory.get();
        model.eval();
        byte[] bytes = OnnxExporter.toBytes(model, List.of(traced), OnnxExportOptions.defaults().withOpset(opset));
        long[] dims = traced.toArray();
        dims[0] = 3;
        Tensor x = Tensor.randn(Shape.of(dims), 42);
        Tensor expected;
        try (GradMode.Guard g = GradMode.noGrad()) {
            expected = model.forward(x);
        }
        String input = model instanceof Graph gr ? gr.inputNames().get(0) : "input";
        try (OrtPeer ort = new OrtPeer(bytes)) {
            OrtPeer.Output out = ort.run(Map.of(input, x)).get(0);
            assertArrayEquals(expected.shape().toArray(), out.shape(), name + ": output shape");
            assertClose(name + " (ONNX Runtime)", expected.toFloatArray(), out.values(), 1e-4);
        }
        OnnxModel back = OnnxImporter.load(bytes);
        assertEquals(opset, back.opset());
        assertEquals(List.of("batch"), back.inputs().get(0).dims().subList(0, 1));
        try (GradMode.Guard g = GradMode.noGrad()) {
            assertClose(name + " (re-imported)", expected.toFloatArray(), back.forward(x).toFloatArray(), 1e-4);
        }
        assertTrue(back.parameters().keySet().containsAll(model.parameters().keySet()),
                "parameter names preserved: " + model.parameters().keySet() + " vs " + back.parameters().keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void passesOnnxChecker(String name, Supplier<Layer> factory, Shape traced, int opset) throws Exception {
        String reason = OnnxChecker.unavailableReason();
        Assumptions.assumeTrue(reason == null, reason);
        byte[] bytes = OnnxExporter.toBytes(factory.get(), List.of(traced), OnnxExportOptions.defaults().withOpset(opset));
        assertEquals("", OnnxChecker.check(bytes), name + ": onnx.checker");
    }

    @Test
    void unsupportedLayerIsNamed() {
        Layer odd = new Sequential(new Dense(2, 2, 1L), new dev.neurite.layers.activation.Step());
        OnnxException e = org.junit.jupiter.api.Assertions.assertThrows(OnnxException.class,
                () -> OnnxExporter.toBytes(odd, List.of(Shape.of(1, 2)), OnnxExportOptions.defaults()));
        assertTrue(e.getMessage().contains("'1'") && e.getMessage().contains("step"), e.getMessage());
    }

    @Test
    void opsetOutsideTheRangeIsRejected() {
        OnnxException e = org.junit.jupiter.api.Assertions.assertThrows(OnnxException.class,
                () -> OnnxExportOptions.defaults().withOpset(9));
        assertTrue(e.getMessage().contains("13") && e.getMessage().contains("9"), e.getMessage());
    }

    static void assertClose(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + ": element count");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > worst || Double.isNaN(d)) {
                worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                at = i;
            }
        }
        assertTrue(worst <= tol, what + ": max difference " + worst + " at " + at);
    }

    static Map<String, Tensor> feeds(String name, Tensor t) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        m.put(name, t);
        return m;
    }
}
