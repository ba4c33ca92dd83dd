package dev.neurite.layers.conv;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

import java.util.Locale;

/**
 * Spatial upsampling of [batch, channels, h, w] by a scale factor, PyTorch's
 * {@code F.interpolate(x, scale_factor=scale, mode=...)}: the output is {@code floor(h*scale) x floor(w*scale)}; or to
 * an explicit output size, {@code F.interpolate(x, size=(ho, wo), ...)}, where the scale per axis is {@code n / out}.
 * {@code nearest} takes source index {@code min(floor(dst / scale), n - 1)}; {@code bilinear} interpolates along
 * each axis from source coordinate {@code max((dst + 0.5)/scale - 0.5, 0)} ({@code align_corners=False}) or
 * {@code dst*(n-1)/(out-1)} ({@code align_corners=True}), exactly as PyTorch's CPU kernel. Built from gathers and
 * elementwise ops, so autograd gives the gradient (a scatter-add of the same weights) on any backend.
 */
public final class Upsample extends AbstractLayer {
    public static final String TYPE = "upsample";

    /** Interpolation mode. */
    public enum Mode {
        NEAREST, BILINEAR;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Mode fromId(String id) {
            for (Mode m : values()) {
                if (m.id().equals(id)) {
                    return m;
                }
            }
            throw new IllegalArgumentException(TYPE + ": mode must be \"nearest\" or \"bilinear\", got \"" + id + "\"");
        }
    }

    private final double scale;
    private final long[] size;
    private final Mode mode;
    private final boolean alignCorners;

    /** Nearest-neighbour upsampling. */
    public Upsample(double scale) {
        this(scale, Mode.NEAREST, false);
    }

    public Upsample(double scale, String mode) {
        this(scale, Mode.fromId(mode), false);
    }

    public Upsample(double scale, Mode mode, boolean alignCorners) {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(TYPE + ": scale must be a positive finite number, got " + scale);
        }
        if (alignCorners && mode == Mode.NEAREST) {
            throw new IllegalArgumentException(TYPE + ": align_corners only applies to bilinear mode");
        }
        this.scale = scale;
        this.size = null;
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    /** To an output of {@code size = {ho, wo}}, whatever the input's size. */
    public Upsample(long[] size, Mode mode, boolean alignCorners) {
        if (size.length != 2 || size[0] < 1 || size[1] < 1) {
            throw new IllegalArgumentException(TYPE + ": size must be {height, width} with both >= 1, got "
                    + java.util.Arrays.toString(size));
        }
        if (alignCorners && mode == Mode.NEAREST) {
            throw new IllegalArgumentException(TYPE + ": align_corners only applies to bilinear mode");
        }
        this.scale = Double.NaN;
        this.size = size.clone();
        this.mode = mode;
        this.alignCorners = alignCorners;
    }

    public Upsample(Config config) {
        this(config, Mode.fromId(config.getString("mode", "nearest")), config.getBoolean("align_corners", false));
    }

    private Upsample(Config config, Mode mode, boolean alignCorners) {
        this.mode = mode;
        this.alignCorners = alignCorners;
        if (config.has("size")) {
            Upsample sized = new Upsample(config.getLongArray("size"), mode, alignCorners);
            this.size = sized.size;
            this.scale = Double.NaN;
        } else {
            Upsample scaled = new Upsample(config.getDouble("scale"), mode, alignCorners);
            this.size = null;
            this.scale = scaled.scale;
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.checkInput(TYPE, x, -1);
        long h = x.size(2);
        long w = x.size(3);
        long ho = size != null ? size[0] : (long) Math.floor(h * scale);
        long wo = size != null ? size[1] : (long) Math.floor(w * scale);
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(TYPE + ": input " + h + "x" + w + " scaled by " + scale
                    + " gives an empty output " + ho + "x" + wo);
        }
        return mode == Mode.NEAREST
                ? nearest(nearest(x, 2, h, ho), 3, w, wo)
                : linear(linear(x, 2, h, ho), 3, w, wo);
    }

    private Tensor nearest(Tensor x, int axis, long n, long out) {
        if (n == out) {
            return x;
        }
        // PyTorch computes the source index in float with the reciprocal of the given scale factor (or in/out).
        float inv = size != null ? (float) n / out : (float) (1.0 / scale);
        long[] idx = new long[Math.toIntExact(out)];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = Math.min((long) Math.floor((float) i * inv), n - 1);
        }
        return x.gather(axis, Tensor.ofLongs(idx, out));
    }

    private Tensor linear(Tensor x, int axis, long n, long out) {
        int m = Math.toIntExact(out);
        long[] i0 = new long[m];
        long[] i1 = new long[m];
        double[] l0 = new double[m];
        double[] l1 = new double[m];
        double ratio = alignCorners ? (out > 1 ? (double) (n - 1) / (out - 1) : 0)
                : size != null ? (double) n / out : 1.0 / scale;
        for (int i = 0; i < m; i++) {
            double src = alignCorners ? ratio * i : Math.max(ratio * (i + 0.5) - 0.5, 0);
            long lo = (long) src;
            double frac = Math.min(Math.max(src - lo, 0), 1);
            i0[i] = Math.min(lo, n - 1);
            i1[i] = Math.min(lo + (lo < n - 1 ? 1 : 0), n - 1);
            l0[i] = 1 - frac;
            l1[i] = frac;
        }
        long[] weightShape = axis == 2 ? new long[]{1, 1, out, 1} : new long[]{1, 1, 1, out};
        DType dtype = x.dtype();
        Tensor a = x.gather(axis, Tensor.ofLongs(i0, out)).mul(Tensor.of(dtype, l0, weightShape));
        Tensor b = x.gather(axis, Tensor.ofLongs(i1, out)).mul(Tensor.of(dtype, l1, weightShape));
        return a.add(b);
    }

    /** The scale factor, or NaN when the layer upsamples to a fixed {@link #size()}. */
    public double scale() {
        return scale;
    }

    /** The fixed output size {ho, wo}, or null when the layer scales by {@link #scale()}. */
    public long[] size() {
        return size == null ? null : size.clone();
    }

    public Mode mode() {
        return mode;
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        Config c = size != null ? Config.empty().with("size", size) : Config.empty().with("scale", scale);
        return c.with("mode", mode.id()).with("align_corners", alignCorners);
    }
}
