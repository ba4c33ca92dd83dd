package dev.neurite.api;

import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.UnaryOp;

import java.util.Locale;

/** Elementwise operations and their backward rules. */
final class Elementwise {
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

    private Elementwise() {
    }

    static Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        String name = op.name().toLowerCase(Locale.ROOT);
        Shape.broadcast(name, a.shape(), b.shape());
        checkNumeric(name, a);
        checkNumeric(name, b);
        NdArray out = a.backend().binary(op, a.data(), b.data());
        return Tensor.result(name, out, g -> binaryGrad(op, a, b, g), a, b);
    }

    private static Tensor[] binaryGrad(BinaryOp op, Tensor a, Tensor b, Tensor g) {
        boolean ga = a.requiresGrad();
        boolean gb = b.requiresGrad();
        Tensor da = null;
        Tensor db = null;
        switch (op) {
            case ADD -> {
                da = ga ? g : null;
                db = gb ? g : null;
            }
            case SUB -> {
                da = ga ? g : null;
                db = gb ? g.neg() : null;
            }
            case MUL -> {
                da = ga ? g.mul(b) : null;
                db = gb ? g.mul(a) : null;
            }
            case DIV -> {
                da = ga ? g.div(b) : null;
                db = gb ? g.mul(a).div(b.square()).neg() : null;
            }
            case POW -> {
                da = ga ? g.mul(b).mul(a.pow(b.sub(1))) : null;
                db = gb ? g.mul(a.pow(b)).mul(a.log()) : null;
            }
            case MAX, MIN -> {
                CompareOp wins = op == BinaryOp.MAX ? CompareOp.GT : CompareOp.LT;
                Tensor tie = a.eq(b).cast(g.dtype()).mul(0.5);
                da = ga ? g.mul(compare(wins, a, b).cast(g.dtype()).add(tie)) : null;
                db = gb ? g.mul(compare(wins, b, a).cast(g.dtype()).add(tie)) : null;
            }
        }
        return new Tensor[]{toInput(da, a), toInput(db, b)};
    }

    static Tensor scalar(BinaryOp op, Tensor x, double s) {
        String name = op.name().toLowerCase(Locale.ROOT);
        checkNumeric(name, x);
        NdArray out = x.backend().binaryScalar(op, x.data(), s);
        return Tensor.result(name, out, g -> new Tensor[]{switch (op) {
            case ADD, SUB -> g;
            case MUL -> g.mul(s);
            case DIV -> g.div(s);
            case POW -> g.mul(x.pow(s - 1).mul(s));
            case MAX -> g.mul(x.gt(s).cast(g.dtype()));
            case MIN -> g.mul(x.lt(s).cast(g.dtype()));
        }}, x);
    }

    static Tensor clamp(Tensor x, double min, double max) {
        if (min > max) {
            throw new IllegalArgumentException("clamp: min " + min + " is greater than max " + max);
        }
        Tensor out;
        try (var g = dev.neurite.api.autograd.GradMode.noGrad()) {
            out = Tensor.wrap(x.backend().binaryScalar(BinaryOp.MIN,
                    Tensor.wrap(x.backend().binaryScalar(BinaryOp.MAX, x.data(), min)).data(), max));
        }
        return Tensor.recorded("clamp", out, g -> new Tensor[]{
                g.mul(x.ge(min).cast(g.dtype()).mul(compare(CompareOp.LE, x, max).cast(g.dtype())))}, x);
    }

    static Tensor unary(UnaryOp op, Tensor x) {
        String name = op.name().toLowerCase(Locale.ROOT);
        checkFloating(name, x);
        NdArray data = x.backend().unary(op, x.data());
        Tensor[] self = new Tensor[1];
        Tensor out = Tensor.result(name, data, g -> new Tensor[]{unaryGrad(op, x, self[0], g)}, x);
        self[0] = out.detach();
        return out;
    }

    private static Tensor unaryGrad(UnaryOp op, Tensor x, Tensor out, Tensor g) {
        return switch (op) {
            case NEG -> g.neg();
            case ABS -> g.mul(x.sign());
            case EXP -> g.mul(out);
            case LOG -> g.div(x);
            case LOG1P -> g.div(x.add(1));
            case SQRT -> g.div(out.mul(2));
            case SQUARE -> g.mul(x.mul(2));
            case RECIPROCAL -> g.mul(out.square()).neg();
            case TANH -> g.mul(out.square().neg().add(1));
            case SIGMOID -> g.mul(out.mul(out.neg().add(1)));
            case RELU -> g.mul(x.gt(0).cast(g.dtype()));
            case SOFTPLUS -> g.mul(x.sigmoid());
            case ERF -> g.mul(x.square().neg().exp().mul(TWO_OVER_SQRT_PI));
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case SIGN, FLOOR, CEIL, ROUND -> throw new IllegalStateException(op + " has no gradient");
        };
    }

    /** An op whose gradient is zero almost everywhere: computed, never recorded. */
    static Tensor constant(UnaryOp op, Tensor x) {
        return Tensor.wrap(x.backend().unary(op, x.data()));
    }

    static Tensor cast(Tensor x, DType dtype) {
        if (x.dtype() == dtype) {
            return x;
        }
        NdArray out = x.backend().cast(x.data(), dtype);
        if (!dtype.isFloatingPoint() || !x.dtype().isFloatingPoint()) {
            return Tensor.wrap(out);
        }
        return Tensor.result("cast", out, g -> new Tensor[]{g.cast(x.dtype())}, x);
    }

    static Tensor compare(CompareOp op, Tensor a, Tensor b) {
        Shape.broadcast(op.name().toLowerCase(Locale.ROOT), a.shape(), b.shape());
        return Tensor.wrap(a.backend().compare(op, a.data(), b.data()));
    }

    static Tensor compare(CompareOp op, Tensor x, double s) {
        return Tensor.wrap(x.backend().compareScalar(op, x.data(), s));
    }

    static Tensor where(Tensor condition, Tensor a, Tensor b) {
        if (condition.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: condition must be bool, got " + condition.dtype());
        }
        Shape.broadcast("where", Shape.broadcast("where", condition.shape(), a.shape()), b.shape());
        NdArray out = a.backend().where(condition.data(), a.data(), b.data());
        return Tensor.result("where", out, g -> {
            Tensor zero = Tensor.zeros(Shape.scalar(), g.dtype());
            return new Tensor[]{null,
                    a.requiresGrad() ? toInput(Tensor.where(condition, g, zero), a) : null,
                    b.requiresGrad() ? toInput(Tensor.where(condition, zero, g), b) : null};
        }, condition, a, b);
    }

    static Tensor oneHot(Tensor indices, int classes) {
        if (indices.dtype() != DType.INT64 && indices.dtype() != DType.INT32) {
            throw new IllegalArgumentException("oneHot: expected int64 class indices, got " + indices.dtype());
        }
        Tensor range = Tensor.arange(classes);
        return indices.unsqueeze(-1).eq(range).cast(DType.FLOAT32);
    }

    /** Sums a gradient over the axes that broadcasting expanded, and casts it back to the input's dtype. */
    static Tensor toInput(Tensor g, Tensor input) {
        if (g == null) {
            return null;
        }
        Tensor r = unbroadcast(g, input.shape());
        return r.dtype() == input.dtype() || !input.dtype().isFloatingPoint() ? r : r.cast(input.dtype());
    }

    static Tensor unbroadcast(Tensor g, Shape target) {
        Shape gs = g.shape();
        if (gs.equals(target)) {
            return g;
        }
        int lead = gs.rank() - target.rank();
        int[] axes = new int[gs.rank()];
        int n = 0;
        for (int i = 0; i < gs.rank(); i++) {
            if (i < lead || (target.size(i - lead) == 1 && gs.size(i) != 1)) {
                axes[n++] = i;
            }
        }
        if (n == 0) {
            return g.reshape(target);
        }
        if (n == lead && lead > 0 && g.dtype().isFloatingPoint() && g.numel() > 0) {
            // Summing the leading axes (a bias broadcast over the batch and time) is a product with a row of ones:
            // a column reduction over a tall matrix is several times slower than that one matrix product.
            long rows = gs.sub(0, lead).numel();
            Tensor ones = Tensor.wrap(g.backend().full(Shape.of(1, rows), 1, g.dtype()));
            return ones.matmul(g.reshape(rows, target.numel())).reshape(target);
        }
        return g.sum(java.util.Arrays.copyOf(axes, n), true).reshape(target);
    }

    private static void checkNumeric(String op, Tensor t) {
        if (t.dtype() == DType.BOOL) {
            throw new IllegalArgumentException(op + ": expected a numeric tensor, got bool of shape " + t.shape()
                    + "; cast it first");
        }
    }

    private static void checkFloating(String op, Tensor t) {
        if (!t.dtype().isFloatingPoint() && op != null && !op.equals("neg") && !op.equals("abs")) {
            throw new IllegalArgumentException(op + ": expected a floating-point tensor, got " + t.dtype() + " of shape "
                    + t.shape() + "; cast it first");
        }
    }
}
