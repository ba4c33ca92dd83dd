package dev.neurite.layers.graph;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.NdArray;

/**
 * Differentiable reductions of rows onto groups (PyTorch Geometric's {@code scatter}): messages {@code [E, ...]} onto
 * their target nodes, node features {@code [N, ...]} onto their graphs. Sum and mean are permutation invariant and
 * give 0 for an empty group; max gives 0 for an empty group too (as PyG), and its gradient goes to the row that holds
 * the maximum (max routes), the first in row order on a tie.
 */
public final class Scatter {
    private Scatter() {
    }

    /** {@code out[g] = sum of src[r] over the rows r of group g}; the gradient of a row is its group's gradient. */
    public static Tensor sum(Tensor src, GroupIndex groups) {
        check("scatter_sum", src, groups);
        Tensor index = groups.indexTensor();
        Tensor base = Tensor.zeros(src.shape().with(0, groups.groups()), src.dtype());
        NdArray out = src.backend().scatterAdd(base.data(), 0, index.data(), src.data());
        return Tensor.fromOp("scatter_sum", out, g -> new Tensor[]{g.gather(0, index)}, src);
    }

    /** The sum divided by the group size (an empty group stays 0). */
    public static Tensor mean(Tensor src, GroupIndex groups) {
        check("scatter_mean", src, groups);
        return sum(src, groups).div(perGroup(groups.countTensor().clamp(1, Double.POSITIVE_INFINITY), src));
    }

    /** Elementwise maximum over each group's rows; 0 for an empty group. */
    public static Tensor max(Tensor src, GroupIndex groups) {
        check("scatter_max", src, groups);
        Shape outShape = src.shape().with(0, groups.groups());
        if (groups.rows() == 0) {
            return Tensor.zeros(outShape, src.dtype());
        }
        // Rows flattened to [rows, features] and the table to one index axis: the gather and scatter paths every
        // backend has exercised (embeddings), whatever the messages' trailing shape.
        long rows = groups.rows();
        return maxOfRows(src.reshape(rows, src.numel() / rows), groups).reshape(outShape);
    }

    @SuppressWarnings("try")
    private static Tensor maxOfRows(Tensor src, GroupIndex groups) {
        Tensor table = groups.table();
        int width = groups.width();
        long rows = src.size(0);
        long features = src.size(1);
        long n = groups.groups();
        Tensor out;
        Tensor argmax;
        try (GradMode.Guard guard = GradMode.noGrad()) {
            Tensor pad = Tensor.full(Shape.of(1, features), Double.NEGATIVE_INFINITY, src.dtype());
            Tensor windows = Tensor.concat(java.util.List.of(src.detach(), pad), 0).gather(0, table).reshape(n, width, features);
            Tensor nonEmpty = groups.countTensor().reshape(n, 1).gt(0);
            out = Tensor.where(nonEmpty, windows.max(1, false), Tensor.zeros(Shape.scalar(), src.dtype()));
            argmax = windows.argmax(1);
        }
        return Tensor.fromOp("scatter_max", out.data(), g -> {
            // A one-hot of the winning slot in every window, [groups, width, features], carries the gradient back.
            Tensor pick = argmax.oneHot(width).cast(g.dtype()).permute(0, 2, 1);
            Tensor windowGrad = pick.mul(g.unsqueeze(1)).reshape(n * width, features);
            Tensor base = Tensor.zeros(Shape.of(rows + 1, features), g.dtype());
            Tensor all = Tensor.wrap(g.backend().scatterAdd(base.data(), 0, table.data(), windowGrad.data()));
            return new Tensor[]{all.slice(0, 0, rows)};
        }, src);
    }

    /**
     * Softmax over each group's rows (attention over a target's incoming edges): {@code exp(src[r] - m) / sum exp},
     * with the group maximum m subtracted for stability.
     */
    @SuppressWarnings("try")
    public static Tensor softmax(Tensor src, GroupIndex groups) {
        check("scatter_softmax", src, groups);
        Tensor index = groups.indexTensor();
        Tensor shift;
        try (GradMode.Guard guard = GradMode.noGrad()) {
            // Softmax does not change under a per-group shift, so the shift needs no gradient.
            shift = max(src.detach(), groups).gather(0, index);
        }
        Tensor e = src.sub(shift).exp();
        return e.div(sum(e, groups).gather(0, index));
    }

    /** A {@code [groups]} vector shaped {@code [groups, 1, ...]} to broadcast against {@code like}'s trailing axes. */
    private static Tensor perGroup(Tensor values, Tensor like) {
        long[] shape = new long[like.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = values.size(0);
        return values.cast(like.dtype()).reshape(shape);
    }

    private static void check(String op, Tensor src, GroupIndex groups) {
        if (src.rank() < 1 || src.size(0) != groups.rows()) {
            throw new IllegalArgumentException(op + ": expected " + groups.rows() + " rows (one per index entry), got shape " + src.shape());
        }
        if (!src.dtype().isFloatingPoint()) {
            throw new IllegalArgumentException(op + ": expected floating-point values, got " + src.dtype() + " " + src.shape());
        }
    }
}
