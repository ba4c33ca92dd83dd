package dev.neurite.backend.nd4j;

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
import dev.neurite.api.backend.kernel.ConvTranspose2dKernel;
import dev.neurite.api.backend.kernel.LinearKernel;
import dev.neurite.api.backend.kernel.Pool2dKernel;
import dev.neurite.api.backend.kernel.SoftmaxCrossEntropyKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A Neurite backend on ND4J, for whichever ND4J build (nd4j-native, nd4j-cuda) the process loaded: ND4J's array
 * API is the same for all of them, so the backend modules only choose and load their natives, then create this.
 * This class is the façade: each op family lives in its own helper, and all state is immutable after
 * construction, so concurrent calls share nothing mutable of ours.
 */
public final class Nd4jBackend implements Backend {
    private final String name;
    private final Supplier<String> device;
    private final Nd4jCreation creation = new Nd4jCreation(this);
    private final Nd4jUnary unary = new Nd4jUnary(this);
    private final Nd4jElementwise elementwise = new Nd4jElementwise(this);
    private final Nd4jComparisons comparisons = new Nd4jComparisons(this);
    private final Nd4jReductions reductions = new Nd4jReductions(this);
    private final Nd4jMatmul matmul = new Nd4jMatmul(this);
    private final Nd4jShaping shaping = new Nd4jShaping(this);
    private final Nd4jIndexing indexing = new Nd4jIndexing(this);
    private final LinearKernel linearKernel = new Nd4jLinearKernel(this);
    private final SoftmaxCrossEntropyKernel softmaxCrossEntropyKernel = new Nd4jSoftmaxCrossEntropyKernel(this);
    private final AdamKernel adamKernel = new Nd4jAdamKernel(this);
    private final Conv2dKernel conv2dKernel = new Nd4jConv2dKernel(this);
    private final Pool2dKernel pool2dKernel = new Nd4jPool2dKernel(this);
    private final ConvTranspose2dKernel convTranspose2dKernel = new Nd4jConvTranspose2dKernel(this);
    private final dev.neurite.api.backend.kernel.BatchNormKernel batchNormKernel = new Nd4jBatchNormKernel(this);
    private final dev.neurite.api.backend.kernel.SoftmaxKernel softmaxKernel = new Nd4jSoftmaxKernel(this);

    /**
     * A backend over the ND4J build already loaded by the calling backend module.
     *
     * @param name   the backend's name, as its provider reports it (e.g. {@code cpu})
     * @param device describes the device; asked on every {@link #device()} call
     */
    public Nd4jBackend(String name, Supplier<String> device) {
        this.name = Objects.requireNonNull(name, "name");
        this.device = Objects.requireNonNull(device, "device");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String device() {
        return device.get();
    }

    // ---- handles

    /** The ND4J array behind {@code a}, checked to be usable as argument {@code role} of {@code op}. */
    Nd4jArray arg(String op, String role, NdArray a) {
        if (a == null) {
            throw new IllegalArgumentException(op + ": " + role + " is null");
        }
        if (!(a instanceof Nd4jArray c) || a.backend() != this) {
            throw new IllegalArgumentException(op + ": " + role + " is an array of backend '" + a.backend().name()
                    + "', not of the " + name + " backend");
        }
        c.read(op);
        return c;
    }

    /** Wraps a freshly allocated ND4J array (the new handle owns it). */
    Nd4jArray wrap(INDArray fresh, Shape shape, DType dtype) {
        return new Nd4jArray(this, fresh, Storage.of(fresh), shape, dtype);
    }

    Nd4jArray wrap(INDArray fresh) {
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
        if (kind == ConvTranspose2dKernel.class) {
            return Optional.of(kind.cast(convTranspose2dKernel));
        }
        if (kind == dev.neurite.api.backend.kernel.BatchNormKernel.class) {
            return Optional.of(kind.cast(batchNormKernel));
        }
        if (kind == dev.neurite.api.backend.kernel.SoftmaxKernel.class) {
            return Optional.of(kind.cast(softmaxKernel));
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "Nd4jBackend[" + name + ", " + device() + "]";
    }
}
