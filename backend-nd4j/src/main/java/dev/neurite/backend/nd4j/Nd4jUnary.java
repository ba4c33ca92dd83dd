package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.UnaryOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.ops.impl.scalar.comparison.ScalarGreaterThan;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.api.ops.impl.transforms.same.Ceil;
import org.nd4j.linalg.api.ops.impl.transforms.same.Floor;
import org.nd4j.linalg.api.ops.impl.transforms.same.Negative;
import org.nd4j.linalg.api.ops.impl.transforms.same.Reciprocal;
import org.nd4j.linalg.api.ops.impl.transforms.same.Sign;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Cos;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Erf;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Exp;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Log1p;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Rint;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sin;
import org.nd4j.linalg.api.ops.impl.transforms.strict.SoftPlus;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Elementwise unary ops. The result keeps the input's dtype, as in the reference backend: integer and bool
 * inputs of ops without an integer kernel are computed in floating point and converted back (truncated, or
 * non-zero is true).
 */
final class Nd4jUnary {
    /** Ops libnd4j computes exactly on integers. */
    private static final Set<UnaryOp> INTEGER_KERNELS = EnumSet.of(UnaryOp.NEG, UnaryOp.ABS, UnaryOp.SIGN,
            UnaryOp.SQUARE, UnaryOp.RELU);
    /** Ops that leave an integer unchanged. */
    private static final Set<UnaryOp> ROUNDING = EnumSet.of(UnaryOp.FLOOR, UnaryOp.CEIL, UnaryOp.ROUND);

    private final Nd4jBackend backend;

    Nd4jUnary(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray unary(UnaryOp op, NdArray x) {
        if (op == null) {
            throw new IllegalArgumentException("unary: op is null");
        }
        String name = op.name().toLowerCase(Locale.ROOT);
        Nd4jArray c = backend.arg(name, "x", x);
        DType dtype = c.dtype();
        boolean integer = dtype == DType.INT32 || dtype == DType.INT64;
        if (integer && ROUNDING.contains(op)) {
            return c.derive(c.read(name), c.shape());
        }
        DType compute = dtype.isFloatingPoint() || (integer && INTEGER_KERNELS.contains(op)) ? dtype
                : integer ? DType.FLOAT64 : DType.FLOAT32;
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray in = t.cast(c.read(name), dtype, compute);
                INDArray z = Nd4jCalls.alloc(compute, c.shape());
                if (c.shape().numel() > 0) {
                    Nd4j.exec(op(op, in, z));
                    if (op == UnaryOp.SOFTPLUS) {
                        linearTail(t, in, z, compute);
                    }
                }
                if (compute == dtype) {
                    return backend.wrap(z, c.shape(), dtype);
                }
                t.own(z);
                return backend.wrap(Nd4jCalls.castCopy(z, dtype), c.shape(), dtype);
            }
        });
    }

    /**
     * libnd4j's softplus is log(1 + exp(x)), which overflows to infinity for large x; beyond a threshold where
     * softplus(x) equals x to working precision (PyTorch uses 20 for float32), take x itself.
     */
    private static void linearTail(Temps t, INDArray x, INDArray z, DType dtype) {
        double threshold = dtype == DType.FLOAT64 ? 40 : 20;
        INDArray large = t.own(Nd4jCalls.alloc(DType.BOOL, Shape.of(x.shape())));
        Nd4j.exec(new ScalarGreaterThan(x, large, threshold));
        Nd4jCalls.exec("select", z, large, x, z);
    }

    private static Op op(UnaryOp op, INDArray x, INDArray z) {
        return switch (op) {
            case NEG -> new Negative(x, z);
            case ABS -> new Abs(x, z);
            case SIGN -> new Sign(x, z);
            case EXP -> new Exp(x, z);
            case LOG -> new Log(x, z);
            case LOG1P -> new Log1p(x, z);
            case SQRT -> new Sqrt(x, z);
            case SQUARE -> new Square(x, z);
            case RECIPROCAL -> new Reciprocal(x, z);
            case TANH -> new Tanh(x, z);
            case SIGMOID -> new Sigmoid(x, z);
            case RELU -> new RectifiedLinear(x, z, 0.0);
            case SOFTPLUS -> new SoftPlus(x, z);
            case ERF -> new Erf(x, z);
            case SIN -> new Sin(x, z);
            case COS -> new Cos(x, z);
            case FLOOR -> new Floor(x, z);
            case CEIL -> new Ceil(x, z);
            // Half to even, as in NumPy and PyTorch (libnd4j's "round" rounds half away from zero).
            case ROUND -> new Rint(x, z);
        };
    }
}
