package dev.neurite.api.testing;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.ReduceOp;
import dev.neurite.api.backend.UnaryOp;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A pure-Java, float64-storage implementation of the {@link Backend} SPI: the oracle other backends are compared
 * against in tests, and the backend api's own tests run on. It has no fused kernels, so layers take their
 * primitive fallback paths here.
 *
 * <p>Every value is held as a double rounded to its dtype (see {@link Scalars#toDType}); reductions and
 * matmul accumulate in float64 (or in wrapping long arithmetic for integer types) and round once. Stateless
 * apart from the arrays, so one instance may be shared across threads.
 */
public final class ReferenceBackend implements Backend {
    public static final String NAME = "reference";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String device() {
        return ReferenceBackendProvider.DEVICE;
    }

    @Override
    public String toString() {
        return "ReferenceBackend";
    }

    // ---- creation and read-back

    @Override
    public NdArray fromFloats(float[] data, Shape shape) {
        Objects.requireNonNull(data, "fromFloats: data");
        checkCount("fromFloats", data.length, shape);
        double[] v = new double[data.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = data[i];
        }
        return create(shape, DType.FLOAT32, v);
    }

    @Override
    public NdArray fromDoubles(double[] data, Shape shape, DType dtype) {
        Objects.requireNonNull(data, "fromDoubles: data");
        checkCount("fromDoubles", data.length, shape);
        return create(shape, dtype, data.clone());
    }

    @Override
    public NdArray fromLongs(long[] data, Shape shape, DType dtype) {
        Objects.requireNonNull(data, "fromLongs: data");
        if (dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("fromLongs: dtype must be an integer type or bool, got " + dtype);
        }
        checkCount("fromLongs", data.length, shape);
        if (dtype == DType.INT64) {
            return createExact(shape, data.clone());
        }
        double[] v = new double[data.length];
        for (int i = 0; i < v.length; i++) {
            // Bool must test the long itself: a huge long is non-zero even if its double rounding were not.
            v[i] = dtype == DType.BOOL ? (data[i] != 0 ? 1 : 0) : data[i];
        }
        return create(shape, dtype, v);
    }

    @Override
    public NdArray full(Shape shape, double value, DType dtype) {
        double[] v = new double[Strides.numel("full", shape)];
        Arrays.fill(v, value);
        return create(shape, dtype, v);
    }

    @Override
    public NdArray random(Shape shape, DType dtype, Distribution distribution, double a, double b, long seed) {
        checkRandom(dtype, distribution, a, b);
        SplittableRandom rng = new SplittableRandom(seed);
        double[] v = new double[Strides.numel("random", shape)];
        switch (distribution) {
            case NORMAL -> {
                // Box-Muller, using both values of each pair in order, as java.util.Random.nextGaussian does.
                for (int i = 0; i < v.length; i += 2) {
                    double radius = Math.sqrt(-2 * Math.log(1 - rng.nextDouble()));
                    double angle = 2 * Math.PI * rng.nextDouble();
                    v[i] = a + b * radius * Math.cos(angle);
                    if (i + 1 < v.length) {
                        v[i + 1] = a + b * radius * Math.sin(angle);
                    }
                }
            }
            case UNIFORM -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = belowHigh(Scalars.toDType(dtype, a + (b - a) * rng.nextDouble()), a, b, dtype);
                }
            }
            case BERNOULLI -> {
                for (int i = 0; i < v.length; i++) {
                    v[i] = rng.nextDouble() < a ? 1 : 0;
                }
            }
        }
        return create(shape, dtype, v);
    }

    private static void checkRandom(DType dtype, Distribution distribution, double a, double b) {
        String op = "random(" + distribution + ")";
        if (distribution != Distribution.BERNOULLI && !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point dtype, got " + dtype);
        }
        boolean ok = switch (distribution) {
            case NORMAL -> Double.isFinite(a) && Double.isFinite(b) && b >= 0;
            case UNIFORM -> Double.isFinite(a) && Double.isFinite(b) && a <= b;
            case BERNOULLI -> a >= 0 && a <= 1;
        };
        if (!ok) {
            String expected = switch (distribution) {
                case NORMAL -> "a finite mean a and std b >= 0";
                case UNIFORM -> "finite bounds a <= b";
                case BERNOULLI -> "a probability 0 <= a <= 1";
            };
            throw new IllegalArgumentException(op + ": expected " + expected + ", got a=" + a + ", b=" + b);
        }
    }

    /** Rounding to float32 can carry {@code a + (b-a)u} up to b itself; step back so samples stay in [a, b). */
    private static double belowHigh(double v, double a, double b, DType dtype) {
        double r = v;
        while (a < b && r >= b) {
            r = dtype == DType.FLOAT32 ? Math.nextDown((float) r) : Math.nextDown(r);
        }
        return r;
    }

    @Override
    public float[] toFloats(NdArray x) {
        double[] v = ref("toFloats", x).data("toFloats");
        float[] r = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (float) v[i];
        }
        return r;
    }

    @Override
    public double[] toDoubles(NdArray x) {
        return ref("toDoubles", x).data("toDoubles").clone();
    }

    @Override
    public long[] toLongs(NdArray x) {
        long[] exact = ref("toLongs", x).exact("toLongs");
        if (exact != null) {
            return exact.clone();
        }
        double[] v = ref("toLongs", x).data("toLongs");
        long[] r = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = (long) v[i];
        }
        return r;
    }

    @Override
    public double item(NdArray x) {
        ReferenceArray r = ref("item", x);
        if (r.shape().numel() != 1) {
            throw new IllegalArgumentException("item: expected a one-element array, got shape " + r.shape());
        }
        return r.data("item")[0];
    }

    @Override
    public NdArray copy(NdArray x) {
        ReferenceArray r = ref("copy", x);
        long[] exact = r.exact("copy");
        return exact != null ? createExact(r.shape(), exact.clone()) : create(r.shape(), r.dtype(), r.data("copy").clone());
    }

    @Override
    public NdArray cast(NdArray x, DType dtype) {
        ReferenceArray r = ref("cast", x);
        long[] exact = r.exact("cast");
        if (exact != null && dtype == DType.INT64) {
            return createExact(r.shape(), exact.clone());
        }
        if (exact != null && dtype == DType.INT32) {
            // Wraps like Java's (int) of the long, not of its double rounding.
            double[] v = new double[exact.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = (int) exact[i];
            }
            return create(r.shape(), dtype, v);
        }
        return create(r.shape(), dtype, r.data("cast").clone());
    }

    // ---- elementwise

    @Override
    public NdArray unary(UnaryOp op, NdArray x) {
        String name = Scalars.lower(op);
        ReferenceArray r = ref(name, x);
        return map(name, r, r.dtype(), v -> Scalars.unary(op, v));
    }

    @Override
    public NdArray binary(BinaryOp op, NdArray a, NdArray b) {
        String name = Scalars.lower(op);
        ReferenceArray x = ref(name, a);
        ReferenceArray y = ref(name, b);
        DType dtype = DType.promote(x.dtype(), y.dtype());
        return zip(name, x, y, dtype, (p, q) -> Scalars.binary(op, p, q, dtype));
    }

    @Override
    public NdArray binaryScalar(BinaryOp op, NdArray x, double scalar) {
        String name = Scalars.lower(op);
        ReferenceArray r = ref(name, x);
        return map(name, r, r.dtype(), v -> Scalars.binary(op, v, scalar, r.dtype()));
    }

    @Override
    public NdArray compare(CompareOp op, NdArray a, NdArray b) {
        String name = Scalars.lower(op);
        return zip(name, ref(name, a), ref(name, b), DType.BOOL, (p, q) -> Scalars.compare(op, p, q) ? 1 : 0);
    }

    @Override
    public NdArray compareScalar(CompareOp op, NdArray x, double scalar) {
        String name = Scalars.lower(op);
        return map(name, ref(name, x), DType.BOOL, v -> Scalars.compare(op, v, scalar) ? 1 : 0);
    }

    @Override
    public NdArray where(NdArray condition, NdArray a, NdArray b) {
        ReferenceArray c = ref("where", condition);
        ReferenceArray x = ref("where", a);
        ReferenceArray y = ref("where", b);
        if (c.dtype() != DType.BOOL) {
            throw new IllegalArgumentException("where: condition must be bool, got " + c.dtype() + " of shape " + c.shape());
        }
        Shape out = Shape.broadcast("where", Shape.broadcast("where", c.shape(), x.shape()), y.shape());
        int[] ic = Strides.broadcastMap(c.shape(), out);
        int[] ix = Strides.broadcastMap(x.shape(), out);
        int[] iy = Strides.broadcastMap(y.shape(), out);
        double[] vc = c.data("where");
        double[] vx = x.data("where");
        double[] vy = y.data("where");
        double[] r = new double[ic.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = vc[ic[i]] != 0 ? vx[ix[i]] : vy[iy[i]];
        }
        return create(out, DType.promote(x.dtype(), y.dtype()), r);
    }

    private ReferenceArray map(String op, ReferenceArray x, DType dtype, DoubleUnaryOperator f) {
        double[] v = x.data(op);
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = f.applyAsDouble(v[i]);
        }
        return create(x.shape(), dtype, r);
    }

    private ReferenceArray zip(String op, ReferenceArray a, ReferenceArray b, DType dtype, DoubleBinaryOperator f) {
        Shape out = Shape.broadcast(op, a.shape(), b.shape());
        int[] ia = Strides.broadcastMap(a.shape(), out);
        int[] ib = Strides.broadcastMap(b.shape(), out);
        double[] va = a.data(op);
        double[] vb = b.data(op);
        double[] r = new double[ia.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = f.applyAsDouble(va[ia[i]], vb[ib[i]]);
        }
        return create(out, dtype, r);
    }

    // ---- reductions, linear algebra, shape: one class per family

    @Override
    public NdArray reduce(ReduceOp op, NdArray x, int[] axes, boolean keepDims) {
        return ReduceOps.reduce(this, op, ref(Scalars.lower(op), x), axes, keepDims);
    }

    @Override
    public NdArray argMax(NdArray x, int axis, boolean keepDims) {
        return ReduceOps.argMax(this, ref("argMax", x), axis, keepDims);
    }

    @Override
    public NdArray matmul(NdArray a, NdArray b, boolean transposeA, boolean transposeB) {
        return MatMul.matmul(this, ref("matmul", a), ref("matmul", b), transposeA, transposeB);
    }

    @Override
    public NdArray reshape(NdArray x, Shape shape) {
        return ShapeOps.reshape(this, ref("reshape", x), shape);
    }

    @Override
    public NdArray permute(NdArray x, int... axes) {
        return ShapeOps.permute(this, ref("permute", x), axes);
    }

    @Override
    public NdArray slice(NdArray x, long[] begin, long[] end, long[] step) {
        return ShapeOps.slice(this, ref("slice", x), begin, end, step);
    }

    @Override
    public NdArray concat(List<NdArray> parts, int axis) {
        Objects.requireNonNull(parts, "concat: parts");
        return ShapeOps.concat(this, parts.stream().map(p -> ref("concat", p)).toList(), axis);
    }

    @Override
    public NdArray pad(NdArray x, long[][] padding, double value) {
        return ShapeOps.pad(this, ref("pad", x), padding, value);
    }

    @Override
    public NdArray broadcastTo(NdArray x, Shape shape) {
        ReferenceArray r = ref("broadcastTo", x);
        Strides.checkBroadcastsTo("broadcastTo", r.shape(), shape);
        int[] map = Strides.broadcastMap(r.shape(), shape);
        double[] v = r.data("broadcastTo");
        double[] out = new double[map.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = v[map[i]];
        }
        return create(shape, r.dtype(), out);
    }

    @Override
    public NdArray gather(NdArray x, int axis, NdArray indices) {
        return ShapeOps.gather(this, ref("gather", x), axis, ref("gather", indices));
    }

    @Override
    public NdArray scatterAdd(NdArray base, int axis, NdArray indices, NdArray updates) {
        return ShapeOps.scatterAdd(this, ref("scatterAdd", base), axis, ref("scatterAdd", indices),
                ref("scatterAdd", updates));
    }

    // ---- in place

    @Override
    public void assign(NdArray target, NdArray source) {
        update("assign", target, source, (t, s) -> s);
        long[] to = ref("assign", target).exact("assign");
        long[] from = ref("assign", source).exact("assign");
        if (to != null && from != null) {
            // int64 into int64: copy the exact longs, not their double rounding.
            int[] map = Strides.broadcastMap(source.shape(), target.shape());
            long[] values = new long[map.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = from[map[i]];
            }
            System.arraycopy(values, 0, to, 0, values.length);
        }
    }

    @Override
    public void applyInPlace(BinaryOp op, NdArray target, NdArray other) {
        DType dtype = ref("applyInPlace", target).dtype();
        update("applyInPlace(" + op + ")", target, other, (t, o) -> Scalars.binary(op, t, o, dtype));
    }

    /** {@code target[i] = f(target[i], other broadcast to target[i])}, rounded to the target's dtype. */
    private static void update(String op, NdArray target, NdArray other, DoubleBinaryOperator f) {
        ReferenceArray t = ref(op, target);
        ReferenceArray o = ref(op, other);
        Strides.checkBroadcastsTo(op, o.shape(), t.shape());
        int[] map = Strides.broadcastMap(o.shape(), t.shape());
        double[] vt = t.data(op);
        double[] vo = o.data(op);
        // Computed aside first: other may be target itself.
        double[] r = new double[vt.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Scalars.toDType(t.dtype(), f.applyAsDouble(vt[i], vo[map[i]]));
        }
        t.store(op, r);
    }

    // ---- helpers shared by the op families

    /** A new array owning {@code data}, which is rounded to {@code dtype}. */
    ReferenceArray create(Shape shape, DType dtype, double[] data) {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(dtype, "dtype");
        return new ReferenceArray(this, shape, dtype, data);
    }

    /** A new int64 array owning exactly {@code values}. */
    ReferenceArray createExact(Shape shape, long[] values) {
        Objects.requireNonNull(shape, "shape");
        return new ReferenceArray(this, shape, values);
    }

    /** {@code x} as an open reference array, or an error naming {@code op}. */
    static ReferenceArray ref(String op, NdArray x) {
        if (x == null) {
            throw new IllegalArgumentException(op + ": array is null");
        }
        if (!(x instanceof ReferenceArray r)) {
            throw new IllegalArgumentException(op + ": expected an array of the reference backend, got a "
                    + x.getClass().getName() + " of backend '" + x.backend().name() + "'");
        }
        r.data(op);
        return r;
    }

    private static void checkCount(String op, int count, Shape shape) {
        if (count != shape.numel()) {
            throw new IllegalArgumentException(op + ": " + count + " values do not fill shape " + shape + " ("
                    + shape.numel() + " elements)");
        }
    }
}
