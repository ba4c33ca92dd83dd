package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.BaseRandomOp;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/** Creation, random numbers, read-back, copies and casts. */
final class Nd4jCreation {
    private final Nd4jBackend backend;

    Nd4jCreation(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray fromFloats(float[] data, Shape shape) {
        checkData("fromFloats", data == null ? -1 : data.length, shape);
        if (shape.numel() == 0) {
            return full(shape, 0, DType.FLOAT32);
        }
        return Nd4jCalls.guard("fromFloats", () -> {
            // Into a pooled buffer: batches arrive every step and would otherwise allocate every step.
            INDArray a = Nd4jCalls.alloc(DType.FLOAT32, shape);
            new FloatPointer(hostMemory(a)).put(data, 0, data.length); // one memcpy; setData is 10x slower
            hostWritten(a);
            return backend.wrap(a, shape, DType.FLOAT32);
        });
    }

    NdArray fromDoubles(double[] data, Shape shape, DType dtype) {
        checkData("fromDoubles", data == null ? -1 : data.length, shape);
        requireDtype("fromDoubles", dtype);
        if (shape.numel() == 0) {
            return full(shape, 0, dtype);
        }
        return Nd4jCalls.guard("fromDoubles", () -> backend.wrap(switch (dtype) {
            case FLOAT32 -> {
                float[] f = new float[data.length];
                for (int i = 0; i < f.length; i++) {
                    f[i] = (float) data[i];
                }
                yield Nd4j.create(f, shape.toArray(), DataType.FLOAT);
            }
            case FLOAT64 -> Nd4j.create(data, shape.toArray(), DataType.DOUBLE);
            default -> {
                long[] l = new long[data.length];
                for (int i = 0; i < l.length; i++) {
                    l[i] = dtype == DType.BOOL ? (data[i] != 0 ? 1 : 0) : (long) data[i];
                }
                yield fromLongsRaw(l, shape, dtype);
            }
        }, shape, dtype));
    }

    NdArray fromLongs(long[] data, Shape shape, DType dtype) {
        checkData("fromLongs", data == null ? -1 : data.length, shape);
        requireDtype("fromLongs", dtype);
        if (dtype.isFloatingPoint()) {
            throw new IllegalArgumentException("fromLongs: dtype must be an integer type or bool, got " + dtype);
        }
        if (shape.numel() == 0) {
            return full(shape, 0, dtype);
        }
        return Nd4jCalls.guard("fromLongs", () -> backend.wrap(fromLongsRaw(data, shape, dtype), shape, dtype));
    }

    /**
     * The host memory of fresh array {@code a}. {@code addressPointer()}, not {@code pointer()}: on CUDA the host
     * copy is allocated lazily, by that call; on the CPU both are the same memory.
     */
    private static Pointer hostMemory(INDArray a) {
        return a.data().addressPointer();
    }

    /**
     * Tells ND4J that {@code a}'s host copy, just written directly, is the current one: on CUDA the device copy is
     * then refreshed before the next kernel reads it; on the CPU this is a no-op.
     */
    private static void hostWritten(INDArray a) {
        Nd4j.getAffinityManager().tagLocation(a, AffinityManager.Location.HOST);
    }

    private static INDArray fromLongsRaw(long[] data, Shape shape, DType dtype) {
        long[] dims = shape.toArray();
        return switch (dtype) {
            case INT64 -> {
                INDArray a = Nd4jCalls.alloc(DType.INT64, shape);
                new LongPointer(hostMemory(a)).put(data, 0, data.length);
                hostWritten(a);
                yield a;
            }
            case INT32 -> {
                int[] v = new int[data.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (int) data[i];
                }
                yield Nd4j.create(v, dims, DataType.INT32);
            }
            case BOOL -> {
                boolean[] v = new boolean[data.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = data[i] != 0;
                }
                yield Nd4j.create(v, dims, DataType.BOOL);
            }
            default -> throw new IllegalStateException("fromLongs: no integer layout for " + dtype);
        };
    }

    NdArray full(Shape shape, double value, DType dtype) {
        requireShape("full", shape);
        requireDtype("full", dtype);
        return Nd4jCalls.guard("full", () -> {
            INDArray out = Nd4jCalls.alloc(dtype, shape);
            if (shape.numel() > 0) {
                out.assign(dtype == DType.BOOL ? (value != 0 ? 1 : 0) : value);
            }
            return backend.wrap(out, shape, dtype);
        });
    }

    /**
     * Uses a fresh native generator per call, seeded with {@code seed}: libnd4j derives every element from the
     * seed and its index, so the result does not depend on thread count or on other calls.
     */
    NdArray random(Shape shape, DType dtype, Distribution distribution, double a, double b, long seed) {
        if (distribution == null) {
            throw new IllegalArgumentException("random: distribution is null");
        }
        String op = "random(" + distribution + ")";
        requireShape(op, shape);
        requireDtype(op, dtype);
        if (distribution != Distribution.BERNOULLI && !dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected a floating-point dtype, got " + dtype);
        }
        switch (distribution) {
            case NORMAL -> {
                if (!(b >= 0) || !Double.isFinite(a) || !Double.isFinite(b)) {
                    throw new IllegalArgumentException(op + ": expected a finite mean and std >= 0, got mean " + a
                            + ", std " + b);
                }
            }
            case UNIFORM -> {
                if (!(a <= b) || !Double.isFinite(a) || !Double.isFinite(b)) {
                    throw new IllegalArgumentException(op + ": expected finite low <= high, got low " + a + ", high " + b);
                }
            }
            case BERNOULLI -> {
                if (!(a >= 0 && a <= 1)) {
                    throw new IllegalArgumentException(op + ": expected a probability p in [0, 1], got " + a);
                }
            }
        }
        return Nd4jCalls.guard(op, () -> {
            DType gen = dtype == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32;
            INDArray out = Nd4jCalls.alloc(gen, shape);
            if (shape.numel() > 0) {
                BaseRandomOp rop = switch (distribution) {
                    case NORMAL -> new GaussianDistribution(out, a, b);
                    case UNIFORM -> new UniformDistribution(out, a, b);
                    case BERNOULLI -> new BernoulliDistribution(out, a);
                };
                Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
                try {
                    Nd4j.getExecutioner().exec(rop, rng);
                } finally {
                    closeQuietly(rng);
                }
            }
            if (gen == dtype) {
                return backend.wrap(out, shape, dtype);
            }
            // Only Bernoulli draws (0 or 1) reach here, for an integer or bool dtype.
            try {
                return backend.wrap(Nd4jCalls.castCopy(out, dtype), shape, dtype);
            } finally {
                Nd4jCalls.free(out);
            }
        });
    }

    private static void closeQuietly(Random rng) {
        try {
            rng.close();
        } catch (Exception ignored) {
            // The generator's state is a few bytes; failing to free it is harmless.
        }
    }

    float[] toFloats(NdArray x) {
        Nd4jArray c = backend.arg("toFloats", "x", x);
        return Nd4jCalls.guard("toFloats", () -> {
            INDArray a = c.read("toFloats");
            if (a.isEmpty()) {
                return new float[0];
            }
            return withDense(a, DataType.FLOAT, d -> d.data().asFloat());
        });
    }

    double[] toDoubles(NdArray x) {
        Nd4jArray c = backend.arg("toDoubles", "x", x);
        return Nd4jCalls.guard("toDoubles", () -> {
            INDArray a = c.read("toDoubles");
            if (a.isEmpty()) {
                return new double[0];
            }
            return withDense(a, DataType.DOUBLE, d -> d.data().asDouble());
        });
    }

    long[] toLongs(NdArray x) {
        Nd4jArray c = backend.arg("toLongs", "x", x);
        return Nd4jCalls.guard("toLongs", () -> {
            INDArray a = c.read("toLongs");
            if (a.isEmpty()) {
                return new long[0];
            }
            return withDense(a, DataType.INT64, d -> d.data().asLong());
        });
    }

    /** Applies {@code read} to a dense, unshared-layout copy of {@code a} in {@code type}, or to {@code a} itself. */
    private static <T> T withDense(INDArray a, DataType type, java.util.function.Function<INDArray, T> read) {
        boolean direct = a.dataType() == type && !a.isView() && Nd4jCalls.denseC(a) && a.data().length() == a.length();
        if (direct) {
            return read.apply(a);
        }
        INDArray tmp = Nd4jCalls.castCopy(a, DTypes.neurite(type));
        try {
            return read.apply(tmp);
        } finally {
            Nd4jCalls.free(tmp);
        }
    }

    double item(NdArray x) {
        Nd4jArray c = backend.arg("item", "x", x);
        if (c.shape().numel() != 1) {
            throw new IllegalArgumentException("item: expected a one-element array, got shape " + c.shape()
                    + " (" + c.shape().numel() + " elements)");
        }
        return Nd4jCalls.guard("item", () -> c.read("item").getDouble(0L));
    }

    /** Shares storage: handles are values (writes copy first), so a copy need not copy until written. */
    NdArray copy(NdArray x) {
        Nd4jArray c = backend.arg("copy", "x", x);
        return c.derive(c.read("copy"), c.shape());
    }

    NdArray cast(NdArray x, DType dtype) {
        Nd4jArray c = backend.arg("cast", "x", x);
        requireDtype("cast", dtype);
        if (c.dtype() == dtype) {
            return copy(x);
        }
        return Nd4jCalls.guard("cast", () -> backend.wrap(
                Nd4jCalls.castCopy(c.read("cast"), dtype), c.shape(), dtype));
    }

    private static void checkData(String op, int length, Shape shape) {
        if (length < 0) {
            throw new IllegalArgumentException(op + ": data is null");
        }
        requireShape(op, shape);
        if (length != shape.numel()) {
            throw new IllegalArgumentException(op + ": " + length + " values do not fill shape " + shape + " ("
                    + shape.numel() + " elements)");
        }
    }

    private static void requireShape(String op, Shape shape) {
        if (shape == null) {
            throw new IllegalArgumentException(op + ": shape is null");
        }
    }

    private static void requireDtype(String op, DType dtype) {
        if (dtype == null) {
            throw new IllegalArgumentException(op + ": dtype is null");
        }
    }
}
