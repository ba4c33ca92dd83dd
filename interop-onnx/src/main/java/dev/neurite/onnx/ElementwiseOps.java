package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** Elementwise arithmetic, activations, comparisons and logic, with NumPy broadcasting. */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static void register(OnnxOperators.Registration r) {
        String math = "elementwise";
        binary(r, "Add", math, Tensor::add);
        binary(r, "Sub", math, Tensor::sub);
        binary(r, "Mul", math, Tensor::mul);
        r.add("Div", math, "integer division truncates, as ONNX", OnnxOp.single(ElementwiseOps::div));
        r.add("Pow", math, "a scalar exponent uses the scalar power", OnnxOp.single(ElementwiseOps::pow));
        unary(r, "Sqrt", math, Tensor::sqrt);
        unary(r, "Exp", math, Tensor::exp);
        unary(r, "Log", math, Tensor::log);
        unary(r, "Neg", math, Tensor::neg);
        unary(r, "Abs", math, Tensor::abs);
        unary(r, "Reciprocal", math, Tensor::reciprocal);
        unary(r, "Floor", math, Tensor::floor);
        unary(r, "Ceil", math, Tensor::ceil);
        unary(r, "Sin", math, Tensor::sin);
        unary(r, "Cos", math, Tensor::cos);
        unary(r, "Sign", math, Tensor::sign);
        unary(r, "Erf", math, Tensor::erf);
        variadic(r, "Sum", Tensor::add);
        variadic(r, "Max", Tensor::maximum);
        variadic(r, "Min", Tensor::minimum);
        r.add("Mean", math, "variadic, broadcasting", OnnxOp.single(c -> {
            Tensor s = c.input(0);
            for (int i = 1; i < c.inputCount(); i++) {
                s = s.add(c.input(i));
            }
            return s.div(c.inputCount());
        }));
        r.add("Clip", math, "min/max as attributes (opset < 11) or inputs", OnnxOp.single(ElementwiseOps::clip));

        String act = "activation";
        unary(r, "Relu", act, Tensor::relu);
        unary(r, "Sigmoid", act, Tensor::sigmoid);
        unary(r, "Tanh", act, Tensor::tanh);
        unary(r, "Softplus", act, Tensor::softplus);
        unary(r, "Softsign", act, x -> x.div(x.abs().add(1)));
        r.add("LeakyRelu", act, "alpha (0.01)", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            double alpha = c.attrs().getFloat("alpha", 0.01f);
            return Tensor.where(x.lt(0), x.mul(alpha), x);
        }));
        r.add("Elu", act, "alpha (1.0)", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            double alpha = c.attrs().getFloat("alpha", 1f);
            return Tensor.where(x.lt(0), x.exp().sub(1).mul(alpha), x);
        }));
        r.add("Selu", act, "alpha, gamma (ONNX defaults)", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            double alpha = c.attrs().getFloat("alpha", 1.67326319217681884765625f);
            double gamma = c.attrs().getFloat("gamma", 1.05070102214813232421875f);
            return Tensor.where(x.lt(0), x.exp().sub(1).mul(alpha), x).mul(gamma);
        }));
        r.add("PRelu", act, "slope broadcast to the input", OnnxOp.single(c -> {
            Tensor x = c.input(0);
            return Tensor.where(x.lt(0), x.mul(c.input(1)), x);
        }));
        r.add("HardSigmoid", act, "alpha (0.2), beta (0.5)", OnnxOp.single(c -> c.input(0)
                .mul(c.attrs().getFloat("alpha", 0.2f)).add(c.attrs().getFloat("beta", 0.5f)).clamp(0, 1)));
        unary(r, "HardSwish", act, x -> x.mul(x.div(6).add(0.5).clamp(0, 1)));
        r.add("Gelu", act, "an opset-20 operator accepted at any opset; approximate none or tanh",
                OnnxOp.single(c -> gelu(c.input(0), c.attrs().getString("approximate", "none"), c)));

        String cmp = "comparison and logic";
        binary(r, "Equal", cmp, Tensor::eq);
        binary(r, "Less", cmp, Tensor::lt);
        binary(r, "Greater", cmp, Tensor::gt);
        binary(r, "LessOrEqual", cmp, Tensor::le);
        binary(r, "GreaterOrEqual", cmp, Tensor::ge);
        r.add("Not", cmp, "bool", OnnxOp.single(c -> bool(c, 0).eq(0)));
        r.add("And", cmp, "bool", OnnxOp.single(c -> bool(c, 0).mul(bool(c, 1)).eq(1)));
        r.add("Or", cmp, "bool", OnnxOp.single(c -> bool(c, 0).add(bool(c, 1)).gt(0)));
        r.add("Xor", cmp, "bool", OnnxOp.single(c -> bool(c, 0).ne(bool(c, 1))));
        r.add("Where", cmp, "broadcasting; differentiable in both branches", OnnxOp.single(c -> {
            Tensor cond = c.input(0);
            c.check(cond.dtype() == DType.BOOL, "condition must be bool, got %s", cond.dtype());
            return Tensor.where(cond, c.input(1), c.input(2));
        }));

        String conv = "conversion";
        r.add("Identity", conv, "", OnnxOp.single(c -> c.input(0)));
        r.add("Cast", conv, "to float/double/int*/uint*/bool (int8..int32 become int32, larger ints int64)",
                OnnxOp.single(c -> c.input(0).cast(TensorProtos.dtypeOf((int) c.attrs().getInt("to", 1), c.node.describe()))));
    }

    private static Tensor bool(OpCall c, int i) {
        Tensor t = c.input(i);
        c.check(t.dtype() == DType.BOOL, "input %s must be bool, got %s", i, t.dtype());
        return t.cast(DType.INT32);
    }

    private static void unary(OnnxOperators.Registration r, String name, String category, UnaryOperator<Tensor> f) {
        r.add(name, category, "", OnnxOp.single(c -> f.apply(c.input(0))));
    }

    private static void binary(OnnxOperators.Registration r, String name, String category, BinaryOperator<Tensor> f) {
        r.add(name, category, "broadcasting", OnnxOp.single(c -> {
            Tensor a = c.input(0);
            Tensor b = c.input(1);
            if (a.dtype() != b.dtype()) {
                throw c.error("inputs have different types " + a.dtype() + " and " + b.dtype());
            }
            return f.apply(a, b);
        }));
    }

    private static void variadic(OnnxOperators.Registration r, String name, BinaryOperator<Tensor> f) {
        r.add(name, "elementwise", "variadic, broadcasting", OnnxOp.single(c -> {
            Tensor s = c.input(0);
            for (int i = 1; i < c.inputCount(); i++) {
                s = f.apply(s, c.input(i));
            }
            return s;
        }));
    }

    private static Tensor div(OpCall c) {
        Tensor a = c.input(0);
        Tensor b = c.input(1);
        if (a.dtype().isFloatingPoint()) {
            return a.div(b);
        }
        Tensor q = a.cast(DType.FLOAT64).div(b.cast(DType.FLOAT64));
        return q.sign().mul(q.abs().floor()).cast(a.dtype());
    }

    private static Tensor pow(OpCall c) {
        Tensor x = c.input(0);
        Tensor e = c.input(1);
        if (e.numel() == 1 && !e.requiresGrad()) {
            return x.pow(e.toDoubleArray()[0]);
        }
        return x.pow(e.cast(x.dtype()));
    }

    private static Tensor clip(OpCall c) {
        Tensor x = c.input(0);
        double lo;
        double hi;
        if (c.opset < 11) {
            lo = c.attrs().getFloat("min", Float.NEGATIVE_INFINITY);
            hi = c.attrs().getFloat("max", Float.POSITIVE_INFINITY);
        } else {
            lo = c.has(1) ? scalar(c, 1) : Double.NEGATIVE_INFINITY;
            hi = c.has(2) ? scalar(c, 2) : Double.POSITIVE_INFINITY;
        }
        return x.clamp(lo, hi);
    }

    private static double scalar(OpCall c, int i) {
        double[] v = c.doubles(i);
        c.check(v.length == 1, "input %s must be a scalar, got %s values", i, v.length);
        return v[0];
    }

    static Tensor gelu(Tensor x, String approximate, OpCall c) {
        return switch (approximate) {
            case "none" -> x.mul(x.div(Math.sqrt(2)).erf().add(1)).mul(0.5);
            case "tanh" -> x.mul(x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI)).tanh().add(1)).mul(0.5);
            default -> throw c.error("approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }

}
