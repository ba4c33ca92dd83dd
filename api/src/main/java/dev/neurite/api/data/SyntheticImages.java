package dev.neurite.api.data;

import dev.neurite.api.Shape;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A procedurally drawn stand-in for Fashion-MNIST when no real data is at hand: 28x28 grayscale images in 10
 * classes of line patterns and shapes, each randomly shifted, scaled, rotated, dimmed, cluttered with a stray
 * stroke, partly occluded and noisy. A multilayer perceptron learns it well but not perfectly. Image {@code i}
 * depends only on the seed and {@code i}, so any count is reproducible and generated in parallel.
 */
public final class SyntheticImages {
    public static final int SIDE = 28;
    public static final Shape EXAMPLE_SHAPE = Shape.of(1, SIDE, SIDE);

    private static final double CENTER = (SIDE - 1) / 2.0;
    private static final double SQRT3 = Math.sqrt(3);
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);

    /** The classes; {@link #ink} gives a pattern's coverage of a point in its own frame (unit: pixels at scale 1). */
    private enum Pattern {
        HORIZONTAL_BARS {
            @Override
            double ink(double u, double v, double w) {
                return stroke(Math.max(stripe(v, 5), Math.abs(u) - 8), w);
            }
        },
        VERTICAL_BARS {
            @Override
            double ink(double u, double v, double w) {
                return HORIZONTAL_BARS.ink(v, u, w);
            }
        },
        RING {
            @Override
            double ink(double u, double v, double w) {
                return stroke(Math.abs(length(u, v) - 7), w);
            }
        },
        DISK {
            @Override
            double ink(double u, double v, double w) {
                return fill(length(u, v) - 6.5);
            }
        },
        PLUS {
            @Override
            double ink(double u, double v, double w) {
                double bar = Math.max(Math.abs(u), Math.abs(v) - 8);
                double other = Math.max(Math.abs(v), Math.abs(u) - 8);
                return stroke(Math.min(bar, other), w);
            }
        },
        CROSS {
            @Override
            double ink(double u, double v, double w) {
                return PLUS.ink((u - v) * INV_SQRT2, (u + v) * INV_SQRT2, w);
            }
        },
        SQUARE {
            @Override
            double ink(double u, double v, double w) {
                return stroke(Math.abs(Math.max(Math.abs(u), Math.abs(v)) - 7), w);
            }
        },
        CHECKERBOARD {
            @Override
            double ink(double u, double v, double w) {
                if (Math.abs(u) > 8 || Math.abs(v) > 8) {
                    return 0;
                }
                return (((int) Math.floor((u + 8) / 4) + (int) Math.floor((v + 8) / 4)) & 1) == 0 ? 1 : 0;
            }
        },
        TRIANGLE {
            @Override
            double ink(double u, double v, double w) {
                return stroke(Math.abs(triangle(u, -v - 1, 8)), w);
            }
        },
        DIAGONAL_STRIPES {
            @Override
            double ink(double u, double v, double w) {
                return stroke(Math.max(stripe((u + v) * INV_SQRT2, 4.5), length(u, v) - 9), w);
            }
        };

        abstract double ink(double u, double v, double halfWidth);
    }

    public static final List<String> CLASS_NAMES = List.of("horizontal bars", "vertical bars", "ring", "disk",
            "plus", "cross", "square", "checkerboard", "triangle", "diagonal stripes");

    private SyntheticImages() {
    }

    /** {@code count} images, classes in turn (example {@code i} has label {@code i % 10}). */
    public static InMemoryDataset generate(int count, long seed) {
        int pixels = SIDE * SIDE;
        float[] features = new float[Math.multiplyExact(count, pixels)];
        long[] labels = new long[count];
        Pattern[] patterns = Pattern.values();
        IntStream.range(0, count).parallel().forEach(i -> {
            labels[i] = i % patterns.length;
            SplittableRandom random = new SplittableRandom(Seeds.mix(seed, i));
            draw(patterns[(int) labels[i]], random, features, i * pixels);
        });
        return new InMemoryDataset(features, EXAMPLE_SHAPE, labels, patterns.length);
    }

    private static void draw(Pattern pattern, SplittableRandom r, float[] out, int offset) {
        double cx = CENTER + r.nextDouble(-4, 4);
        double cy = CENTER + r.nextDouble(-4, 4);
        double scale = r.nextDouble(0.7, 1.2);
        double angle = r.nextDouble(-0.35, 0.35);
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        double halfWidth = r.nextDouble(0.6, 1.3);
        double brightness = r.nextDouble(0.45, 1.0);
        double background = r.nextDouble(0, 0.2);
        double noise = r.nextDouble(0.08, 0.3);
        // A stray stroke and a dark patch make the classes overlap a little, so learning them is not trivial.
        double strayA = r.nextDouble(-Math.PI, Math.PI);
        double strayX = r.nextDouble(0, SIDE);
        double strayY = r.nextDouble(0, SIDE);
        double strayInk = r.nextDouble() < 0.6 ? r.nextDouble(0.3, 0.8) : 0;
        int patchX = r.nextInt(SIDE - 8);
        int patchY = r.nextInt(SIDE - 8);
        boolean patch = r.nextDouble() < 0.3;
        double strayCos = Math.cos(strayA);
        double straySin = Math.sin(strayA);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double dx = x - cx;
                double dy = y - cy;
                double u = cos * dx + sin * dy;
                double v = -sin * dx + cos * dy;
                double value = background + brightness * pattern.ink(u, v, halfWidth);
                if (strayInk > 0) {
                    double along = (x - strayX) * strayCos + (y - strayY) * straySin;
                    double across = -(x - strayX) * straySin + (y - strayY) * strayCos;
                    value += strayInk * stroke(Math.max(Math.abs(across), Math.abs(along) - 5), 0.8);
                }
                if (patch && x >= patchX && x < patchX + 8 && y >= patchY && y < patchY + 8) {
                    value = background;
                }
                value += noise * r.nextGaussian();
                out[offset + y * SIDE + x] = (float) Math.min(1, Math.max(0, value));
            }
        }
    }

    /** Antialiased coverage of a stroke of half-width {@code w} at distance {@code d} from its centre line. */
    private static double stroke(double d, double w) {
        return Math.min(1, Math.max(0, w - d + 0.5));
    }

    /** Antialiased coverage of a filled region with signed distance {@code sdf} (negative inside). */
    private static double fill(double sdf) {
        return Math.min(1, Math.max(0, 0.5 - sdf));
    }

    /** Distance to the nearest of three parallel lines at {@code -gap, 0, gap}. */
    private static double stripe(double t, double gap) {
        return Math.min(Math.abs(t), Math.min(Math.abs(t - gap), Math.abs(t + gap)));
    }

    /** Euclidean length; {@link Math#hypot} guards against overflow these small values never reach, at many times the cost. */
    private static double length(double x, double y) {
        return Math.sqrt(x * x + y * y);
    }

    /** Signed distance to an equilateral triangle of circumradius-like size {@code r}, apex up (y up). */
    private static double triangle(double px, double py, double r) {
        px = Math.abs(px) - r;
        py = py + r / SQRT3;
        if (px + SQRT3 * py > 0) {
            double qx = (px - SQRT3 * py) / 2;
            double qy = (-SQRT3 * px - py) / 2;
            px = qx;
            py = qy;
        }
        px -= Math.min(0, Math.max(-2 * r, px));
        return -length(px, py) * Math.signum(py);
    }
}
