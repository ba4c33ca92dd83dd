package dev.neurite.onnx;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

/**
 * ONNX Resize (and the older Upsample) as separable per-axis gathers: nearest picks one source index per output
 * position, linear blends two with fixed weights, so the result is differentiable in the input.
 */
final class Resampling {
    private Resampling() {
    }

    static Tensor resize(OpCall c, boolean upsample) {
        Tensor x = c.input(0);
        int r = x.rank();
        double[] scales = null;
        long[] sizes = null;
        if (upsample || c.opset == 10) {
            scales = upsample && c.opset < 9 ? toDoubles(c.attrs().getFloats("scales", null)) : c.doubles(1);
        } else {
            if (c.has(2) && c.input(2).numel() > 0) {
                scales = c.doubles(2);
            }
            if (c.has(3) && c.input(3).numel() > 0) {
                sizes = c.longs(3, null);
            }
        }
        c.check(scales != null || sizes != null, "needs scales or sizes");
        c.check(scales == null || scales.length == r, "scales %s must have one value per axis of %s",
                scales == null ? null : java.util.Arrays.toString(scales), x.shape());
        c.check(sizes == null || sizes.length == r, "sizes %s must have one value per axis of %s", sizes, x.shape());
        String mode = c.attrs().getString("mode", "nearest");
        String transform = upsample || c.opset == 10 ? "asymmetric"
                : c.attrs().getString("coordinate_transformation_mode", "half_pixel");
        String nearest = c.attrs().getString("nearest_mode", upsample || c.opset == 10 ? "floor" : "round_prefer_floor");
        c.check(mode.equals("nearest") || mode.equals("linear") || mode.equals("bilinear"),
                "mode must be nearest or linear, got '%s' (cubic is not supported)", mode);
        for (int a = 0; a < r; a++) {
            long in = x.size(a);
            long out;
            double scale;
            if (sizes != null) {
                out = sizes[a];
                scale = (double) out / in;
            } else {
                scale = scales[a];
                c.check(scale > 0, "scales must be > 0, got %s", scale);
                out = (long) Math.floor(in * scale);
            }
            c.check(out >= 1 && out < TensorProtos.MAX_ELEMENTS, "output size %s on axis %s is out of range", out, a);
            if (out == in && scale == 1) {
                continue;
            }
            long[] lo = new long[(int) out];
            long[] hi = new long[(int) out];
            double[] w = new double[(int) out];
            for (int i = 0; i < out; i++) {
                double src = original(transform, i, scale, in, out, c);
                if (mode.equals("nearest")) {
                    long k = switch (nearest) {
                        case "round_prefer_floor" -> (long) Math.ceil(src - 0.5);
                        case "round_prefer_ceil" -> (long) Math.floor(src + 0.5);
                        case "floor" -> (long) Math.floor(src);
                        case "ceil" -> (long) Math.ceil(src);
                        default -> throw c.error("unknown nearest_mode '" + nearest + "'");
                    };
                    lo[i] = Math.max(0, Math.min(in - 1, k));
                } else {
                    double s = Math.max(0, Math.min(in - 1, src));
                    long k = (long) Math.floor(s);
                    lo[i] = k;
                    hi[i] = Math.min(in - 1, k + 1);
                    w[i] = s - k;
                }
            }
            Tensor lower = x.gather(a, Tensor.ofLongs(lo, out));
            if (mode.equals("nearest")) {
                x = lower;
            } else {
                long[] wShape = new long[r];
                java.util.Arrays.fill(wShape, 1);
                wShape[a] = out;
                Tensor weight = Tensor.of(DType.FLOAT64, w, wShape).cast(x.dtype());
                Tensor upper = x.gather(a, Tensor.ofLongs(hi, out));
                x = lower.add(upper.sub(lower).mul(weight));
            }
        }
        return x;
    }

    private static double original(String transform, long i, double scale, long in, long out, OpCall c) {
        return switch (transform) {
            case "half_pixel" -> (i + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> out > 1 ? (i + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> out == 1 ? 0 : i * (in - 1) / (double) (out - 1);
            case "asymmetric" -> i / scale;
            case "tf_half_pixel_for_nn" -> (i + 0.5) / scale;
            default -> throw c.error("coordinate_transformation_mode '" + transform + "' is not supported");
        };
    }

    private static double[] toDoubles(float[] f) {
        if (f == null) {
            return null;
        }
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
