package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.reduce.longer.MatchCondition;
import org.nd4j.linalg.api.ops.impl.scalar.Pow;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarAdd;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarDivision;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMax;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMin;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarMultiplication;
import org.nd4j.linalg.api.ops.impl.scalar.ScalarSubtraction;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.conditions.Condition;
import org.nd4j.linalg.indexing.conditions.Conditions;

import java.util.Locale;

/**
 * Binary arithmetic: with broadcasting, with a scalar, and in place.
 *
 * <p>Dtypes follow the reference backend: operands promote with {@link DType#promote}; integer results are integer
 * arithmetic ({@code DIV} truncates toward zero; a zero divisor or a negative integer exponent is an error); an
 * integer operand meeting a fractional scalar or a floating-point in-place operand is computed in float64 and
 * truncated back; bool results are computed as numbers, non-zero meaning true.
 */
final class Nd4jElementwise {
    private final Nd4jBackend backend;

    Nd4jElementwise(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray binary(BinaryOp op, NdArray a, NdArray b) {
        String name = name(op);
        Nd4jArray x = backend.arg(name, "a", a);
        Nd4jArray y = backend.arg(name, "b", b);
        Shape shape = Shape.broadcast(name, x.shape(), y.shape());
        DType dtype = DType.promote(x.dtype(), y.dtype());
        DType compute = dtype == DType.BOOL ? DType.FLOAT32 : dtype;
        if (isInteger(dtype)) {
            checkIntegerOperand(name, op, y);
        }
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray z = Nd4jCalls.alloc(compute, shape);
                if (shape.numel() > 0) {
                    Nd4jCalls.exec(customOp(op), z, t.cast(x.read(name), x.dtype(), compute),
                            t.cast(y.read(name), y.dtype(), compute));
                }
                if (compute == dtype) {
                    return backend.wrap(z, shape, dtype);
                }
                t.own(z);
                return backend.wrap(Nd4jCalls.castCopy(z, dtype), shape, dtype);
            }
        });
    }

    NdArray binaryScalar(BinaryOp op, NdArray x, double scalar) {
        String name = name(op);
        Nd4jArray c = backend.arg(name, "x", x);
        DType dtype = c.dtype();
        boolean whole = scalar == Math.rint(scalar) && !Double.isInfinite(scalar);
        if (isInteger(dtype) && whole) {
            if (op == BinaryOp.DIV && scalar == 0) {
                throw new IllegalArgumentException(name + ": integer division by zero (x is " + c.shape() + " " + dtype
                        + ")");
            }
            if (op == BinaryOp.POW && scalar < 0) {
                throw new IllegalArgumentException(name + ": integers to negative integer powers are not allowed (x is "
                        + c.shape() + " " + dtype + ", exponent " + scalar + ")");
            }
        }
        // libnd4j converts the scalar to x's dtype first, so fractions (and powers, to be safe) go through float64.
        DType compute = dtype.isFloatingPoint() ? dtype
                : isInteger(dtype) && whole && op != BinaryOp.POW ? dtype : DType.FLOAT64;
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray in = t.cast(c.read(name), dtype, compute);
                INDArray z = Nd4jCalls.alloc(compute, c.shape());
                if (c.shape().numel() > 0) {
                    Nd4j.exec(scalarOp(op, in, z, scalar));
                }
                if (compute == dtype) {
                    return backend.wrap(z, c.shape(), dtype);
                }
                t.own(z);
                return backend.wrap(Nd4jCalls.castCopy(z, dtype), c.shape(), dtype);
            }
        });
    }

    void applyInPlace(BinaryOp op, NdArray target, NdArray other) {
        String name = "applyInPlace(" + (op == null ? null : op.name()) + ")";
        requireOp(name, op);
        Nd4jArray t = backend.arg(name, "target", target);
        Nd4jArray o = backend.arg(name, "other", other);
        requireBroadcastsTo(name, o.shape(), t.shape());
        DType dtype = t.dtype();
        // As if computed in the wider type and stored back: an int64 target times 0.5 is halved, not zeroed.
        DType compute = dtype == DType.BOOL ? DType.FLOAT32
                : isInteger(dtype) && o.dtype().isFloatingPoint() ? DType.FLOAT64 : dtype;
        if (isInteger(compute)) {
            checkIntegerOperand(name, op, o);
        }
        Nd4jCalls.guardRun(name, () -> {
            if (t.shape().numel() == 0) {
                return;
            }
            try (Temps temps = new Temps()) {
                INDArray oi = temps.cast(o.read(name), o.dtype(), compute);
                if (compute == dtype) {
                    INDArray ti = t.writable(name);
                    Nd4jCalls.exec(customOp(op), ti, ti, oi);
                } else {
                    INDArray wide = temps.own(Nd4jCalls.castCopy(t.read(name), compute));
                    Nd4jCalls.exec(customOp(op), wide, wide, oi);
                    t.writable(name).assign(wide);
                }
            }
        });
    }

    void assign(NdArray target, NdArray source) {
        String name = "assign";
        Nd4jArray t = backend.arg(name, "target", target);
        Nd4jArray s = backend.arg(name, "source", source);
        requireBroadcastsTo(name, s.shape(), t.shape());
        Nd4jCalls.guardRun(name, () -> {
            if (t.shape().numel() == 0) {
                return;
            }
            try (Temps temps = new Temps()) {
                // ND4J's assign converts dtypes but does not broadcast (it fills by element order), so expand first.
                INDArray si = temps.broadcast(s.read(name), s.shape(), s.dtype(), t.shape());
                t.writable(name).assign(si);
            }
        });
    }

    private static String customOp(BinaryOp op) {
        return switch (op) {
            case ADD -> "add";
            case SUB -> "subtract";
            case MUL -> "multiply";
            case DIV -> "divide";
            case POW -> "Pow";
            case MAX -> "maximum";
            case MIN -> "minimum";
        };
    }

    private static Op scalarOp(BinaryOp op, INDArray x, INDArray z, double s) {
        return switch (op) {
            case ADD -> new ScalarAdd(x, null, z, s);
            case SUB -> new ScalarSubtraction(x, null, z, s);
            case MUL -> new ScalarMultiplication(x, null, z, s);
            case DIV -> new ScalarDivision(x, null, z, s);
            case POW -> new Pow(x, z, s);
            case MAX -> new ScalarMax(x, null, z, s);
            case MIN -> new ScalarMin(x, null, z, s);
        };
    }

    /**
     * Integer division by zero raises SIGFPE inside libnd4j and kills the JVM, so a zero divisor is caught here;
     * a negative integer exponent has no integer result.
     */
    private static void checkIntegerOperand(String name, BinaryOp op, Nd4jArray operand) {
        if (op == BinaryOp.DIV && count(name, operand, Conditions.equals(0)) > 0) {
            throw new IllegalArgumentException(name + ": integer division by zero (the divisor " + operand.shape() + " "
                    + operand.dtype() + " has zero elements)");
        }
        if (op == BinaryOp.POW && count(name, operand, Conditions.lessThan(0)) > 0) {
            throw new IllegalArgumentException(name + ": integers to negative integer powers are not allowed (the "
                    + "exponent " + operand.shape() + " " + operand.dtype() + " has negative elements)");
        }
    }

    private static long count(String name, Nd4jArray a, Condition condition) {
        return Nd4jCalls.guard(name, () -> {
            INDArray d = a.read(name);
            if (d.isEmpty()) {
                return 0L;
            }
            try (Temps t = new Temps()) {
                INDArray numeric = t.cast(d, a.dtype(), a.dtype() == DType.BOOL ? DType.INT32 : a.dtype());
                return t.own(Nd4j.getExecutioner().exec(new MatchCondition(numeric, condition))).getLong(0);
            }
        });
    }

    private static boolean isInteger(DType t) {
        return t == DType.INT32 || t == DType.INT64;
    }

    private static String name(BinaryOp op) {
        if (op == null) {
            throw new IllegalArgumentException("binary: op is null");
        }
        return op.name().toLowerCase(Locale.ROOT);
    }

    private static void requireBroadcastsTo(String name, Shape from, Shape to) {
        if (!Shape.broadcast(name, from, to).equals(to)) {
            throw new IllegalArgumentException(name + ": shape " + from + " cannot be broadcast to " + to);
        }
    }

    private static void requireOp(String name, Object op) {
        if (op == null) {
            throw new IllegalArgumentException(name + ": op is null");
        }
    }
}
