package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;

import java.util.Arrays;

/**
 * Which group each row belongs to: the target node of every edge, or the graph of every node. The scatter
 * aggregations in {@link Scatter} reduce rows of a tensor onto their groups. Besides the int64 index tensor it keeps
 * the group sizes and, for max aggregation, a padded table of each group's rows, all computed once from the host
 * copy of the index; the tensors are created outside any {@link MemoryScope} so a graph can be reused across steps.
 */
public final class GroupIndex {
    private final long[] index;
    private final int groups;
    private final long[] counts;
    private final int width;
    private Tensor indexTensor;
    private Tensor table;
    private Tensor countTensor;

    /**
     * @param index  the group of every row, each in {@code [0, groups)}
     * @param groups the number of groups (nodes, graphs), which may exceed the largest index: empty groups aggregate to 0
     */
    public GroupIndex(long[] index, int groups) {
        if (groups < 0) {
            throw new IllegalArgumentException("group_index: the number of groups must be >= 0, got " + groups);
        }
        this.index = index.clone();
        this.groups = groups;
        this.counts = new long[groups];
        for (int i = 0; i < index.length; i++) {
            long g = index[i];
            if (g < 0 || g >= groups) {
                throw new IllegalArgumentException("group_index: index " + i + " is " + g + ", expected a value in [0, " + groups + ")");
            }
            counts[(int) g]++;
        }
        this.width = (int) Math.max(1, Arrays.stream(counts).max().orElse(0));
    }

    /** The group index of an int64 {@code [rows]} tensor (copied to the host once). */
    public static GroupIndex of(Tensor index, int groups) {
        if (index.dtype() != DType.INT64 || index.rank() != 1) {
            throw new IllegalArgumentException("group_index: expected an int64 index of shape [rows], got " + index.dtype() + " "
                    + index.shape());
        }
        return new GroupIndex(index.toLongArray(), groups);
    }

    /** Number of rows (edges, nodes). */
    public int rows() {
        return index.length;
    }

    /** Number of groups (target nodes, graphs). */
    public int groups() {
        return groups;
    }

    /** A copy of the group of every row. */
    public long[] index() {
        return index.clone();
    }

    /** How many rows each group has (a target node's in-degree). */
    public long[] counts() {
        return counts.clone();
    }

    long count(int group) {
        return counts[group];
    }

    long groupOf(int row) {
        return index[row];
    }

    /** The int64 {@code [rows]} index tensor. */
    public synchronized Tensor indexTensor() {
        if (indexTensor == null) {
            indexTensor = MemoryScope.outside(() -> Tensor.ofLongs(index, index.length));
        }
        return indexTensor;
    }

    /** Group sizes as float64 {@code [groups]}. */
    synchronized Tensor countTensor() {
        if (countTensor == null) {
            double[] c = Arrays.stream(counts).asDoubleStream().toArray();
            countTensor = MemoryScope.outside(() -> Tensor.of(DType.FLOAT64, c, groups));
        }
        return countTensor;
    }

    /** The widest group's size, at least 1: the width of {@link #table()}. */
    int width() {
        return width;
    }

    /**
     * {@code [groups * width]} int64, group after group: each group's rows in row order, padded to the width with
     * {@code rows()} (one past the last row, where {@link Scatter#max} puts a row of negative infinity).
     */
    synchronized Tensor table() {
        if (table == null) {
            long[] t = new long[groups * width];
            Arrays.fill(t, index.length);
            int[] filled = new int[groups];
            for (int row = 0; row < index.length; row++) {
                int g = (int) index[row];
                t[g * width + filled[g]++] = row;
            }
            table = MemoryScope.outside(() -> Tensor.ofLongs(t, t.length));
        }
        return table;
    }
}
