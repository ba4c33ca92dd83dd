package dev.neurite.apps.cli;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.onnx.OnnxException;
import dev.neurite.onnx.OnnxInput;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code --input NAME:DTYPE:SHAPE[:DIMS]} of {@code neurite onnx export}: {@code src:int64:1x12}, or with symbolic
 * axes {@code src:int64:1x12:batch,src_len} ({@code -} keeps an axis at its traced size).
 */
final class OnnxInputSpec {
    static final String SYNTAX = "NAME:DTYPE:SHAPE[:DIMS]";
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");

    private OnnxInputSpec() {
    }

    static OnnxInput parse(String spec) {
        String[] f = spec.split(":", -1);
        if (f.length < 3 || f.length > 4) {
            throw bad(spec, "expected " + SYNTAX + " (e.g. src:int64:1x12 or src:int64:1x12:batch,src_len), got " + f.length
                    + (f.length == 1 ? " field" : " fields"));
        }
        if (!IDENTIFIER.matcher(f[0]).matches()) {
            throw bad(spec, "the name must be an identifier (letters, digits, '_', '.'), got '" + f[0] + "'");
        }
        OnnxInput input = new OnnxInput(f[0], shape(spec, f[2]), dtype(spec, f[1]), null);
        return f.length == 4 ? input.withDims(dims(spec, f[3], input.shape())) : input;
    }

    private static DType dtype(String spec, String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "float32" -> DType.FLOAT32;
            case "float64" -> DType.FLOAT64;
            case "int64" -> DType.INT64;
            default -> throw bad(spec, "unknown dtype '" + s + "', expected float32, float64 or int64");
        };
    }

    private static Shape shape(String spec, String s) {
        String[] parts = s.split("[x,]", -1);
        long[] sizes = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Long.parseLong(parts[i]);
            } catch (NumberFormatException e) {
                sizes[i] = -1;
            }
            if (sizes[i] < 1) {
                throw bad(spec, "the shape must be positive sizes separated by 'x' (e.g. 1x12), got '" + s + "'");
            }
        }
        return Shape.of(sizes);
    }

    private static String[] dims(String spec, String s, Shape shape) {
        String[] names = s.split(",", -1);
        if (names.length != shape.rank()) {
            throw bad(spec, "DIMS needs one entry per axis of " + shape + " (" + shape.rank() + "), got " + names.length + ": '" + s + "'");
        }
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("-")) {
                names[i] = null;
            } else if (!IDENTIFIER.matcher(names[i]).matches()) {
                throw bad(spec, "a dimension is a symbolic name (an identifier) or '-' for a fixed axis, got '" + names[i] + "'");
            }
        }
        return names;
    }

    private static OnnxException bad(String spec, String why) {
        return new OnnxException("--input '" + spec + "': " + why);
    }
}
