package dev.neurite.api;

import dev.neurite.api.autograd.BackwardFunction;

import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.ReduceOp;
import dev.neurite.api.backend.UnaryOp;

import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array on a backend, with define-by-run autograd as in PyTorch: operations on tensors that
 * {@link #requiresGrad()} are recorded, and {@link #backward()} accumulates gradients into the leaves'
 * {@link #grad()}. Tensors are immutable except through the explicit in-place methods used by optimizers.
 */
public final class Tensor implements AutoCloseable {
    private final NdArray data;
    private boolean requiresGrad;
    private boolean retainGrad;
    private Tensor grad;
    GradNode node;

    private Tensor(NdArray data) {
        this.data = data;
    }

    /** Wraps a fresh backend array; it belongs to the current {@link MemoryScope}, if any. */
    public static Tensor wrap(NdArray data) {
        MemoryScope.track(data);
        return new Tensor(data);
    }

    /** Records {@code out} as the result of {@code op} on {@code inputs} when any of them requires grad. */
    static Tensor result(String op, NdArray out, BackwardFunction backward, Tensor... inputs) {
        Tensor t = wrap(out);
        if (GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in != null && in.requiresGrad) {
                    t.requiresGrad = true;
                    t.node = new GradNode(op, inputs, backward);
                    break;
                }
            }
        }
        return t;
    }

    /**
     * A differentiable custom operation, e.g. a backend's fused kernel: wraps {@code output} (a fresh array computed
     * from {@code inputs}) and, when recording and any input requires grad, records {@code backward} for it.
     * Inputs may contain {@code null} (an absent bias, say); the backward function returns null in that place.
     */
    public static Tensor fromOp(String op, NdArray output, BackwardFunction backward, Tensor... inputs) {
        return result(op, output, backward, inputs);
    }

    /** Attaches {@code op}'s backward rule to {@code out}, computed under no-grad from {@code inputs}. */
    static Tensor recorded(String op, Tensor out, BackwardFunction backward, Tensor... inputs) {
        if (GradMode.isEnabled()) {
            for (Tensor in : inputs) {
                if (in != null && in.requiresGrad) {
                    out.requiresGrad = true;
                    out.node = new GradNode(op, inputs, backward);
                    break;
                }
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- creation

    private static Backend defaultBackend() {
        return Backends.current();
    }

    public static Tensor of(float[] values, long... shape) {
        Shape s = shape.length == 0 && values.length != 1 ? Shape.of(values.length) : Shape.of(shape);
        checkCount("Tensor.of", values.length, s);
        return wrap(defaultBackend().fromFloats(values, s));
    }

    /** A float64 tensor (as used by gradient checks); see {@link #of(DType, double[], long...)} for other types. */
    public static Tensor of(double[] values, long... shape) {
        return of(DType.FLOAT64, values, shape);
    }

    public static Tensor of(DType dtype, double[] values, long... shape) {
        Shape s = shape.length == 0 && values.length != 1 ? Shape.of(values.length) : Shape.of(shape);
        checkCount("Tensor.of", values.length, s);
        return wrap(defaultBackend().fromDoubles(values, s, dtype));
    }

    /** An int64 tensor, e.g. class labels or indices. */
    public static Tensor ofLongs(long[] values, long... shape) {
        Shape s = shape.length == 0 && values.length != 1 ? Shape.of(values.length) : Shape.of(shape);
        checkCount("Tensor.ofLongs", values.length, s);
        return wrap(defaultBackend().fromLongs(values, s, DType.INT64));
    }

    public static Tensor scalar(double value) {
        return full(Shape.scalar(), value, DType.FLOAT32);
    }

    public static Tensor scalar(double value, DType dtype) {
        return full(Shape.scalar(), value, dtype);
    }

    public static Tensor zeros(long... shape) {
        return full(Shape.of(shape), 0, DType.FLOAT32);
    }

    public static Tensor zeros(Shape shape, DType dtype) {
        return full(shape, 0, dtype);
    }

    public static Tensor ones(long... shape) {
        return full(Shape.of(shape), 1, DType.FLOAT32);
    }

    public static Tensor ones(Shape shape, DType dtype) {
        return full(shape, 1, dtype);
    }

    public static Tensor full(Shape shape, double value, DType dtype) {
        return wrap(defaultBackend().full(shape, value, dtype));
    }

    /** {@code 0, 1, ..., n-1} as int64, like {@code torch.arange(n)}. */
    public static Tensor arange(long n) {
        return arange(0, n, 1, DType.INT64);
    }

    public static Tensor arange(double start, double end, double step, DType dtype) {
        if (step == 0 || (end - start) / step < 0) {
            throw new IllegalArgumentException("arange: step " + step + " does not lead from " + start + " to " + end);
        }
        int n = (int) Math.ceil((end - start) / step);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return wrap(defaultBackend().fromDoubles(v, Shape.of(n), dtype));
    }

    /** Standard normal samples (float32), reproducible from {@code seed}. */
    public static Tensor randn(Shape shape, long seed) {
        return random(shape, DType.FLOAT32, Distribution.NORMAL, 0, 1, seed);
    }

    /** Uniform samples in [0, 1) (float32), reproducible from {@code seed}. */
    public static Tensor rand(Shape shape, long seed) {
        return random(shape, DType.FLOAT32, Distribution.UNIFORM, 0, 1, seed);
    }

    public static Tensor random(Shape shape, DType dtype, Distribution distribution, double a, double b, long seed) {
        return wrap(defaultBackend().random(shape, dtype, distribution, a, b, seed));
    }

    private static void checkCount(String op, int count, Shape shape) {
        if (count != shape.numel()) {
            throw new IllegalArgumentException(op + ": " + count + " values do not fill shape " + shape + " ("
                    + shape.numel() + " elements)");
        }
    }

    // ---------------------------------------------------------------- inspection

    public NdArray data() {
        return data;
    }

    public Backend backend() {
        return data.backend();
    }

    public Shape shape() {
        return data.shape();
    }

    public DType dtype() {
        return data.dtype();
    }

    public int rank() {
        return shape().rank();
    }

    public long size(int axis) {
        return shape().size(axis);
    }

    public long numel() {
        return shape().numel();
    }

    public float[] toFloatArray() {
        return backend().toFloats(data);
    }

    public double[] toDoubleArray() {
        return backend().toDoubles(data);
    }

    public long[] toLongArray() {
        return backend().toLongs(data);
    }

    /** The value of a one-element tensor. */
    public double item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: expected a tensor with one element, got shape " + shape());
        }
        return backend().item(data);
    }

    /** One element by its multi-index (slow: for tests and inspection). */
    public double getDouble(long... index) {
        Shape s = shape();
        if (index.length != s.rank()) {
            throw new IllegalArgumentException("getDouble: expected " + s.rank() + " indices for shape " + s + ", got "
                    + Arrays.toString(index));
        }
        long[] begin = new long[index.length];
        long[] end = new long[index.length];
        long[] step = new long[index.length];
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= s.size(i)) {
                throw new IllegalArgumentException("getDouble: index " + Arrays.toString(index) + " is out of bounds for shape " + s);
            }
            begin[i] = index[i];
            end[i] = index[i] + 1;
            step[i] = 1;
        }
        try (NdArray one = backend().slice(data, begin, end, step)) {
            return backend().item(one);
        }
    }

    // ---------------------------------------------------------------- autograd

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** Marks a leaf as needing gradients (parameters); returns this. */
    public Tensor requiresGrad(boolean requires) {
        if (node != null && !requires) {
            throw new IllegalStateException("requiresGrad(false) on a non-leaf tensor: use detach()");
        }
        this.requiresGrad = requires;
        return this;
    }

    /** Keeps this non-leaf tensor's gradient after backward (like PyTorch's {@code retain_grad()}); Grad-CAM uses it. */
    public Tensor retainGrad() {
        this.retainGrad = true;
        return this;
    }

    boolean retainsGrad() {
        return retainGrad;
    }

    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient (optimizers' clipping, tests); {@code null} clears it. */
    public void setGrad(Tensor gradient) {
        if (gradient != null && !gradient.shape().equals(shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + gradient.shape() + " does not match tensor shape " + shape());
        }
        this.grad = gradient;
    }

    public void zeroGrad() {
        this.grad = null;
    }

    void accumulateGrad(Tensor g) {
        Tensor cast = g.dtype() == dtype() ? g : g.cast(dtype());
        grad = grad == null ? cast : grad.add(cast);
    }

    /** Back-propagates from this scalar (e.g. a loss). */
    public void backward() {
        if (numel() != 1) {
            throw new IllegalArgumentException("backward: implicit gradient needs a one-element tensor, got shape " + shape()
                    + "; pass the output gradient explicitly");
        }
        backward(full(shape(), 1, dtype()));
    }

    public void backward(Tensor gradOutput) {
        if (!requiresGrad) {
            throw new IllegalStateException("backward: this tensor does not require grad (no parameter or input in its "
                    + "history has requiresGrad(true), or it was computed under GradMode.noGrad())");
        }
        if (!gradOutput.shape().equals(shape())) {
            throw new IllegalArgumentException("backward: gradient shape " + gradOutput.shape() + " does not match output shape " + shape());
        }
        Autograd.backward(this, gradOutput);
    }

    /** The same values, cut from the tape; shares storage with this tensor. */
    public Tensor detach() {
        return new Tensor(data);
    }

    /** Releases the backend memory now. The tensor must not be used afterwards. */
    @Override
    public void close() {
        data.close();
    }

    // ---------------------------------------------------------------- in place (no autograd)

    private void checkInPlace(String op) {
        if (GradMode.isEnabled() && requiresGrad) {
            throw new IllegalStateException(op + ": in-place update of a tensor that requires grad; do it under GradMode.noGrad()");
        }
    }

    /** Copies {@code source} (broadcast, cast) into this tensor. */
    public Tensor copyFrom(Tensor source) {
        checkInPlace("copyFrom");
        backend().assign(data, source.data);
        return this;
    }

    public Tensor addInPlace(Tensor other) {
        checkInPlace("addInPlace");
        backend().applyInPlace(BinaryOp.ADD, data, other.data);
        return this;
    }

    public Tensor subInPlace(Tensor other) {
        checkInPlace("subInPlace");
        backend().applyInPlace(BinaryOp.SUB, data, other.data);
        return this;
    }

    public Tensor mulInPlace(Tensor other) {
        checkInPlace("mulInPlace");
        backend().applyInPlace(BinaryOp.MUL, data, other.data);
        return this;
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor o) {
        return Elementwise.binary(BinaryOp.ADD, this, o);
    }

    public Tensor add(double s) {
        return Elementwise.scalar(BinaryOp.ADD, this, s);
    }

    public Tensor sub(Tensor o) {
        return Elementwise.binary(BinaryOp.SUB, this, o);
    }

    public Tensor sub(double s) {
        return Elementwise.scalar(BinaryOp.SUB, this, s);
    }

    public Tensor mul(Tensor o) {
        return Elementwise.binary(BinaryOp.MUL, this, o);
    }

    public Tensor mul(double s) {
        return Elementwise.scalar(BinaryOp.MUL, this, s);
    }

    public Tensor div(Tensor o) {
        return Elementwise.binary(BinaryOp.DIV, this, o);
    }

    public Tensor div(double s) {
        return Elementwise.scalar(BinaryOp.DIV, this, s);
    }

    public Tensor pow(Tensor exponent) {
        return Elementwise.binary(BinaryOp.POW, this, exponent);
    }

    public Tensor pow(double exponent) {
        return Elementwise.scalar(BinaryOp.POW, this, exponent);
    }

    /** Elementwise maximum; the gradient goes to the larger operand (split evenly on ties). */
    public Tensor maximum(Tensor o) {
        return Elementwise.binary(BinaryOp.MAX, this, o);
    }

    public Tensor minimum(Tensor o) {
        return Elementwise.binary(BinaryOp.MIN, this, o);
    }

    public Tensor clamp(double min, double max) {
        return Elementwise.clamp(this, min, max);
    }

    public Tensor neg() {
        return Elementwise.unary(UnaryOp.NEG, this);
    }

    public Tensor abs() {
        return Elementwise.unary(UnaryOp.ABS, this);
    }

    public Tensor exp() {
        return Elementwise.unary(UnaryOp.EXP, this);
    }

    public Tensor log() {
        return Elementwise.unary(UnaryOp.LOG, this);
    }

    public Tensor log1p() {
        return Elementwise.unary(UnaryOp.LOG1P, this);
    }

    public Tensor sqrt() {
        return Elementwise.unary(UnaryOp.SQRT, this);
    }

    public Tensor square() {
        return Elementwise.unary(UnaryOp.SQUARE, this);
    }

    public Tensor reciprocal() {
        return Elementwise.unary(UnaryOp.RECIPROCAL, this);
    }

    public Tensor tanh() {
        return Elementwise.unary(UnaryOp.TANH, this);
    }

    public Tensor sigmoid() {
        return Elementwise.unary(UnaryOp.SIGMOID, this);
    }

    public Tensor relu() {
        return Elementwise.unary(UnaryOp.RELU, this);
    }

    public Tensor softplus() {
        return Elementwise.unary(UnaryOp.SOFTPLUS, this);
    }

    public Tensor erf() {
        return Elementwise.unary(UnaryOp.ERF, this);
    }

    public Tensor sin() {
        return Elementwise.unary(UnaryOp.SIN, this);
    }

    public Tensor cos() {
        return Elementwise.unary(UnaryOp.COS, this);
    }

    /** Not differentiable (zero gradient almost everywhere): the result never requires grad. */
    public Tensor sign() {
        return Elementwise.constant(UnaryOp.SIGN, this);
    }

    public Tensor floor() {
        return Elementwise.constant(UnaryOp.FLOOR, this);
    }

    public Tensor ceil() {
        return Elementwise.constant(UnaryOp.CEIL, this);
    }

    public Tensor round() {
        return Elementwise.constant(UnaryOp.ROUND, this);
    }

    public Tensor cast(DType dtype) {
        return Elementwise.cast(this, dtype);
    }

    public Tensor eq(Tensor o) {
        return Elementwise.compare(CompareOp.EQ, this, o);
    }

    public Tensor ne(Tensor o) {
        return Elementwise.compare(CompareOp.NE, this, o);
    }

    public Tensor lt(Tensor o) {
        return Elementwise.compare(CompareOp.LT, this, o);
    }

    public Tensor le(Tensor o) {
        return Elementwise.compare(CompareOp.LE, this, o);
    }

    public Tensor gt(Tensor o) {
        return Elementwise.compare(CompareOp.GT, this, o);
    }

    public Tensor ge(Tensor o) {
        return Elementwise.compare(CompareOp.GE, this, o);
    }

    public Tensor eq(double s) {
        return Elementwise.compare(CompareOp.EQ, this, s);
    }

    public Tensor gt(double s) {
        return Elementwise.compare(CompareOp.GT, this, s);
    }

    public Tensor lt(double s) {
        return Elementwise.compare(CompareOp.LT, this, s);
    }

    public Tensor ge(double s) {
        return Elementwise.compare(CompareOp.GE, this, s);
    }

    /** {@code condition ? a : b} elementwise, broadcasting; differentiable in a and b. */
    public static Tensor where(Tensor condition, Tensor a, Tensor b) {
        return Elementwise.where(condition, a, b);
    }

    // ---------------------------------------------------------------- reductions

    public Tensor sum() {
        return Reductions.reduce(ReduceOp.SUM, this, new int[0], false);
    }

    public Tensor sum(int axis, boolean keepDims) {
        return Reductions.reduce(ReduceOp.SUM, this, new int[]{axis}, keepDims);
    }

    public Tensor sum(int[] axes, boolean keepDims) {
        return Reductions.reduce(ReduceOp.SUM, this, axes, keepDims);
    }

    public Tensor mean() {
        return Reductions.reduce(ReduceOp.MEAN, this, new int[0], false);
    }

    public Tensor mean(int axis, boolean keepDims) {
        return Reductions.reduce(ReduceOp.MEAN, this, new int[]{axis}, keepDims);
    }

    public Tensor mean(int[] axes, boolean keepDims) {
        return Reductions.reduce(ReduceOp.MEAN, this, axes, keepDims);
    }

    /** Maximum over the axes; the gradient is shared evenly among tied maxima (as PyTorch's {@code amax}). */
    public Tensor max(int axis, boolean keepDims) {
        return Reductions.reduce(ReduceOp.MAX, this, new int[]{axis}, keepDims);
    }

    public Tensor max() {
        return Reductions.reduce(ReduceOp.MAX, this, new int[0], false);
    }

    public Tensor min(int axis, boolean keepDims) {
        return Reductions.reduce(ReduceOp.MIN, this, new int[]{axis}, keepDims);
    }

    public Tensor argmax(int axis) {
        return wrap(backend().argMax(data, shape().axis(axis), false));
    }

    /** Population variance over {@code axis} (biased, as batch norm uses). */
    public Tensor variance(int axis, boolean keepDims) {
        Tensor centered = sub(mean(axis, true));
        return centered.square().mean(axis, keepDims);
    }

    public Tensor softmax(int axis) {
        return Reductions.softmax(this, axis);
    }

    public Tensor logSoftmax(int axis) {
        return Reductions.logSoftmax(this, axis);
    }

    // ---------------------------------------------------------------- linear algebra

    /** Matrix product; batched over leading dimensions (see {@link Backend#matmul}). */
    public Tensor matmul(Tensor o) {
        return LinearAlgebra.matmul(this, o, false, false);
    }

    /** {@code op(this) @ op(other)} where op transposes the last two dimensions when asked. */
    public Tensor matmul(Tensor o, boolean transposeThis, boolean transposeOther) {
        return LinearAlgebra.matmul(this, o, transposeThis, transposeOther);
    }

    // ---------------------------------------------------------------- shape

    public Tensor reshape(long... shape) {
        return Shaping.reshape(this, shape().resolveReshape(shape));
    }

    public Tensor reshape(Shape shape) {
        return Shaping.reshape(this, shape().resolveReshape(shape.toArray()));
    }

    /** Collapses dimensions {@code startAxis..end} into one. */
    public Tensor flatten(int startAxis) {
        Shape s = shape();
        int start = s.axis(startAxis);
        long[] dims = new long[start + 1];
        for (int i = 0; i < start; i++) {
            dims[i] = s.size(i);
        }
        dims[start] = s.sub(start, s.rank()).numel();
        return reshape(dims);
    }

    public Tensor unsqueeze(int axis) {
        Shape s = shape();
        int a = axis < 0 ? axis + s.rank() + 1 : axis;
        if (a < 0 || a > s.rank()) {
            throw new IllegalArgumentException("unsqueeze: axis " + axis + " is out of range for shape " + s);
        }
        long[] d = new long[s.rank() + 1];
        for (int i = 0, j = 0; i < d.length; i++) {
            d[i] = i == a ? 1 : s.size(j++);
        }
        return reshape(d);
    }

    public Tensor squeeze(int axis) {
        Shape s = shape();
        int a = s.axis(axis);
        if (s.size(a) != 1) {
            throw new IllegalArgumentException("squeeze: dimension " + axis + " of shape " + s + " has size " + s.size(a) + ", not 1");
        }
        long[] d = new long[s.rank() - 1];
        for (int i = 0, j = 0; i < s.rank(); i++) {
            if (i != a) {
                d[j++] = s.size(i);
            }
        }
        return reshape(d);
    }

    public Tensor permute(int... axes) {
        return Shaping.permute(this, axes);
    }

    public Tensor transpose(int a, int b) {
        int r = rank();
        int[] axes = new int[r];
        for (int i = 0; i < r; i++) {
            axes[i] = i;
        }
        int x = shape().axis(a);
        int y = shape().axis(b);
        axes[x] = y;
        axes[y] = x;
        return permute(axes);
    }

    /** Transpose of a matrix. */
    public Tensor t() {
        if (rank() != 2) {
            throw new IllegalArgumentException("t: expected a 2-d tensor, got shape " + shape());
        }
        return transpose(0, 1);
    }

    /** Elements {@code [start, end)} along {@code axis}; negative bounds count from the end. */
    public Tensor slice(int axis, long start, long end) {
        return slice(axis, start, end, 1);
    }

    public Tensor slice(int axis, long start, long end, long step) {
        return Shaping.slice(this, axis, start, end, step);
    }

    public static Tensor concat(List<Tensor> parts, int axis) {
        return Shaping.concat(parts, axis);
    }

    public static Tensor stack(List<Tensor> parts, int axis) {
        return Shaping.concat(parts.stream().map(p -> p.unsqueeze(axis)).toList(), axis);
    }

    /** Splits into pieces of {@code size} along {@code axis} (the last may be smaller). */
    public List<Tensor> split(long size, int axis) {
        long n = size(axis);
        java.util.ArrayList<Tensor> parts = new java.util.ArrayList<>();
        for (long s = 0; s < n; s += size) {
            parts.add(slice(axis, s, Math.min(n, s + size)));
        }
        return parts;
    }

    /** Constant padding with {@code padding[d] = {before, after}} per dimension. */
    public Tensor pad(long[][] padding, double value) {
        return Shaping.pad(this, padding, value);
    }

    public Tensor broadcastTo(Shape target) {
        return Shaping.broadcastTo(this, target);
    }

    /** Entries along {@code axis} at int64 {@code indices} (NumPy {@code take}); differentiable in this tensor. */
    public Tensor gather(int axis, Tensor indices) {
        return Shaping.gather(this, axis, indices);
    }

    /** A one-hot float encoding of int64 class indices, with {@code classes} columns appended as the last axis. */
    public Tensor oneHot(int classes) {
        return Elementwise.oneHot(this, classes);
    }

    // ---------------------------------------------------------------- display

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(shape=").append(shape()).append(", dtype=").append(dtype());
        if (data.isClosed()) {
            return sb.append(", closed)").toString();
        }
        if (requiresGrad) {
            sb.append(", requiresGrad");
        }
        long n = numel();
        int show = (int) Math.min(n, 8);
        double[] v = show == n ? toDoubleArray() : Shaping.firstValues(this, show);
        sb.append(", values=[");
        for (int i = 0; i < show; i++) {
            sb.append(i == 0 ? "" : ", ");
            sb.append(dtype().isFloatingPoint() ? String.format("%.4g", v[i]) : Long.toString((long) v[i]));
        }
        return sb.append(n > show ? ", ...])" : "])").toString();
    }
}
