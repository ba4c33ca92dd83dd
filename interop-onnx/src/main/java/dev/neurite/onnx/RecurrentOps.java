package dev.neurite.onnx;

import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * ONNX's recurrent operators (LSTM, GRU, RNN) unrolled over time with Tensor ops, in ONNX's own layouts: gates
 * {@code i, o, f, c} (LSTM) and {@code z, r, h} (GRU), forward, reverse and bidirectional, both {@code layout}s.
 * The input projection of all steps is one matrix product; each step adds the recurrent product.
 */
final class RecurrentOps {
    private RecurrentOps() {
    }

    private enum Kind {
        RNN(1, "Tanh"), GRU(3, "Sigmoid", "Tanh"), LSTM(4, "Sigmoid", "Tanh", "Tanh");

        final int gates;
        final String[] activations;

        Kind(int gates, String... activations) {
            this.gates = gates;
            this.activations = activations;
        }
    }

    static void register(OnnxOperators.Registration r) {
        String notes = "forward, reverse, bidirectional; layout 0 and 1; initial states; Sigmoid/Tanh/Relu activations;"
                + " no sequence_lens shorter than the input, no clip";
        r.add("RNN", "recurrent", notes, c -> run(c, Kind.RNN));
        r.add("GRU", "recurrent", notes + "; linear_before_reset 0 and 1", c -> run(c, Kind.GRU));
        r.add("LSTM", "recurrent", notes + "; no peepholes, no input_forget", c -> run(c, Kind.LSTM));
    }

    private static List<Tensor> run(OpCall c, Kind kind) {
        Attributes a = c.attrs();
        boolean batchFirst = a.getInt("layout", 0) != 0;
        Tensor x = c.input(0);
        c.check(x.rank() == 3, "X must be [seq, batch, input], got %s", x.shape());
        if (batchFirst) {
            x = x.transpose(0, 1);
        }
        Tensor w = c.input(1);
        Tensor rec = c.input(2);
        long hidden = a.getInt("hidden_size", rec.size(-1));
        String direction = a.getString("direction", "forward");
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        c.check(direction.equals("forward") || direction.equals("reverse") || dirs == 2,
                "direction must be forward, reverse or bidirectional, got '%s'", direction);
        long g = kind.gates * hidden;
        c.check(w.rank() == 3 && w.size(0) == dirs && w.size(1) == g && w.size(2) == x.size(2),
                "W has shape %s, expected [%s, %s, %s]", w.shape(), dirs, g, x.size(2));
        c.check(rec.rank() == 3 && rec.size(0) == dirs && rec.size(1) == g && rec.size(2) == hidden,
                "R has shape %s, expected [%s, %s, %s]", rec.shape(), dirs, g, hidden);
        c.check(!a.has("clip"), "clip is not supported");
        c.check(a.getInt("input_forget", 0) == 0, "input_forget is not supported");
        c.check(!c.has(7), "peepholes (P) are not supported");
        long seq = x.size(0);
        long batch = x.size(1);
        if (c.has(4)) {
            long[] lens = c.longs(4, null);
            c.check(Arrays.stream(lens).allMatch(l -> l == seq), "sequence_lens %s shorter than the input (%s) are not supported",
                    lens, seq);
        }
        String[] acts = new String[kind.activations.length * dirs];
        String[] given = c.attrs().has("activations") ? activationNames(c) : null;
        for (int i = 0; i < acts.length; i++) {
            acts[i] = given != null ? given[i] : kind.activations[i % kind.activations.length];
        }
        boolean linearBeforeReset = a.getInt("linear_before_reset", 0) != 0;
        List<Tensor> ys = new ArrayList<>();
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        for (int d = 0; d < dirs; d++) {
            boolean reverse = direction.equals("reverse") || d == 1;
            Tensor wd = w.slice(0, d, d + 1).squeeze(0);
            Tensor rd = rec.slice(0, d, d + 1).squeeze(0);
            Tensor wb = null;
            Tensor rb = null;
            if (c.has(3)) {
                Tensor b = c.input(3);
                c.check(b.rank() == 2 && b.size(0) == dirs && b.size(1) == 2 * g, "B has shape %s, expected [%s, %s]",
                        b.shape(), dirs, 2 * g);
                Tensor bd = b.slice(0, d, d + 1).squeeze(0);
                wb = bd.slice(0, 0, g);
                rb = bd.slice(0, g, 2 * g);
            }
            Tensor h = state(c, 5, d, batch, hidden, x, batchFirst);
            Tensor cell = kind == Kind.LSTM ? state(c, 6, d, batch, hidden, x, batchFirst) : null;
            Tensor projected = x.matmul(wd, false, true);
            if (wb != null) {
                projected = projected.add(wb);
            }
            UnaryOperator<Tensor> f = activation(c, acts[d * kind.activations.length]);
            UnaryOperator<Tensor> gAct = kind == Kind.RNN ? null : activation(c, acts[d * kind.activations.length + 1]);
            UnaryOperator<Tensor> hAct = kind == Kind.LSTM ? activation(c, acts[d * kind.activations.length + 2]) : null;
            Tensor[] outs = new Tensor[(int) seq];
            for (long step = 0; step < seq; step++) {
                long t = reverse ? seq - 1 - step : step;
                Tensor xt = projected.slice(0, t, t + 1).squeeze(0);
                switch (kind) {
                    case RNN -> h = f.apply(xt.add(recurrent(h, rd, rb)));
                    case LSTM -> {
                        Tensor z = xt.add(recurrent(h, rd, rb));
                        Tensor i = f.apply(z.slice(1, 0, hidden));
                        Tensor o = f.apply(z.slice(1, hidden, 2 * hidden));
                        Tensor fg = f.apply(z.slice(1, 2 * hidden, 3 * hidden));
                        Tensor cand = gAct.apply(z.slice(1, 3 * hidden, 4 * hidden));
                        cell = fg.mul(cell).add(i.mul(cand));
                        h = o.mul(hAct.apply(cell));
                    }
                    case GRU -> {
                        Tensor rz = rd.slice(0, 0, 2 * hidden);
                        Tensor rh = rd.slice(0, 2 * hidden, 3 * hidden);
                        Tensor hzr = h.matmul(rz, false, true);
                        if (rb != null) {
                            hzr = hzr.add(rb.slice(0, 0, 2 * hidden));
                        }
                        Tensor zr = xt.slice(1, 0, 2 * hidden).add(hzr);
                        Tensor zg = f.apply(zr.slice(1, 0, hidden));
                        Tensor rg = f.apply(zr.slice(1, hidden, 2 * hidden));
                        Tensor rbh = rb == null ? null : rb.slice(0, 2 * hidden, 3 * hidden);
                        Tensor hh;
                        if (linearBeforeReset) {
                            hh = recurrent(h, rh, rbh).mul(rg);
                        } else {
                            hh = recurrent(h.mul(rg), rh, rbh);
                        }
                        Tensor cand = gAct.apply(xt.slice(1, 2 * hidden, 3 * hidden).add(hh));
                        h = zg.neg().add(1).mul(cand).add(zg.mul(h));
                    }
                }
                outs[(int) t] = h;
            }
            ys.add(Tensor.stack(Arrays.asList(outs), 0));
            hs.add(h);
            if (cell != null) {
                cs.add(cell);
            }
        }
        Tensor y = Tensor.stack(ys, 1);
        Tensor yh = Tensor.stack(hs, 0);
        if (batchFirst) {
            y = y.permute(2, 0, 1, 3);
            yh = yh.transpose(0, 1);
        }
        List<Tensor> out = new ArrayList<>(List.of(y, yh));
        if (kind == Kind.LSTM) {
            Tensor yc = Tensor.stack(cs, 0);
            out.add(batchFirst ? yc.transpose(0, 1) : yc);
        }
        return out;
    }

    private static Tensor recurrent(Tensor h, Tensor r, Tensor bias) {
        Tensor p = h.matmul(r, false, true);
        return bias == null ? p : p.add(bias);
    }

    private static Tensor state(OpCall c, int input, int d, long batch, long hidden, Tensor x, boolean batchFirst) {
        if (!c.has(input)) {
            return Tensor.zeros(dev.neurite.api.Shape.of(batch, hidden), x.dtype());
        }
        Tensor s = c.input(input);
        if (batchFirst) {
            s = s.transpose(0, 1);
        }
        c.check(s.rank() == 3 && s.size(1) == batch && s.size(2) == hidden, "initial state %s has shape %s, expected [dirs, %s, %s]",
                input, s.shape(), batch, hidden);
        return s.slice(0, d, d + 1).squeeze(0);
    }

    private static String[] activationNames(OpCall c) {
        var proto = c.node.attributes();
        return proto.getStrings("activations");
    }

    private static UnaryOperator<Tensor> activation(OpCall c, String name) {
        return switch (name) {
            case "Sigmoid" -> Tensor::sigmoid;
            case "Tanh" -> Tensor::tanh;
            case "Relu" -> Tensor::relu;
            default -> throw c.error("activation '" + name + "' is not supported (Sigmoid, Tanh, Relu)");
        };
    }
}
