package dev.neurite.api.testing;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.Backends;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.ReduceOp;
import dev.neurite.api.backend.UnaryOp;
import dev.neurite.api.backend.kernel.LinearKernel;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The oracle's own known values: every expectation here is computed by hand. */
class ReferenceBackendTest {
    private final ReferenceBackend b = new ReferenceBackend();

    private NdArray f64(double[] v, long... shape) {
        return b.fromDoubles(v, Shape.of(shape), DType.FLOAT64);
    }

    private NdArray of(DType dtype, double[] v, long... shape) {
        return b.fromDoubles(v, Shape.of(shape), dtype);
    }

    private NdArray i64(long[] v, long... shape) {
        return b.fromLongs(v, Shape.of(shape), DType.INT64);
    }

    private static double[] d(double... v) {
        return v;
    }

    /** {1, 2, ..., n} as float64 of the given shape. */
    private NdArray iota(long... shape) {
        double[] v = new double[(int) Shape.of(shape).numel()];
        for (int i = 0; i < v.length; i++) {
            v[i] = i + 1;
        }
        return f64(v, shape);
    }

    private void check(NdArray x, DType dtype, long[] shape, double... expected) {
        assertEquals(dtype, x.dtype(), "dtype");
        assertEquals(Shape.of(shape), x.shape(), "shape");
        assertArrayEquals(expected, b.toDoubles(x), "values");
    }

    private static long[] s(long... shape) {
        return shape;
    }

    private static void assertMessage(Executable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Nested
    class Discovery {
        @Test
        void providerIsFoundAndRanksBelowCpu() {
            ReferenceBackendProvider p = new ReferenceBackendProvider();
            assertEquals("reference", p.name());
            assertEquals(1, p.priority());
            assertTrue(p.isAvailable());
            assertEquals("", p.unavailableReason());
            assertEquals("pure-Java float64 reference (tests only)", p.device());
            assertTrue(Backends.providers().stream().anyMatch(q -> q instanceof ReferenceBackendProvider));
            assertEquals("reference", Backends.byName("reference").name());
        }

        @Test
        void hasNoFusedKernels() {
            assertTrue(b.kernel(LinearKernel.class).isEmpty());
        }
    }

    @Nested
    class CreationAndCasts {
        @Test
        void valuesAreRoundedToTheDtype() {
            check(of(DType.FLOAT32, d(0.1), 1), DType.FLOAT32, s(1), (double) 0.1f);
            check(of(DType.INT32, d(2.9, -2.9, 2147483648.0, 4294967297.0), 4), DType.INT32, s(4), 2, -2, -2147483648, 1);
            check(of(DType.INT64, d(-7.99, 1e12 + 0.5), 2), DType.INT64, s(2), -7, 1e12);
            check(of(DType.BOOL, d(0, 0.5, -3, Double.NaN), 4), DType.BOOL, s(4), 0, 1, 1, 1);
            check(b.fromLongs(new long[]{0, 7, -1}, Shape.of(3), DType.BOOL), DType.BOOL, s(3), 0, 1, 1);
            check(b.fromFloats(new float[]{1.5f, -2f}, Shape.of(2, 1)), DType.FLOAT32, s(2, 1), 1.5, -2);
            check(b.full(Shape.of(2), 2.7, DType.INT32), DType.INT32, s(2), 2, 2);
        }

        @Test
        void castRoundsLikeTheTargetDtype() {
            NdArray x = f64(d(0.1, 2.5, -2.5, 3e9), 4);
            check(b.cast(x, DType.FLOAT32), DType.FLOAT32, s(4), (double) 0.1f, 2.5, -2.5, (double) 3e9f);
            check(b.cast(x, DType.INT32), DType.INT32, s(4), 0, 2, -2, (int) 3_000_000_000L);
            check(b.cast(x, DType.INT64), DType.INT64, s(4), 0, 2, -2, 3e9);
            check(b.cast(x, DType.BOOL), DType.BOOL, s(4), 1, 1, 1, 1);
            assertArrayEquals(new long[]{0, 2, -2, 3_000_000_000L}, b.toLongs(x));
            assertArrayEquals(new float[]{0.1f, 2.5f, -2.5f, 3e9f}, b.toFloats(x));
        }

        @Test
        void readBackAndCopy() {
            NdArray x = f64(d(4.25), 1, 1);
            assertEquals(4.25, b.item(x));
            NdArray c = b.copy(x);
            b.assign(c, f64(d(1), 1));
            assertEquals(4.25, b.item(x), "the copy is independent");
            assertMessage(() -> b.item(iota(2)), "item", "[2]");
        }

        @Test
        void badArgumentsAreNamed() {
            assertMessage(() -> b.fromDoubles(d(1, 2, 3), Shape.of(2, 2), DType.FLOAT64),
                    "fromDoubles", "3 values", "[2, 2]");
            assertMessage(() -> b.fromLongs(new long[]{1}, Shape.of(1), DType.FLOAT32), "fromLongs", "float32");
        }
    }

    @Nested
    class ElementwiseOps {
        @Test
        void broadcastingFollowsNumPy() {
            NdArray col = f64(d(10, 20), 2, 1);
            NdArray row = f64(d(1, 2, 3), 3);
            check(b.binary(BinaryOp.ADD, col, row), DType.FLOAT64, s(2, 3), 11, 12, 13, 21, 22, 23);
            check(b.binary(BinaryOp.SUB, row, col), DType.FLOAT64, s(2, 3), -9, -8, -7, -19, -18, -17);
            check(b.binary(BinaryOp.MUL, f64(d(2), new long[0]), iota(2, 1, 2)), DType.FLOAT64, s(2, 1, 2), 2, 4, 6, 8);
            check(b.binary(BinaryOp.MAX, iota(2, 1, 3), f64(d(2, 5), 2, 1)), DType.FLOAT64, s(2, 2, 3),
                    2, 2, 3, 5, 5, 5, 4, 5, 6, 5, 5, 6);
            assertMessage(() -> b.binary(BinaryOp.ADD, iota(2, 3), iota(2)), "add", "[2, 3]", "[2]", "do not broadcast");
        }

        @Test
        void dtypesPromote() {
            NdArray i32 = of(DType.INT32, d(3), 1);
            NdArray f32 = of(DType.FLOAT32, d(0.1), 1);
            NdArray bool = of(DType.BOOL, d(1), 1);
            check(b.binary(BinaryOp.ADD, i32, f32), DType.FLOAT32, s(1), (double) (3 + 0.1f));
            check(b.binary(BinaryOp.ADD, i32, i64(new long[]{4}, 1)), DType.INT64, s(1), 7);
            check(b.binary(BinaryOp.ADD, bool, i32), DType.INT32, s(1), 4);
            check(b.binary(BinaryOp.ADD, f32, f64(d(0.1), 1)), DType.FLOAT64, s(1), (double) 0.1f + 0.1);
        }

        @Test
        void integerArithmeticTruncatesAndWraps() {
            NdArray x = of(DType.INT32, d(-7, 7, 65536, 2147483647), 4);
            check(b.binaryScalar(BinaryOp.DIV, x, 2), DType.INT32, s(4), -3, 3, 32768, 1073741823);
            check(b.binaryScalar(BinaryOp.MUL, x, 65536), DType.INT32, s(4), -458752, 458752, 0, -65536);
            check(b.binaryScalar(BinaryOp.ADD, x, 1), DType.INT32, s(4), -6, 8, 65537, -2147483648);
            check(b.binaryScalar(BinaryOp.MUL, x, 0.5), DType.INT32, s(4), -3, 3, 32768, 1073741823);
            check(b.binaryScalar(BinaryOp.POW, of(DType.INT64, d(3, -2), 2), 3), DType.INT64, s(2), 27, -8);
            assertMessage(() -> b.binaryScalar(BinaryOp.DIV, x, 0), "div", "division by zero");
        }

        @Test
        void binaryScalarKeepsTheArraysDtype() {
            check(b.binaryScalar(BinaryOp.ADD, of(DType.FLOAT32, d(1), 1), 0.1), DType.FLOAT32, s(1), (double) (float) 1.1);
            check(b.binaryScalar(BinaryOp.MIN, f64(d(-1, 3), 2), 0), DType.FLOAT64, s(2), -1, 0);
        }

        @Test
        void comparisonsAreBool() {
            NdArray x = f64(d(1, 2, Double.NaN), 3);
            check(b.compare(CompareOp.LT, x, f64(d(2), 1)), DType.BOOL, s(3), 1, 0, 0);
            check(b.compare(CompareOp.GE, f64(d(1, 3), 2, 1), x), DType.BOOL, s(2, 3), 1, 0, 0, 1, 1, 0);
            check(b.compareScalar(CompareOp.NE, x, 2), DType.BOOL, s(3), 1, 0, 1);
            check(b.compareScalar(CompareOp.EQ, of(DType.INT32, d(2, 3), 2), 2), DType.BOOL, s(2), 1, 0);
        }

        @Test
        void whereBroadcastsAllThreeAndPromotes() {
            NdArray cond = of(DType.BOOL, d(1, 0, 1), 3);
            NdArray a = of(DType.INT32, d(1, 2), 2, 1);
            NdArray c = of(DType.FLOAT32, d(-1), new long[0]);
            check(b.where(cond, a, c), DType.FLOAT32, s(2, 3), 1, -1, 1, 2, -1, 2);
            assertMessage(() -> b.where(f64(d(1), 1), a, c), "where", "bool", "float64");
            assertMessage(() -> b.where(cond, iota(2), c), "where", "[3]", "[2]");
        }

        @Test
        void unaryKnownValues() {
            NdArray x = f64(d(-2, -0.5, 0, 0.5, 1.5, 2.5), 6);
            check(b.unary(UnaryOp.ROUND, x), DType.FLOAT64, s(6), -2, -0.0, 0, 0, 2, 2);
            check(b.unary(UnaryOp.RELU, x), DType.FLOAT64, s(6), 0, 0, 0, 0.5, 1.5, 2.5);
            check(b.unary(UnaryOp.SIGN, x), DType.FLOAT64, s(6), -1, -1, 0, 1, 1, 1);
            check(b.unary(UnaryOp.FLOOR, x), DType.FLOAT64, s(6), -2, -1, 0, 0, 1, 2);
            check(b.unary(UnaryOp.CEIL, x), DType.FLOAT64, s(6), -2, -0.0, 0, 1, 2, 3);
            NdArray z = f64(d(0, 1000, -1000), 3);
            check(b.unary(UnaryOp.SIGMOID, z), DType.FLOAT64, s(3), 0.5, 1, 0);
            check(b.unary(UnaryOp.SOFTPLUS, z), DType.FLOAT64, s(3), Math.log(2), 1000, 0);
            check(b.unary(UnaryOp.RECIPROCAL, f64(d(4), 1)), DType.FLOAT64, s(1), 0.25);
            check(b.unary(UnaryOp.SQRT, of(DType.FLOAT32, d(2), 1)), DType.FLOAT32, s(1), (double) (float) Math.sqrt(2));
            check(b.unary(UnaryOp.ABS, of(DType.INT32, d(-3), 1)), DType.INT32, s(1), 3);
        }

        @Test
        void erfMatchesKnownValues() {
            NdArray x = f64(d(0.5, 1, -2, 0, 7), 5);
            double[] r = b.toDoubles(b.unary(UnaryOp.ERF, x));
            assertEquals(0.5204998778130465, r[0], 2e-16);
            assertEquals(0.8427007929497149, r[1], 2e-16);
            assertEquals(-0.9953222650189527, r[2], 2e-16);
            assertEquals(0, r[3]);
            assertEquals(1, r[4]);
        }

        @Test
        void erfIsWithinTwoUlpsOfA60DigitSeries() {
            for (double x = -6.5; x <= 6.5; x += 0.0377) {
                double want = erfBig(x);
                double got = Scalars.erf(x);
                assertEquals(want, got, 2 * Math.ulp(want) + Double.MIN_VALUE, "erf(" + x + ")");
            }
        }

        /** The alternating Maclaurin series in 60 digits: the cancellation (up to e^42) costs fewer than 20. */
        private double erfBig(double x) {
            MathContext mc = new MathContext(60);
            BigDecimal bx = new BigDecimal(x);
            BigDecimal x2 = bx.multiply(bx, mc);
            BigDecimal power = bx;
            BigDecimal sum = BigDecimal.ZERO;
            for (int n = 0; n < 1000; n++) {
                BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), mc);
                sum = sum.add(term, mc);
                if (n > 2 && term.abs().compareTo(new BigDecimal("1e-40")) < 0) {
                    break;
                }
                power = power.multiply(x2, mc).divide(BigDecimal.valueOf(n + 1L), mc).negate();
            }
            BigDecimal twoOverSqrtPi = new BigDecimal("1.12837916709551257389615890312154517168810125865799771368817");
            return sum.multiply(twoOverSqrtPi, mc).doubleValue();
        }
    }

    @Nested
    class ReductionOps {
        // [[1, 2, 3], [4, 5, 6]]
        private final NdArray x = iota(2, 3);

        @Test
        void sumOverEachAxisAndAll() {
            check(b.reduce(ReduceOp.SUM, x, new int[]{0}, false), DType.FLOAT64, s(3), 5, 7, 9);
            check(b.reduce(ReduceOp.SUM, x, new int[]{0}, true), DType.FLOAT64, s(1, 3), 5, 7, 9);
            check(b.reduce(ReduceOp.SUM, x, new int[]{1}, false), DType.FLOAT64, s(2), 6, 15);
            check(b.reduce(ReduceOp.SUM, x, new int[]{1}, true), DType.FLOAT64, s(2, 1), 6, 15);
            check(b.reduce(ReduceOp.SUM, x, new int[0], false), DType.FLOAT64, s(), 21);
            check(b.reduce(ReduceOp.SUM, x, new int[]{0, 1}, true), DType.FLOAT64, s(1, 1), 21);
        }

        @Test
        void meanMaxMinProd() {
            check(b.reduce(ReduceOp.MEAN, x, new int[]{0}, true), DType.FLOAT64, s(1, 3), 2.5, 3.5, 4.5);
            check(b.reduce(ReduceOp.MEAN, x, new int[0], false), DType.FLOAT64, s(), 3.5);
            check(b.reduce(ReduceOp.MAX, x, new int[]{1}, false), DType.FLOAT64, s(2), 3, 6);
            check(b.reduce(ReduceOp.MAX, x, new int[]{0}, true), DType.FLOAT64, s(1, 3), 4, 5, 6);
            check(b.reduce(ReduceOp.MIN, x, new int[]{1}, true), DType.FLOAT64, s(2, 1), 1, 4);
            check(b.reduce(ReduceOp.MIN, x, new int[0], false), DType.FLOAT64, s(), 1);
            check(b.reduce(ReduceOp.PROD, x, new int[]{1}, false), DType.FLOAT64, s(2), 6, 120);
            check(b.reduce(ReduceOp.PROD, x, new int[]{0}, true), DType.FLOAT64, s(1, 3), 4, 10, 18);
        }

        @Test
        void nonAdjacentAxesOfARank3Array() {
            // iota(2, 3, 2): element (i, j, k) = 6i + 2j + k + 1; summing over i and k leaves 8j + 18.
            NdArray y = iota(2, 3, 2);
            check(b.reduce(ReduceOp.SUM, y, new int[]{0, 2}, false), DType.FLOAT64, s(3), 18, 26, 34);
            check(b.reduce(ReduceOp.SUM, y, new int[]{0, 2}, true), DType.FLOAT64, s(1, 3, 1), 18, 26, 34);
            check(b.reduce(ReduceOp.MAX, y, new int[]{1}, false), DType.FLOAT64, s(2, 2), 5, 6, 11, 12);
        }

        @Test
        void dtypeRules() {
            check(b.reduce(ReduceOp.SUM, of(DType.BOOL, d(1, 0, 1, 1), 4), new int[0], false), DType.INT64, s(), 3);
            check(b.reduce(ReduceOp.SUM, of(DType.INT32, d(2147483647, 1), 2), new int[0], false),
                    DType.INT32, s(), -2147483648);
            // Accumulated in float64 and rounded once: a running float32 sum would stay at 1.
            check(b.reduce(ReduceOp.SUM, of(DType.FLOAT32, d(1, 3e-8, 3e-8), 3), new int[0], false), DType.FLOAT32, s(),
                    (double) (float) (1 + 2 * (double) 3e-8f));
            assertNotEquals(1.0, (double) (float) (1 + 2 * (double) 3e-8f));
            assertMessage(() -> b.reduce(ReduceOp.MEAN, of(DType.INT64, d(1, 2), 2), new int[0], false),
                    "mean", "floating-point", "int64");
        }

        @Test
        void emptyAndNaN() {
            NdArray empty = f64(new double[0], 0, 2);
            check(b.reduce(ReduceOp.SUM, empty, new int[]{0}, false), DType.FLOAT64, s(2), 0, 0);
            check(b.reduce(ReduceOp.PROD, empty, new int[]{0}, false), DType.FLOAT64, s(2), 1, 1);
            assertMessage(() -> b.reduce(ReduceOp.MAX, empty, new int[]{0}, false), "max", "zero elements");
            check(b.reduce(ReduceOp.MAX, f64(d(1, Double.NaN, 3), 3), new int[0], false), DType.FLOAT64, s(), Double.NaN);
        }

        @Test
        void axesMustBeSortedDistinctInRange() {
            assertMessage(() -> b.reduce(ReduceOp.SUM, x, new int[]{1, 0}, false), "sum", "sorted", "[1, 0]", "[2, 3]");
            assertMessage(() -> b.reduce(ReduceOp.SUM, x, new int[]{2}, false), "sum", "[2]");
            assertMessage(() -> b.reduce(ReduceOp.SUM, x, new int[]{-1}, false), "sum", "[-1]");
        }

        @Test
        void argMaxTakesTheFirstMaximum() {
            NdArray y = f64(d(1, 5, 5, 7, 2, 7), 2, 3);
            check(b.argMax(y, 1, false), DType.INT64, s(2), 1, 0);
            check(b.argMax(y, 1, true), DType.INT64, s(2, 1), 1, 0);
            check(b.argMax(y, 0, false), DType.INT64, s(3), 1, 0, 1);
            check(b.argMax(f64(d(1, Double.NaN, 3, Double.NaN), 4), 0, false), DType.INT64, s(), 1);
            assertMessage(() -> b.argMax(y, 2, false), "argMax", "axis 2", "[2, 3]");
        }
    }

    @Nested
    class MatMulVariants {
        // a = [[1, 2, 3], [4, 5, 6]], c = [[1, 2], [3, 4], [5, 6]]; a @ c = [[22, 28], [49, 64]].
        private final NdArray a = iota(2, 3);
        private final NdArray c = iota(3, 2);

        @Test
        void plainAndTransposed() {
            check(b.matmul(a, c, false, false), DType.FLOAT64, s(2, 2), 22, 28, 49, 64);
            NdArray at = b.permute(a, 1, 0);
            NdArray ct = b.permute(c, 1, 0);
            check(b.matmul(at, c, true, false), DType.FLOAT64, s(2, 2), 22, 28, 49, 64);
            check(b.matmul(a, ct, false, true), DType.FLOAT64, s(2, 2), 22, 28, 49, 64);
            check(b.matmul(ct, at, true, true), DType.FLOAT64, s(3, 3), 9, 12, 15, 19, 26, 33, 29, 40, 51);
            // c @ a = [[9, 12, 15], [19, 26, 33], [29, 40, 51]]
            check(b.matmul(c, a, false, false), DType.FLOAT64, s(3, 3), 9, 12, 15, 19, 26, 33, 29, 40, 51);
        }

        @Test
        void batchedAndSharedRightSide() {
            // Batch 0: a; batch 1: a + 6 = [[7, 8, 9], [10, 11, 12]].
            NdArray batch = iota(2, 2, 3);
            check(b.matmul(batch, c, false, false), DType.FLOAT64, s(2, 2, 2), 22, 28, 49, 64, 76, 100, 103, 136);
            NdArray cs = b.concat(List.of(b.reshape(c, Shape.of(1, 3, 2)), b.reshape(c, Shape.of(1, 3, 2))), 0);
            check(b.matmul(batch, cs, false, false), DType.FLOAT64, s(2, 2, 2), 22, 28, 49, 64, 76, 100, 103, 136);
            check(b.matmul(batch, a, false, true), DType.FLOAT64, s(2, 2, 2), 14, 32, 32, 77, 50, 122, 68, 167);
            NdArray rank4 = b.reshape(batch, Shape.of(2, 1, 2, 3));
            check(b.matmul(rank4, c, false, false), DType.FLOAT64, s(2, 1, 2, 2), 22, 28, 49, 64, 76, 100, 103, 136);
        }

        @Test
        void integerAndPromotedOperands() {
            NdArray ia = b.cast(a, DType.INT32);
            check(b.matmul(ia, b.cast(c, DType.INT64), false, false), DType.INT64, s(2, 2), 22, 28, 49, 64);
            check(b.matmul(ia, b.cast(c, DType.FLOAT32), false, false), DType.FLOAT32, s(2, 2), 22, 28, 49, 64);
        }

        @Test
        void misalignedAndUnsupportedShapesAreNamed() {
            assertMessage(() -> b.matmul(iota(2, 3), iota(4, 5), false, false),
                    "matmul: shapes [2, 3] and [4, 5] are not aligned");
            assertMessage(() -> b.matmul(a, c, true, false),
                    "matmul: shapes [2, 3] and [3, 2] are not aligned", "transposeA=true");
            assertMessage(() -> b.matmul(iota(2, 2, 3), iota(3, 3, 2), false, false), "matmul", "[2]", "[3]", "batch");
            assertMessage(() -> b.matmul(iota(3), iota(3, 2), false, false), "matmul", "unsupported ranks", "[3]");
            assertMessage(() -> b.matmul(a, iota(2, 3, 2), false, false), "matmul", "unsupported ranks");
        }
    }

    @Nested
    class ShapeChanges {
        @Test
        void reshapeAndPermute() {
            check(b.reshape(iota(2, 3), Shape.of(3, 2)), DType.FLOAT64, s(3, 2), 1, 2, 3, 4, 5, 6);
            check(b.permute(iota(2, 3), 1, 0), DType.FLOAT64, s(3, 2), 1, 4, 2, 5, 3, 6);
            // out(k, i, j) = in(i, j, k) = 4i + 2j + k + 1.
            check(b.permute(iota(2, 2, 2), 2, 0, 1), DType.FLOAT64, s(2, 2, 2), 1, 3, 5, 7, 2, 4, 6, 8);
            assertMessage(() -> b.reshape(iota(2, 3), Shape.of(4)), "reshape", "[2, 3]", "[4]");
            assertMessage(() -> b.permute(iota(2, 3), 0, 0), "permute", "[0, 0]", "[2, 3]");
        }

        @Test
        void stridedSlice() {
            // iota(3, 4) rows: [1..4], [5..8], [9..12].
            NdArray x = iota(3, 4);
            check(b.slice(x, new long[]{0, 1}, new long[]{3, 4}, new long[]{2, 2}), DType.FLOAT64, s(2, 2), 2, 4, 10, 12);
            check(b.slice(x, new long[]{1, 0}, new long[]{2, 4}, new long[]{1, 3}), DType.FLOAT64, s(1, 2), 5, 8);
            check(b.slice(x, new long[]{1, 2}, new long[]{1, 4}, new long[]{1, 1}), DType.FLOAT64, s(0, 2));
            assertMessage(() -> b.slice(x, new long[]{0, 0}, new long[]{3, 5}, new long[]{1, 1}),
                    "slice", "dimension 1", "end 5");
            assertMessage(() -> b.slice(x, new long[]{0, 0}, new long[]{3, 4}, new long[]{1, 0}), "slice", "step 0");
        }

        @Test
        void concatAlongEitherAxis() {
            NdArray x = iota(2, 2);
            NdArray y = f64(d(9, 8), 2, 1);
            check(b.concat(List.of(x, y), 1), DType.FLOAT64, s(2, 3), 1, 2, 9, 3, 4, 8);
            check(b.concat(List.of(x, b.permute(y, 1, 0), x), 0), DType.FLOAT64, s(5, 2), 1, 2, 3, 4, 9, 8, 1, 2, 3, 4);
            assertMessage(() -> b.concat(List.of(x, y), 0), "concat", "[2, 2]", "[2, 1]");
            assertMessage(() -> b.concat(List.of(x, b.cast(x, DType.FLOAT32)), 0), "concat", "float32");
        }

        @Test
        void constantPad() {
            check(b.pad(f64(d(1, 2), 1, 2), new long[][]{{1, 0}, {0, 2}}, -1), DType.FLOAT64, s(2, 4),
                    -1, -1, -1, -1, 1, 2, -1, -1);
            check(b.pad(of(DType.INT32, d(5), 1), new long[][]{{2, 1}}, 0.7), DType.INT32, s(4), 0, 0, 5, 0);
            assertMessage(() -> b.pad(iota(2), new long[][]{{-1, 0}}, 0), "pad", "[[-1, 0]]");
        }

        @Test
        void broadcastTo() {
            check(b.broadcastTo(f64(d(1, 2), 2, 1), Shape.of(2, 2, 3)), DType.FLOAT64, s(2, 2, 3),
                    1, 1, 1, 2, 2, 2, 1, 1, 1, 2, 2, 2);
            assertMessage(() -> b.broadcastTo(iota(2, 3), Shape.of(3)), "broadcastTo", "[2, 3]", "[3]");
            assertMessage(() -> b.broadcastTo(iota(3), Shape.of(2, 1)), "broadcastTo", "[3]", "[2, 1]");
        }

        @Test
        void gatherTakesAlongAnAxis() {
            NdArray x = iota(2, 3);
            check(b.gather(x, 1, i64(new long[]{2, 0, 2}, 3)), DType.FLOAT64, s(2, 3), 3, 1, 3, 6, 4, 6);
            check(b.gather(x, 0, i64(new long[]{1, 1, 0, 1}, 2, 2)), DType.FLOAT64, s(2, 2, 3),
                    4, 5, 6, 4, 5, 6, 1, 2, 3, 4, 5, 6);
            check(b.gather(x, 1, i64(new long[]{1}, new long[0])), DType.FLOAT64, s(2), 2, 5);
            assertMessage(() -> b.gather(x, 1, i64(new long[]{0, 3}, 2)), "gather", "index 3", "axis 1", "size 3");
            assertMessage(() -> b.gather(x, 0, i64(new long[]{-1}, 1)), "gather", "index -1", "axis 0", "size 2");
            assertMessage(() -> b.gather(x, 0, of(DType.INT32, d(0), 1)), "gather", "int64", "int32");
        }

        @Test
        void scatterAddAccumulatesDuplicates() {
            NdArray base = f64(d(1, 1, 1, 1), 2, 2);
            NdArray updates = f64(d(10, 20, 30, 40, 50, 60), 2, 3);
            check(b.scatterAdd(base, 1, i64(new long[]{0, 1, 0}, 3), updates), DType.FLOAT64, s(2, 2), 41, 21, 101, 51);
            assertMessage(() -> b.scatterAdd(base, 1, i64(new long[]{0, 1}, 2), updates), "scatterAdd", "[2, 2]", "[2, 3]");
            assertMessage(() -> b.scatterAdd(base, 0, i64(new long[]{2}, 1), iota(1, 2)), "scatterAdd", "index 2", "size 2");
        }

        @Test
        void scatterAddIsTheAdjointOfGather() {
            // <gather(x), u> == <x, scatterAdd(0, u)> for any x, u.
            NdArray x = b.random(Shape.of(3, 4, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 1);
            NdArray idx = i64(new long[]{3, 0, 3, 1, 1, 2}, 2, 3);
            NdArray u = b.random(Shape.of(3, 2, 3, 2), DType.FLOAT64, Distribution.NORMAL, 0, 1, 2);
            NdArray zeros = b.full(Shape.of(3, 4, 2), 0, DType.FLOAT64);
            double lhs = dot(b.gather(x, 1, idx), u);
            double rhs = dot(x, b.scatterAdd(zeros, 1, idx, u));
            assertEquals(lhs, rhs, 1e-12);
        }

        private double dot(NdArray p, NdArray q) {
            return b.item(b.reduce(ReduceOp.SUM, b.binary(BinaryOp.MUL, p, q), new int[0], false));
        }
    }

    @Nested
    class InPlace {
        @Test
        void assignBroadcastsAndCasts() {
            NdArray t = of(DType.INT32, d(0, 0, 0, 0), 2, 2);
            b.assign(t, f64(d(1.9, -2.9), 2));
            check(t, DType.INT32, s(2, 2), 1, -2, 1, -2);
            assertMessage(() -> b.assign(t, iota(3)), "assign", "[3]", "[2, 2]");
            assertMessage(() -> b.assign(iota(2), iota(2, 2)), "assign", "[2, 2]", "[2]");
        }

        @Test
        void applyInPlaceKeepsTheTargetDtype() {
            NdArray t = of(DType.FLOAT32, d(1, 2), 2);
            b.applyInPlace(BinaryOp.MUL, t, f64(d(0.1), new long[0]));
            check(t, DType.FLOAT32, s(2), (double) (float) 0.1, (double) (float) 0.2);
            b.applyInPlace(BinaryOp.SUB, t, t);
            check(t, DType.FLOAT32, s(2), 0, 0);
        }
    }

    @Nested
    class RandomSampling {
        @Test
        void deterministicPerSeed() {
            Shape shape = Shape.of(8, 8);
            for (Distribution dist : Distribution.values()) {
                double[] first = b.toDoubles(b.random(shape, DType.FLOAT32, dist, 0.3, 1, 42));
                assertArrayEquals(first, b.toDoubles(b.random(shape, DType.FLOAT32, dist, 0.3, 1, 42)), dist.name());
                assertFalse(java.util.Arrays.equals(first, b.toDoubles(b.random(shape, DType.FLOAT32, dist, 0.3, 1, 43))),
                        dist.name());
            }
        }

        @Test
        void distributionsHaveTheirMoments() {
            int n = 200_000;
            double[] u = b.toDoubles(b.random(Shape.of(n), DType.FLOAT32, Distribution.UNIFORM, -1, 3, 7));
            assertTrue(java.util.Arrays.stream(u).allMatch(v -> v >= -1 && v < 3));
            assertEquals(1, mean(u), 0.02);
            double[] g = b.toDoubles(b.random(Shape.of(n), DType.FLOAT64, Distribution.NORMAL, 2, 3, 7));
            assertEquals(2, mean(g), 0.03);
            assertEquals(3, Math.sqrt(mean(java.util.Arrays.stream(g).map(v -> (v - 2) * (v - 2)).toArray())), 0.03);
            NdArray coin = b.random(Shape.of(n), DType.BOOL, Distribution.BERNOULLI, 0.25, 0, 7);
            assertEquals(DType.BOOL, coin.dtype());
            assertEquals(0.25, mean(b.toDoubles(coin)), 0.01);
        }

        @Test
        void badParameters() {
            assertMessage(() -> b.random(Shape.of(1), DType.FLOAT32, Distribution.NORMAL, 0, -1, 1), "NORMAL", "b=-1");
            assertMessage(() -> b.random(Shape.of(1), DType.FLOAT32, Distribution.UNIFORM, 2, 1, 1), "UNIFORM", "a=2");
            assertMessage(() -> b.random(Shape.of(1), DType.FLOAT32, Distribution.BERNOULLI, 1.5, 0, 1), "BERNOULLI", "1.5");
            assertMessage(() -> b.random(Shape.of(1), DType.INT32, Distribution.NORMAL, 0, 1, 1), "NORMAL", "int32");
        }

        private double mean(double[] v) {
            return java.util.Arrays.stream(v).average().orElseThrow();
        }
    }

    @Nested
    class Closing {
        @Test
        void closedArraysRefuseEveryUse() {
            NdArray x = iota(2, 2);
            NdArray other = iota(2, 2);
            x.close();
            x.close();
            assertTrue(x.isClosed());
            assertEquals(Shape.of(2, 2), x.shape(), "metadata stays readable");
            List<Executable> uses = List.of(
                    () -> b.toDoubles(x), () -> b.item(x), () -> b.copy(x), () -> b.cast(x, DType.FLOAT32),
                    () -> b.unary(UnaryOp.EXP, x), () -> b.binary(BinaryOp.ADD, other, x),
                    () -> b.reduce(ReduceOp.SUM, x, new int[0], false), () -> b.matmul(other, x, false, false),
                    () -> b.reshape(x, Shape.of(4)), () -> b.concat(List.of(other, x), 0),
                    () -> b.gather(other, 0, x), () -> b.assign(other, x), () -> b.assign(x, other),
                    () -> b.applyInPlace(BinaryOp.ADD, x, other));
            for (Executable use : uses) {
                IllegalStateException e = assertThrows(IllegalStateException.class, use);
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
            }
            assertFalse(other.isClosed());
            assertArrayEquals(d(1, 2, 3, 4), b.toDoubles(other), "closing one array leaves others intact");
        }

        @Test
        void resultsAreFreshHandles() {
            NdArray x = iota(2);
            NdArray y = b.reshape(x, Shape.of(2, 1));
            x.close();
            assertArrayEquals(d(1, 2), b.toDoubles(y));
            assertNotEquals(x, y);
            assertSame(b, y.backend());
        }
    }

    @Test
    void int64IsExactBeyondTwoToThe53() {
        long big = (1L << 53) + 1;
        NdArray x = i64(new long[]{big, -big, Long.MAX_VALUE}, 3);
        assertArrayEquals(new long[]{big, -big, Long.MAX_VALUE}, b.toLongs(x));
        assertArrayEquals(new long[]{big, -big, Long.MAX_VALUE}, b.toLongs(b.copy(x)));
        assertArrayEquals(new long[]{big, -big, Long.MAX_VALUE}, b.toLongs(b.reshape(x, Shape.of(3, 1))));
        assertArrayEquals(new long[]{big, -big, Long.MAX_VALUE}, b.toLongs(b.cast(x, DType.INT64)));
        assertArrayEquals(new long[]{1, -1, -1}, b.toLongs(b.cast(x, DType.INT32)));
        NdArray target = b.full(Shape.of(3), 0, DType.INT64);
        b.assign(target, x);
        assertArrayEquals(new long[]{big, -big, Long.MAX_VALUE}, b.toLongs(target));
    }
}
