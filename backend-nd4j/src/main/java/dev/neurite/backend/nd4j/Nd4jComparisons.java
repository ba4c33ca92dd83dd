package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarEquals;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarGreaterThan;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarGreaterThanOrEqual;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarLessThan;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarLessThanOrEqual;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarNotEquals;
import org.nd4j.linalg.factory.Nd4j;

/** Comparisons (bool results) and {@code where}. */
final class Nd4jComparisons {
    private final Nd4jBackend backend;

    Nd4jComparisons(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray compare(CompareOp op, NdArray a, NdArray b) {
        String name = name(op);
        Nd4jArray x = backend.arg(name, "a", a);
        Nd4jArray y = backend.arg(name, "b", b);
        Shape shape = Shape.broadcast(name, x.shape(), y.shape());
        // Bools compare as the integers 0 and 1, which gives ordering comparisons a meaning.
        DType common = DType.promote(x.dtype(), y.dtype());
        DType dtype = common == DType.BOOL ? DType.INT32 : common;
        String customOp = switch (op) {
            case EQ -> "equals";
            case NE -> "not_equals";
            case LT -> "less";
            case LE -> "less_equal";
            case GT -> "greater";
            case GE -> "greater_equal";
        };
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = Nd4jCalls.alloc(DType.BOOL, shape);
                if (shape.numel() > 0) {
                    Nd4jCalls.exec(customOp, z, t.cast(x.read(name), x.dtype(), dtype), t.cast(y.read(name), y.dtype(), dtype));
                }
                return backend.wrap(z, shape, DType.BOOL);
            }
        });
    }

    NdArray compareScalar(CompareOp op, NdArray x, double scalar) {
        String name = name(op);
        Nd4jArray c = backend.arg(name, "x", x);
        // ND4J converts the scalar to x's dtype, so an integer x against 2.5 would compare with 2: widen x instead.
        DType dtype = c.dtype().isFloatingPoint() ? c.dtype()
                : c.dtype() == DType.BOOL || scalar != Math.rint(scalar) ? DType.FLOAT64 : c.dtype();
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = Nd4jCalls.alloc(DType.BOOL, c.shape());
                if (c.shape().numel() > 0) {
                    Nd4j.exec(scalarOp(op, t.cast(c.read(name), c.dtype(), dtype), z, scalar));
                }
                return backend.wrap(z, c.shape(), DType.BOOL);
            }
        });
    }

    private static Op scalarOp(CompareOp op, INDArray x, INDArray z, double s) {
        return switch (op) {
            case EQ -> new ScalarEquals(x, z, s);
            case NE -> new ScalarNotEquals(x, z, s);
            case LT -> new ScalarLessThan(x, z, s);
            case LE -> new ScalarLessThanOrEqual(x, z, s);
            case GT -> new ScalarGreaterThan(x, z, s);
            case GE -> new ScalarGreaterThanOrEqual(x, z, s);
        };
    }

    NdArray where(NdArray condition, NdArray a, NdArray b) {
        String name = "where";
        Nd4jArray c = backend.arg(name, "condition", condition);
        Nd4jArray x = backend.arg(name, "a", a);
        Nd4jArray y = backend.arg(name, "b", b);
        if (c.dtype() != DType.BOOL) {
            throw new IllegalArgumentException(name + ": expected a bool condition, got " + c.dtype() + " " + c.shape());
        }
        Shape shape = Shape.broadcast(name, Shape.broadcast(name, c.shape(), x.shape()), y.shape());
        DType dtype = DType.promote(x.dtype(), y.dtype());
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = Nd4jCalls.alloc(dtype, shape);
                if (shape.numel() > 0) {
                    // libnd4j's select wants equal shapes; the common case needs no expansion.
                    Nd4jCalls.exec("select", z, t.operand(c, name, DType.BOOL, shape), t.operand(x, name, dtype, shape),
                            t.operand(y, name, dtype, shape));
                }
                return backend.wrap(z, shape, dtype);
            }
        });
    }

    private static String name(CompareOp op) {
        if (op == null) {
            throw new IllegalArgumentException("compare: op is null");
        }
        return op.name().toLowerCase(java.util.Locale.ROOT);
    }
}
