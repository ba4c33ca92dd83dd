package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/**
 * Single-operator graphs with the attribute combinations PyTorch rarely exports (asymmetric pads, ceil mode, padding
 * excluded from averages, every resize mode, reflect/edge padding, negative slice steps and indices, old-opset
 * softmax, recurrent layouts and initial states): Neurite's importer and ONNX Runtime give the same outputs.
 */
class OperatorConformanceTest {
    private static final DType F = DType.FLOAT32;

    private static TestGraphs g(int opset) {
        return new TestGraphs(opset);
    }

    private static Tensor w(long seed, long... shape) {
        return Tensor.randn(Shape.of(shape), seed);
    }

    static Stream<Arguments> graphs() {
        return Stream.of(
                Arguments.of("conv asymmetric pads, dilation", (Supplier<TestGraphs>) () -> g(13).input("x", F, 2, 4, 9, 8)
                        .initializer("w", w(1, 6, 2, 3, 2)).initializer("b", w(2, 6))
                        .node("Conv", "x,w,b", "y", "pads", new long[]{2, 0, 1, 1}, "strides", new long[]{2, 1},
                                "dilations", new long[]{1, 2}, "group", 2L).output("y"), Shape.of(2, 4, 9, 8)),
                Arguments.of("conv SAME_LOWER, 1-d", (Supplier<TestGraphs>) () -> g(11).input("x", F, 2, 3, 10)
                        .initializer("w", w(3, 4, 3, 4)).node("Conv", "x,w", "y", "auto_pad", "SAME_LOWER", "strides",
                                new long[]{3}).output("y"), Shape.of(2, 3, 10)),
                Arguments.of("depthwise conv SAME_UPPER", (Supplier<TestGraphs>) () -> g(13).input("x", F, 1, 4, 7, 7)
                        .initializer("w", w(4, 8, 1, 3, 3)).node("Conv", "x,w", "y", "auto_pad", "SAME_UPPER", "group", 4L,
                                "strides", new long[]{2, 2}).output("y"), Shape.of(1, 4, 7, 7)),
                Arguments.of("conv transpose asymmetric", (Supplier<TestGraphs>) () -> g(13).input("x", F, 1, 3, 4, 5)
                        .initializer("w", w(5, 3, 2, 3, 3)).initializer("b", w(6, 2))
                        .node("ConvTranspose", "x,w,b", "y", "strides", new long[]{2, 3}, "pads", new long[]{1, 0, 0, 2},
                                "output_padding", new long[]{1, 1}, "dilations", new long[]{1, 2}).output("y"), Shape.of(1, 3, 4, 5)),
                Arguments.of("conv transpose output_shape", (Supplier<TestGraphs>) () -> g(13).input("x", F, 1, 2, 3, 3)
                        .initializer("w", w(7, 2, 2, 3, 3)).node("ConvTranspose", "x,w", "y", "strides", new long[]{2, 2},
                                "output_shape", new long[]{6, 7}).output("y"), Shape.of(1, 2, 3, 3)),
                Arguments.of("max pool ceil, pads", (Supplier<TestGraphs>) () -> g(13).input("x", F, 2, 2, 9, 10)
                        .node("MaxPool", "x", "y", "kernel_shape", new long[]{3, 3}, "strides", new long[]{2, 2},
                                "pads", new long[]{1, 0, 1, 1}, "ceil_mode", 1L).output("y"), Shape.of(2, 2, 9, 10)),
                Arguments.of("average pool excluding pads", (Supplier<TestGraphs>) () -> g(13).input("x", F, 2, 2, 7, 6)
                        .node("AveragePool", "x", "y", "kernel_shape", new long[]{3, 2}, "strides", new long[]{2, 1},
                                "pads", new long[]{1, 1, 2, 0}).output("y"), Shape.of(2, 2, 7, 6)),
                Arguments.of("average pool including pads, 1-d", (Supplier<TestGraphs>) () -> g(13).input("x", F, 2, 3, 11)
                        .node("AveragePool", "x", "y", "kernel_shape", new long[]{4}, "strides", new long[]{3},
                                "pads", new long[]{2, 1}, "count_include_pad", 1L).output("y"), Shape.of(2, 3, 11)),
                Arguments.of("global pools", (Supplier<TestGraphs>) () -> g(13).input("x", F, 2, 3, 4, 5)
                        .node("GlobalMaxPool", "x", "a").node("GlobalAveragePool", "x", "b").node("Add", "a,b", "y")
                        .output("y"), Shape.of(2, 3, 4, 5)),
                Arguments.of("softmax opset 11 flattens", (Supplier<TestGraphs>) () -> g(11).input("x", F, 2, 3, 4)
                        .node("Softmax", "x", "a", "axis", 1L).node("LogSoftmax", "x", "b").node("Add", "a,b", "y")
                        .output("y"), Shape.of(2, 3, 4)),
                Arguments.of("resize nearest round_prefer_ceil half_pixel", (Supplier<TestGraphs>) () -> g(13)
                        .input("x", F, 1, 2, 3, 4).initializer("scales", Tensor.of(new float[]{1, 1, 2.5f, 1.5f}, 4))
                        .node("Resize", "x,,scales", "y", "mode", "nearest", "nearest_mode", "round_prefer_ceil")
                        .output("y"), Shape.of(1, 2, 3, 4)),
                Arguments.of("resize linear align_corners to sizes", (Supplier<TestGraphs>) () -> g(13)
                        .input("x", F, 1, 2, 4, 5).initializer("roi", Tensor.of(new float[0], 0))
                        .initializer("scales", Tensor.of(new float[0], 0)).longs("sizes", 1, 2, 7, 3)
                        .node("Resize", "x,roi,scales,sizes", "y", "mode", "linear",
                                "coordinate_transformation_mode", "align_corners").output("y"), Shape.of(1, 2, 4, 5)),
                Arguments.of("resize linear asymmetric, opset 11", (Supplier<TestGraphs>) () -> g(11)
                        .input("x", F, 1, 1, 3, 3).initializer("roi", Tensor.of(new float[0], 0))
                        .initializer("scales", Tensor.of(new float[]{1, 1, 2, 0.7f}, 4))
                        .node("Resize", "x,roi,scales", "y", "mode", "linear",
                                "coordinate_transformation_mode", "asymmetric").output("y"), Shape.of(1, 1, 3, 3)),
                Arguments.of("pad reflect, edge, constant, negative", (Supplier<TestGraphs>) () -> g(13)
                        .input("x", F, 2, 3, 4, 5).longs("p1", 0, 0, 2, 1, 0, 0, 1, 3).longs("p2", 0, 1, 0, 2, 0, 1, 1, 0)
                        .longs("p3", 0, -1, -1, 1, 0, 0, 0, -2).initializer("v", Tensor.scalar(1.5))
                        .node("Pad", "x,p1", "a", "mode", "reflect").node("Pad", "a,p2", "b", "mode", "edge")
                        .node("Pad", "b,p3,v", "y").output("y"), Shape.of(2, 3, 4, 5)),
                Arguments.of("slice steps, gather negative, split, concat", (Supplier<TestGraphs>) () -> g(13)
                        .input("x", F, 3, 6, 5).longs("st", -1, 1).longs("en", -100, 100).longs("ax", 0, 2).longs("sp", -2, 2)
                        .longs("idx", -1, 0, -3).longs("sizes", 2, 4)
                        .node("Slice", "x,st,en,ax,sp", "s").node("Gather", "s,idx", "g", "axis", 1L)
                        .node("Split", "x,sizes", "p,q", "axis", 1L).node("ReduceMax", "q", "m", "axes", new long[]{1, 2},
                                "keepdims", 0L)
                        .node("Flatten", "g", "fg", "axis", 0L).node("Flatten", "p", "fp", "axis", 0L)
                        .node("Flatten", "m", "fm", "axis", 0L).node("Concat", "fg,fp,fm", "y", "axis", 1L)
                        .output("y"), Shape.of(3, 6, 5)),
                Arguments.of("shape arithmetic, expand, tile, where", (Supplier<TestGraphs>) () -> g(13)
                        .input("x", F, 2, 1, 3).longs("one", 1).longs("rep", 1, 2, 2).longs("five", 5)
                        .node("Shape", "x", "s").node("Gather", "s,one", "d").node("Add", "d,five", "d6")
                        .node("Concat", "d,d,d6", "tail", "axis", 0L)
                        .node("ConstantOfShape", "tail", "z", "value", Tensor.of(new float[]{0.25f}, 1))
                        .node("Expand", "x,s", "e").node("Tile", "e,rep", "t")
                        .node("Greater", "t,z", "mask").node("Not", "mask", "inv").node("Neg", "t", "n")
                        .node("Where", "inv,n,t", "wt").node("Cast", "mask", "mf", "to", 1L).node("Add", "wt,mf", "y")
                        .output("y"), Shape.of(2, 1, 3)),
                Arguments.of("trilu upper and lower, diagonal offsets", (Supplier<TestGraphs>) () -> g(14)
                        .input("x", F, 2, 4, 5).initializer("k", Tensor.ofLongs(new long[]{1}, new long[0]))
                        .initializer("km", Tensor.ofLongs(new long[]{-2}, new long[0]))
                        .node("Trilu", "x,k", "a").node("Trilu", "x,km", "b", "upper", 0L).node("Trilu", "x", "c", "upper", 0L)
                        .node("Add", "a,b", "ab").node("Mul", "ab,c", "y").output("y"), Shape.of(2, 4, 5)),
                Arguments.of("range, clip, pow, div, reductions", (Supplier<TestGraphs>) () -> g(13)
                        .input("x", F, 2, 5).initializer("s", Tensor.scalar(0.5)).initializer("l", Tensor.scalar(3))
                        .initializer("d", Tensor.scalar(0.5)).initializer("lo", Tensor.scalar(-0.5))
                        .initializer("hi", Tensor.scalar(0.8)).longs("ax", 1)
                        .node("Range", "s,l,d", "r").node("Clip", "x,lo,hi", "c").node("Pow", "r,c", "p")
                        .node("Div", "p,r", "q").node("Sqrt", "q", "sq").node("ReduceSum", "sq,ax", "rs", "keepdims", 1L)
                        .node("ReduceMean", "sq", "rm", "axes", new long[]{0}).node("Sub", "rs,rm", "y").output("y"),
                        Shape.of(2, 5)),
                Arguments.of("activations", (Supplier<TestGraphs>) () -> g(13).input("x", F, 3, 4)
                        .initializer("slope", w(9, 4)).node("LeakyRelu", "x", "a", "alpha", 0.3f).node("Elu", "a", "b", "alpha", 0.7f)
                        .node("Selu", "b", "c").node("HardSigmoid", "c", "d", "alpha", 0.3f).node("PRelu", "x,slope", "e")
                        .node("Softplus", "e", "f").node("Softsign", "f", "h").node("Mul", "d,h", "i").node("Sigmoid", "i", "j")
                        .node("Erf", "x", "k").node("Exp", "k", "l").node("Log", "l", "m").node("Abs", "m", "n")
                        .node("Sum", "j,n,x", "y").output("y"), Shape.of(3, 4)),
                Arguments.of("gemm with alpha, beta, transA", (Supplier<TestGraphs>) () -> g(13).input("x", F, 5, 3)
                        .initializer("b", w(10, 5, 4)).initializer("c", w(11, 4))
                        .node("Gemm", "x,b,c", "y", "transA", 1L, "alpha", 0.5f, "beta", 2f).output("y"), Shape.of(5, 3)),
                Arguments.of("batched matmul broadcast", (Supplier<TestGraphs>) () -> g(13).input("x", F, 2, 1, 3, 4)
                        .initializer("b", w(12, 3, 4, 2)).initializer("v", w(13, 2))
                        .node("MatMul", "x,b", "m").node("MatMul", "m,v", "y").output("y"), Shape.of(2, 1, 3, 4)),
                Arguments.of("layer and instance normalisation", (Supplier<TestGraphs>) () -> g(17).input("x", F, 2, 3, 4, 5)
                        .initializer("g", w(14, 4, 5)).initializer("b", w(15, 4, 5)).initializer("gi", w(16, 3))
                        .initializer("bi", w(17, 3))
                        .node("LayerNormalization", "x,g,b", "a", "axis", -2L, "epsilon", 1e-3f)
                        .node("InstanceNormalization", "a,gi,bi", "y").output("y"), Shape.of(2, 3, 4, 5)),
                Arguments.of("lstm bidirectional with initial states", (Supplier<TestGraphs>) () -> g(14)
                        .input("x", F, 5, 2, 3).initializer("W", w(18, 2, 16, 3)).initializer("R", w(19, 2, 16, 4))
                        .initializer("B", w(20, 2, 32)).initializer("h0", w(21, 2, 2, 4)).initializer("c0", w(22, 2, 2, 4))
                        .node("LSTM", "x,W,R,B,,h0,c0", "y,yh,yc", "hidden_size", 4L, "direction", "bidirectional").node("Flatten", "yc", "fc").node("Flatten", "y", "fy", "axis", 0L)
                        .node("Flatten", "fc", "fc0", "axis", 0L).node("Concat", "fy,fc0", "out", "axis", 1L).output("out"),
                        Shape.of(5, 2, 3)),
                Arguments.of("gru linear_before_reset 0, rnn reverse", (Supplier<TestGraphs>) () -> g(13)
                        .input("x", F, 4, 2, 3).initializer("W", w(23, 1, 9, 3)).initializer("R", w(24, 1, 9, 3))
                        .initializer("B", w(25, 1, 18)).initializer("Wr", w(26, 1, 2, 3)).initializer("Rr", w(27, 1, 2, 2))
                        .node("GRU", "x,W,R,B", "y,yh", "hidden_size", 3L).longs("one", 1).node("Squeeze", "y,one", "ys")
                        .node("RNN", "ys,Wr,Rr", "z", "hidden_size", 2L, "direction", "reverse").output("z"),
                        Shape.of(4, 2, 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("graphs")
    void matchesOnnxRuntime(String name, Supplier<TestGraphs> graph, Shape input) throws Exception {
        byte[] bytes = graph.get().bytes();
        Tensor x = Tensor.randn(input, name.hashCode());
        float[] ours;
        try (GradMode.Guard g = GradMode.noGrad()) {
            ours = OnnxImporter.load(bytes).run(Map.of("x", x)).values().iterator().next().toFloatArray();
        }
        try (OrtPeer ort = new OrtPeer(bytes)) {
            OrtPeer.Output theirs = ort.run(Map.of("x", x)).get(0);
            assertArrayEquals(theirs.values(), ours, 1e-4f, name);
        }
    }
}
