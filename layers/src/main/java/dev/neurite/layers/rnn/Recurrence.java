package dev.neurite.layers.rnn;

import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One direction of one recurrent layer over a whole sequence, as a single differentiable operation whose backward
 * is back-propagation through time written out with Tensor ops (primitive backend calls only).
 *
 * <p>Why one operation rather than recording every step on the tape: a step that slices its input out of the
 * sequence would get, through autograd, a full-sequence gradient per step (slice's backward pads), which makes the
 * backward pass quadratic in the sequence length; here the per-step gradients are collected and stacked once, and
 * the recurrent weight's gradient is a single matrix product over all steps.
 *
 * <p>The result packs everything into one tensor {@code [T + k, B, H]} (the tape records one output per
 * operation): rows {@code 0..T-1} are the outputs, row {@code T} the final {@code h}, row {@code T+1} the final
 * {@code c} (LSTM only).
 */
final class Recurrence {
    private Recurrence() {
    }

    /**
     * @param xProj  {@code [T, B, G*H]}: {@code W_ih x + b_ih} for every step, plus {@code b_hh} for RNN and LSTM
     * @param wHh    {@code [G*H, H]}
     * @param bHh    {@code [G*H]} for GRU (its {@code b_hn} sits inside the reset gate's product), else null
     * @param h0     {@code [B, H]}
     * @param c0     {@code [B, H]} for LSTM, else null
     * @param mask   float {@code [T, B, 1]}, 1 where the step is part of the sequence, or null when all are
     * @param reverse whether the direction runs from the last step to the first
     */
    @SuppressWarnings("try")
    static Tensor run(Cell cell, Tensor xProj, Tensor wHh, Tensor bHh, Tensor h0, Tensor c0, Tensor mask, boolean reverse) {
        int steps = Math.toIntExact(xProj.size(0));
        long batch = xProj.size(1);
        long hidden = wHh.size(1);
        Tensor[] saved = new Tensor[steps * 6];
        Tensor[] prev = new Tensor[steps];
        Tensor packed;
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor h = h0;
            Tensor c = c0;
            Tensor[] ys = new Tensor[steps];
            for (int s = 0; s < steps; s++) {
                int t = reverse ? steps - 1 - s : s;
                Tensor xt = xProj.slice(0, t, t + 1).reshape(batch, -1);
                prev[t] = h;
                Tensor hNew;
                Tensor cNew = null;
                int o = t * 6;
                switch (cell) {
                    case RNN_TANH -> {
                        hNew = xt.add(h.matmul(wHh, false, true)).tanh();
                        saved[o] = hNew;
                    }
                    case RNN_RELU -> {
                        hNew = xt.add(h.matmul(wHh, false, true)).relu();
                        saved[o] = hNew;
                    }
                    case LSTM -> {
                        Tensor a = xt.add(h.matmul(wHh, false, true));
                        Tensor sg = a.sigmoid();
                        Tensor gg = a.slice(1, 2 * hidden, 3 * hidden).tanh();
                        Tensor i = sg.slice(1, 0, hidden);
                        Tensor f = sg.slice(1, hidden, 2 * hidden);
                        Tensor og = sg.slice(1, 3 * hidden, 4 * hidden);
                        cNew = f.mul(c).add(i.mul(gg));
                        Tensor tc = cNew.tanh();
                        hNew = og.mul(tc);
                        saved[o] = sg;
                        saved[o + 1] = gg;
                        saved[o + 2] = tc;
                        saved[o + 3] = c;
                    }
                    case GRU -> {
                        Tensor hw = h.matmul(wHh, false, true).add(bHh);
                        Tensor rz = xt.slice(1, 0, 2 * hidden).add(hw.slice(1, 0, 2 * hidden)).sigmoid();
                        Tensor r = rz.slice(1, 0, hidden);
                        Tensor z = rz.slice(1, hidden, 2 * hidden);
                        Tensor hn = hw.slice(1, 2 * hidden, 3 * hidden);
                        Tensor n = xt.slice(1, 2 * hidden, 3 * hidden).add(r.mul(hn)).tanh();
                        hNew = n.add(z.mul(h.sub(n)));
                        saved[o] = rz;
                        saved[o + 1] = n;
                        saved[o + 2] = hn;
                    }
                    default -> throw new IllegalStateException("unknown cell " + cell);
                }
                if (mask == null) {
                    ys[t] = hNew;
                    h = hNew;
                    c = cNew;
                } else {
                    Tensor m = mask.slice(0, t, t + 1).reshape(batch, 1);
                    Tensor keep = m.gt(0.5);
                    ys[t] = hNew.mul(m);
                    h = Tensor.where(keep, hNew, h);
                    c = cNew == null ? null : Tensor.where(keep, cNew, c);
                }
            }
            List<Tensor> rows = new ArrayList<>(steps + 2);
            for (Tensor y : ys) {
                rows.add(y.unsqueeze(0));
            }
            rows.add(h.unsqueeze(0));
            if (cell.hasCellState()) {
                rows.add(c.unsqueeze(0));
            }
            packed = Tensor.concat(rows, 0);
        }
        Tensor[] inputs = {xProj, wHh, bHh, h0, c0};
        return Tensor.fromOp(cell.name().toLowerCase(java.util.Locale.ROOT) + "_sequence", packed.data(),
                grad -> backward(cell, grad, saved, prev, inputs, mask, reverse, steps, batch, hidden), inputs);
    }

    private static Tensor[] backward(Cell cell, Tensor grad, Tensor[] saved, Tensor[] prev, Tensor[] inputs, Tensor mask,
                                     boolean reverse, int steps, long batch, long hidden) {
        Tensor wHh = inputs[1];
        Tensor dh = grad.slice(0, steps, steps + 1).reshape(batch, hidden);
        Tensor dc = cell.hasCellState() ? grad.slice(0, steps + 1, steps + 2).reshape(batch, hidden) : null;
        Tensor[] dX = new Tensor[steps];
        Tensor[] dHW = cell == Cell.GRU ? new Tensor[steps] : dX;
        for (int s = steps - 1; s >= 0; s--) {
            int t = reverse ? steps - 1 - s : s;
            Tensor gy = grad.slice(0, t, t + 1).reshape(batch, hidden);
            Tensor dhNew;
            Tensor dhPass = null;
            Tensor dcNew = dc;
            Tensor dcPass = null;
            Tensor m = null;
            if (mask == null) {
                dhNew = dh.add(gy);
            } else {
                m = mask.slice(0, t, t + 1).reshape(batch, 1);
                dhNew = dh.add(gy).mul(m);
                dhPass = dh.sub(dh.mul(m));
                if (dc != null) {
                    dcNew = dc.mul(m);
                    dcPass = dc.sub(dcNew);
                }
            }
            int o = t * 6;
            Tensor hPrev = prev[t];
            Tensor dhPrev;
            switch (cell) {
                case RNN_TANH -> {
                    Tensor hNew = saved[o];
                    dX[t] = dhNew.sub(dhNew.mul(hNew.square()));
                    dhPrev = dX[t].matmul(wHh);
                }
                case RNN_RELU -> {
                    Tensor hNew = saved[o];
                    dX[t] = dhNew.mul(hNew.gt(0).cast(dhNew.dtype()));
                    dhPrev = dX[t].matmul(wHh);
                }
                case LSTM -> {
                    Tensor sg = saved[o];
                    Tensor gg = saved[o + 1];
                    Tensor tc = saved[o + 2];
                    Tensor cPrev = saved[o + 3];
                    Tensor i = sg.slice(1, 0, hidden);
                    Tensor f = sg.slice(1, hidden, 2 * hidden);
                    Tensor og = sg.slice(1, 3 * hidden, 4 * hidden);
                    Tensor dho = dhNew.mul(og);
                    Tensor dcT = dcNew.add(dho.sub(dho.mul(tc.square())));
                    Tensor dSig = Tensor.concat(List.of(dcT.mul(gg), dcT.mul(cPrev), dcT.mul(i), dhNew.mul(tc)), 1);
                    Tensor sigDeriv = sg.sub(sg.square());
                    Tensor deriv = Tensor.concat(List.of(sigDeriv.slice(1, 0, 2 * hidden), gg.square().neg().add(1),
                            sigDeriv.slice(1, 3 * hidden, 4 * hidden)), 1);
                    dX[t] = dSig.mul(deriv);
                    dhPrev = dX[t].matmul(wHh);
                    Tensor dcPrev = dcT.mul(f);
                    dc = dcPass == null ? dcPrev : dcPrev.add(dcPass);
                }
                case GRU -> {
                    Tensor rz = saved[o];
                    Tensor n = saved[o + 1];
                    Tensor hn = saved[o + 2];
                    Tensor r = rz.slice(1, 0, hidden);
                    Tensor z = rz.slice(1, hidden, 2 * hidden);
                    Tensor dz = dhNew.mul(hPrev.sub(n));
                    Tensor dn = dhNew.sub(dhNew.mul(z));
                    Tensor dan = dn.sub(dn.mul(n.square()));
                    Tensor dr = dan.mul(hn);
                    Tensor drz = Tensor.concat(List.of(dr, dz), 1).mul(rz.sub(rz.square()));
                    dX[t] = Tensor.concat(List.of(drz, dan), 1);
                    dHW[t] = Tensor.concat(List.of(drz, dan.mul(r)), 1);
                    dhPrev = dHW[t].matmul(wHh).add(dhNew.mul(z));
                }
                default -> throw new IllegalStateException("unknown cell " + cell);
            }
            dh = dhPass == null ? dhPrev : dhPrev.add(dhPass);
        }
        Tensor dXAll = stack(dX);
        Tensor dHWAll = dHW == dX ? dXAll : stack(dHW);
        long gh = dHWAll.size(2);
        Tensor[] grads = new Tensor[5];
        grads[0] = dXAll;
        if (wHh.requiresGrad()) {
            grads[1] = dHWAll.reshape(-1, gh).matmul(stack(prev).reshape(-1, hidden), true, false);
        }
        if (inputs[2] != null) {
            grads[2] = dHWAll.sum(new int[]{0, 1}, false);
        }
        grads[3] = dh;
        grads[4] = dc;
        return grads;
    }

    private static Tensor stack(Tensor[] perStep) {
        return Tensor.concat(Arrays.stream(perStep).map(t -> t.unsqueeze(0)).toList(), 0);
    }
}
