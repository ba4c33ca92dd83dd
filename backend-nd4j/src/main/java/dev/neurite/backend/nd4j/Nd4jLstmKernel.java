package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.LstmKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * libnd4j's {@code lstmLayer} and {@code lstmLayer_bp}: the time loop runs in native code, so a sequence costs two
 * native calls instead of a dozen per step. libnd4j keeps the weights transposed ({@code [in, 4H]}, gate order
 * {@code i, f, c, o}, PyTorch's), so they are transposed on the way in and the weight gradients on the way out.
 */
final class Nd4jLstmKernel implements LstmKernel {
    private static final String NAME = "LstmKernel";
    /** dataFormat 0 ([T, B, in]), direction, gate sigmoid (2), cell tanh (0), output tanh (0). */
    private static final int SIGMOID = 2;
    private static final int TANH = 0;
    private final Nd4jBackend backend;

    Nd4jLstmKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    private record Args(Nd4jArray x, Nd4jArray wIh, Nd4jArray wHh, Nd4jArray bias, Nd4jArray h0, Nd4jArray c0, long steps, long batch,
                        long in, long hidden, DType dtype) {
    }

    private Args check(NdArray x, NdArray wIh, NdArray wHh, NdArray bias, NdArray h0, NdArray c0) {
        Nd4jArray xa = backend.arg(NAME, "x", x);
        Nd4jArray wi = backend.arg(NAME, "wIh", wIh);
        Nd4jArray wh = backend.arg(NAME, "wHh", wHh);
        Nd4jArray b = bias == null ? null : backend.arg(NAME, "bias", bias);
        Nd4jArray h = backend.arg(NAME, "h0", h0);
        Nd4jArray c = backend.arg(NAME, "c0", c0);
        Shape xs = xa.shape();
        if (xs.rank() != 3 || wi.shape().rank() != 2 || wi.shape().size(1) != xs.size(2) || wi.shape().size(0) % 4 != 0) {
            throw new IllegalArgumentException(NAME + ": expected x [T, B, in] and wIh [4H, in], got x " + xs + " and wIh " + wi.shape());
        }
        long hidden = wi.shape().size(0) / 4;
        Shape state = Shape.of(xs.size(1), hidden);
        if (!wh.shape().equals(Shape.of(4 * hidden, hidden)) || (b != null && !b.shape().equals(Shape.of(4 * hidden)))
                || !h.shape().equals(state) || !c.shape().equals(state)) {
            throw new IllegalArgumentException(NAME + ": expected wHh [" + 4 * hidden + ", " + hidden + "], bias [" + 4 * hidden
                    + "], h0 and c0 " + state + ", got " + wh.shape() + ", " + (b == null ? "none" : b.shape()) + ", " + h.shape()
                    + ", " + c.shape());
        }
        DType dtype = xa.dtype();
        for (Nd4jArray a : new Nd4jArray[]{wi, wh, b, h, c}) {
            if (a != null && a.dtype() != dtype) {
                throw new IllegalArgumentException(NAME + ": every array must be " + dtype + ", got " + a.dtype() + " " + a.shape());
            }
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected floating-point arrays, got " + dtype);
        }
        return new Args(xa, wi, wh, b, h, c, xs.size(0), xs.size(1), xs.size(2), hidden, dtype);
    }

    private static int[] iArgs(boolean reverse) {
        return new int[]{0, reverse ? 1 : 0, SIGMOID, TANH, TANH};
    }

    /** {@code hasBiases, hasSeqLen, hasInitH, hasInitC, hasPH, retFullSeq, retLastH, retLastC}. */
    private static boolean[] bArgs(boolean bias) {
        return new boolean[]{bias, false, true, true, false, true, true, true};
    }

    private static INDArray[] inputs(Args a, Temps t, INDArray... extra) {
        INDArray wx = t.own(a.wIh().read(NAME).transpose().dup('c'));
        INDArray wr = t.own(a.wHh().read(NAME).transpose().dup('c'));
        java.util.List<INDArray> in = new java.util.ArrayList<>(java.util.List.of(a.x().read(NAME), wx, wr));
        if (a.bias() != null) {
            in.add(a.bias().read(NAME));
        }
        in.add(a.h0().read(NAME));
        in.add(a.c0().read(NAME));
        in.addAll(java.util.List.of(extra));
        return in.toArray(new INDArray[0]);
    }

    @Override
    public NdArray[] forward(NdArray x, NdArray wIh, NdArray wHh, NdArray bias, NdArray h0, NdArray c0, boolean reverse) {
        Args a = check(x, wIh, wHh, bias, h0, c0);
        Shape ys = Shape.of(a.steps(), a.batch(), a.hidden());
        Shape state = Shape.of(a.batch(), a.hidden());
        return Nd4jCalls.guard(NAME, () -> {
            INDArray y = Nd4jCalls.alloc(a.dtype(), ys);
            INDArray hN = Nd4jCalls.alloc(a.dtype(), state);
            INDArray cN = Nd4jCalls.alloc(a.dtype(), state);
            try (Temps t = new Temps()) {
                Nd4jCalls.exec("lstmLayer", inputs(a, t), new INDArray[]{y, hN, cN}, iArgs(reverse), new double[]{0}, bArgs(a.bias() != null));
            }
            return new NdArray[]{backend.wrap(y, ys, a.dtype()), backend.wrap(hN, state, a.dtype()), backend.wrap(cN, state, a.dtype())};
        });
    }

    @Override
    public NdArray[] backward(NdArray x, NdArray wIh, NdArray wHh, NdArray bias, NdArray h0, NdArray c0, boolean reverse,
                              NdArray dy, NdArray dhN, NdArray dcN) {
        Args a = check(x, wIh, wHh, bias, h0, c0);
        Nd4jArray gy = backend.arg(NAME, "dy", dy);
        Nd4jArray gh = backend.arg(NAME, "dhN", dhN);
        Nd4jArray gc = backend.arg(NAME, "dcN", dcN);
        Shape state = Shape.of(a.batch(), a.hidden());
        if (!gy.shape().equals(Shape.of(a.steps(), a.batch(), a.hidden())) || !gh.shape().equals(state) || !gc.shape().equals(state)) {
            throw new IllegalArgumentException(NAME + ": expected dy [" + a.steps() + ", " + a.batch() + ", " + a.hidden() + "], dhN and dcN "
                    + state + ", got " + gy.shape() + ", " + gh.shape() + ", " + gc.shape());
        }
        DType dtype = a.dtype();
        return Nd4jCalls.guard(NAME, () -> {
            INDArray dx = Nd4jCalls.alloc(dtype, a.x().shape());
            INDArray dWx = Nd4jCalls.alloc(dtype, Shape.of(a.in(), 4 * a.hidden()));
            INDArray dWr = Nd4jCalls.alloc(dtype, Shape.of(a.hidden(), 4 * a.hidden()));
            INDArray db = a.bias() == null ? null : Nd4jCalls.alloc(dtype, Shape.of(4 * a.hidden()));
            INDArray dh0 = Nd4jCalls.alloc(dtype, state);
            INDArray dc0 = Nd4jCalls.alloc(dtype, state);
            INDArray dWih = Nd4jCalls.alloc(dtype, a.wIh().shape());
            INDArray dWhh = Nd4jCalls.alloc(dtype, a.wHh().shape());
            try (Temps t = new Temps()) {
                t.own(dWx);
                t.own(dWr);
                INDArray[] outs = db == null ? new INDArray[]{dx, dWx, dWr, dh0, dc0} : new INDArray[]{dx, dWx, dWr, db, dh0, dc0};
                Nd4jCalls.exec("lstmLayer_bp", inputs(a, t, gy.read(NAME), gh.read(NAME), gc.read(NAME)), outs, iArgs(reverse),
                        new double[]{0}, bArgs(a.bias() != null));
                dWih.assign(dWx.transpose());
                dWhh.assign(dWr.transpose());
            }
            return new NdArray[]{backend.wrap(dx, a.x().shape(), dtype), backend.wrap(dWih, a.wIh().shape(), dtype),
                    backend.wrap(dWhh, a.wHh().shape(), dtype), db == null ? null : backend.wrap(db, Shape.of(4 * a.hidden()), dtype),
                    backend.wrap(dh0, state, dtype), backend.wrap(dc0, state, dtype)};
        });
    }
}
