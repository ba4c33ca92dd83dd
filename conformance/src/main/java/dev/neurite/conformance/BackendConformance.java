package dev.neurite.conformance;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradientCheck;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.backend.BackendProvider;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.ReduceOp;
import dev.neurite.api.backend.UnaryOp;
import dev.neurite.api.backend.kernel.AdamKernel;
import dev.neurite.api.backend.kernel.LinearKernel;
import dev.neurite.api.backend.kernel.SoftmaxCrossEntropyKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The backend conformance kit: what every {@link Backend} must do, written against the SPI only. Expected values
 * are computed by hand or in float64 Java; fused kernels are compared with the same computation composed from
 * the backend's own primitives; gradients of {@link Tensor} ops are checked on the backend under test against
 * central finite differences in float64.
 *
 * <p>To run it on a backend, depend on the api test-jar ({@code dev.neurite:neurite-api}, {@code <type>test-jar</type>},
 * scope test) and extend this class:
 *
 * <pre>{@code
 * class MyBackendConformanceTest extends BackendConformance {
 *     @BeforeAll
 *     static void device() {
 *         BackendConformance.assumeAvailable("my");   // reports the kit as skipped, with the reason, without a device
 *     }
 *
 *     @Override
 *     protected Backend backend() {
 *         return Backends.byName("my");
 *     }
 * }
 * }</pre>
 *
 * <p>{@link Backends#current()} is switched to {@link #backend()} before each test (the {@link Tensor} factories
 * used by the gradient checks create their arrays there) and restored after it. Tests that need something the
 * backend does not offer (a fused kernel) are reported as skipped, not passed.
 */
public abstract class BackendConformance extends SpatialKernelConformance {
    private static final double F32 = 1e-5;
    private static final double F64 = 1e-12;

    private final List<NdArray> created = new ArrayList<>();
    private Backend previousCurrent;

    /** The backend under test; may be shared between tests. */
    protected abstract Backend backend();

    /**
     * Aborts the calling test (or, from a {@code @BeforeAll}, the whole class) as skipped when the provider named
     * {@code providerName} is not found or is unavailable here; the skip message is the provider's
     * {@link BackendProvider#unavailableReason()}. Call it before creating the backend.
     */
    public static void assumeAvailable(String providerName) {
        List<BackendProvider> all = Backends.providers();
        BackendProvider provider = all.stream().filter(p -> p.name().equalsIgnoreCase(providerName)).findFirst()
                .orElse(null);
        Assumptions.assumeTrue(provider != null, () -> "backend '" + providerName + "' is not on the class path; found: "
                + all.stream().map(BackendProvider::name).collect(Collectors.joining(", ", "[", "]")));
        boolean available = provider.isAvailable();
        Assumptions.assumeTrue(available, () -> "backend '" + providerName + "' is unavailable: "
                + provider.unavailableReason());
    }

    @BeforeEach
    protected final void useBackendUnderTest() {
        // The backend under test first: if it aborts (unavailable here), no other backend gets started for nothing.
        Backend underTest = backend();
        try {
            previousCurrent = Backends.current();
        } catch (IllegalStateException noneChosenYet) {
            previousCurrent = null;
        }
        Backends.use(underTest);
    }

    @AfterEach
    protected final void closeArrays() {
        created.forEach(NdArray::close);
        created.clear();
        Backends.use(previousCurrent);
    }

    // ------------------------------------------------------------------ helpers

    protected <T extends NdArray> T track(T a) {
        created.add(a);
        return a;
    }

    protected NdArray f32(Shape s, double... v) {
        return track(backend().fromDoubles(v, s, DType.FLOAT32));
    }

    protected NdArray f64(Shape s, double... v) {
        return track(backend().fromDoubles(v, s, DType.FLOAT64));
    }

    protected NdArray i64(Shape s, long... v) {
        return track(backend().fromLongs(v, s, DType.INT64));
    }

    protected NdArray i32(Shape s, long... v) {
        return track(backend().fromLongs(v, s, DType.INT32));
    }

    protected NdArray bool(Shape s, boolean... v) {
        long[] l = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            l[i] = v[i] ? 1 : 0;
        }
        return track(backend().fromLongs(l, s, DType.BOOL));
    }

    protected static Shape s(long... dims) {
        return Shape.of(dims);
    }

    /** Asserts shape, dtype and values (tolerance by dtype: float32 1e-5 relative, float64 1e-12, integers exact). */
    protected void check(NdArray a, Shape shape, DType dtype, double... expected) {
        track(a);
        assertEquals(shape, a.shape(), "shape");
        assertEquals(dtype, a.dtype(), "dtype");
        double[] actual = backend().toDoubles(a);
        assertEquals(expected.length, actual.length, "element count");
        double tol = dtype == DType.FLOAT32 ? F32 : dtype == DType.FLOAT64 ? F64 : 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i];
            double x = actual[i];
            if (Double.isNaN(e)) {
                assertTrue(Double.isNaN(x), "element " + i + ": expected NaN, got " + x);
            } else if (Double.isInfinite(e)) {
                assertEquals(e, x, "element " + i);
            } else {
                assertEquals(e, x, tol * Math.max(1, Math.abs(e)), "element " + i + " of " + Arrays.toString(actual));
            }
        }
    }

    protected void checkBool(NdArray a, Shape shape, boolean... expected) {
        double[] d = new double[expected.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = expected[i] ? 1 : 0;
        }
        check(a, shape, DType.BOOL, d);
    }

    /** Asserts an IllegalArgumentException whose message contains every fragment (op name, shapes, ...). */
    protected static void rejects(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(f),
                    "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    private static double[] seq(int n, double start, double step) {
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = start + i * step;
        }
        return r;
    }

    /** Plain float64 matrix product of row-major [m,k] x [k,n]. */
    private static double[] refMatmul(double[] a, double[] b, int m, int k, int n) {
        double[] r = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a[i * k + p] * b[p * n + j];
                }
                r[i * n + j] = s;
            }
        }
        return r;
    }

    private static double[] refTranspose(double[] a, int rows, int cols) {
        double[] r = new double[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                r[j * rows + i] = a[i * cols + j];
            }
        }
        return r;
    }

    // ------------------------------------------------------------------ creation and read-back

    @Test
    protected void fromFloatsRoundTripsIncludingScalarsAndEmpty() {
        NdArray a = track(backend().fromFloats(new float[]{1.5f, -2, 3, 4, 5, 6}, s(2, 3)));
        assertEquals(s(2, 3), a.shape());
        assertEquals(DType.FLOAT32, a.dtype());
        assertArrayEquals(new float[]{1.5f, -2, 3, 4, 5, 6}, backend().toFloats(a));
        NdArray scalar = track(backend().fromFloats(new float[]{7}, Shape.scalar()));
        assertEquals(Shape.scalar(), scalar.shape());
        assertEquals(7.0, backend().item(scalar));
        NdArray empty = track(backend().fromFloats(new float[0], s(0, 3)));
        assertEquals(s(0, 3), empty.shape());
        assertEquals(0, backend().toFloats(empty).length);
    }

    @Test
    protected void fromDoublesConvertsToEveryDtype() {
        check(backend().fromDoubles(new double[]{0.1, -2.5}, s(2), DType.FLOAT64), s(2), DType.FLOAT64, 0.1, -2.5);
        check(backend().fromDoubles(new double[]{0.1, -2.5}, s(2), DType.FLOAT32), s(2), DType.FLOAT32, 0.1f, -2.5);
        check(backend().fromDoubles(new double[]{1.9, -2.7}, s(2), DType.INT32), s(2), DType.INT32, 1, -2);
        check(backend().fromDoubles(new double[]{1.9, -2.7}, s(2), DType.INT64), s(2), DType.INT64, 1, -2);
        check(backend().fromDoubles(new double[]{0, -0.5, 3}, s(3), DType.BOOL), s(3), DType.BOOL, 0, 1, 1);
    }

    @Test
    protected void fromLongsKeepsInt64ExactAndMakesBools() {
        long big = (1L << 53) + 1;
        NdArray a = i64(s(3), big, -5, 0);
        assertArrayEquals(new long[]{big, -5, 0}, backend().toLongs(a));
        check(backend().fromLongs(new long[]{3, -4}, s(2), DType.INT32), s(2), DType.INT32, 3, -4);
        check(backend().fromLongs(new long[]{0, 2, -1}, s(3), DType.BOOL), s(3), DType.BOOL, 0, 1, 1);
        rejects(() -> backend().fromLongs(new long[]{1}, s(1), DType.FLOAT32), "fromLongs", "float32");
    }

    @Test
    protected void fullFillsEveryDtype() {
        check(backend().full(s(2, 2), 2.5, DType.FLOAT32), s(2, 2), DType.FLOAT32, 2.5, 2.5, 2.5, 2.5);
        check(backend().full(s(2), -1, DType.INT64), s(2), DType.INT64, -1, -1);
        check(backend().full(Shape.scalar(), 3, DType.FLOAT64), Shape.scalar(), DType.FLOAT64, 3);
        check(backend().full(s(2), 1, DType.BOOL), s(2), DType.BOOL, 1, 1);
        check(backend().full(s(0, 2), 1, DType.FLOAT32), s(0, 2), DType.FLOAT32);
    }

    @Test
    protected void readBackConvertsBetweenDtypes() {
        assertArrayEquals(new long[]{1, -1, 2}, backend().toLongs(f32(s(3), 1.7, -1.7, 2)));
        assertArrayEquals(new long[]{1, 0}, backend().toLongs(bool(s(2), true, false)));
        assertArrayEquals(new double[]{3, 4}, backend().toDoubles(i64(s(2), 3, 4)));
        assertArrayEquals(new float[]{1, 0}, backend().toFloats(bool(s(2), true, false)));
    }

    @Test
    protected void itemNeedsExactlyOneElement() {
        assertEquals(4.0, backend().item(f32(s(1, 1), 4)));
        assertEquals(9.0, backend().item(i64(Shape.scalar(), 9)));
        assertEquals(1.0, backend().item(bool(Shape.scalar(), true)));
        rejects(() -> backend().item(f32(s(2), 1, 2)), "item", "[2]");
    }

    @Test
    protected void creationRejectsMismatchedData() {
        rejects(() -> backend().fromFloats(new float[5], s(2, 3)), "fromFloats", "5", "[2, 3]");
        rejects(() -> backend().fromDoubles(new double[1], s(2), DType.FLOAT64), "fromDoubles", "[2]");
        rejects(() -> backend().fromLongs(new long[3], s(2), DType.INT64), "fromLongs", "[2]");
    }

    @Test
    protected void copyIsIndependent() {
        NdArray a = f32(s(3), 1, 2, 3);
        NdArray c = track(backend().copy(a));
        backend().applyInPlace(BinaryOp.ADD, c, f32(s(3), 10, 10, 10));
        check(backend().copy(a), s(3), DType.FLOAT32, 1, 2, 3);
        check(backend().copy(c), s(3), DType.FLOAT32, 11, 12, 13);
        backend().applyInPlace(BinaryOp.MUL, a, f32(Shape.scalar(), 2));
        check(backend().copy(c), s(3), DType.FLOAT32, 11, 12, 13);
    }

    @Test
    protected void castConvertsLikeJava() {
        NdArray x = f32(s(4), -1.7, 1.7, 0, 2);
        check(backend().cast(x, DType.INT64), s(4), DType.INT64, -1, 1, 0, 2);
        check(backend().cast(x, DType.INT32), s(4), DType.INT32, -1, 1, 0, 2);
        check(backend().cast(x, DType.BOOL), s(4), DType.BOOL, 1, 1, 0, 1);
        check(backend().cast(x, DType.FLOAT64), s(4), DType.FLOAT64, -1.7f, 1.7f, 0, 2);
        check(backend().cast(x, DType.FLOAT32), s(4), DType.FLOAT32, -1.7, 1.7, 0, 2);
        check(backend().cast(bool(s(2), true, false), DType.FLOAT32), s(2), DType.FLOAT32, 1, 0);
        check(backend().cast(i64(s(2), 3, -4), DType.FLOAT32), s(2), DType.FLOAT32, 3, -4);
    }

    // ------------------------------------------------------------------ unary

    private void checkUnary(UnaryOp op, double[] in, DoubleUnaryOperator ref) {
        double[] expected = Arrays.stream(in).map(ref).toArray();
        check(backend().unary(op, f64(s(in.length), in)), s(in.length), DType.FLOAT64, expected);
        double[] expected32 = Arrays.stream(in).map(v -> ref.applyAsDouble((float) v)).toArray();
        check(backend().unary(op, f32(s(in.length), in)), s(in.length), DType.FLOAT32, expected32);
    }

    @Test
    protected void unaryOpsMatchFloat64References() {
        double[] any = {-2.5, -0.75, 0, 0.3, 1.5, 3};
        double[] positive = {0.25, 0.5, 1, 2.5, 10};
        checkUnary(UnaryOp.NEG, any, v -> -v);
        checkUnary(UnaryOp.ABS, any, Math::abs);
        checkUnary(UnaryOp.SIGN, any, Math::signum);
        checkUnary(UnaryOp.EXP, any, Math::exp);
        checkUnary(UnaryOp.LOG, positive, Math::log);
        checkUnary(UnaryOp.LOG1P, new double[]{-0.5, 0, 1e-8, 3}, Math::log1p);
        checkUnary(UnaryOp.SQRT, positive, Math::sqrt);
        checkUnary(UnaryOp.SQUARE, any, v -> v * v);
        checkUnary(UnaryOp.RECIPROCAL, positive, v -> 1 / v);
        checkUnary(UnaryOp.TANH, any, Math::tanh);
        checkUnary(UnaryOp.SIGMOID, any, v -> 1 / (1 + Math.exp(-v)));
        checkUnary(UnaryOp.RELU, any, v -> Math.max(0, v));
        checkUnary(UnaryOp.SOFTPLUS, any, v -> Math.log1p(Math.exp(v)));
        checkUnary(UnaryOp.SIN, any, Math::sin);
        checkUnary(UnaryOp.COS, any, Math::cos);
        checkUnary(UnaryOp.FLOOR, any, Math::floor);
        checkUnary(UnaryOp.CEIL, any, Math::ceil);
    }

    @Test
    protected void erfMatchesTabulatedValues() {
        check(backend().unary(UnaryOp.ERF, f64(s(4), -1.5, 0, 0.5, 1)), s(4), DType.FLOAT64,
                -0.9661051464753108, 0, 0.5204998778130465, 0.8427007929497149);
    }

    @Test
    protected void roundIsHalfToEven() {
        check(backend().unary(UnaryOp.ROUND, f32(s(6), 0.5, 1.5, 2.5, -0.5, -1.5, 2.6)), s(6), DType.FLOAT32,
                0, 2, 2, -0.0, -2, 3);
    }

    @Test
    protected void softplusAndSigmoidAreStableAtExtremes() {
        check(backend().unary(UnaryOp.SOFTPLUS, f32(s(3), -100, 50, 100)), s(3), DType.FLOAT32, 0, 50, 100);
        check(backend().unary(UnaryOp.SOFTPLUS, f64(s(2), 100, 800)), s(2), DType.FLOAT64, 100, 800);
        check(backend().unary(UnaryOp.SIGMOID, f32(s(2), -100, 100)), s(2), DType.FLOAT32, 0, 1);
    }

    @Test
    protected void unaryOnIntegers() {
        NdArray x = i64(s(3), -3, 0, 4);
        check(backend().unary(UnaryOp.NEG, x), s(3), DType.INT64, 3, 0, -4);
        check(backend().unary(UnaryOp.ABS, x), s(3), DType.INT64, 3, 0, 4);
        check(backend().unary(UnaryOp.SIGN, x), s(3), DType.INT64, -1, 0, 1);
        check(backend().unary(UnaryOp.SQUARE, x), s(3), DType.INT64, 9, 0, 16);
        check(backend().unary(UnaryOp.RELU, x), s(3), DType.INT64, 0, 0, 4);
        check(backend().unary(UnaryOp.FLOOR, x), s(3), DType.INT64, -3, 0, 4);
        // Results keep the input's dtype; ops without an integer meaning are computed in floating point and truncated.
        check(backend().unary(UnaryOp.EXP, i32(s(3), 0, 1, 2)), s(3), DType.INT32, 1, 2, 7);
        check(backend().unary(UnaryOp.SQRT, i64(s(2), 4, 8)), s(2), DType.INT64, 2, 2);
        checkBool(backend().unary(UnaryOp.ABS, bool(s(2), true, false)), s(2), true, false);
    }

    // ------------------------------------------------------------------ binary

    @Test
    protected void binaryBroadcastsRowVector() {
        NdArray a = f64(s(2, 3), 1, 2, 3, 4, 5, 6);
        NdArray b = f64(s(3), 10, 20, 30);
        check(backend().binary(BinaryOp.ADD, a, b), s(2, 3), DType.FLOAT64, 11, 22, 33, 14, 25, 36);
        check(backend().binary(BinaryOp.SUB, a, b), s(2, 3), DType.FLOAT64, -9, -18, -27, -6, -15, -24);
        check(backend().binary(BinaryOp.MUL, a, b), s(2, 3), DType.FLOAT64, 10, 40, 90, 40, 100, 180);
        check(backend().binary(BinaryOp.DIV, a, b), s(2, 3), DType.FLOAT64, 0.1, 0.1, 0.1, 0.4, 0.25, 0.2);
        check(backend().binary(BinaryOp.SUB, b, a), s(2, 3), DType.FLOAT64, 9, 18, 27, 6, 15, 24);
    }

    @Test
    protected void binaryBroadcastsColumnAgainstRow() {
        NdArray col = f32(s(2, 1), 1, 2);
        NdArray row = f32(s(1, 3), 10, 20, 30);
        check(backend().binary(BinaryOp.ADD, col, row), s(2, 3), DType.FLOAT32, 11, 21, 31, 12, 22, 32);
        check(backend().binary(BinaryOp.MAX, col, f32(s(1, 3), 0, 1.5, 3)), s(2, 3), DType.FLOAT32,
                1, 1.5, 3, 2, 2, 3);
        check(backend().binary(BinaryOp.MIN, col, f32(s(1, 3), 0, 1.5, 3)), s(2, 3), DType.FLOAT32,
                0, 1, 1, 0, 1.5, 2);
    }

    @Test
    protected void binaryWithScalarShapes() {
        NdArray scalar = f64(Shape.scalar(), 2);
        NdArray m = f64(s(2, 2), 1, 2, 3, 4);
        check(backend().binary(BinaryOp.POW, m, scalar), s(2, 2), DType.FLOAT64, 1, 4, 9, 16);
        check(backend().binary(BinaryOp.POW, scalar, m), s(2, 2), DType.FLOAT64, 2, 4, 8, 16);
        check(backend().binary(BinaryOp.MUL, scalar, f64(Shape.scalar(), 5)), Shape.scalar(), DType.FLOAT64, 10);
    }

    @Test
    protected void binaryPromotesDtypes() {
        check(backend().binary(BinaryOp.ADD, i64(s(3), 1, 2, 3), f32(s(3), 0.5, 0.25, -1)), s(3), DType.FLOAT32,
                1.5, 2.25, 2);
        check(backend().binary(BinaryOp.MUL, i32(s(2), 3, 4), i64(s(2), 5, 6)), s(2), DType.INT64, 15, 24);
        check(backend().binary(BinaryOp.ADD, f32(s(2), 1, 2), f64(s(2), 0.1, 0.2)), s(2), DType.FLOAT64,
                1.1, 2.2);
        check(backend().binary(BinaryOp.MUL, bool(s(2), true, false), f32(s(2), 3, 4)), s(2), DType.FLOAT32, 3, 0);
        checkBool(backend().binary(BinaryOp.MUL, bool(s(3), true, true, false), bool(s(3), true, false, false)),
                s(3), true, false, false);
        checkBool(backend().binary(BinaryOp.ADD, bool(s(3), true, false, false), bool(s(3), true, true, false)),
                s(3), true, true, false);
        // bool arithmetic is computed on 0 and 1 and stored back as non-zero = true
        checkBool(backend().binary(BinaryOp.SUB, bool(s(3), true, true, false), bool(s(3), true, false, true)),
                s(3), false, true, true);
    }

    @Test
    protected void integerDivisionTruncatesAndRejectsZero() {
        check(backend().binary(BinaryOp.DIV, i64(s(3), -7, 7, 6), i64(s(3), 2, 2, 4)), s(3), DType.INT64, -3, 3, 1);
        rejects(() -> backend().binary(BinaryOp.DIV, i64(s(2), 1, 2), i64(s(2), 1, 0)), "div", "zero");
        rejects(() -> backend().binaryScalar(BinaryOp.DIV, i32(s(2), 1, 2), 0), "div", "zero");
        rejects(() -> backend().binary(BinaryOp.POW, i64(s(2), 2, 2), i64(s(2), 1, -1)), "pow", "negative");
        check(backend().binary(BinaryOp.POW, i64(s(3), 2, -3, 5), i64(s(3), 10, 3, 0)), s(3), DType.INT64, 1024, -27, 1);
        check(backend().binary(BinaryOp.DIV, f32(s(1), 1), f32(s(1), 0)), s(1), DType.FLOAT32,
                Double.POSITIVE_INFINITY);
    }

    @Test
    protected void binaryRejectsIncompatibleShapes() {
        rejects(() -> backend().binary(BinaryOp.ADD, f32(s(2, 3), new double[6]), f32(s(4), new double[4])),
                "add", "[2, 3]", "[4]");
    }

    @Test
    protected void binaryScalarKeepsDtype() {
        NdArray x = f32(s(3), 1, 2, 3);
        check(backend().binaryScalar(BinaryOp.ADD, x, 1.5), s(3), DType.FLOAT32, 2.5, 3.5, 4.5);
        check(backend().binaryScalar(BinaryOp.SUB, x, 1), s(3), DType.FLOAT32, 0, 1, 2);
        check(backend().binaryScalar(BinaryOp.MUL, x, -2), s(3), DType.FLOAT32, -2, -4, -6);
        check(backend().binaryScalar(BinaryOp.DIV, x, 4), s(3), DType.FLOAT32, 0.25, 0.5, 0.75);
        check(backend().binaryScalar(BinaryOp.POW, x, 0.5), s(3), DType.FLOAT32, 1, Math.sqrt(2), Math.sqrt(3));
        check(backend().binaryScalar(BinaryOp.MAX, x, 2), s(3), DType.FLOAT32, 2, 2, 3);
        check(backend().binaryScalar(BinaryOp.MIN, x, 2), s(3), DType.FLOAT32, 1, 2, 2);
        NdArray n = i64(s(3), 3, 5, -3);
        check(backend().binaryScalar(BinaryOp.MUL, n, 0.5), s(3), DType.INT64, 1, 2, -1);
        check(backend().binaryScalar(BinaryOp.DIV, n, 2), s(3), DType.INT64, 1, 2, -1);
        check(backend().binaryScalar(BinaryOp.POW, n, 2), s(3), DType.INT64, 9, 25, 9);
        check(backend().binaryScalar(BinaryOp.SUB, n, 0.5), s(3), DType.INT64, 2, 4, -3);
        rejects(() -> backend().binaryScalar(BinaryOp.POW, n, -1), "pow", "negative");
        checkBool(backend().binaryScalar(BinaryOp.SUB, bool(s(2), true, false), 1), s(2), false, true);
    }

    // ------------------------------------------------------------------ comparisons and where

    @Test
    protected void compareBroadcastsAndReturnsBool() {
        NdArray a = f32(s(2, 3), 1, 5, 3, 4, 2, 6);
        NdArray b = f32(s(3), 1, 5, 4);
        checkBool(backend().compare(CompareOp.EQ, a, b), s(2, 3), true, true, false, false, false, false);
        checkBool(backend().compare(CompareOp.NE, a, b), s(2, 3), false, false, true, true, true, true);
        checkBool(backend().compare(CompareOp.LT, a, b), s(2, 3), false, false, true, false, true, false);
        checkBool(backend().compare(CompareOp.LE, a, b), s(2, 3), true, true, true, false, true, false);
        checkBool(backend().compare(CompareOp.GT, a, b), s(2, 3), false, false, false, true, false, true);
        checkBool(backend().compare(CompareOp.GE, a, b), s(2, 3), true, true, false, true, false, true);
    }

    @Test
    protected void comparePromotesDtypes() {
        checkBool(backend().compare(CompareOp.EQ, i64(s(3), 1, 2, 3), f32(s(3), 1, 2.5, 3)), s(3), true, false, true);
        checkBool(backend().compare(CompareOp.LT, bool(s(2), false, true), bool(s(2), true, true)), s(2), true, false);
        rejects(() -> backend().compare(CompareOp.EQ, f32(s(2), 1, 2), f32(s(3), 1, 2, 3)), "eq", "[2]", "[3]");
    }

    @Test
    protected void compareScalarHandlesFractionalScalarsOnIntegers() {
        checkBool(backend().compareScalar(CompareOp.GT, i64(s(3), 1, 2, 3), 2.5), s(3), false, false, true);
        checkBool(backend().compareScalar(CompareOp.LE, i64(s(3), 1, 2, 3), 2), s(3), true, true, false);
        checkBool(backend().compareScalar(CompareOp.EQ, f32(s(3), 0.5, 1, 0.5), 0.5), s(3), true, false, true);
        checkBool(backend().compareScalar(CompareOp.NE, bool(s(2), true, false), 1), s(2), false, true);
        checkBool(backend().compareScalar(CompareOp.LT, f64(s(2), -1, 1), 0), s(2), true, false);
        checkBool(backend().compareScalar(CompareOp.GE, f64(s(2), -1, 1), 1), s(2), false, true);
    }

    @Test
    protected void whereBroadcastsAllThree() {
        NdArray cond = bool(s(2, 1), true, false);
        NdArray a = f32(s(1, 3), 1, 2, 3);
        NdArray b = f32(Shape.scalar(), -1);
        check(backend().where(cond, a, b), s(2, 3), DType.FLOAT32, 1, 2, 3, -1, -1, -1);
        NdArray c2 = bool(s(3), true, false, true);
        check(backend().where(c2, i64(s(3), 1, 2, 3), f32(s(2, 3), 10, 20, 30, 40, 50, 60)), s(2, 3), DType.FLOAT32,
                1, 20, 3, 1, 50, 3);
        rejects(() -> backend().where(f32(s(3), 1, 0, 1), a, b), "where", "bool");
        rejects(() -> backend().where(bool(s(2), true, false), a, b), "where");
    }

    // ------------------------------------------------------------------ reductions

    @Test
    protected void reduceOverSingleAxes() {
        NdArray x = f64(s(2, 3), 1, 2, 3, 4, 5, 6);
        check(backend().reduce(ReduceOp.SUM, x, new int[]{0}, false), s(3), DType.FLOAT64, 5, 7, 9);
        check(backend().reduce(ReduceOp.SUM, x, new int[]{1}, false), s(2), DType.FLOAT64, 6, 15);
        check(backend().reduce(ReduceOp.SUM, x, new int[]{1}, true), s(2, 1), DType.FLOAT64, 6, 15);
        check(backend().reduce(ReduceOp.MEAN, x, new int[]{0}, true), s(1, 3), DType.FLOAT64, 2.5, 3.5, 4.5);
        check(backend().reduce(ReduceOp.MAX, x, new int[]{1}, false), s(2), DType.FLOAT64, 3, 6);
        check(backend().reduce(ReduceOp.MIN, x, new int[]{0}, false), s(3), DType.FLOAT64, 1, 2, 3);
        check(backend().reduce(ReduceOp.PROD, x, new int[]{1}, false), s(2), DType.FLOAT64, 6, 120);
    }

    @Test
    protected void reduceOverSeveralAndAllAxes() {
        NdArray x = f32(s(2, 3, 4), seq(24, 0, 1));
        // sum over axes 0 and 2: for j, sum_i sum_k (12i + 4j + k) = 2*(4*4j + 6) + 4*12 = 32j + 60
        check(backend().reduce(ReduceOp.SUM, x, new int[]{0, 2}, false), s(3), DType.FLOAT32, 60, 92, 124);
        check(backend().reduce(ReduceOp.SUM, x, new int[]{0, 2}, true), s(1, 3, 1), DType.FLOAT32, 60, 92, 124);
        check(backend().reduce(ReduceOp.SUM, x, new int[0], false), Shape.scalar(), DType.FLOAT32, 276);
        check(backend().reduce(ReduceOp.MEAN, x, new int[0], true), s(1, 1, 1), DType.FLOAT32, 11.5);
        check(backend().reduce(ReduceOp.MAX, x, new int[]{1, 2}, false), s(2), DType.FLOAT32, 11, 23);
        check(backend().reduce(ReduceOp.SUM, x, new int[]{0, 1, 2}, false), Shape.scalar(), DType.FLOAT32, 276);
    }

    @Test
    protected void reduceDtypes() {
        check(backend().reduce(ReduceOp.SUM, bool(s(4), true, true, false, true), new int[0], false), Shape.scalar(),
                DType.INT64, 3);
        rejects(() -> backend().reduce(ReduceOp.MEAN, i64(s(2), 1, 2), new int[0], false), "mean", "int64");
        check(backend().reduce(ReduceOp.SUM, i32(s(2, 2), 1, 2, 3, 4), new int[]{0}, false), s(2), DType.INT32, 4, 6);
        check(backend().reduce(ReduceOp.MAX, i64(s(3), -5, 7, 2), new int[]{0}, false), Shape.scalar(), DType.INT64, 7);
    }

    @Test
    protected void reduceRejectsBadAxes() {
        NdArray x = f32(s(2, 3), new double[6]);
        rejects(() -> backend().reduce(ReduceOp.SUM, x, new int[]{2}, false), "sum", "[2, 3]", "[2]");
        rejects(() -> backend().reduce(ReduceOp.SUM, x, new int[]{1, 0}, false), "sum", "[1, 0]");
        rejects(() -> backend().reduce(ReduceOp.MEAN, x, new int[]{0, 0}, false), "mean", "[0, 0]");
        rejects(() -> backend().reduce(ReduceOp.MAX, x, new int[]{-1}, false), "max", "[-1]");
    }

    @Test
    protected void argMaxAlongAnAxis() {
        NdArray x = f32(s(2, 3), 1, 9, 3, 7, 5, 6);
        check(backend().argMax(x, 1, false), s(2), DType.INT64, 1, 0);
        check(backend().argMax(x, 0, false), s(3), DType.INT64, 1, 0, 1);
        check(backend().argMax(x, -1, true), s(2, 1), DType.INT64, 1, 0);
        check(backend().argMax(i64(s(4), 2, 8, 8, 1), 0, false), Shape.scalar(), DType.INT64, 1);
        rejects(() -> backend().argMax(x, 2, false), "axis 2", "[2, 3]");
    }

    // ------------------------------------------------------------------ matmul

    @Test
    protected void matmulOfMatrices() {
        double[] a = {1, 2, 3, 4, 5, 6};
        double[] b = {7, 8, 9, 10, 11, 12};
        check(backend().matmul(f64(s(2, 3), a), f64(s(3, 2), b), false, false), s(2, 2), DType.FLOAT64,
                58, 64, 139, 154);
        check(backend().matmul(f32(s(2, 3), a), f32(s(3, 2), b), false, false), s(2, 2), DType.FLOAT32,
                58, 64, 139, 154);
    }

    @Test
    protected void matmulTransposes() {
        double[] a = seq(12, -3, 0.5);   // as [3, 4]
        double[] b = seq(20, 1, -0.25);  // as [4, 5]
        double[] ref = refMatmul(a, b, 3, 4, 5);
        NdArray at = f64(s(4, 3), refTranspose(a, 3, 4));
        NdArray bt = f64(s(5, 4), refTranspose(b, 4, 5));
        NdArray an = f64(s(3, 4), a);
        NdArray bn = f64(s(4, 5), b);
        check(backend().matmul(an, bn, false, false), s(3, 5), DType.FLOAT64, ref);
        check(backend().matmul(at, bn, true, false), s(3, 5), DType.FLOAT64, ref);
        check(backend().matmul(an, bt, false, true), s(3, 5), DType.FLOAT64, ref);
        check(backend().matmul(at, bt, true, true), s(3, 5), DType.FLOAT64, ref);
    }

    @Test
    protected void matmulBatched() {
        double[] a = seq(2 * 3 * 4, 0.5, 0.25);
        double[] b = seq(2 * 4 * 2, -2, 0.5);
        double[] ref = new double[2 * 3 * 2];
        for (int i = 0; i < 2; i++) {
            double[] r = refMatmul(Arrays.copyOfRange(a, 12 * i, 12 * i + 12), Arrays.copyOfRange(b, 8 * i, 8 * i + 8),
                    3, 4, 2);
            System.arraycopy(r, 0, ref, 6 * i, 6);
        }
        check(backend().matmul(f64(s(2, 3, 4), a), f64(s(2, 4, 2), b), false, false), s(2, 3, 2), DType.FLOAT64, ref);
        // the same product with both operands stored transposed, as rank 4 with a unit batch dimension
        double[] atr = new double[a.length];
        double[] btr = new double[b.length];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(refTranspose(Arrays.copyOfRange(a, 12 * i, 12 * i + 12), 3, 4), 0, atr, 12 * i, 12);
            System.arraycopy(refTranspose(Arrays.copyOfRange(b, 8 * i, 8 * i + 8), 4, 2), 0, btr, 8 * i, 8);
        }
        check(backend().matmul(f64(s(1, 2, 4, 3), atr), f64(s(1, 2, 2, 4), btr), true, true), s(1, 2, 3, 2),
                DType.FLOAT64, ref);
    }

    @Test
    protected void matmulWithSharedRightOperand() {
        double[] a = seq(2 * 3 * 4, 1, 1);
        double[] w = seq(4 * 2, 0.5, -0.25);
        double[] ref = refMatmul(a, w, 6, 4, 2);
        check(backend().matmul(f32(s(2, 3, 4), a), f32(s(4, 2), w), false, false), s(2, 3, 2), DType.FLOAT32, ref);
        check(backend().matmul(f32(s(2, 3, 4), a), f32(s(2, 4), refTranspose(w, 4, 2)), false, true), s(2, 3, 2),
                DType.FLOAT32, ref);
        double[] at = new double[a.length];
        for (int i = 0; i < 2; i++) {
            System.arraycopy(refTranspose(Arrays.copyOfRange(a, 12 * i, 12 * i + 12), 3, 4), 0, at, 12 * i, 12);
        }
        check(backend().matmul(f64(s(2, 4, 3), at), f64(s(4, 2), w), true, false), s(2, 3, 2), DType.FLOAT64, ref);
    }

    @Test
    protected void matmulOfViewsAndIntegers() {
        NdArray x = f64(s(3, 2), 1, 2, 3, 4, 5, 6);
        NdArray xt = track(backend().permute(x, 1, 0));
        check(backend().matmul(xt, x, false, false), s(2, 2), DType.FLOAT64, 35, 44, 44, 56);
        check(backend().matmul(i64(s(2, 2), 1, 2, 3, 4), i64(s(2, 1), 5, 6), false, false), s(2, 1), DType.INT64,
                17, 39);
        check(backend().matmul(i64(s(1, 2), 1, 2), f32(s(2, 1), 0.5, 0.25), false, false), s(1, 1), DType.FLOAT32, 1);
    }

    @Test
    protected void matmulRejectsMismatchedShapes() {
        NdArray a = f32(s(2, 3), new double[6]);
        rejects(() -> backend().matmul(a, a, false, false), "matmul", "[2, 3]");
        rejects(() -> backend().matmul(f32(s(3), 1, 2, 3), a, false, false), "matmul", "[3]", "[2, 3]");
        rejects(() -> backend().matmul(f32(s(2, 2, 3), new double[12]), f32(s(3, 3, 2), new double[18]), false, false),
                "matmul", "[2, 2, 3]", "[3, 3, 2]");
    }

    // ------------------------------------------------------------------ shape

    @Test
    protected void reshapeKeepsRowMajorOrder() {
        NdArray x = f32(s(2, 3), 1, 2, 3, 4, 5, 6);
        check(backend().reshape(x, s(3, 2)), s(3, 2), DType.FLOAT32, 1, 2, 3, 4, 5, 6);
        check(backend().reshape(x, s(6)), s(6), DType.FLOAT32, 1, 2, 3, 4, 5, 6);
        NdArray t = track(backend().permute(x, 1, 0));
        check(backend().reshape(t, s(6)), s(6), DType.FLOAT32, 1, 4, 2, 5, 3, 6);
        check(backend().reshape(f32(s(1), 5), Shape.scalar()), Shape.scalar(), DType.FLOAT32, 5);
        rejects(() -> backend().reshape(x, s(4)), "reshape", "[2, 3]", "[4]");
    }

    @Test
    protected void permuteReordersAxes() {
        NdArray x = f64(s(2, 3, 4), seq(24, 0, 1));
        NdArray p = track(backend().permute(x, 2, 0, 1));
        assertEquals(s(4, 2, 3), p.shape());
        double[] v = backend().toDoubles(p);
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 3; j++) {
                    assertEquals(12 * i + 4 * j + k, v[k * 6 + i * 3 + j]);
                }
            }
        }
        rejects(() -> backend().permute(x, 0, 0, 1), "permute", "[0, 0, 1]");
        rejects(() -> backend().permute(x, 0, 1), "permute", "[2, 3, 4]");
    }

    @Test
    protected void sliceWithSteps() {
        NdArray x = f32(s(4, 5), seq(20, 0, 1));
        check(backend().slice(x, new long[]{1, 0}, new long[]{4, 5}, new long[]{2, 2}), s(2, 3), DType.FLOAT32,
                5, 7, 9, 15, 17, 19);
        check(backend().slice(x, new long[]{0, 3}, new long[]{4, 4}, new long[]{1, 1}), s(4, 1), DType.FLOAT32,
                3, 8, 13, 18);
        NdArray inner = track(backend().slice(x, new long[]{1, 1}, new long[]{4, 5}, new long[]{1, 1}));
        check(backend().slice(inner, new long[]{0, 0}, new long[]{3, 4}, new long[]{2, 3}), s(2, 2), DType.FLOAT32,
                6, 9, 16, 19);
        check(backend().slice(x, new long[]{2, 2}, new long[]{2, 5}, new long[]{1, 1}), s(0, 3), DType.FLOAT32);
        rejects(() -> backend().slice(x, new long[]{0, 0}, new long[]{5, 5}, new long[]{1, 1}), "slice", "[4, 5]");
        rejects(() -> backend().slice(x, new long[]{0, 0}, new long[]{4, 5}, new long[]{0, 1}), "slice", "step 0");
    }

    @Test
    protected void concatAlongAxes() {
        NdArray a = f32(s(2, 2), 1, 2, 3, 4);
        NdArray b = f32(s(1, 2), 5, 6);
        check(backend().concat(List.of(a, b), 0), s(3, 2), DType.FLOAT32, 1, 2, 3, 4, 5, 6);
        NdArray c = f32(s(2, 1), 7, 8);
        check(backend().concat(List.of(a, c), 1), s(2, 3), DType.FLOAT32, 1, 2, 7, 3, 4, 8);
        check(backend().concat(List.of(a, c, a), -1), s(2, 5), DType.FLOAT32, 1, 2, 7, 1, 2, 3, 4, 8, 3, 4);
        check(backend().concat(List.of(a), 0), s(2, 2), DType.FLOAT32, 1, 2, 3, 4);
        rejects(() -> backend().concat(List.of(a, b), 1), "concat", "[1, 2]", "[2, 2]");
        rejects(() -> backend().concat(List.of(), 0), "concat");
        rejects(() -> backend().concat(List.of(a, i64(s(1, 2), 1, 2)), 0), "concat", "int64");
    }

    @Test
    protected void padWithAConstant() {
        NdArray x = f32(s(2, 2), 1, 2, 3, 4);
        check(backend().pad(x, new long[][]{{1, 0}, {0, 2}}, 9), s(3, 4), DType.FLOAT32,
                9, 9, 9, 9, 1, 2, 9, 9, 3, 4, 9, 9);
        check(backend().pad(i64(s(2), 5, 6), new long[][]{{1, 1}}, -1), s(4), DType.INT64, -1, 5, 6, -1);
        rejects(() -> backend().pad(x, new long[][]{{1, 0}}, 0), "pad", "[2, 2]");
        rejects(() -> backend().pad(x, new long[][]{{-1, 0}, {0, 0}}, 0), "pad", "-1");
    }

    @Test
    protected void broadcastToExpands() {
        check(backend().broadcastTo(f32(s(3), 1, 2, 3), s(2, 3)), s(2, 3), DType.FLOAT32, 1, 2, 3, 1, 2, 3);
        check(backend().broadcastTo(i64(s(2, 1), 1, 2), s(2, 3)), s(2, 3), DType.INT64, 1, 1, 1, 2, 2, 2);
        check(backend().broadcastTo(f64(Shape.scalar(), 4), s(2)), s(2), DType.FLOAT64, 4, 4);
        rejects(() -> backend().broadcastTo(f32(s(3), 1, 2, 3), s(2, 4)), "broadcastTo", "[3]", "[2, 4]");
        rejects(() -> backend().broadcastTo(f32(s(2, 3), new double[6]), s(3)), "broadcastTo", "[2, 3]", "[3]");
    }

    // ------------------------------------------------------------------ gather / scatterAdd

    @Test
    protected void gatherWithMatrixIndices() {
        NdArray x = f32(s(3, 2), 1, 2, 3, 4, 5, 6);
        check(backend().gather(x, 0, i64(s(2, 2), 2, 0, 1, 1)), s(2, 2, 2), DType.FLOAT32,
                5, 6, 1, 2, 3, 4, 3, 4);
        check(backend().gather(x, 1, i64(s(3), 1, 0, 1)), s(3, 3), DType.FLOAT32, 2, 1, 2, 4, 3, 4, 6, 5, 6);
        check(backend().gather(x, 0, i64(Shape.scalar(), 1)), s(2), DType.FLOAT32, 3, 4);
        check(backend().gather(i64(s(4), 10, 20, 30, 40), 0, i64(s(1), 3)), s(1), DType.INT64, 40);
    }

    @Test
    protected void gatherChecksIndices() {
        NdArray x = f32(s(3, 2), new double[6]);
        rejects(() -> backend().gather(x, 0, i64(s(2), 0, 3)), "gather", "out of range", "3");
        rejects(() -> backend().gather(x, 1, i64(s(1), -1)), "gather", "out of range", "-1");
        rejects(() -> backend().gather(x, 0, f32(s(1), 0)), "gather", "int64", "float32");
        rejects(() -> backend().gather(x, 0, i32(s(1), 0)), "gather", "int64", "int32");
        rejects(() -> backend().gather(x, 2, i64(s(1), 0)), "axis 2");
    }

    @Test
    protected void scatterAddAccumulatesDuplicates() {
        NdArray base = f64(s(3, 2), 1, 1, 1, 1, 1, 1);
        NdArray idx = i64(s(2, 2), 0, 2, 0, 0);
        NdArray upd = f64(s(2, 2, 2), 1, 2, 10, 20, 100, 200, 1000, 2000);
        check(backend().scatterAdd(base, 0, idx, upd), s(3, 2), DType.FLOAT64, 1102, 2203, 1, 1, 11, 21);
        check(backend().copy(base), s(3, 2), DType.FLOAT64, 1, 1, 1, 1, 1, 1);
        NdArray cols = backend().scatterAdd(f32(s(2, 3), new double[6]), 1, i64(s(2), 2, 2), f32(s(2, 2), 1, 2, 3, 4));
        check(cols, s(2, 3), DType.FLOAT32, 0, 0, 3, 0, 0, 7);
        check(backend().scatterAdd(f32(s(3), new double[3]), 0, i64(Shape.scalar(), 1), f32(Shape.scalar(), 5)), s(3),
                DType.FLOAT32, 0, 5, 0);
    }

    @Test
    protected void scatterAddIsTheAdjointOfGather() {
        NdArray x = f64(s(4, 3), seq(12, 1, 1));
        NdArray idx = i64(s(5), 3, 1, 3, 0, 3);
        NdArray g = f64(s(5, 3), seq(15, 0.5, 0.5));
        // <gather(x), g> == <x, scatterAdd(0, g)>
        NdArray gx = track(backend().gather(x, 0, idx));
        NdArray sg = track(backend().scatterAdd(track(backend().full(s(4, 3), 0, DType.FLOAT64)), 0, idx, g));
        double lhs = dot(backend().toDoubles(gx), backend().toDoubles(g));
        double rhs = dot(backend().toDoubles(x), backend().toDoubles(sg));
        assertEquals(lhs, rhs, 1e-9);
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Many repeated indices, many times: a backend that scatters in parallel without a lock loses updates here. */
    @Test
    protected void scatterAddRepeatedIndicesAccumulateExactly() {
        long[] idx = new long[512];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i % 4;
        }
        NdArray indices = i64(s(idx.length), idx);
        NdArray updates = track(backend().full(s(idx.length, 16), 1, DType.FLOAT32));
        NdArray base = track(backend().full(s(4, 16), 0, DType.FLOAT32));
        double[] expected = new double[4 * 16];
        java.util.Arrays.fill(expected, idx.length / 4.0);
        for (int round = 0; round < 50; round++) {
            check(backend().scatterAdd(base, 0, indices, updates), s(4, 16), DType.FLOAT32, expected);
        }
    }

    @Test
    protected void scatterAddChecksArguments() {
        NdArray base = f32(s(3, 2), new double[6]);
        rejects(() -> backend().scatterAdd(base, 0, i64(s(2), 0, 1), f32(s(2, 3), new double[6])), "scatterAdd",
                "[2, 2]", "[2, 3]");
        rejects(() -> backend().scatterAdd(base, 0, i64(s(1), 3), f32(s(1, 2), 1, 1)), "scatterAdd", "out of range");
    }

    // ------------------------------------------------------------------ in place

    @Test
    protected void assignBroadcastsAndCasts() {
        NdArray t = f32(s(2, 3), new double[6]);
        backend().assign(t, i64(s(3), 1, 2, 3));
        check(backend().copy(t), s(2, 3), DType.FLOAT32, 1, 2, 3, 1, 2, 3);
        backend().assign(t, f64(Shape.scalar(), 0.5));
        check(backend().copy(t), s(2, 3), DType.FLOAT32, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5);
        rejects(() -> backend().assign(t, f32(s(2), 1, 2)), "assign", "[2]", "[2, 3]");
    }

    @Test
    protected void applyInPlaceBroadcastsOther() {
        NdArray t = f64(s(2, 2), 1, 2, 3, 4);
        backend().applyInPlace(BinaryOp.ADD, t, f64(s(2), 10, 20));
        check(backend().copy(t), s(2, 2), DType.FLOAT64, 11, 22, 13, 24);
        backend().applyInPlace(BinaryOp.MUL, t, i64(s(2, 1), 2, 3));
        check(backend().copy(t), s(2, 2), DType.FLOAT64, 22, 44, 39, 72);
        backend().applyInPlace(BinaryOp.SUB, t, f64(Shape.scalar(), 2));
        backend().applyInPlace(BinaryOp.DIV, t, f64(Shape.scalar(), 2));
        check(backend().copy(t), s(2, 2), DType.FLOAT64, 10, 21, 18.5, 35);
        rejects(() -> backend().applyInPlace(BinaryOp.ADD, t, f64(s(3), 1, 2, 3)), "applyInPlace(ADD)", "[3]", "[2, 2]");
        rejects(() -> backend().applyInPlace(BinaryOp.ADD, f64(s(2), 1, 2), f64(s(2, 2), 1, 2, 3, 4)),
                "applyInPlace(ADD)", "[2, 2]", "[2]");
        rejects(() -> backend().applyInPlace(BinaryOp.DIV, i64(s(2), 4, 2), i64(s(2), 2, 0)), "div", "zero");
    }

    @Test
    protected void applyInPlaceComputesInTheWiderTypeAndStoresBack() {
        NdArray n = i64(s(3), 3, -3, 7);
        backend().applyInPlace(BinaryOp.MUL, n, f64(Shape.scalar(), 0.5));
        check(backend().copy(n), s(3), DType.INT64, 1, -1, 3);
        backend().applyInPlace(BinaryOp.ADD, n, i32(s(3), 1, 1, 1));
        check(backend().copy(n), s(3), DType.INT64, 2, 0, 4);
        NdArray mask = bool(s(3), true, false, false);
        backend().applyInPlace(BinaryOp.MAX, mask, bool(s(3), false, false, true));
        checkBool(backend().copy(mask), s(3), true, false, true);
    }

    @Test
    protected void writesDoNotLeakIntoViews() {
        NdArray x = f32(s(2, 2), 1, 2, 3, 4);
        NdArray flat = track(backend().reshape(x, s(4)));
        NdArray t = track(backend().permute(x, 1, 0));
        backend().applyInPlace(BinaryOp.ADD, x, f32(Shape.scalar(), 100));
        check(backend().copy(flat), s(4), DType.FLOAT32, 1, 2, 3, 4);
        check(backend().copy(t), s(2, 2), DType.FLOAT32, 1, 3, 2, 4);
        backend().assign(flat, f32(Shape.scalar(), 0));
        check(backend().copy(x), s(2, 2), DType.FLOAT32, 101, 102, 103, 104);
        check(backend().copy(t), s(2, 2), DType.FLOAT32, 1, 3, 2, 4);
    }

    // ------------------------------------------------------------------ random

    @Test
    protected void randomIsDeterministicPerSeed() {
        for (Distribution d : Distribution.values()) {
            double a = d == Distribution.BERNOULLI ? 0.5 : 0;
            NdArray r1 = track(backend().random(s(1000), DType.FLOAT32, d, a, 1, 42));
            NdArray r2 = track(backend().random(s(1000), DType.FLOAT32, d, a, 1, 42));
            NdArray r3 = track(backend().random(s(1000), DType.FLOAT32, d, a, 1, 43));
            assertArrayEquals(backend().toFloats(r1), backend().toFloats(r2), d + " with the same seed");
            assertFalse(Arrays.equals(backend().toFloats(r1), backend().toFloats(r3)), d + " with another seed");
        }
    }

    @Test
    protected void randomIsIdenticalAcrossThreads() throws Exception {
        float[] here = backend().toFloats(track(backend().random(s(4096), DType.FLOAT32, Distribution.NORMAL, 0, 1, 123)));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<float[]>> there = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                there.add(pool.submit(() -> {
                    try (NdArray r = backend().random(s(4096), DType.FLOAT32, Distribution.NORMAL, 0, 1, 123)) {
                        return backend().toFloats(r);
                    }
                }));
            }
            for (Future<float[]> f : there) {
                assertArrayEquals(here, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    protected void randomDistributionsHaveTheRightMoments() {
        int n = 200_000;
        double[] normal = backend().toDoubles(track(backend().random(s(n), DType.FLOAT64, Distribution.NORMAL, 2, 3, 7)));
        assertEquals(2, mean(normal), 0.03);
        assertEquals(3, Math.sqrt(variance(normal)), 0.03);
        double[] uniform = backend().toDoubles(track(backend().random(s(n), DType.FLOAT32, Distribution.UNIFORM, -1, 3, 8)));
        assertEquals(1, mean(uniform), 0.02);
        assertEquals(16.0 / 12, variance(uniform), 0.02);
        assertTrue(Arrays.stream(uniform).allMatch(v -> v >= -1 && v < 3), "uniform draws in [-1, 3)");
        double[] bern = backend().toDoubles(track(backend().random(s(n), DType.FLOAT32, Distribution.BERNOULLI, 0.3, 0, 9)));
        assertTrue(Arrays.stream(bern).allMatch(v -> v == 0 || v == 1), "bernoulli draws are 0 or 1");
        assertEquals(0.3, mean(bern), 0.01);
    }

    @Test
    protected void randomIntegersAndBools() {
        rejects(() -> backend().random(s(2), DType.INT64, Distribution.UNIFORM, -2, 3, 1), "random(UNIFORM)", "int64");
        NdArray ints = track(backend().random(s(10_000), DType.INT64, Distribution.BERNOULLI, 0.5, 0, 1));
        assertEquals(DType.INT64, ints.dtype());
        long[] v = backend().toLongs(ints);
        assertTrue(Arrays.stream(v).allMatch(x -> x == 0 || x == 1), "bernoulli integers are 0 or 1");
        NdArray mask = track(backend().random(s(10_000), DType.BOOL, Distribution.BERNOULLI, 0.25, 0, 2));
        assertEquals(DType.BOOL, mask.dtype());
        assertEquals(0.25, mean(backend().toDoubles(mask)), 0.02);
    }

    @Test
    protected void randomRejectsBadParameters() {
        rejects(() -> backend().random(s(2), DType.FLOAT32, Distribution.NORMAL, 0, -1, 1), "random(NORMAL)", "-1");
        rejects(() -> backend().random(s(2), DType.FLOAT32, Distribution.UNIFORM, 2, 1, 1), "random(UNIFORM)");
        rejects(() -> backend().random(s(2), DType.FLOAT32, Distribution.BERNOULLI, 1.5, 0, 1), "random(BERNOULLI)",
                "1.5");
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double variance(double[] v) {
        double m = mean(v);
        return Arrays.stream(v).map(x -> (x - m) * (x - m)).sum() / v.length;
    }

    // ------------------------------------------------------------------ fused kernels

    /** The backend's kernel of this kind; the calling test is skipped (with a message) when there is none. */
    protected <K> Optional<K> kernel(Class<K> kind) {
        Optional<K> k = backend().kernel(kind);
        Assumptions.assumeTrue(k.isPresent(), () -> "backend '" + backend().name() + "' offers no "
                + kind.getSimpleName() + " (layers use the primitive path there)");
        return k;
    }

    @Test
    protected void linearKernelMatchesPrimitives() {
        Optional<LinearKernel> k = kernel(LinearKernel.class);
        NdArray x = track(backend().random(s(5, 7), DType.FLOAT32, Distribution.NORMAL, 0, 1, 1));
        NdArray w = track(backend().random(s(3, 7), DType.FLOAT32, Distribution.NORMAL, 0, 1, 2));
        NdArray b = track(backend().random(s(3), DType.FLOAT32, Distribution.NORMAL, 0, 1, 3));
        NdArray xw = track(backend().matmul(x, w, false, true));
        NdArray ref = track(backend().binary(BinaryOp.ADD, xw, b));
        NdArray y = track(k.get().forward(x, w, b));
        assertEquals(s(5, 3), y.shape());
        assertArrayEquals(backend().toFloats(ref), backend().toFloats(y), 1e-5f);
        NdArray noBias = track(k.get().forward(x, w, null));
        assertArrayEquals(backend().toFloats(xw), backend().toFloats(noBias), 1e-5f);
        rejects(() -> k.get().forward(x, track(backend().full(s(3, 6), 0, DType.FLOAT32)), b), "LinearKernel",
                "[5, 7]", "[3, 6]");
        rejects(() -> k.get().forward(x, w, track(backend().full(s(4), 0, DType.FLOAT32))), "LinearKernel", "[4]");
    }

    @Test
    protected void softmaxCrossEntropyKernelMatchesHandComputation() {
        Optional<SoftmaxCrossEntropyKernel> k = kernel(SoftmaxCrossEntropyKernel.class);
        double[] logits = {1, 2, 3, 1000, 0, -1000, -5, -5, -5};
        long[] labels = {2, 1, 0};
        NdArray[] r = k.get().lossAndGradient(f64(s(3, 3), logits), i64(s(3), labels));
        track(r[0]);
        track(r[1]);
        double[] expectedLoss = new double[3];
        double[] expectedGrad = new double[9];
        for (int i = 0; i < 3; i++) {
            double max = Math.max(logits[3 * i], Math.max(logits[3 * i + 1], logits[3 * i + 2]));
            double sum = 0;
            for (int j = 0; j < 3; j++) {
                sum += Math.exp(logits[3 * i + j] - max);
            }
            expectedLoss[i] = -(logits[3 * i + (int) labels[i]] - max - Math.log(sum));
            for (int j = 0; j < 3; j++) {
                expectedGrad[3 * i + j] = Math.exp(logits[3 * i + j] - max) / sum - (j == labels[i] ? 1 : 0);
            }
        }
        check(r[0], s(3), DType.FLOAT64, expectedLoss);
        check(r[1], s(3, 3), DType.FLOAT64, expectedGrad);
        assertEquals(1000, expectedLoss[1], 1e-9);
    }

    @Test
    protected void softmaxCrossEntropyKernelMatchesPrimitives() {
        Optional<SoftmaxCrossEntropyKernel> k = kernel(SoftmaxCrossEntropyKernel.class);
        NdArray z = track(backend().random(s(8, 5), DType.FLOAT32, Distribution.NORMAL, 0, 3, 11));
        NdArray y = i64(s(8), 0, 1, 2, 3, 4, 4, 0, 2);
        // loss = logsumexp(z) - z[y], via primitives
        NdArray max = track(backend().reduce(ReduceOp.MAX, z, new int[]{1}, true));
        NdArray shifted = track(backend().binary(BinaryOp.SUB, z, max));
        NdArray e = track(backend().unary(UnaryOp.EXP, shifted));
        NdArray sum = track(backend().reduce(ReduceOp.SUM, e, new int[]{1}, true));
        NdArray p = track(backend().binary(BinaryOp.DIV, e, sum));
        NdArray logp = track(backend().binary(BinaryOp.SUB, shifted, track(backend().unary(UnaryOp.LOG, sum))));
        float[] lp = backend().toFloats(logp);
        float[] pv = backend().toFloats(p);
        long[] yv = backend().toLongs(y);
        float[] refLoss = new float[8];
        for (int i = 0; i < 8; i++) {
            refLoss[i] = -lp[5 * i + (int) yv[i]];
            pv[5 * i + (int) yv[i]] -= 1;
        }
        NdArray[] r = k.get().lossAndGradient(z, y);
        track(r[0]);
        track(r[1]);
        assertArrayEquals(refLoss, backend().toFloats(r[0]), 1e-5f);
        assertArrayEquals(pv, backend().toFloats(r[1]), 1e-5f);
        rejects(() -> k.get().lossAndGradient(z, i64(s(8), 0, 1, 2, 3, 4, 5, 0, 0)), "SoftmaxCrossEntropyKernel", "5");
        rejects(() -> k.get().lossAndGradient(z, i64(s(2), 0, 1)), "SoftmaxCrossEntropyKernel", "[8, 5]", "[2]");
    }

    @Test
    protected void linearKernelMatchesPrimitivesInFloat64() {
        Optional<LinearKernel> k = kernel(LinearKernel.class);
        NdArray x = track(backend().random(s(4, 6), DType.FLOAT64, Distribution.NORMAL, 0, 1, 21));
        NdArray w = track(backend().random(s(2, 6), DType.FLOAT64, Distribution.NORMAL, 0, 1, 22));
        NdArray b = f64(s(2), 0.5, -0.25);
        double[] xv = backend().toDoubles(x);
        double[] wv = backend().toDoubles(w);
        double[] ref = refMatmul(xv, refTranspose(wv, 2, 6), 4, 6, 2);
        for (int i = 0; i < ref.length; i++) {
            ref[i] += i % 2 == 0 ? 0.5 : -0.25;
        }
        check(k.get().forward(x, w, b), s(4, 2), DType.FLOAT64, ref);
    }

    @Test
    protected void softmaxCrossEntropyKernelGradientMatchesAutogradOfPrimitives() {
        Optional<SoftmaxCrossEntropyKernel> k = kernel(SoftmaxCrossEntropyKernel.class);
        Tensor z = Tensor.randn(s(4, 5), 31).cast(DType.FLOAT64).requiresGrad(true);
        Tensor labels = Tensor.ofLongs(new long[]{4, 0, 2, 2}, 4);
        // loss_i = -sum_j onehot_ij log_softmax(z)_ij, composed from primitives and differentiated by autograd
        Tensor loss = z.logSoftmax(1).mul(labels.oneHot(5).cast(DType.FLOAT64)).sum(1, false).neg();
        loss.sum().backward();
        NdArray[] r = k.get().lossAndGradient(z.data(), labels.data());
        track(r[0]);
        track(r[1]);
        assertArrayEquals(loss.toDoubleArray(), backend().toDoubles(r[0]), 1e-12);
        assertArrayEquals(z.grad().toDoubleArray(), backend().toDoubles(r[1]), 1e-12);
    }

    /** Adam in PyTorch's formulation, one step, composed from the backend's primitives in place. */
    private void adamByPrimitives(NdArray p, NdArray g, NdArray m, NdArray v, double lr, double b1, double b2,
                                  double eps, long step) {
        Backend be = backend();
        try (NdArray m1 = be.binaryScalar(BinaryOp.MUL, m, b1);
             NdArray g1 = be.binaryScalar(BinaryOp.MUL, g, 1 - b1);
             NdArray mNew = be.binary(BinaryOp.ADD, m1, g1);
             NdArray v1 = be.binaryScalar(BinaryOp.MUL, v, b2);
             NdArray gg = be.unary(UnaryOp.SQUARE, g);
             NdArray g2 = be.binaryScalar(BinaryOp.MUL, gg, 1 - b2);
             NdArray vNew = be.binary(BinaryOp.ADD, v1, g2);
             NdArray root = be.unary(UnaryOp.SQRT, vNew);
             NdArray scaled = be.binaryScalar(BinaryOp.DIV, root, Math.sqrt(1 - Math.pow(b2, step)));
             NdArray denom = be.binaryScalar(BinaryOp.ADD, scaled, eps);
             NdArray ratio = be.binary(BinaryOp.DIV, mNew, denom);
             NdArray update = be.binaryScalar(BinaryOp.MUL, ratio, lr / (1 - Math.pow(b1, step)))) {
            be.assign(m, mNew);
            be.assign(v, vNew);
            be.applyInPlace(BinaryOp.SUB, p, update);
        }
    }

    @Test
    protected void adamKernelMatchesPrimitives() {
        Optional<AdamKernel> k = kernel(AdamKernel.class);
        for (DType dtype : new DType[]{DType.FLOAT32, DType.FLOAT64}) {
            NdArray p1 = track(backend().random(s(3, 4), dtype, Distribution.NORMAL, 0, 1, 41));
            NdArray p2 = track(backend().copy(p1));
            NdArray m1 = track(backend().full(s(3, 4), 0, dtype));
            NdArray m2 = track(backend().full(s(3, 4), 0, dtype));
            NdArray v1 = track(backend().full(s(3, 4), 0, dtype));
            NdArray v2 = track(backend().full(s(3, 4), 0, dtype));
            for (long step = 1; step <= 3; step++) {
                NdArray g = track(backend().random(s(3, 4), dtype, Distribution.NORMAL, 0, 1, 50 + step));
                k.get().update(p1, g, m1, v1, 0.01, 0.9, 0.999, 1e-8, step);
                adamByPrimitives(p2, g, m2, v2, 0.01, 0.9, 0.999, 1e-8, step);
            }
            double tol = dtype == DType.FLOAT32 ? 1e-5 : 1e-10;
            assertArrayEquals(backend().toDoubles(m2), backend().toDoubles(m1), tol, dtype + " expAvg");
            assertArrayEquals(backend().toDoubles(v2), backend().toDoubles(v1), tol, dtype + " expAvgSq");
            assertArrayEquals(backend().toDoubles(p2), backend().toDoubles(p1), tol, dtype + " param");
        }
    }

    @Test
    protected void adamKernelMatchesAFloat64Reference() {
        Optional<AdamKernel> k = kernel(AdamKernel.class);
        double[] p = {1, -2, 0.5, 3};
        double[] g = {0.1, -0.2, 0.3, 0};
        double[] m = {0.05, 0, -0.1, 0.2};
        double[] v = {0.01, 0.02, 0, 0.04};
        double lr = 0.1;
        double b1 = 0.8;
        double b2 = 0.9;
        double eps = 1e-3;
        long step = 2;
        NdArray pa = f64(s(2, 2), p);
        NdArray ga = f64(s(2, 2), g);
        NdArray ma = f64(s(2, 2), m);
        NdArray va = f64(s(2, 2), v);
        k.get().update(pa, ga, ma, va, lr, b1, b2, eps, step);
        double[] pe = new double[4];
        double[] me = new double[4];
        double[] ve = new double[4];
        for (int i = 0; i < 4; i++) {
            me[i] = b1 * m[i] + (1 - b1) * g[i];
            ve[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
            pe[i] = p[i] - lr / (1 - b1 * b1) * me[i] / (Math.sqrt(ve[i]) / Math.sqrt(1 - b2 * b2) + eps);
        }
        assertArrayEquals(me, backend().toDoubles(ma), 1e-12);
        assertArrayEquals(ve, backend().toDoubles(va), 1e-12);
        assertArrayEquals(pe, backend().toDoubles(pa), 1e-12);
        // a learning rate of 0 leaves the parameter alone (the moments still move)
        k.get().update(pa, ga, ma, va, 0, b1, b2, eps, step + 1);
        assertArrayEquals(pe, backend().toDoubles(pa), 0);
    }

    @Test
    protected void adamKernelRejectsMismatchedArrays() {
        Optional<AdamKernel> k = kernel(AdamKernel.class);
        NdArray p = f32(s(3, 4), new double[12]);
        NdArray ok = f32(s(3, 4), new double[12]);
        NdArray bad = f32(s(4, 3), new double[12]);
        rejects(() -> k.get().update(p, bad, ok, ok, 0.1, 0.9, 0.999, 1e-8, 1), "AdamKernel", "[3, 4]", "[4, 3]");
        rejects(() -> k.get().update(p, ok, ok, f64(s(3, 4), new double[12]), 0.1, 0.9, 0.999, 1e-8, 1),
                "AdamKernel", "float64");
    }

    // ------------------------------------------------------------------ gradients through the backend

    private static Tensor rnd(long seed, long... shape) {
        return Tensor.randn(Shape.of(shape), seed).cast(DType.FLOAT64);
    }

    /** Values in [0.5, 1.5): away from the poles and kinks of log, sqrt, division and pow. */
    private static Tensor positive(long seed, long... shape) {
        return Tensor.rand(Shape.of(shape), seed).cast(DType.FLOAT64).add(0.5);
    }

    private static void grad1(Function<Tensor, Tensor> f, Tensor x) {
        GradientCheck.assertGradients(in -> f.apply(in.get(0)), List.of(x));
    }

    private static void grad2(BiFunction<Tensor, Tensor, Tensor> f, Tensor a, Tensor b) {
        GradientCheck.assertGradients(in -> f.apply(in.get(0), in.get(1)), List.of(a, b));
    }

    @Test
    protected void tensorsAreCreatedOnTheBackendUnderTest() {
        Tensor t = Tensor.zeros(2, 2);
        assertEquals(backend().name(), t.backend().name());
        assertTrue(t.data().backend() == backend() || t.data().backend().name().equals(backend().name()));
    }

    @Test
    protected void gradientsOfBinaryOpsWithBroadcasting() {
        grad2(Tensor::add, rnd(1, 2, 3), rnd(2, 3));
        grad2(Tensor::sub, rnd(3, 2, 1), rnd(4, 1, 3));
        grad2(Tensor::mul, rnd(5, 4, 3), rnd(6, 4, 1));
        grad2(Tensor::div, rnd(7, 2, 3), positive(8, 3));
        grad2(Tensor::pow, positive(9, 2, 3), rnd(10, 2, 3));
        grad2(Tensor::maximum, rnd(11, 3, 4), rnd(12, 3, 4));
        grad2(Tensor::minimum, rnd(13, 3, 4), rnd(14, 4));
        grad1(x -> x.mul(-3).add(2).div(4).pow(3), rnd(15, 3));
    }

    @Test
    protected void gradientsOfUnaryOps() {
        Tensor x = rnd(30, 2, 4);
        Tensor p = positive(31, 2, 4);
        grad1(Tensor::neg, x);
        grad1(Tensor::exp, x);
        grad1(Tensor::log, p);
        grad1(Tensor::log1p, p);
        grad1(Tensor::sqrt, p);
        grad1(Tensor::square, x);
        grad1(Tensor::reciprocal, p);
        grad1(Tensor::tanh, x);
        grad1(Tensor::sigmoid, x);
        grad1(Tensor::softplus, x);
        grad1(Tensor::erf, x);
        grad1(Tensor::sin, x);
        grad1(Tensor::cos, x);
        grad1(Tensor::abs, Tensor.of(new double[]{-2, -0.5, 0.25, 1.5}));
        grad1(Tensor::relu, Tensor.of(new double[]{-2, -0.5, 0.25, 1.5}));
    }

    @Test
    protected void gradientsOfReductionsAndSoftmax() {
        Tensor x = rnd(40, 2, 3, 4);
        grad1(Tensor::sum, x);
        grad1(t -> t.sum(new int[]{0, 2}, true), x);
        grad1(t -> t.mean(-1, true), x);
        grad1(t -> t.max(1, false), x);
        grad1(t -> t.min(2, true), x);
        grad1(t -> t.variance(0, false), x);
        grad1(t -> t.softmax(-1), x);
        grad1(t -> t.logSoftmax(1), x);
    }

    @Test
    protected void gradientsOfMatmul() {
        grad2(Tensor::matmul, rnd(50, 3, 4), rnd(51, 4, 5));
        grad2((a, b) -> a.matmul(b, true, true), rnd(52, 4, 3), rnd(53, 5, 4));
        grad2(Tensor::matmul, rnd(54, 2, 3, 4), rnd(55, 2, 4, 5));
        grad2((a, b) -> a.matmul(b, false, true), rnd(56, 2, 3, 4), rnd(57, 2, 5, 4));
        grad2(Tensor::matmul, rnd(58, 2, 3, 4), rnd(59, 4, 5));
    }

    @Test
    protected void gradientsOfShapeOpsAndWhere() {
        Tensor x = rnd(70, 2, 3, 4);
        grad1(t -> t.reshape(6, 4), x);
        grad1(t -> t.permute(2, 0, 1), x);
        grad1(t -> t.slice(2, 0, 4, 2), x);
        grad1(t -> t.pad(new long[][]{{0, 0}, {1, 2}, {0, 1}}, 0), x);
        grad1(t -> t.broadcastTo(Shape.of(5, 2, 3, 4)), x);
        grad2((a, b) -> Tensor.concat(List.of(a, b), 1), rnd(71, 2, 3), rnd(72, 2, 5));
        Tensor cond = Tensor.ofLongs(new long[]{1, 0, 1}, 3).cast(DType.BOOL);
        grad2((a, b) -> Tensor.where(cond, a, b), rnd(82, 2, 3), rnd(83, 3));
    }

    /** Gather's backward is a scatterAdd with repeated indices: they must accumulate, not race. */
    @Test
    protected void gradientsOfGatherWithRepeatedIndices() {
        Tensor idx = Tensor.ofLongs(new long[]{2, 0, 2, 1}, 2, 2);
        GradientCheck.assertGradients(in -> in.get(0).gather(0, in.get(1)), List.of(rnd(80, 3, 4), idx));
        GradientCheck.assertGradients(in -> in.get(0).gather(1, in.get(1)), List.of(rnd(81, 2, 3), idx));
    }

    @Test
    protected void gradientOfASmallNetwork() {
        // a two-layer MLP with a softmax cross-entropy, every op running on the backend under test
        Tensor labels = Tensor.ofLongs(new long[]{0, 2, 1}, 3).oneHot(3).cast(DType.FLOAT64);
        GradientCheck.assertGradients(in -> {
            Tensor h = in.get(0).matmul(in.get(1), false, true).add(in.get(2)).tanh();
            Tensor z = h.matmul(in.get(3), false, true);
            return z.logSoftmax(1).mul(labels).sum().neg().div(3);
        }, List.of(rnd(90, 3, 4), rnd(91, 5, 4), rnd(92, 5), rnd(93, 3, 5)));
    }

    // ------------------------------------------------------------------ handles and memory

    @Test
    protected void closedHandlesFailClearly() {
        NdArray x = backend().fromFloats(new float[]{1, 2}, s(2));
        assertFalse(x.isClosed());
        x.close();
        assertTrue(x.isClosed());
        x.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> backend().toFloats(x));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> backend().unary(UnaryOp.EXP, x));
        assertThrows(IllegalStateException.class, () -> backend().binary(BinaryOp.ADD, f32(s(2), 1, 2), x));
        assertThrows(IllegalStateException.class, () -> backend().reshape(x, s(2, 1)));
        assertThrows(IllegalStateException.class, () -> backend().applyInPlace(BinaryOp.ADD, x, f32(s(2), 1, 2)));
    }

    @Test
    protected void closedHandlesFailInEveryOpFamily() {
        NdArray x = backend().fromDoubles(new double[]{1, 2, 3, 4}, s(2, 2), DType.FLOAT32);
        NdArray open = f32(s(2, 2), 1, 2, 3, 4);
        NdArray idx = i64(s(1), 0);
        NdArray cond = bool(s(2, 2), true, false, true, false);
        x.close();
        List<Executable> calls = List.of(
                () -> backend().toDoubles(x), () -> backend().toLongs(x), () -> backend().item(x),
                () -> backend().copy(x), () -> backend().cast(x, DType.FLOAT64),
                () -> backend().binaryScalar(BinaryOp.MUL, x, 2), () -> backend().compare(CompareOp.LT, open, x),
                () -> backend().compareScalar(CompareOp.GT, x, 0), () -> backend().where(cond, x, open),
                () -> backend().reduce(ReduceOp.SUM, x, new int[0], false), () -> backend().argMax(x, 0, false),
                () -> backend().matmul(open, x, false, false), () -> backend().permute(x, 1, 0),
                () -> backend().slice(x, new long[]{0, 0}, new long[]{1, 1}, new long[]{1, 1}),
                () -> backend().concat(List.of(open, x), 0), () -> backend().pad(x, new long[][]{{1, 1}, {0, 0}}, 0),
                () -> backend().broadcastTo(x, s(3, 2, 2)), () -> backend().gather(x, 0, idx),
                () -> backend().scatterAdd(x, 0, idx, f32(s(1, 2), 1, 1)),
                () -> backend().assign(x, open), () -> backend().assign(open, x),
                () -> backend().applyInPlace(BinaryOp.MUL, open, x));
        for (int i = 0; i < calls.size(); i++) {
            IllegalStateException e = assertThrows(IllegalStateException.class, calls.get(i), "call " + i);
            assertTrue(e.getMessage() != null && e.getMessage().contains("closed"), "call " + i + ": " + e.getMessage());
        }
        // the open operand is untouched by the failed in-place calls
        check(backend().copy(open), s(2, 2), DType.FLOAT32, 1, 2, 3, 4);
    }

    // ------------------------------------------------------------------ broadcasting and dtype edge cases

    @Test
    protected void broadcastingEdgeCases() {
        // both operands stretched, rank-3 against rank-1
        NdArray a = f64(s(2, 1, 3), 1, 2, 3, 4, 5, 6);
        NdArray b = f64(s(2, 1), 10, 20);
        check(backend().binary(BinaryOp.ADD, a, b), s(2, 2, 3), DType.FLOAT64,
                11, 12, 13, 21, 22, 23, 14, 15, 16, 24, 25, 26);
        // a zero-size dimension broadcasts against 1 and stays 0
        check(backend().binary(BinaryOp.MUL, f32(s(0, 3)), f32(s(1, 3), 1, 2, 3)), s(0, 3), DType.FLOAT32);
        // scalars against everything, both ways round
        check(backend().binary(BinaryOp.SUB, f32(Shape.scalar(), 1), f32(s(2, 2), 1, 2, 3, 4)), s(2, 2), DType.FLOAT32,
                0, -1, -2, -3);
        checkBool(backend().compare(CompareOp.GT, f32(s(1, 1, 2), 1, 5), f32(s(3, 1), 0, 2, 6)), s(1, 3, 2),
                true, true, false, true, false, false);
        rejects(() -> backend().binary(BinaryOp.MUL, f32(s(2, 3), new double[6]), f32(s(3, 2), new double[6])), "mul",
                "[2, 3]", "[3, 2]");
        rejects(() -> backend().where(bool(s(4), true, true, false, false), f32(s(3), 1, 2, 3), f32(s(1), 0)), "where",
                "[4]", "[3]");
    }

    @Test
    protected void floatingPointEdgeValues() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        NdArray x = f64(s(4), nan, inf, -inf, -0.0);
        check(backend().unary(UnaryOp.NEG, x), s(4), DType.FLOAT64, nan, -inf, inf, 0);
        check(backend().unary(UnaryOp.EXP, x), s(4), DType.FLOAT64, nan, inf, 0, 1);
        check(backend().unary(UnaryOp.SIGMOID, x), s(4), DType.FLOAT64, nan, 1, 0, 0.5);
        check(backend().unary(UnaryOp.TANH, x), s(4), DType.FLOAT64, nan, 1, -1, 0);
        check(backend().binaryScalar(BinaryOp.ADD, x, 1), s(4), DType.FLOAT64, nan, inf, -inf, 1);
        checkBool(backend().compareScalar(CompareOp.EQ, x, nan), s(4), false, false, false, false);
        checkBool(backend().compareScalar(CompareOp.NE, x, nan), s(4), true, true, true, true);
        check(backend().unary(UnaryOp.LOG, f64(s(3), 0, -1, 1)), s(3), DType.FLOAT64, -inf, nan, 0);
        check(backend().unary(UnaryOp.SQRT, f32(s(2), -1, 4)), s(2), DType.FLOAT32, nan, 2);
        // float32 overflows to infinity where float64 does not
        check(backend().binaryScalar(BinaryOp.MUL, f32(s(1), 3e38), 10), s(1), DType.FLOAT32, inf);
        check(backend().binaryScalar(BinaryOp.MUL, f64(s(1), 3e38), 10), s(1), DType.FLOAT64, 3e39);
        check(backend().reduce(ReduceOp.SUM, f64(s(3), 1, inf, 2), new int[0], false), Shape.scalar(), DType.FLOAT64,
                inf);
    }

    @Test
    protected void integerEdgeValues() {
        long max = Long.MAX_VALUE;
        assertArrayEquals(new long[]{max, Long.MIN_VALUE, -1},
                backend().toLongs(track(backend().fromLongs(new long[]{max, Long.MIN_VALUE, -1}, s(3), DType.INT64))));
        assertArrayEquals(new long[]{Integer.MAX_VALUE, Integer.MIN_VALUE},
                backend().toLongs(i32(s(2), Integer.MAX_VALUE, Integer.MIN_VALUE)));
        check(backend().binary(BinaryOp.DIV, i32(s(2), -9, 9), i32(s(2), 4, -4)), s(2), DType.INT32, -2, -2);
        check(backend().binary(BinaryOp.MAX, i64(s(2), -3, 5), i64(s(1), 0)), s(2), DType.INT64, 0, 5);
        check(backend().reduce(ReduceOp.PROD, i64(s(4), 2, -3, 4, 1), new int[0], false), Shape.scalar(), DType.INT64,
                -24);
        check(backend().reduce(ReduceOp.MIN, i32(s(2, 2), 4, -1, 3, 7), new int[]{1}, true), s(2, 1), DType.INT32,
                -1, 3);
        check(backend().cast(i64(s(3), 0, 7, -7), DType.BOOL), s(3), DType.BOOL, 0, 1, 1);
        check(backend().cast(bool(s(2), true, false), DType.INT32), s(2), DType.INT32, 1, 0);
    }

    @Test
    protected void emptyArraysFlowThroughOps() {
        NdArray e = f32(s(0, 3));
        check(backend().unary(UnaryOp.EXP, e), s(0, 3), DType.FLOAT32);
        check(backend().reduce(ReduceOp.SUM, e, new int[]{0}, false), s(3), DType.FLOAT32, 0, 0, 0);
        check(backend().reduce(ReduceOp.SUM, e, new int[]{1}, false), s(0), DType.FLOAT32);
        check(backend().matmul(e, f32(s(3, 2), 1, 2, 3, 4, 5, 6), false, false), s(0, 2), DType.FLOAT32);
        check(backend().concat(List.of(e, f32(s(1, 3), 1, 2, 3)), 0), s(1, 3), DType.FLOAT32, 1, 2, 3);
        check(backend().reshape(e, s(3, 0)), s(3, 0), DType.FLOAT32);
    }

    @Test
    protected void badInputsNameTheOpAndShapes() {
        NdArray x = f32(s(2, 3), new double[6]);
        rejects(() -> backend().permute(x, 1), "permute", "[2, 3]", "[1]");
        rejects(() -> backend().slice(x, new long[]{0}, new long[]{1}, new long[]{1}), "slice", "[2, 3]");
        rejects(() -> backend().concat(List.of(x, f32(s(2, 3, 1), new double[6])), 0), "concat", "[2, 3]", "[2, 3, 1]");
        rejects(() -> backend().gather(x, 0, i64(s(1), 2)), "gather", "out of range", "2");
        rejects(() -> backend().scatterAdd(x, 1, i64(s(1), 0), f32(s(2, 2), new double[4])), "scatterAdd", "[2, 1]",
                "[2, 2]");
        rejects(() -> backend().argMax(x, -3, false), "-3", "[2, 3]");
        rejects(() -> backend().assign(x, f32(s(2, 3, 1), new double[6])), "assign", "[2, 3, 1]", "[2, 3]");
        rejects(() -> backend().matmul(x, f32(s(2, 3), new double[6]), false, false), "matmul", "[2, 3]");
    }

    @Test
    protected void viewsSurviveClosingTheirBase() {
        NdArray x = backend().fromFloats(new float[]{1, 2, 3, 4, 5, 6}, s(2, 3));
        NdArray r = track(backend().reshape(x, s(3, 2)));
        NdArray p = track(backend().permute(x, 1, 0));
        NdArray sl = track(backend().slice(x, new long[]{1, 0}, new long[]{2, 3}, new long[]{1, 2}));
        NdArray c = track(backend().copy(x));
        x.close();
        check(backend().copy(r), s(3, 2), DType.FLOAT32, 1, 2, 3, 4, 5, 6);
        check(backend().copy(p), s(3, 2), DType.FLOAT32, 1, 4, 2, 5, 3, 6);
        check(backend().copy(sl), s(1, 2), DType.FLOAT32, 4, 6);
        check(backend().copy(c), s(2, 3), DType.FLOAT32, 1, 2, 3, 4, 5, 6);
        // and the base survives closing its views
        NdArray y = track(backend().fromFloats(new float[]{7, 8}, s(2)));
        backend().reshape(y, s(1, 2)).close();
        backend().copy(y).close();
        assertArrayEquals(new float[]{7, 8}, backend().toFloats(y));
    }

    @Test
    protected void rejectsForeignAndNullArrays() {
        NdArray foreign = new NdArray() {
            @Override
            public Shape shape() {
                return s(2);
            }

            @Override
            public DType dtype() {
                return DType.FLOAT32;
            }

            @Override
            public Backend backend() {
                return BackendConformance.this.backend();
            }

            @Override
            public void close() {
            }

            @Override
            public boolean isClosed() {
                return false;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> backend().unary(UnaryOp.EXP, foreign));
        rejects(() -> backend().binary(BinaryOp.ADD, f32(s(2), 1, 2), null), "add", "null");
    }

    // ------------------------------------------------------------------ concurrency

    @Test
    protected void concurrentCallsOnSharedInputsAreCorrect() throws Exception {
        int n = 96;
        double[] av = seq(n * n, -1, 2.0 / (n * n));
        double[] bv = seq(n * n, 0.5, -1.0 / (n * n));
        NdArray a = f32(s(n, n), av);
        NdArray b = f32(s(n, n), bv);
        float[] expected = backend().toFloats(track(backend().matmul(a, b, false, true)));
        double[] ref = refMatmul(av, refTranspose(bv, n, n), n, n, n);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], expected[i], 1e-4 * Math.max(1, Math.abs(ref[i])));
        }
        float[] expectedSum = backend().toFloats(track(backend().reduce(ReduceOp.SUM,
                track(backend().binary(BinaryOp.MUL, a, b)), new int[]{1}, false)));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit((Callable<Void>) () -> {
                    for (int it = 0; it < 40; it++) {
                        try (NdArray c = backend().matmul(a, b, false, true);
                             NdArray m = backend().binary(BinaryOp.MUL, a, b);
                             NdArray r = backend().reduce(ReduceOp.SUM, m, new int[]{1}, false)) {
                            assertArrayEquals(expected, backend().toFloats(c));
                            assertArrayEquals(expectedSum, backend().toFloats(r));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    protected void backendDescribesItself() {
        assertNotNull(backend().name());
        assertFalse(backend().device().isBlank());
        if (backend().kernel(Object.class).isPresent()) {
            fail("kernel(Object.class) should be empty");
        }
    }
}
