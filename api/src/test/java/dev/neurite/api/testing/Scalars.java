package dev.neurite.api.testing;

import dev.neurite.api.DType;
import dev.neurite.api.backend.BinaryOp;
import dev.neurite.api.backend.CompareOp;
import dev.neurite.api.backend.UnaryOp;

import java.util.Locale;

/** Per-element semantics of the reference backend: dtype rounding and the scalar form of every elementwise op. */
final class Scalars {
    // Correctly rounded literals: computing them costs an ulp each.
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    private Scalars() {
    }

    /**
     * The value {@code v} becomes when stored as {@code dtype}. Rounding float32 through double is exact for the
     * basic operations (double has more than twice float's precision), so float32 add/mul/div/sqrt results are the
     * correctly rounded IEEE float results.
     */
    static double toDType(DType dtype, double v) {
        return switch (dtype) {
            case FLOAT32 -> (float) v;
            case FLOAT64 -> v;
            // Through long first so that overflow wraps like int32 arithmetic instead of saturating.
            case INT32 -> (int) (long) v;
            case INT64 -> (long) v;
            case BOOL -> v != 0 ? 1 : 0;
        };
    }

    static boolean isInteger(DType dtype) {
        return dtype == DType.INT32 || dtype == DType.INT64;
    }

    /**
     * The type sums and products accumulate in: the integer type itself, whose long arithmetic wraps exactly like
     * the stored type, else float64, so float32 results are the exact sum rounded once rather than a running
     * float32 sum.
     */
    static DType accumulator(DType dtype) {
        return isInteger(dtype) ? dtype : DType.FLOAT64;
    }

    static String lower(Enum<?> op) {
        return op.name().toLowerCase(Locale.ROOT);
    }

    static double unary(UnaryOp op, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Math.signum(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case LOG1P -> Math.log1p(x);
            case SQRT -> Math.sqrt(x);
            case SQUARE -> x * x;
            case RECIPROCAL -> 1 / x;
            case TANH -> Math.tanh(x);
            case SIGMOID -> sigmoid(x);
            case RELU -> Math.max(0.0, x);
            // max(x, 0) + log1p(exp(-|x|)) never overflows, unlike log(1 + exp(x)).
            case SOFTPLUS -> Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
            case ERF -> erf(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case FLOOR -> Math.floor(x);
            case CEIL -> Math.ceil(x);
            // Half to even, as NumPy and PyTorch round.
            case ROUND -> Math.rint(x);
        };
    }

    private static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /**
     * {@code a op b} stored as {@code dtype}. Integer results are computed in long arithmetic when both operands
     * are whole numbers, because products of int32 values can exceed the 53 bits a double holds exactly, and
     * integer division truncates toward zero (C, Java and {@code torch.div(rounding_mode="trunc")}). A fractional
     * scalar against an integer array is computed in double and then truncated, as if promoted and cast back.
     */
    static double binary(BinaryOp op, double a, double b, DType dtype) {
        if (isInteger(dtype) && isWhole(a) && isWhole(b)) {
            return toDType(dtype, integerBinary(op, (long) a, (long) b));
        }
        double r = switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
        return toDType(dtype, r);
    }

    private static boolean isWhole(double v) {
        return v == Math.rint(v) && !Double.isInfinite(v);
    }

    private static long integerBinary(BinaryOp op, long a, long b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> {
                if (b == 0) {
                    throw new IllegalArgumentException("div: integer division by zero (" + a + " / 0)");
                }
                yield a / b;
            }
            case POW -> integerPow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }

    private static long integerPow(long base, long exponent) {
        if (exponent < 0) {
            throw new IllegalArgumentException("pow: integers to negative integer powers are not allowed ("
                    + base + " ** " + exponent + ")");
        }
        long result = 1;
        long b = base;
        for (long e = exponent; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= b;
            }
            b *= b;
        }
        return result;
    }

    static boolean compare(CompareOp op, double a, double b) {
        return switch (op) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    /**
     * The error function to within 2 ulps (checked against a 80-digit evaluation). Below 1.25 it sums the Maclaurin
     * series {@code 2/sqrt(pi) sum_n (-1)^n x^(2n+1) / (n! (2n+1))}, which barely cancels there; from 1.25 it uses
     * the continued fraction of erfc, which converges fast there and leaves little to cancel in {@code 1 - erfc};
     * from 6 on erfc(x) < 2e-17 is below half an ulp of 1.
     */
    static double erf(double x) {
        if (Double.isNaN(x) || x == 0) {
            return x; // keeps the sign of -0.0, as erf is odd
        }
        double ax = Math.abs(x);
        double r;
        if (ax < 1.25) {
            r = erfSeries(ax);
        } else if (ax < 6) {
            r = 1 - erfcContinuedFraction(ax);
        } else {
            r = 1;
        }
        return x < 0 ? -r : r;
    }

    private static double erfSeries(double x) {
        double x2 = x * x;
        double[] terms = new double[64];
        double power = x;
        terms[0] = x;
        int n = 1;
        for (; n < terms.length; n++) {
            power *= -x2 / n;
            terms[n] = power / (2 * n + 1);
            if (Math.abs(terms[n]) < 1e-18 * x) {
                break;
            }
        }
        // Smallest terms first, so their contributions are not lost against the large ones.
        double sum = 0;
        for (int i = Math.min(n, terms.length - 1); i >= 0; i--) {
            sum += terms[i];
        }
        return TWO_OVER_SQRT_PI * sum;
    }

    /** {@code erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))}, by the modified Lentz method. */
    private static double erfcContinuedFraction(double x) {
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 1000; k++) {
            double a = k / 2.0;
            d = x + a * d;
            d = 1 / (d == 0 ? tiny : d);
            c = x + a / c;
            if (c == 0) {
                c = tiny;
            }
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
    }
}
