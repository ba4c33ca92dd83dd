package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Imported graphs are differentiable: float64 finite differences agree with autograd for the input and the
 * initializers of every operator family (convolution and pooling, recurrent, shape and resampling ops).
 */
class ImportedGradientTest {
    private static final DType F64 = DType.FLOAT64;

    /** Checks d output / d (feeds) with every feed, named in order, overriding an input or initializer. */
    private static void check(OnnxModel model, List<String> names, List<Tensor> values) {
        GradientCheck.assertGradients(in -> {
            Map<String, Tensor> feeds = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                feeds.put(names.get(i), in.get(i));
            }
            return model.run(feeds).values().iterator().next();
        }, values, 1e-6, 1e-5);
    }

    @Test
    void convolutionPoolingAndDense() {
        OnnxModel m = new TestGraphs(13).input("x", F64, "n", 4, 7, 6)
                .initializer("w", TestGraphs.randn(1, 6, 2, 3, 3)).initializer("b", TestGraphs.randn(2, 6))
                .initializer("scale", TestGraphs.randn(3, 6)).initializer("shift", TestGraphs.randn(4, 6))
                .initializer("mean", TestGraphs.randn(5, 6)).initializer("var", Tensor.rand(dev.neurite.api.Shape.of(6), 6)
                        .add(0.5).cast(F64))
                .initializer("fc", TestGraphs.randn(7, 3, 24))
                .node("Conv", "x,w,b", "c", "kernel_shape", new long[]{3, 3}, "pads", new long[]{1, 0, 2, 1}, "group", 2L)
                .node("BatchNormalization", "c,scale,shift,mean,var", "bn")
                .node("Tanh", "bn", "t")
                .node("MaxPool", "t", "p", "kernel_shape", new long[]{2, 2}, "strides", new long[]{2, 2}, "ceil_mode", 1L)
                .node("AveragePool", "p", "a", "kernel_shape", new long[]{2, 2}, "pads", new long[]{1, 1, 0, 0},
                        "strides", new long[]{2, 2})
                .node("Flatten", "a", "f")
                .node("Gemm", "f,fc", "y", "transB", 1L, "alpha", 0.5f)
                .node("LogSoftmax", "y", "out", "axis", 1L)
                .output("out").load();
        check(m, List.of("x", "w", "b", "scale", "fc"), List.of(TestGraphs.randn(8, 2, 4, 7, 6),
                m.parameters().get("w").detach(), m.parameters().get("b").detach(), m.parameters().get("scale").detach(),
                m.parameters().get("fc").detach()));
    }

    @Test
    void transposedConvolution() {
        OnnxModel m = new TestGraphs(13).input("x", F64, 1, 2, 3, 4).initializer("w", TestGraphs.randn(1, 2, 3, 2, 3))
                .node("ConvTranspose", "x,w", "y", "strides", new long[]{2, 1}, "pads", new long[]{1, 0, 0, 1},
                        "output_padding", new long[]{1, 0})
                .output("y").load();
        check(m, List.of("x", "w"), List.of(TestGraphs.randn(2, 1, 2, 3, 4), m.parameters().get("w").detach()));
    }

    @Test
    void bidirectionalLstm() {
        long h = 3;
        OnnxModel m = new TestGraphs(14).input("x", F64, 4, 2, 2)
                .initializer("W", TestGraphs.randn(1, 2, 4 * h, 2)).initializer("R", TestGraphs.randn(2, 2, 4 * h, h))
                .initializer("B", TestGraphs.randn(3, 2, 8 * h)).initializer("h0", TestGraphs.randn(4, 2, 2, h))
                .node("LSTM", "x,W,R,B,,h0", "y,yh,yc", "hidden_size", h, "direction", "bidirectional")
                .output("y").load();
        check(m, List.of("x", "W", "R", "B"), List.of(TestGraphs.randn(5, 4, 2, 2), m.parameters().get("W").detach(),
                m.parameters().get("R").detach(), m.parameters().get("B").detach()));
    }

    @Test
    void gruBothResetOrdersAndRnn() {
        long h = 3;
        for (long lbr : new long[]{0, 1}) {
            OnnxModel m = new TestGraphs(14).input("x", F64, 2, 3, 2)
                    .initializer("W", TestGraphs.randn(1, 1, 3 * h, 2)).initializer("R", TestGraphs.randn(2, 1, 3 * h, h))
                    .initializer("B", TestGraphs.randn(3, 1, 6 * h))
                    .node("GRU", "x,W,R,B", "y,yh", "hidden_size", h, "linear_before_reset", lbr, "layout", 1L,
                            "direction", "reverse")
                    .output("yh").load();
            check(m, List.of("x", "W", "R", "B"), List.of(TestGraphs.randn(4, 2, 3, 2), m.parameters().get("W").detach(),
                    m.parameters().get("R").detach(), m.parameters().get("B").detach()));
        }
        OnnxModel rnn = new TestGraphs(13).input("x", F64, 3, 2, 2)
                .initializer("W", TestGraphs.randn(1, 1, h, 2)).initializer("R", TestGraphs.randn(2, 1, h, h))
                .node("RNN", "x,W,R", "y", "hidden_size", h, "activations", new String[]{"Relu"})
                .output("y").load();
        check(rnn, List.of("x", "R"), List.of(TestGraphs.randn(5, 3, 2, 2), rnn.parameters().get("R").detach()));
    }

    @Test
    void shapeResamplingAndElementwiseOps() {
        OnnxModel m = new TestGraphs(13).input("x", F64, 1, 2, 3, 4)
                .initializer("scales", Tensor.of(F64, new double[]{1, 1, 2, 1.5}, 4))
                .initializer("gamma", TestGraphs.randn(1, 5))
                .longs("pads", 0, 0, 1, 2, 0, 0, 2, 1).longs("starts", -1, 4).longs("ends", Long.MIN_VALUE, 0)
                .longs("axes", 2, 3).longs("steps", -2, -1).longs("idx", 0, -1, 1).longs("rep", 1, 2, 1, 1)
                .node("Resize", "x,,scales", "r", "mode", "linear")
                .node("Pad", "r,pads", "p", "mode", "reflect")
                .node("Slice", "p,starts,ends,axes,steps", "s")
                .node("Gather", "s,idx", "g", "axis", 3L)
                .node("Tile", "g,rep", "t")
                .node("Transpose", "t", "tr", "perm", new long[]{0, 2, 1, 3})
                .node("Softmax", "tr", "sm", "axis", 2L)
                .node("HardSwish", "sm", "hs")
                .node("Erf", "tr", "e")
                .node("Mul", "hs,e", "m")
                .node("ReduceMean", "m", "out", "axes", new long[]{1}, "keepdims", 0L)
                .output("out").load();
        check(m, List.of("x"), List.of(TestGraphs.randn(2, 1, 2, 3, 4)));
    }

    @Test
    void layerNormalizationAndAttentionPieces() {
        OnnxModel m = new TestGraphs(17).input("x", F64, 2, 3, 4)
                .initializer("g", TestGraphs.randn(1, 4)).initializer("b", TestGraphs.randn(2, 4))
                .initializer("wq", TestGraphs.randn(3, 4, 4))
                .node("LayerNormalization", "x,g,b", "n", "axis", -1L)
                .node("MatMul", "n,wq", "q")
                .node("Transpose", "q", "qt", "perm", new long[]{0, 2, 1})
                .node("MatMul", "q,qt", "s")
                .node("Softmax", "s", "a", "axis", -1L)
                .node("MatMul", "a,n", "out")
                .output("out").load();
        check(m, List.of("x", "g", "b", "wq"), List.of(TestGraphs.randn(4, 2, 3, 4), m.parameters().get("g").detach(),
                m.parameters().get("b").detach(), m.parameters().get("wq").detach()));
    }
}
