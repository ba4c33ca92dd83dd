package dev.neurite.api.backend;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;

import java.util.List;
import java.util.Optional;

/**
 * A compute backend: a small mandatory set of primitives plus optional fused kernels (see {@link #kernel}).
 *
 * <p>Contract for every method:
 * <ul>
 *   <li>Inputs are never modified, except by {@link #assign} and {@link #applyInPlace}.</li>
 *   <li>Results are fresh handles the caller owns and closes (they may share storage, see {@link NdArray}).</li>
 *   <li>Binary ops and {@link #where} broadcast like NumPy. Operands of different dtypes are promoted with
 *       {@link DType#promote}.</li>
 *   <li>Bad arguments raise {@link IllegalArgumentException} whose message names the operation and the expected
 *       and actual shapes/dtypes; a backend never lets a native exception escape.</li>
 *   <li>Implementations are thread-safe: independent calls may run concurrently.</li>
 * </ul>
 */
public interface Backend {
    /** Stable short name, e.g. {@code cpu}. */
    String name();

    /** Human-readable description of the device, e.g. the CPU model, native build and thread count. */
    String device();

    // ---- creation and read-back

    NdArray fromFloats(float[] data, Shape shape);

    /** Creates an array of {@code dtype} from doubles (converted). */
    NdArray fromDoubles(double[] data, Shape shape, DType dtype);

    /** Creates an array of {@code dtype} (an integer type or bool: non-zero is true) from longs. */
    NdArray fromLongs(long[] data, Shape shape, DType dtype);

    NdArray full(Shape shape, double value, DType dtype);

    /** Deterministic for a given seed, shape, dtype and distribution. */
    NdArray random(Shape shape, DType dtype, Distribution distribution, double a, double b, long seed);

    float[] toFloats(NdArray x);

    double[] toDoubles(NdArray x);

    long[] toLongs(NdArray x);

    /** The single element of a one-element array, as a double. */
    double item(NdArray x);

    NdArray copy(NdArray x);

    NdArray cast(NdArray x, DType dtype);

    // ---- elementwise

    NdArray unary(UnaryOp op, NdArray x);

    NdArray binary(BinaryOp op, NdArray a, NdArray b);

    /** {@code x op scalar}, keeping x's dtype. */
    NdArray binaryScalar(BinaryOp op, NdArray x, double scalar);

    NdArray compare(CompareOp op, NdArray a, NdArray b);

    NdArray compareScalar(CompareOp op, NdArray x, double scalar);

    /** {@code condition ? a : b} elementwise; condition is bool; all three broadcast. */
    NdArray where(NdArray condition, NdArray a, NdArray b);

    // ---- reductions

    /** Reduces over {@code axes} (non-negative, sorted, distinct; empty means all axes). */
    NdArray reduce(ReduceOp op, NdArray x, int[] axes, boolean keepDims);

    /** Index of the maximum along {@code axis}, as int64. */
    NdArray argMax(NdArray x, int axis, boolean keepDims);

    // ---- linear algebra

    /**
     * Matrix product of the last two dimensions, optionally transposing either operand first. Rank-2 by rank-2,
     * or batched: both of rank n >= 3 with equal leading dimensions, or a rank-n by a rank-2 (shared right side).
     */
    NdArray matmul(NdArray a, NdArray b, boolean transposeA, boolean transposeB);

    // ---- shape

    NdArray reshape(NdArray x, Shape shape);

    NdArray permute(NdArray x, int... axes);

    /** Strided slice: per dimension {@code [begin, end)} with a positive step; all arrays have length rank. */
    NdArray slice(NdArray x, long[] begin, long[] end, long[] step);

    NdArray concat(List<NdArray> parts, int axis);

    /** Constant padding; {@code padding[d] = {before, after}} for every dimension d. */
    NdArray pad(NdArray x, long[][] padding, double value);

    NdArray broadcastTo(NdArray x, Shape shape);

    /**
     * Takes entries along {@code axis} at int64 {@code indices} (NumPy {@code take}): the result's shape is
     * {@code x.shape[:axis] + indices.shape + x.shape[axis+1:]}.
     */
    NdArray gather(NdArray x, int axis, NdArray indices);

    /** The adjoint of {@link #gather}: a copy of {@code base} with {@code updates} added at {@code indices} along {@code axis}. */
    NdArray scatterAdd(NdArray base, int axis, NdArray indices, NdArray updates);

    // ---- in place (optimizers, accumulators)

    /** Copies {@code source} (broadcast to the target's shape, cast to its dtype) into {@code target}. */
    void assign(NdArray target, NdArray source);

    /** {@code target = target op other}, other broadcast to the target's shape. */
    void applyInPlace(BinaryOp op, NdArray target, NdArray other);

    // ---- fused kernels

    /**
     * A fused kernel of the given kind (an interface in {@code dev.neurite.api.backend.kernel}) if this backend
     * provides one. Layers fall back to the primitive path when it does not.
     */
    default <K> Optional<K> kernel(Class<K> kind) {
        return Optional.empty();
    }
}
