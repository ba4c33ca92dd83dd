package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Supplier;

/**
 * The boundary to ND4J: every native call goes through {@link #guard}, so that no ND4J exception reaches a user,
 * plus the few helpers every op family needs (allocation, custom-op execution, layout checks).
 */
final class Nd4jCalls {
    private Nd4jCalls() {
    }

    /**
     * Runs {@code body}, turning whatever ND4J throws into an {@link IllegalStateException} naming {@code op}.
     * Arguments are validated before this point, so a failure here is the backend's, not the caller's.
     */
    static <T> T guard(String op, Supplier<T> body) {
        try {
            return body.get();
        } catch (OutOfMemoryError e) {
            throw new IllegalStateException(op + ": out of memory (" + e.getMessage() + ")", e);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            throw new IllegalStateException(op + ": ND4J failed: " + message(e), e);
        }
    }

    static void guardRun(String op, Runnable body) {
        guard(op, () -> {
            body.run();
            return null;
        });
    }

    private static String message(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (sb.length() > 0) {
                sb.append("; caused by ");
            }
            sb.append(c.getClass().getSimpleName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
        }
        return sb.toString();
    }

    /** A new c-ordered array; its contents are garbage until written. */
    static INDArray alloc(DType dtype, Shape shape) {
        if (shape.numel() == 0) {
            return Nd4j.create(DTypes.nd4j(dtype), shape.toArray());
        }
        long[] dims = shape.toArray();
        DataType type = DTypes.nd4j(dtype);
        DataBuffer buffer = BufferPool.instance().take(type, shape.numel());
        return Nd4j.create(buffer, dims, Nd4j.getStrides(dims, 'c'), 0, 'c', type);
    }

    /** Runs the libnd4j custom op {@code name} writing into preallocated {@code outputs}. */
    static void exec(String name, INDArray[] inputs, INDArray[] outputs, int[] iArgs, double[] tArgs, boolean[] bArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(outputs);
        if (iArgs != null && iArgs.length > 0) {
            b.addIntegerArguments(iArgs);
        }
        if (tArgs != null && tArgs.length > 0) {
            b.addFloatingPointArguments(box(tArgs));
        }
        if (bArgs != null && bArgs.length > 0) {
            b.addBooleanArguments(bArgs);
        }
        Nd4j.exec(b.build());
    }

    static void exec(String name, INDArray output, INDArray... inputs) {
        exec(name, inputs, new INDArray[]{output}, null, null, null);
    }

    private static Double[] box(double[] v) {
        Double[] r = new Double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = v[i];
        }
        return r;
    }

    /** A fresh copy of {@code a} as {@code dtype}, c-ordered, from the buffer pool; the caller frees it. */
    static INDArray castCopy(INDArray a, DType dtype) {
        INDArray out = alloc(dtype, Shape.of(a.shape()));
        if (out.length() > 0) {
            // assign converts the type and walks any layout; ND4J's own dup/castTo would allocate outside the pool,
            // and a fresh large buffer costs its page faults on every step.
            out.assign(a);
        }
        return out;
    }

    /** A dense c-ordered copy of {@code a} from the buffer pool; the caller frees it. */
    static INDArray denseCopy(INDArray a) {
        INDArray out = alloc(DTypes.neurite(a.dataType()), Shape.of(a.shape()));
        if (out.length() > 0) {
            out.assign(a);
        }
        return out;
    }

    /** Whether {@code a} is laid out as a dense c-order block (any offset), so reshape can be a view. */
    static boolean denseC(INDArray a) {
        long[] shape = a.shape();
        long[] stride = a.stride();
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    /** Frees an array this backend allocated as a temporary; never call on a user's array or a view of one. */
    static void free(INDArray temp) {
        if (temp != null) {
            Storage.of(temp).release();
        }
    }
}
