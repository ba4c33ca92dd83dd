package dev.neurite.backend.cpu;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.ReduceOp;
import dev.neurite.api.backend.UnaryOp;
import dev.neurite.api.backend.kernel.AdamKernel;
import dev.neurite.api.backend.kernel.Conv2dKernel;
import dev.neurite.api.backend.kernel.LinearKernel;
import dev.neurite.api.backend.kernel.Pool2dKernel;
import dev.neurite.api.backend.kernel.SoftmaxCrossEntropyKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Optional;

/**
 * The Neurite backend on ND4J nd4j-native. This class is the façade: each op family lives in its own helper, and
 * all state is immutable after construction, so concurrent calls share nothing mutable of ours.
 */
public final class CpuBackend implements Backend {
    private final CpuCreation creation = new CpuCreation(this);
    private final CpuUnary unary = new CpuUnary(this);
    private final CpuElementwise elementwise = new CpuElementwise(this);
    private final CpuComparisons comparisons = new CpuComparisons(this);
    private final CpuReductions reductions = new CpuReductions(this);
    private final CpuMatmul matmul = new CpuMatmul(this);
    private final CpuShaping shaping = new CpuShaping(this);
    private final CpuIndexing indexing = new CpuIndexing(this);
    private final LinearKernel linearKernel = new CpuLinearKernel(this);
    private final SoftmaxCrossEntropyKernel softmaxCrossEntropyKernel = new CpuSoftmaxCrossEntropyKernel(this);
    private final AdamKernel adamKernel = new CpuAdamKernel(this);
    private final Conv2dKernel conv2dKernel = new CpuConv2dKernel(this);
    private final Pool2dKernel pool2dKernel = new CpuPool2dKernel(this);
    private final dev.neurite.api.backend.kernel.BatchNormKernel batchNormKernel = new CpuBatchNormKernel(this);

    /** Loads the ND4J natives if that has not happened yet; fails with the reason when they cannot load. */
    public CpuBackend() {
        CpuNatives.require();
    }

    @Override
    public String name() {
        return CpuBackendProvider.NAME;
    }

    @Override
    public String device() {
        return CpuNatives.device();
    }

    // ---- handles

    /** The cpu array behind {@code a}, checked to be usable as argument {@code role} of {@code op}. */
    CpuArray arg(String op, String role, NdArray a) {
        if (a == null) {
            throw new IllegalArgumentException(op + ": " + role + " is null");
        }
        if (!(a instanceof CpuArray c)) {
            throw new IllegalArgumentException(op + ": " + role + " is an array of backend '" + a.backend().name()
                    + "', not of the cpu backend");
        }
        c.read(op);
        return c;
    }

    /** Wraps a freshly allocated ND4J array (the new handle owns it). */
    CpuArray wrap(INDArray fresh, Shape shape, DType dtype) {
        return new CpuArray(this, fresh, Storage.of(fresh), shape, dtype);
    }

    CpuArray wrap(INDArray fresh) {
        return wrap(fresh, Shape.of(fresh.shape()), DTypes.neurite(fresh.dataType()));
    }

    // ---- creation and read-back

    @Override
    public NdArray fromFloats(float[] data, Shape shape) {
        return creation.fromFloats(data, shape);
    }

    @Override
    public NdArray fromDoubles(double[] data, Shape shape, DType dtype) {
        return creation.fromDoubles(data, shape, dtype);
    }

    @Override
    public NdArray fromLongs(long[] data, Shape shape, DType dtype) {
        return creation.fromLongs(data, shape, dtype);
    }

    @Override
    public NdArray full(Shape shape, double value, DType dtype) {
        return creation.full(shape, value, dtype);
    }

    @Override
    public NdArray random(Shape shape, DType dtype, Distribution distribution, double a, double b, long seed) {
        return creation.random(shape, dtype, distribution, a, b, seed);
    }

    @Override
    public float[] toFloats(NdArray x) {
        return creation.toFloats(x);
    }

    @Override
    public double[] toDoubles(NdArray x) {
        return creation.toDoubles(x);
    }

    @Override
    public long[] toLongs(NdArray x) {
        return creation.toLongs(x);
    }

    @Override
    public double item(NdArray x) {
        return creation.item(x);
    }

    @Override
    public NdArray copy(NdArray x) {
        return creation.copy(x);
    }

    @Override
    public NdArray cast(NdArray x, DType dtype) {
        return creation.cast(x, dtype);
    }

    // ---- elementwise

    @Override
    public NdArray unary(UnaryOp op, NdArray x) {
        return unary.unary(op, x);
    }

    @Override
    public NdArray binary(BinaryOp op, NdArray a, NdArray b) {
        return elementwise.binary(op, a, b);
    }

    @Override
    public NdArray binaryScalar(BinaryOp op, NdArray x, double scalar) {
        return elementwise.binaryScalar(op, x, scalar);
    }

    @Override
    public NdArray compare(CompareOp op, NdArray a, NdArray b) {
        return comparisons.compare(op, a, b);
    }

    @Override
    public NdArray compareScalar(CompareOp op, NdArray x, double scalar) {
        return comparisons.compareScalar(op, x, scalar);
    }

    @Override
    public NdArray where(NdArray condition, NdArray a, NdArray b) {
        return comparisons.where(condition, a, b);
    }

    // ---- reductions

    @Override
    public NdArray reduce(ReduceOp op, NdArray x, int[] axes, boolean keepDims) {
        return reductions.reduce(op, x, axes, keepDims);
    }

    @Override
    public NdArray argMax(NdArray x, int axis, boolean keepDims) {
        return reductions.argMax(x, axis, keepDims);
    }

    // ---- linear algebra

    @Override
    public NdArray matmul(NdArray a, NdArray b, boolean transposeA, boolean transposeB) {
        return matmul.matmul(a, b, transposeA, transposeB);
    }

    // ---- shape

    @Override
    public NdArray reshape(NdArray x, Shape shape) {
        return shaping.reshape(x, shape);
    }

    @Override
    public NdArray permute(NdArray x, int... axes) {
        return shaping.permute(x, axes);
    }

    @Override
    public NdArray slice(NdArray x, long[] begin, long[] end, long[] step) {
        return shaping.slice(x, begin, end, step);
    }

    @Override
    public NdArray concat(List<NdArray> parts, int axis) {
        return shaping.concat(parts, axis);
    }

    @Override
    public NdArray pad(NdArray x, long[][] padding, double value) {
        return shaping.pad(x, padding, value);
    }

    @Override
    public NdArray broadcastTo(NdArray x, Shape shape) {
        return shaping.broadcastTo(x, shape);
    }

    @Override
    public NdArray gather(NdArray x, int axis, NdArray indices) {
        return indexing.gather(x, axis, indices);
    }

    @Override
    public NdArray scatterAdd(NdArray base, int axis, NdArray indices, NdArray updates) {
        return indexing.scatterAdd(base, axis, indices, updates);
    }

    // ---- in place

    @Override
    public void assign(NdArray target, NdArray source) {
        elementwise.assign(target, source);
    }

    @Override
    public void applyInPlace(BinaryOp op, NdArray target, NdArray other) {
        elementwise.applyInPlace(op, target, other);
    }

    // ---- fused kernels

    @Override
    public <K> Optional<K> kernel(Class<K> kind) {
        if (kind == LinearKernel.class) {
            return Optional.of(kind.cast(linearKernel));
        }
        if (kind == AdamKernel.class) {
            return Optional.of(kind.cast(adamKernel));
        }
        if (kind == SoftmaxCrossEntropyKernel.class) {
            return Optional.of(kind.cast(softmaxCrossEntropyKernel));
        }
        if (kind == Conv2dKernel.class) {
            return Optional.of(kind.cast(conv2dKernel));
        }
        if (kind == Pool2dKernel.class) {
            return Optional.of(kind.cast(pool2dKernel));
        }
        if (kind == dev.neurite.api.backend.kernel.BatchNormKernel.class) {
            return Optional.of(kind.cast(batchNormKernel));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "CpuBackend[" + device() + "]";
    }
}
