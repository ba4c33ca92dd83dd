package dev.neurite.layers;

import dev.neurite.api.io.Json;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Reads the PyTorch reference values written by {@code fixtures/make_fixtures.py} and compares tensors with them.
 * Float32 results must match to {@link #TOLERANCE}, relative to the magnitude for values above 1.
 */
public final class Fixtures {
    public static final double TOLERANCE = 1e-5;

    /** The largest relative error seen by any comparison so far, reported by the fixture tests. */
    private static volatile double worst;

    private Fixtures() {
    }

    /** The largest relative error since the last call, then resets it. */
    public static double takeWorstError() {
        double w = worst;
        worst = 0;
        return w;
    }

    /** The {@code cases} of a fixture file, each a JSON object. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> cases(String file) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + file)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + file + " is not on the test class path");
            }
            Map<String, Object> root = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return (List<Map<String, Object>>) root.get("cases");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    /** A JSON object of settings as a Config (the config constructors accept any Number). */
    public static Config config(Object json) {
        return Config.of(map(json));
    }

    public static long[] shape(Object tensorJson) {
        return list(map(tensorJson).get("shape")).stream().mapToLong(x -> ((Number) x).longValue()).toArray();
    }

    public static double[] data(Object tensorJson) {
        return list(map(tensorJson).get("data")).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    }

    public static Tensor tensor(Object tensorJson) {
        return tensor(tensorJson, DType.FLOAT32);
    }

    public static Tensor tensor(Object tensorJson, DType dtype) {
        return Tensor.of(dtype, data(tensorJson), shape(tensorJson));
    }

    /** Class labels stored as numbers. */
    public static Tensor labels(Object tensorJson) {
        return Tensor.ofLongs(java.util.Arrays.stream(data(tensorJson)).mapToLong(d -> (long) d).toArray(), shape(tensorJson));
    }

    public static void assertMatches(Object expectedJson, Tensor actual, String what) {
        assertMatches(expectedJson, actual, TOLERANCE, what);
    }

    public static void assertMatches(Object expectedJson, Tensor actual, double tolerance, String what) {
        assertArrayEquals(shape(expectedJson), actual.shape().toArray(), what + ": shape");
        assertClose(data(expectedJson), actual.toDoubleArray(), tolerance, what);
    }

    public static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        worst = Math.max(worst, maxError(expected, actual));
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * Math.max(1, Math.abs(expected[i]));
            if (!(Math.abs(expected[i] - actual[i]) <= allowed)) {
                throw new AssertionError(what + ": element " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " (tolerance " + allowed + ")");
            }
        }
    }

    /** The largest relative difference, to report the tolerance actually achieved. */
    public static double maxError(double[] expected, double[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            worst = Math.max(worst, Math.abs(expected[i] - actual[i]) / Math.max(1, Math.abs(expected[i])));
        }
        return worst;
    }
}
