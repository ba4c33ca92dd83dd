package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.BatchNormKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training-mode batch normalisation on libnd4j's {@code batchnorm} op over axis 1. The batch mean and biased
 * variance are reduced first, in one {@code moments} pass (libnd4j's op takes them as inputs). libnd4j's {@code batchnorm_bp} is not used: in
 * 1.0.0-M2.1 it crashed the JVM (SIGSEGV in {@code NDArray::operator()}) on [B, C] inputs, so the layer
 * differentiates with a closed form in Tensor ops instead.
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
