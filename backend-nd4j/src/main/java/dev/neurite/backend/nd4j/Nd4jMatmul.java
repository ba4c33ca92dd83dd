package dev.neurite.backend.nd4j;

import dev.neurite.api.DType;
import dev.neurite.api.Shape;
import dev.neurite.api.backend.NdArray;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Matrix products through libnd4j's {@code matmul} custom op, which the oneDNN builds route to oneDNN's GEMM (an
 * order of magnitude faster than {@code INDArray.mmul}'s OpenBLAS path here). Transposes are passed as op arguments
 * rather than materialised.
 */
final class Nd4jMatmul {
    private final Nd4jBackend backend;

    Nd4jMatmul(Nd4jBackend backend) {
        this.backend = backend;
    }

    NdArray matmul(NdArray a, NdArray b, boolean transposeA, boolean transposeB) {
        String name = "matmul";
        Nd4jArray x = backend.arg(name, "a", a);
        Nd4jArray y = backend.arg(name, "b", b);
        Shape as = x.shape();
        Shape bs = y.shape();
        if (as.rank() < 2 || bs.rank() < 2) {
            throw new IllegalArgumentException(name + ": expected operands of rank >= 2, got " + as + " and " + bs);
        }
        boolean sharedRight = as.rank() > 2 && bs.rank() == 2;
        if (as.rank() != bs.rank() && !sharedRight) {
            throw new IllegalArgumentException(name + ": expected equal ranks or a rank-n left operand with a rank-2 "
                    + "right operand, got " + as + " and " + bs);
        }
        if (!sharedRight && !as.sub(0, as.rank() - 2).equals(bs.sub(0, bs.rank() - 2))) {
            throw new IllegalArgumentException(name + ": batch dimensions differ: " + as + " and " + bs);
        }
        long m = as.size(transposeA ? -1 : -2);
        long k = as.size(transposeA ? -2 : -1);
        long kb = bs.size(transposeB ? -1 : -2);
        long n = bs.size(transposeB ? -2 : -1);
        if (k != kb) {
            throw new IllegalArgumentException(name + ": inner dimensions differ: " + as + (transposeA ? "^T" : "")
                    + " x " + bs + (transposeB ? "^T" : "") + " (" + k + " vs " + kb + ")");
        }
        DType dtype = DType.promote(x.dtype(), y.dtype());
        if (dtype == DType.BOOL) {
            throw new IllegalArgumentException(name + ": not defined for bool operands " + as + " and " + bs);
        }
        Shape out = as.sub(0, as.rank() - 2).append(m, n);
        return Nd4jCalls.guard(name, () -> {
            try (Temps t = new Temps()) {
                INDArray xa = t.cast(x.read(name), x.dtype(), dtype);
                INDArray yb = t.cast(y.read(name), y.dtype(), dtype);
                INDArray z = Nd4jCalls.alloc(dtype, out);
                if (out.numel() == 0) {
                    return backend.wrap(z, out, dtype);
                }
                if (k == 0) {
                    z.assign(0);
                    return backend.wrap(z, out, dtype);
                }
                if (sharedRight && !transposeA) {
                    // [..., m, k] x [k, n] is one [batch*m, k] x [k, n] product: no broadcast copy of the right side.
                    INDArray flatX = flatten(t, xa, as.numel() / k, k);
                    INDArray flatZ = z.reshape('c', new long[]{out.numel() / n, n});
                    mm(flatX, yb, flatZ, false, transposeB);
                } else if (sharedRight) {
                    // A transposed left operand cannot be flattened; expand the shared right side per batch.
                    Shape bFull = as.sub(0, as.rank() - 2).append(bs.toArray());
                    mm(xa, t.broadcast(yb, bs, dtype, bFull), z, true, transposeB);
                } else {
                    mm(xa, yb, z, transposeA, transposeB);
                }
                return backend.wrap(z, out, dtype);
            }
        });
    }

    /** {@code a} as a [rows, cols] matrix: a view when its layout allows, else a temporary dense copy. */
    private static INDArray flatten(Temps t, INDArray a, long rows, long cols) {
        INDArray dense = Nd4jCalls.denseC(a) ? a : t.own(Nd4jCalls.denseCopy(a));
        return dense.reshape('c', new long[]{rows, cols});
    }

    static void mm(INDArray a, INDArray b, INDArray out, boolean transposeA, boolean transposeB) {
        Nd4jCalls.exec("matmul", new INDArray[]{a, b}, new INDArray[]{out},
                new int[]{transposeA ? 1 : 0, transposeB ? 1 : 0}, null, null);
    }
}
