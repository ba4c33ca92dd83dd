package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.layers.conv.ConvFunctions;

import java.util.ArrayList;
import java.util.List;

/** Dense and convolutional operators: Gemm, MatMul, Conv, pooling, normalisation, softmax, dropout. */
final class NeuralOps {
    private NeuralOps() {
    }

    static void register(OnnxOperators.Registration r) {
        String lin = "linear";
        r.add("Gemm", lin, "alpha, beta, transA, transB; C broadcast", OnnxOp.single(NeuralOps::gemm));
        r.add("MatMul", lin, "NumPy semantics: 1-d operands and broadcast batch dimensions",
                OnnxOp.single(c -> matmul(c, c.input(0), c.input(1))));
        String conv = "convolution and pooling";
        r.add("Conv", conv, "1-d and 2-d; groups (depthwise), dilations, strides, pads, auto_pad",
                OnnxOp.single(NeuralOps::conv));
        r.add("ConvTranspose", conv, "1-d and 2-d, one group; pads, output_padding, output_shape, dilations",
                OnnxOp.single(NeuralOps::convTranspose));
        r.add("MaxPool", conv, "1-d and 2-d; pads, auto_pad, ceil_mode; no dilations, no Indices output",
                OnnxOp.single(c -> pool(c, true)));
        r.add("AveragePool", conv, "1-d and 2-d; pads, auto_pad, count_include_pad; ceil_mode only where it adds no window",
                OnnxOp.single(c -> pool(c, false)));
        r.add("GlobalAveragePool", conv, "any rank >= 3", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            return x.mean(spatialAxes(x), true);
        }));
        r.add("GlobalMaxPool", conv, "any rank >= 3", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            for (int a : spatialAxes(x)) {
                x = x.max(a, true);
            }
            return x;
        }));
        String norm = "normalisation";
        r.add("BatchNormalization", norm, "inference form (running statistics); frozen statistics when fine-tuning",
                OnnxOp.single(NeuralOps::batchNorm));
        r.add("LayerNormalization", norm, "axis, epsilon; optional Mean and InvStdDev outputs", NeuralOps::layerNorm);
        r.add("InstanceNormalization", norm, "epsilon", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            int[] axes = spatialAxes(x);
            Tensor centered = x.sub(x.mean(axes, true));
            Tensor y = centered.div(centered.square().mean(axes, true).add(c.attrs().getFloat("epsilon", 1e-5f)).sqrt());
            long[] stat = statShape(x);
            return y.mul(c.input(1).reshape(stat)).add(c.input(2).reshape(stat));
        }));
        String act = "activation";
        r.add("Softmax", act, "axis; opset < 13 softmaxes the flattened trailing block as ONNX then did",
                OnnxOp.single(c -> softmax(c, false)));
        r.add("LogSoftmax", act, "as Softmax", OnnxOp.single(c -> softmax(c, true)));
        r.add("Dropout", "regularisation", "identity (inference); the mask output is all true", c -> {
            Tensor x = c.input(0);
            List<Tensor> out = new ArrayList<>();
            out.add(x);
            if (c.outputCount() > 1) {
                out.add(Tensor.ones(x.shape(), DType.BOOL));
            }
            return out;
        });
    }

    static int[] spatialAxes(Tensor x) {
        int[] axes = new int[Math.max(0, x.rank() - 2)];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i + 2;
        }
        return axes;
    }

    static long[] statShape(Tensor x) {
        long[] s = new long[x.rank()];
        java.util.Arrays.fill(s, 1);
        s[1] = x.size(1);
        return s;
    }

    private static Tensor gemm(OpCall c) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        c.check(a.rank() == 2 && b.rank() == 2, "A and B must be matrices, got shapes %s and %s", a.shape(), b.shape());
        boolean ta = c.attrs().getInt("transA", 0) != 0;
        boolean tb = c.attrs().getInt("transB", 0) != 0;
        long k1 = ta ? a.size(0) : a.size(1);
        long k2 = tb ? b.size(1) : b.size(0);
        c.check(k1 == k2, "inner dimensions differ: A %s%s, B %s%s", a.shape(), ta ? "^T" : "", b.shape(), tb ? "^T" : "");
        double alpha = c.attrs().getFloat("alpha", 1f);
        double beta = c.attrs().getFloat("beta", 1f);
        Tensor y = a.matmul(b, ta, tb);
        if (alpha != 1) {
            y = y.mul(alpha);
        }
        if (c.has(2)) {
            Tensor bias = c.input(2);
            y = y.add(beta == 1 ? bias : bias.mul(beta));
        }
        return y;
    }

    static Tensor matmul(OpCall c, Tensor a, Tensor b) {
        c.check(a.rank() >= 1 && b.rank() >= 1, "operands must have rank >= 1, got %s and %s", a.shape(), b.shape());
        boolean va = a.rank() == 1;
        boolean vb = b.rank() == 1;
        Tensor x = va ? a.unsqueeze(0) : a;
        Tensor y = vb ? b.unsqueeze(1) : b;
        c.check(x.size(-1) == y.size(-2), "inner dimensions differ: %s and %s", a.shape(), b.shape());
        Tensor out;
        if (y.rank() == 2 || (x.rank() == y.rank() && x.shape().sub(0, x.rank() - 2).equals(y.shape().sub(0, y.rank() - 2)))) {
            out = x.matmul(y);
        } else {
            Shape batch = Shape.broadcast("MatMul", x.shape().sub(0, x.rank() - 2), y.shape().sub(0, y.rank() - 2));
            out = x.broadcastTo(batch.append(x.size(-2), x.size(-1))).matmul(y.broadcastTo(batch.append(y.size(-2), y.size(-1))));
        }
        if (va) {
            out = out.squeeze(-2);
        }
        if (vb) {
            out = out.squeeze(-1);
        }
        return out;
    }

    private static long[] kernelShape(OpCall c, Tensor w) {
        long[] k = c.attrs().getInts("kernel_shape", null);
        return k != null ? k : w.shape().sub(2, w.rank()).toArray();
    }

    private static Tensor conv(OpCall c) {
        Tensor x0 = c.input(0);
        Tensor w0 = c.input(1);
        Tensor x = Spatial.to2d(c, x0);
        c.check(w0.rank() == x0.rank(), "weight shape %s does not match input shape %s", w0.shape(), x0.shape());
        Tensor w = x0.rank() == 3 ? w0.unsqueeze(2) : w0;
        long groups = c.attrs().getInt("group", 1);
        c.check(groups >= 1 && x.size(1) == w.size(1) * groups && w.size(0) % groups == 0,
                "input channels %s, weight %s and group %s do not agree (C = weight[1] * group)", x.size(1), w0.shape(), groups);
        Tensor b = c.has(2) ? c.input(2) : null;
        if (b != null) {
            c.check(b.rank() == 1 && b.size(0) == w.size(0), "bias shape %s should be [%s]", b.shape(), w.size(0));
        }
        long[] hw = {x.size(2), x.size(3)};
        Spatial g = Spatial.resolve(c, hw, kernelShape(c, w0), x0.rank(), false);
        c.check(g.kernel[0] == w.size(2) && g.kernel[1] == w.size(3), "kernel_shape %s does not match weight %s",
                g.kernel, w0.shape());
        Tensor y;
        if (g.symmetric()) {
            y = ConvFunctions.conv2d("Conv", x, w, b, g.stride, g.symmetricPadding(), g.dilation, (int) groups);
        } else {
            y = ConvFunctions.conv2d("Conv", g.padExplicitly(x, 0), w, b, g.stride, new int[]{0, 0}, g.dilation, (int) groups);
        }
        return x0.rank() == 3 ? y.squeeze(2) : y;
    }

    private static Tensor convTranspose(OpCall c) {
        Tensor x0 = c.input(0);
        Tensor w0 = c.input(1);
        Tensor x = Spatial.to2d(c, x0);
        Tensor w = x0.rank() == 3 ? w0.unsqueeze(2) : w0;
        c.check(w.rank() == 4 && w.size(0) == x.size(1), "weight %s should be [C=%s, out, k...]", w0.shape(), x.size(1));
        c.check(c.attrs().getInt("group", 1) == 1, "only group = 1 is supported, got %s", c.attrs().getInt("group", 1));
        Attributes a = c.attrs();
        int rank = x0.rank();
        long[] s = orDefault(Spatial.lift(a.getInts("strides", null), rank, 1, false), 1);
        long[] d = orDefault(Spatial.lift(a.getInts("dilations", null), rank, 1, false), 1);
        long[] op = orDefault(Spatial.lift(a.getInts("output_padding", null), rank, 0, false), 0);
        long[] p = Spatial.lift(a.getInts("pads", null), rank, 0, true);
        long[] k = {w.size(2), w.size(3)};
        long[] in = {x.size(2), x.size(3)};
        long[] pads = p == null ? new long[4] : p;
        long[] outShape = Spatial.lift(a.getInts("output_shape", null), rank, 1, false);
        String autoPad = a.getString("auto_pad", "NOTSET");
        if (outShape != null || autoPad.startsWith("SAME")) {
            pads = new long[4];
            for (int i = 0; i < 2; i++) {
                long target = outShape != null ? outShape[outShape.length - 2 + i] : in[i] * s[i];
                long total = s[i] * (in[i] - 1) + op[i] + ((k[i] - 1) * d[i] + 1) - target;
                c.check(total >= 0, "output_shape %s is larger than the full output", outShape);
                boolean upper = !autoPad.equals("SAME_LOWER");
                pads[i] = upper ? total / 2 : total - total / 2;
                pads[i + 2] = total - pads[i];
            }
        }
        c.check(pads.length == 4, "pads must have %s values, got %s", 2 * (rank - 2), p);
        Tensor b = c.has(2) ? c.input(2) : null;
        Tensor y = ConvFunctions.convTranspose2d("ConvTranspose", x, w, b, Attributes.toInts(s),
                new int[]{(int) pads[0], (int) pads[2], (int) pads[1], (int) pads[3]}, Attributes.toInts(op),
                Attributes.toInts(d));
        return rank == 3 ? y.squeeze(2) : y;
    }

    private static long[] orDefault(long[] v, long fill) {
        return v != null ? v : new long[]{fill, fill};
    }

    private static Tensor pool(OpCall c, boolean max) {
        Tensor x0 = c.input(0);
        Tensor x = Spatial.to2d(c, x0);
        c.check(c.outputCount() == 1, "the Indices output is not supported");
        long[] k = c.attrs().getInts("kernel_shape", null);
        c.check(k != null, "kernel_shape is required");
        boolean ceil = c.attrs().getInt("ceil_mode", 0) != 0;
        long[] hw = {x.size(2), x.size(3)};
        Spatial g = Spatial.resolve(c, hw, k, x0.rank(), ceil);
        c.check(g.dilation[0] == 1 && g.dilation[1] == 1, "dilations other than 1 are not supported, got %s", g.dilation);
        int[] zero = {0, 0};
        Tensor y;
        if (max) {
            boolean fits = g.symmetric() && 2 * g.begin[0] <= g.kernel[0] && 2 * g.begin[1] <= g.kernel[1];
            y = fits ? ConvFunctions.pool2d(true, x, g.kernel, g.stride, g.symmetricPadding())
                    : ConvFunctions.pool2d(true, g.padExplicitly(x, Double.NEGATIVE_INFINITY), g.kernel, g.stride, zero);
        } else {
            boolean includePad = c.attrs().getInt("count_include_pad", 0) != 0;
            if (ceil) {
                Spatial noCeil = Spatial.resolve(c, hw, k, x0.rank(), false);
                c.check(noCeil.end[0] == g.end[0] && noCeil.end[1] == g.end[1],
                        "ceil_mode that adds a partial window is not supported");
            }
            Tensor sum = ConvFunctions.pool2d(false, g.padExplicitly(x, 0), g.kernel, g.stride, zero);
            if (includePad || !g.padded()) {
                y = sum;
            } else {
                Tensor ones = Tensor.ones(Shape.of(1, 1, hw[0], hw[1]), x.dtype());
                y = sum.div(ConvFunctions.pool2d(false, g.padExplicitly(ones, 0), g.kernel, g.stride, zero));
            }
        }
        return x0.rank() == 3 ? y.squeeze(2) : y;
    }

    private static Tensor batchNorm(OpCall c) {
        Tensor x = c.input(0);
        c.check(x.rank() >= 2, "expected input of rank >= 2, got %s", x.shape());
        c.check(c.attrs().getInt("training_mode", 0) == 0 && c.outputCount() == 1,
                "training_mode (running-statistics outputs) is not supported");
        long ch = x.size(1);
        for (int i = 1; i <= 4; i++) {
            Tensor t = c.input(i);
            c.check(t.rank() == 1 && t.size(0) == ch, "input %s has shape %s, expected [%s] for input %s", i, t.shape(), ch,
                    x.shape());
        }
        long[] stat = statShape(x);
        double eps = c.attrs().getFloat("epsilon", 1e-5f);
        Tensor scale = c.input(1).div(c.input(4).add(eps).sqrt());
        return x.sub(c.input(3).reshape(stat)).mul(scale.reshape(stat)).add(c.input(2).reshape(stat));
    }

    private static List<Tensor> layerNorm(OpCall c) {
        Tensor x = c.input(0);
        int axis = c.axis(c.attrs().getInt("axis", -1), x.rank());
        int[] axes = new int[x.rank() - axis];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = axis + i;
        }
        Shape normalized = x.shape().sub(axis, x.rank());
        Tensor mean = x.mean(axes, true);
        Tensor centered = x.sub(mean);
        Tensor inv = centered.square().mean(axes, true).add(c.attrs().getFloat("epsilon", 1e-5f)).sqrt().reciprocal();
        Tensor y = centered.mul(inv);
        Tensor scale = c.input(1);
        c.check(Shape.broadcast("LayerNormalization", normalized, scale.shape()).equals(normalized),
                "scale shape %s does not broadcast to the normalized shape %s", scale.shape(), normalized);
        y = y.mul(scale);
        if (c.has(2)) {
            y = y.add(c.input(2));
        }
        List<Tensor> out = new ArrayList<>(List.of(y));
        if (c.outputCount() > 1) {
            out.add(mean);
            out.add(inv);
        }
        return out;
    }

    private static Tensor softmax(OpCall c, boolean log) {
        Tensor x = c.input(0);
        if (c.opset >= 13) {
            int axis = c.axis(c.attrs().getInt("axis", -1), x.rank());
            return log ? x.logSoftmax(axis) : x.softmax(axis);
        }
        int axis = x.rank() == 0 ? 0 : c.axis(c.attrs().getInt("axis", 1), x.rank());
        Shape s = x.shape();
        Tensor flat = x.reshape(s.sub(0, axis).numel(), s.sub(axis, s.rank()).numel());
        return (log ? flat.logSoftmax(1) : flat.softmax(1)).reshape(s);
    }
}
