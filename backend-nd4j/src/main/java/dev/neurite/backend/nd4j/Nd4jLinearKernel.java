package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.LinearKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code y = x W^T + b} in one or two native calls, W kept in PyTorch's [out, in] layout (never transposed in
 * memory): the oneDNN {@code matmul} with a transposed right operand, then an in-place broadcast add of the bias.
 *
 * <p>libnd4j's fused {@code xw_plus_b} (iArg 1 = weights are [out, in]) was measured against this; it goes
 * through MmulHelper rather than the oneDNN matmul and was not faster overall (see LinearKernelBenchmark).
 */
final class Nd4jLinearKernel implements LinearKernel {
    private static final String NAME = "LinearKernel";
    private final Nd4jBackend backend;

    Nd4jLinearKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public NdArray forward(NdArray x, NdArray weight, NdArray bias) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Nd4jArray w = backend.arg(NAME, "weight", weight);
        Nd4jArray b = bias == null ? null : backend.arg(NAME, "bias", bias);
        Shape xs = xc.shape();
        Shape ws = w.shape();
        if (xs.rank() != 2 || ws.rank() != 2 || xs.size(1) != ws.size(1)) {
            throw new IllegalArgumentException(NAME + ": expected x [batch, in] and weight [out, in], got x " + xs
                    + " and weight " + ws);
        }
        long out = ws.size(0);
        if (b != null && !b.shape().equals(Shape.of(out))) {
            throw new IllegalArgumentException(NAME + ": expected bias [" + out + "] for weight " + ws + ", got "
                    + b.shape());
        }
        DType dtype = DType.promote(xc.dtype(), w.dtype());
        if (b != null) {
            dtype = DType.promote(dtype, b.dtype());
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected floating-point x, weight and bias, got "
                    + xc.dtype() + ", " + w.dtype() + (b == null ? "" : ", " + b.dtype()));
        }
        Shape ys = Shape.of(xs.size(0), out);
        DType type = dtype;
        return Nd4jCalls.guard(NAME, () -> {
            try (Temps t = new Temps()) {
                INDArray y = Nd4jCalls.alloc(type, ys);
                if (ys.numel() > 0) {
                    INDArray xa = t.cast(xc.read(NAME), xc.dtype(), type);
                    INDArray wa = t.cast(w.read(NAME), w.dtype(), type);
                    INDArray ba = b == null ? null : t.cast(b.read(NAME), b.dtype(), type);
                    matmulAdd(xa, wa, ba, y, xs.size(1) == 0);
                }
                return backend.wrap(y, ys, type);
            }
        });
    }

    /** The production path: matmul(x, W^T) into y, then y += b in place. */
    static void matmulAdd(INDArray x, INDArray w, INDArray b, INDArray y, boolean emptyInner) {
        if (emptyInner) {
            y.assign(0);
        } else {
            Nd4jMatmul.mm(x, w, y, false, true);
        }
        if (b != null) {
            Nd4jCalls.exec("add", y, y, b);
        }
    }

    /** libnd4j's fused op, kept for the benchmark that justifies not using it. */
    static void xwPlusB(INDArray x, INDArray w, INDArray b, INDArray y) {
        Nd4jCalls.exec("xw_plus_b", new INDArray[]{x, w, b}, new INDArray[]{y}, new int[]{1}, null, null);
    }
}
