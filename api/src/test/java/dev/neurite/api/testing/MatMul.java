package dev.neurite.api.testing;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.BinaryOp;

/** Matrix products of the reference backend: the textbook triple loop, accumulated once per output element. */
final class MatMul {
    private MatMul() {
    }

    static ReferenceArray matmul(ReferenceBackend backend, ReferenceArray a, ReferenceArray b, boolean ta, boolean tb) {
        Shape sa = a.shape();
        Shape sb = b.shape();
        String shapes = "shapes " + sa + " and " + sb;
        String flags = " (transposeA=" + ta + ", transposeB=" + tb + ")";
        int ra = sa.rank();
        int rb = sb.rank();
        boolean supported = ra >= 2 && rb >= 2 && (rb == 2 || ra == rb);
        if (!supported) {
            throw new IllegalArgumentException("matmul: unsupported ranks for " + shapes + flags
                    + ": expected rank-2 by rank-2, rank-n by rank-n with equal leading dimensions, or rank-n by rank-2");
        }
        Shape batchShape = sa.sub(0, ra - 2);
        if (rb > 2 && !sb.sub(0, rb - 2).equals(batchShape)) {
            throw new IllegalArgumentException("matmul: the leading (batch) dimensions of " + shapes + " differ" + flags
                    + ": "
                    + batchShape + " vs " + sb.sub(0, rb - 2));
        }
        long aRows = sa.size(ra - 2);
        long aCols = sa.size(ra - 1);
        long bRows = sb.size(rb - 2);
        long bCols = sb.size(rb - 1);
        long m = ta ? aCols : aRows;
        long k = ta ? aRows : aCols;
        long kb = tb ? bCols : bRows;
        long n = tb ? bRows : bCols;
        if (k != kb) {
            throw new IllegalArgumentException("matmul: " + shapes + " are not aligned" + flags
                    + ": the left side has " + k
                    + " columns, the right side " + kb + " rows");
        }

        DType dtype = DType.promote(a.dtype(), b.dtype());
        DType acc = Scalars.accumulator(dtype);
        Shape outShape = batchShape.append(m, n);
        double[] out = new double[Strides.numel("matmul", outShape)];
        double[] va = a.data("matmul");
        double[] vb = b.data("matmul");
        long batches = batchShape.numel();
        for (long batch = 0; batch < batches; batch++) {
            long aBase = batch * aRows * aCols;
            long bBase = rb > 2 ? batch * bRows * bCols : 0;
            for (long i = 0; i < m; i++) {
                for (long j = 0; j < n; j++) {
                    double sum = 0;
                    for (long p = 0; p < k; p++) {
                        // Element (i, p) of op(A) and (p, j) of op(B), read through the transposes.
                        double x = va[(int) (aBase + (ta ? p * aCols + i : i * aCols + p))];
                        double y = vb[(int) (bBase + (tb ? j * bCols + p : p * bCols + j))];
                        sum = Scalars.binary(BinaryOp.ADD, sum, Scalars.binary(BinaryOp.MUL, x, y, acc), acc);
                    }
                    out[(int) ((batch * m + i) * n + j)] = sum;
                }
            }
        }
        return backend.create(outShape, dtype, out);
    }
}
