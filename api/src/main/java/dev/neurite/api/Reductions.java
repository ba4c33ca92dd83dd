package dev.neurite.api;

import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.NdArray;
import dev.neurite.api.backend.ReduceOp;

import java.util.Arrays;
import java.util.Locale;

/** Reductions and the softmax family, with their backward rules. */
final class Reductions {
    private Reductions() {
    }

    static Tensor reduce(ReduceOp op, Tensor x, int[] axes, boolean keepDims) {
        String name = op.name().toLowerCase(Locale.ROOT);
        if (x.dtype() == DType.BOOL && op != ReduceOp.SUM) {
            throw new IllegalArgumentException(name + ": expected a numeric tensor, got bool of shape " + x.shape());
        }
        int[] norm = normalize(x.shape(), axes);
        NdArray out = x.backend().reduce(op, x.data(), norm, keepDims);
        Tensor[] self = new Tensor[1];
        Tensor result = Tensor.result(name, out, g -> new Tensor[]{grad(op, x, self[0], norm, keepDims, g)}, x);
        self[0] = result.detach();
        return result;
    }

    private static Tensor grad(ReduceOp op, Tensor x, Tensor out, int[] axes, boolean keepDims, Tensor g) {
        Shape kept = keptShape(x.shape(), axes);
        Tensor gk = g.reshape(kept);
        return switch (op) {
            case SUM -> gk.broadcastTo(x.shape());
            case MEAN -> gk.div(x.numel() / (double) Math.max(1, kept.numel())).broadcastTo(x.shape());
            case MAX, MIN -> {
                Tensor mask = x.eq(out.reshape(kept)).cast(g.dtype());
                Tensor count = mask.sum(axes, true);
                yield mask.mul(gk.div(count));
            }
            case PROD -> gk.mul(out.reshape(kept)).div(x);
        };
    }

    static Tensor softmax(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        Tensor s;
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor e = x.sub(x.max(a, true)).exp();
            s = e.div(e.sum(a, true));
        }
        Tensor out = s;
        return Tensor.recorded("softmax", s, g -> {
            Tensor sg = g.mul(out);
            return new Tensor[]{sg.sub(out.mul(sg.sum(a, true)))};
        }, x);
    }

    static Tensor logSoftmax(Tensor x, int axis) {
        int a = x.shape().axis(axis);
        Tensor logp;
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor shifted = x.sub(x.max(a, true));
            logp = shifted.sub(shifted.exp().sum(a, true).log());
        }
        Tensor out = logp;
        return Tensor.recorded("log_softmax", logp, g -> new Tensor[]{g.sub(out.exp().mul(g.sum(a, true)))}, x);
    }

    /** Non-negative, sorted, distinct axes; an empty request means every axis. */
    static int[] normalize(Shape shape, int[] axes) {
        if (axes.length == 0) {
            int[] all = new int[shape.rank()];
            for (int i = 0; i < all.length; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] r = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            r[i] = shape.axis(axes[i]);
        }
        Arrays.sort(r);
        for (int i = 1; i < r.length; i++) {
            if (r[i] == r[i - 1]) {
                throw new IllegalArgumentException("reduce: axis " + r[i] + " given twice in " + Arrays.toString(axes));
            }
        }
        return r;
    }

    /** The shape with reduced axes kept as size 1. */
    static Shape keptShape(Shape shape, int[] axes) {
        long[] d = shape.toArray();
        for (int a : axes) {
            d[a] = 1;
        }
        return Shape.of(d);
    }
}
