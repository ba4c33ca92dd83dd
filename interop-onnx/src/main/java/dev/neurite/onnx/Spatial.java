package dev.neurite.onnx;

import dev.neurite.api.Tensor;

/** Convolution and pooling geometry: ONNX's pads/auto_pad/ceil_mode resolved to explicit begin/end pads. */
final class Spatial {
    final int[] kernel;
    final int[] stride;
    final int[] dilation;
    /** {top, left} and {bottom, right}. */
    final long[] begin;
    final long[] end;

    private Spatial(int[] kernel, int[] stride, int[] dilation, long[] begin, long[] end) {
        this.kernel = kernel;
        this.stride = stride;
        this.dilation = dilation;
        this.begin = begin;
        this.end = end;
    }

    /** Lifts a 1-d op's input {@code [B, C, L]} to {@code [B, C, 1, L]}; 2-d inputs pass; others are rejected. */
    static Tensor to2d(OpCall c, Tensor x) {
        if (x.rank() == 3) {
            return x.unsqueeze(2);
        }
        c.check(x.rank() == 4, "expected a 1-d [N, C, L] or 2-d [N, C, H, W] input, got shape %s", x.shape());
        return x;
    }

    /** A 1-d op's per-axis values ({@code pairs}: begin/end pads) lifted to 2-d with {@code fill} for the new axis. */
    static long[] lift(long[] v, int rank, long fill, boolean pairs) {
        if (v == null || rank != 3) {
            return v;
        }
        if (pairs) {
            return v.length == 2 ? new long[]{fill, v[0], fill, v[1]} : v;
        }
        return v.length == 1 ? new long[]{fill, v[0]} : v;
    }

    static Spatial resolve(OpCall c, long[] inputHw, long[] kernelShape, int rank, boolean ceil) {
        Attributes a = c.attrs();
        int n = rank - 2;
        long[] k = lift(kernelShape, rank, 1, false);
        c.check(k != null && k.length == 2, "kernel_shape must have %s values, got %s", n, kernelShape);
        long[] s = lift(a.getInts("strides", null), rank, 1, false);
        long[] d = lift(a.getInts("dilations", null), rank, 1, false);
        long[] p = lift(a.getInts("pads", null), rank, 0, true);
        s = s == null ? new long[]{1, 1} : s;
        d = d == null ? new long[]{1, 1} : d;
        c.check(s.length == 2 && d.length == 2, "strides and dilations must have %s values", n);
        long[] begin = new long[2];
        long[] end = new long[2];
        String autoPad = a.getString("auto_pad", "NOTSET");
        for (int i = 0; i < 2; i++) {
            c.check(k[i] >= 1 && s[i] >= 1 && d[i] >= 1, "kernel, strides and dilations must be >= 1, got %s, %s, %s",
                    k, s, d);
            switch (autoPad) {
                case "NOTSET" -> {
                    if (p != null) {
                        c.check(p.length == 4, "pads must have %s values, got %s", 2 * n, p);
                        begin[i] = p[i];
                        end[i] = p[i + 2];
                    }
                }
                case "VALID" -> { }
                case "SAME_UPPER", "SAME_LOWER" -> {
                    long out = (inputHw[i] + s[i] - 1) / s[i];
                    long total = Math.max(0, (out - 1) * s[i] + d[i] * (k[i] - 1) + 1 - inputHw[i]);
                    long small = total / 2;
                    begin[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    end[i] = total - begin[i];
                }
                default -> throw c.error("auto_pad must be NOTSET, VALID, SAME_UPPER or SAME_LOWER, got " + autoPad);
            }
            c.check(begin[i] >= 0 && end[i] >= 0, "pads must be >= 0, got %s", p);
            if (ceil) {
                long span = inputHw[i] + begin[i] + end[i] - (d[i] * (k[i] - 1) + 1);
                long out = Math.floorDiv(span + s[i] - 1, s[i]) + 1;
                if ((out - 1) * s[i] >= inputHw[i] + begin[i]) {
                    out--;
                }
                end[i] += Math.max(0, (out - 1) * s[i] + d[i] * (k[i] - 1) + 1 - (inputHw[i] + begin[i] + end[i]));
            }
            long effective = inputHw[i] + begin[i] + end[i] - (d[i] * (k[i] - 1) + 1);
            c.check(effective >= 0, "input %s with kernel %s, dilation %s and pads %s/%s is smaller than the kernel",
                    inputHw, k, d, begin, end);
        }
        return new Spatial(Attributes.toInts(k), Attributes.toInts(s), Attributes.toInts(d), begin, end);
    }

    boolean symmetric() {
        return begin[0] == end[0] && begin[1] == end[1];
    }

    boolean padded() {
        return begin[0] != 0 || begin[1] != 0 || end[0] != 0 || end[1] != 0;
    }

    int[] symmetricPadding() {
        return new int[]{(int) begin[0], (int) begin[1]};
    }

    Tensor padExplicitly(Tensor x, double value) {
        if (!padded()) {
            return x;
        }
        return x.pad(new long[][]{{0, 0}, {0, 0}, {begin[0], end[0]}, {begin[1], end[1]}}, value);
    }
}
