package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.BatchNormKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training-mode batch normalisation on libnd4j's {@code batchnorm} op over axis 1. The batch mean and biased
 * variance are reduced first, in one {@code moments} pass (libnd4j's op takes them as inputs).
 *
 * <p>The backward pass is plain Java over the arrays' host memory ({@link BatchNormBackward}), two passes per
 * channel with the channels split across the cores. libnd4j's {@code batchnorm_bp} is not used: in 1.0.0-M2.1 it
 * crashed the JVM (SIGSEGV in {@code NDArray::operator()}) on [B, C] inputs and took 108 ms for [128, 16, 28, 28]
 * (the closed form in ND4J ops: 151 ms). Off the CPU (device memory) there is no fused backward, and the layer's closed form runs.
 */
final class Nd4jBatchNormKernel implements BatchNormKernel {
    private static final String NAME = "BatchNormKernel";
    private final Nd4jBackend backend;

    Nd4jBatchNormKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public NdArray[] forward(NdArray x, NdArray gamma, NdArray beta, double eps) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Shape cs = check(xc, eps);
        Nd4jArray gc = affine(xc, cs, gamma, beta, "gamma");
        Nd4jArray bc = gc == null ? null : affine(xc, cs, gamma, beta, "beta");
        DType dtype = xc.dtype();
        int[] dims = reductionAxes(xc.shape().rank());
        return Nd4jCalls.guard(NAME, () -> {
            try (Temps t = new Temps()) {
                INDArray in = Nd4jWindows.dense(t, xc.read(NAME));
                INDArray mean = Nd4jCalls.alloc(dtype, cs);
                INDArray var = Nd4jCalls.alloc(dtype, cs);
                // One pass for both: INDArray.var over axes (0, 2, 3) is about 6x slower than the whole of moments.
                Nd4jCalls.exec("moments", new INDArray[]{in}, new INDArray[]{mean, var}, dims, null, null);
                INDArray y = Nd4jCalls.alloc(dtype, xc.shape());
                INDArray[] inputs = gc == null ? new INDArray[]{in, mean, var}
                        : new INDArray[]{in, mean, var, Nd4jWindows.dense(t, gc.read(NAME)), Nd4jWindows.dense(t, bc.read(NAME))};
                Nd4jCalls.exec("batchnorm", inputs, new INDArray[]{y}, iArgs(gc != null), new double[]{eps}, null);
                return new NdArray[]{backend.wrap(y, xc.shape(), dtype), backend.wrap(mean, cs, dtype),
                        backend.wrap(var, cs, dtype)};
            }
        });
    }

    @Override
    public java.util.Optional<NdArray[]> backward(NdArray x, NdArray gamma, NdArray mean, NdArray variance, NdArray g, double eps) {
        Nd4jArray xc = backend.arg(NAME, "x", x);
        Shape cs = check(xc, eps);
        Nd4jArray gc = gamma == null ? null : stat(xc, cs, gamma, "gamma");
        Nd4jArray mc = stat(xc, cs, mean, "mean");
        Nd4jArray vc = stat(xc, cs, variance, "variance");
        Nd4jArray dy = backend.arg(NAME, "g", g);
        if (!dy.shape().equals(xc.shape()) || dy.dtype() != xc.dtype()) {
            throw new IllegalArgumentException(NAME + ": expected g " + xc.shape() + " " + xc.dtype() + " (as x), got "
                    + dy.shape() + " " + dy.dtype());
        }
        if (!org.nd4j.linalg.factory.Nd4j.getEnvironment().isCPU()) {
            return java.util.Optional.empty();
        }
        DType dtype = xc.dtype();
        return Nd4jCalls.guard(NAME, () -> {
            try (Temps t = new Temps()) {
                INDArray dx = Nd4jCalls.alloc(dtype, xc.shape());
                INDArray dGamma = Nd4jCalls.alloc(dtype, cs);
                INDArray dBeta = Nd4jCalls.alloc(dtype, cs);
                BatchNormBackward.run(Nd4jWindows.dense(t, xc.read(NAME)), Nd4jWindows.dense(t, dy.read(NAME)),
                        gc == null ? null : Nd4jWindows.dense(t, gc.read(NAME)), Nd4jWindows.dense(t, mc.read(NAME)),
                        Nd4jWindows.dense(t, vc.read(NAME)), eps, dx, dGamma, dBeta);
                NdArray[] out = {backend.wrap(dx, xc.shape(), dtype), null, null};
                if (gc == null) {
                    Nd4jCalls.free(dGamma);
                    Nd4jCalls.free(dBeta);
                } else {
                    out[1] = backend.wrap(dGamma, cs, dtype);
                    out[2] = backend.wrap(dBeta, cs, dtype);
                }
                return java.util.Optional.of(out);
            }
        });
    }

    /** applyScale, applyOffset, then the channel axis 1. */
    private static int[] iArgs(boolean affine) {
        return new int[]{affine ? 1 : 0, affine ? 1 : 0, 1};
    }

    private static int[] reductionAxes(int rank) {
        int[] axes = new int[rank - 1];
        for (int i = 2; i < rank; i++) {
            axes[i - 1] = i;
        }
        return axes;
    }

    private static Shape check(Nd4jArray x, double eps) {
        Shape xs = x.shape();
        if (xs.rank() < 2 || xs.rank() > 4 || xs.numel() == 0) {
            throw new IllegalArgumentException(NAME + ": expected a non-empty x [batch, channels, ...] of rank 2 to 4, got " + xs);
        }
        if (!x.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected a floating-point x, got " + x.dtype());
        }
        if (!(eps > 0)) {
            throw new IllegalArgumentException(NAME + ": eps must be > 0, got " + eps);
        }
        return Shape.of(xs.size(1));
    }

    private Nd4jArray affine(Nd4jArray x, Shape cs, NdArray gamma, NdArray beta, String role) {
        if ((gamma == null) != (beta == null)) {
            throw new IllegalArgumentException(NAME + ": gamma and beta must both be given or both be null");
        }
        if (gamma == null) {
            return null;
        }
        return stat(x, cs, role.equals("gamma") ? gamma : beta, role);
    }

    private Nd4jArray stat(Nd4jArray x, Shape cs, NdArray a, String role) {
        Nd4jArray c = backend.arg(NAME, role, a);
        if (!c.shape().equals(cs) || c.dtype() != x.dtype()) {
            throw new IllegalArgumentException(NAME + ": expected " + role + " " + cs + " " + x.dtype() + ", got "
                    + c.shape() + " " + c.dtype());
        }
        return c;
    }
}
