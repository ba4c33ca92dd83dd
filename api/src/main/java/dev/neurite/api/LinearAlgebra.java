package dev.neurite.api;

import dev.neurite.api.backend.NdArray;

/** Matrix products and their backward rules. */
final class LinearAlgebra {
    private LinearAlgebra() {
    }

    static Tensor matmul(Tensor a, Tensor b, boolean ta, boolean tb) {
        Shape as = a.shape();
        Shape bs = b.shape();
        if (as.rank() < 2 || bs.rank() < 2) {
            throw new IllegalArgumentException("matmul: expected operands of rank >= 2, got shapes " + as + " and " + bs
                    + "; unsqueeze vectors first");
        }
        if (!a.dtype().isFloatingPoint() || a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("matmul: expected two floating-point tensors of one dtype, got "
                    + a.dtype() + " and " + b.dtype());
        }
        if (as.rank() > 2 && bs.rank() == 2 && !ta) {
            // A batch of rows times one matrix is one big 2-D product: faster, and its backward needs no batch sum.
            Tensor flat = a.reshape(-1, as.size(-1));
            Tensor y = matmul(flat, b, false, tb);
            return y.reshape(as.sub(0, as.rank() - 1).append(y.size(1)));
        }
        long k1 = ta ? as.size(-2) : as.size(-1);
        long k2 = tb ? bs.size(-1) : bs.size(-2);
        boolean batchOk = bs.rank() == 2 ? as.rank() == 2
                : as.rank() == bs.rank() && as.sub(0, as.rank() - 2).equals(bs.sub(0, bs.rank() - 2));
        if (k1 != k2 || !batchOk) {
            throw new IllegalArgumentException("matmul: shapes " + as + (ta ? "^T" : "") + " and " + bs + (tb ? "^T" : "")
                    + " are not aligned (inner dimensions " + k1 + " vs " + k2
                    + (batchOk ? "" : "; batch dimensions must be equal") + ")");
        }
        NdArray out = a.backend().matmul(a.data(), b.data(), ta, tb);
        return Tensor.result("matmul", out, g -> new Tensor[]{
                a.requiresGrad() ? gradA(a, b, g, ta, tb) : null,
                b.requiresGrad() ? gradB(a, b, g, ta, tb) : null}, a, b);
    }

    private static Tensor gradA(Tensor a, Tensor b, Tensor g, boolean ta, boolean tb) {
        if (!ta) {
            return tb ? g.matmul(b, false, false) : g.matmul(b, false, true);
        }
        return tb ? b.matmul(g, true, true) : b.matmul(g, false, true);
    }

    private static Tensor gradB(Tensor a, Tensor b, Tensor g, boolean ta, boolean tb) {
        if (!tb) {
            return ta ? a.matmul(g, false, false) : a.matmul(g, true, false);
        }
        return ta ? g.matmul(a, true, true) : g.matmul(a, true, false);
    }
}
