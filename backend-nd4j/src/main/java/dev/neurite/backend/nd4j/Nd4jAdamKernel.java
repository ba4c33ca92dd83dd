package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.kernel.AdamKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam in two native calls per parameter: libnd4j's {@code adam_updater} (moments in place, update into a
 * temporary), then {@code param -= update}.
 *
 * <p>libnd4j computes {@code lr sqrt(1-b2^t) / (1-b1^t) * m / (sqrt(v) + eps)}; PyTorch divides by
 * {@code sqrt(v) / sqrt(1-b2^t) + eps}. Passing {@code eps sqrt(1-b2^t)} makes the two identical.
 */
final class Nd4jAdamKernel implements AdamKernel {
    private static final String NAME = "AdamKernel";
    private final Nd4jBackend backend;

    Nd4jAdamKernel(Nd4jBackend backend) {
        this.backend = backend;
    }

    @Override
    public void update(NdArray param, NdArray grad, NdArray expAvg, NdArray expAvgSq,
                       double learningRate, double beta1, double beta2, double eps, long step) {
        Nd4jArray p = backend.arg(NAME, "param", param);
        Nd4jArray g = backend.arg(NAME, "grad", grad);
        Nd4jArray m = backend.arg(NAME, "expAvg", expAvg);
        Nd4jArray v = backend.arg(NAME, "expAvgSq", expAvgSq);
        for (Nd4jArray a : new Nd4jArray[]{g, m, v}) {
            if (!a.shape().equals(p.shape()) || a.dtype() != p.dtype()) {
                throw new IllegalArgumentException(NAME + ": grad and moments must match the parameter " + p.shape() + " "
                        + p.dtype() + ", got " + a.shape() + " " + a.dtype());
            }
        }
        if (!p.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(NAME + ": expected a floating-point parameter, got " + p.dtype());
        }
        if (step < 1 || step > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(NAME + ": step must be in [1, 2^31), got " + step);
        }
        double pytorchEps = eps * Math.sqrt(1 - Math.pow(beta2, step));
        DType dtype = p.dtype();
        Nd4jCalls.guardRun(NAME, () -> {
            INDArray pa = p.writable(NAME);
            INDArray ma = m.writable(NAME);
            INDArray va = v.writable(NAME);
            INDArray update = Nd4jCalls.alloc(dtype, p.shape());
            try {
                Nd4jCalls.exec("adam_updater", new INDArray[]{g.read(NAME), va, ma}, new INDArray[]{update, va, ma},
                        new int[]{(int) (step - 1)}, new double[]{learningRate, beta1, beta2, pytorchEps}, null);
                // libnd4j replaces a step size of 0 by epsilon; a rate of 0 must leave the parameter alone.
                if (learningRate != 0) {
                    Nd4jCalls.exec("subtract", pa, pa, update);
                }
            } finally {
                Nd4jCalls.free(update);
            }
        });
    }
}
