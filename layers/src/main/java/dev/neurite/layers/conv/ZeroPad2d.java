package dev.neurite.layers.conv;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;

/**
 * Pads the last two axes (height, width) of a [batch, channels, h, w] or [channels, h, w] input with zeros,
 * PyTorch's {@code nn.ZeroPad2d((left, right, top, bottom))}. A negative amount crops, as in PyTorch.
 */
public final class ZeroPad2d extends AbstractLayer {
    public static final String TYPE = "zero_pad2d";

    private final int left;
    private final int right;
    private final int top;
    private final int bottom;

    /** The same padding on all four sides. */
    public ZeroPad2d(int padding) {
        this(padding, padding, padding, padding);
    }

    public ZeroPad2d(int left, int right, int top, int bottom) {
        this.left = left;
        this.right = right;
        this.top = top;
        this.bottom = bottom;
    }

    public ZeroPad2d(Config config) {
        this(config.getInt("left"), config.getInt("right"), config.getInt("top"), config.getInt("bottom"));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 && x.rank() != 4) {
            throw new IllegalArgumentException(TYPE + ": expected input [batch, channels, height, width] or "
                    + "[channels, height, width], got shape " + x.shape());
        }
        int hAxis = x.rank() - 2;
        int wAxis = x.rank() - 1;
        long h = x.size(hAxis);
        long w = x.size(wAxis);
        long ho = h + top + bottom;
        long wo = w + left + right;
        if (ho < 1 || wo < 1) {
            throw new IllegalArgumentException(TYPE + ": padding (left " + left + ", right " + right + ", top " + top
                    + ", bottom " + bottom + ") of an input " + h + "x" + w + " gives an empty output " + ho + "x" + wo);
        }
        if (top < 0 || bottom < 0) {
            x = x.slice(hAxis, Math.max(0, -top), h - Math.max(0, -bottom));
        }
        if (left < 0 || right < 0) {
            x = x.slice(wAxis, Math.max(0, -left), w - Math.max(0, -right));
        }
        if (top <= 0 && bottom <= 0 && left <= 0 && right <= 0) {
            return x;
        }
        long[][] pad = new long[x.rank()][2];
        pad[hAxis] = new long[]{Math.max(0, top), Math.max(0, bottom)};
        pad[wAxis] = new long[]{Math.max(0, left), Math.max(0, right)};
        return x.pad(pad, 0);
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("left", left).with("right", right).with("top", top).with("bottom", bottom);
    }
}
