package dev.neurite.onnx;

import dev.neurite.api.Tensor;
import dev.neurite.layers.rnn.Cell;
import dev.neurite.layers.rnn.RecurrentLayer;

import java.util.Map;

/**
 * Recurrent layers as ONNX's LSTM/GRU/RNN, one node per layer: the PyTorch-ordered gate blocks of the named
 * parameters are reordered by Split/Concat nodes, so the initializers keep the layer's names. Initial states go in
 * and final states come out per layer, as {@code [directions, batch, hidden]} values.
 */
final class RecurrentExporter {
    private RecurrentExporter() {
    }

    /** The output sequence, and per layer the final {@code h} and (LSTM) {@code c}, when they were asked for. */
    record Result(String output, String[] h, String[] c) {
    }

    /** PyTorch's gate blocks in ONNX's order: LSTM i,f,g,o to i,o,f,c; GRU r,z,n to z,r,h. */
    private static int[] onnxGateOrder(Cell cell) {
        return switch (cell) {
            case LSTM -> new int[]{0, 3, 1, 2};
            case GRU -> new int[]{1, 0, 2};
            default -> new int[]{0};
        };
    }

    /** {@code [G*H, k]} (or {@code [G*H]}) with its gate blocks reordered for ONNX, and a leading direction axis. */
    private static String reordered(GraphWriter w, String name, String param, Cell cell, long hidden) {
        return w.node("Unsqueeze", name + "_direction", new String[]{gates(w, name, param, cell, hidden),
                w.longs(name + "_axis0", 0)});
    }

    /** The gate blocks of {@code param} (stacked along axis 0) in ONNX's order. */
    private static String gates(GraphWriter w, String name, String param, Cell cell, long hidden) {
        int gates = cell.gates();
        String src = param;
        if (gates > 1) {
            long[] sizes = new long[gates];
            java.util.Arrays.fill(sizes, hidden);
            String[] parts = new String[gates];
            for (int i = 0; i < gates; i++) {
                parts[i] = w.fresh(name + "_gate" + i);
            }
            w.nodeWithOutputs("Split", name + "_split", new String[]{param, w.longs(name + "_sizes", sizes)}, parts, "axis", 0L);
            int[] order = onnxGateOrder(cell);
            String[] ordered = new String[gates];
            for (int i = 0; i < gates; i++) {
                ordered[i] = parts[order[i]];
            }
            src = w.node("Concat", name + "_onnx_gates", ordered, "axis", 0L);
        }
        return src;
    }

    /** The output sequence only, from zero states. */
    static String emit(GraphWriter w, RecurrentLayer r, String path, LayerExporters.Value x) {
        return emit(w, r, path, x, null, null, false).output();
    }

    /**
     * {@code [input, h0]} or {@code [input, h0, c0]} as the layer's {@code forward(List)} takes them (states
     * {@code [numLayers * directions, batch, hidden]}): the output sequence.
     */
    static String emitWithState(GraphWriter w, RecurrentLayer r, String path, java.util.List<LayerExporters.Value> args) {
        String n = path.isEmpty() ? r.typeId() : path;
        boolean unbatched = args.get(0).sample().rank() == 2;
        String[] h = perLayer(w, r, n + "_h0", args.get(1).name(), unbatched);
        String[] c = args.size() > 2 ? perLayer(w, r, n + "_c0", args.get(2).name(), unbatched) : null;
        return emit(w, r, path, args.get(0), h, c, false).output();
    }

    private static String[] perLayer(GraphWriter w, RecurrentLayer r, String n, String state, boolean unbatched) {
        String s = unbatched ? w.node("Unsqueeze", n + "_batch", new String[]{state, w.longs(n + "_batch_axis", 1)}) : state;
        int dirs = r.directions();
        String[] out = new String[r.numLayers()];
        for (int l = 0; l < out.length; l++) {
            out[l] = w.node("Slice", n + "_l" + l, new String[]{s, w.longs(n + "_l" + l + "_start", (long) l * dirs),
                    w.longs(n + "_l" + l + "_end", (long) (l + 1) * dirs), w.longs(n + "_l" + l + "_axes", 0)});
        }
        return out;
    }

    /**
     * @param initialH per layer a {@code [directions, batch, hidden]} value, or null for zeros
     * @param initialC the same for the LSTM's cell state
     * @param finalState whether to return the final states
     */
    static Result emit(GraphWriter w, RecurrentLayer r, String path, LayerExporters.Value x, String[] initialH, String[] initialC,
                       boolean finalState) {
        Cell cell = r.cell();
        long hidden = r.hiddenSize();
        int dirs = r.directions();
        Map<String, Tensor> p = r.parameters();
        String n = path.isEmpty() ? r.typeId() : path;
        String in = x.name();
        boolean unbatched = x.sample().rank() == 2;
        if (unbatched) {
            in = w.node("Unsqueeze", n + "_batch", new String[]{in, w.longs(n + "_batch_axis", 1)});
        } else if (r.batchFirst()) {
            in = w.node("Transpose", n + "_time_major", new String[]{in}, "perm", new long[]{1, 0, 2});
        }
        String op = switch (cell) {
            case LSTM -> "LSTM";
            case GRU -> "GRU";
            default -> "RNN";
        };
        boolean lstm = cell == Cell.LSTM;
        String[] hs = finalState ? new String[r.numLayers()] : null;
        String[] cs = finalState && lstm ? new String[r.numLayers()] : null;
        for (int layer = 0; layer < r.numLayers(); layer++) {
            String[] ws = new String[dirs];
            String[] rs = new String[dirs];
            String[] bs = new String[dirs];
            for (int d = 0; d < dirs; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                String base = n + suffix;
                ws[d] = reordered(w, base + "_W", initializer(w, path, "weight_ih" + suffix, p), cell, hidden);
                rs[d] = reordered(w, base + "_R", initializer(w, path, "weight_hh" + suffix, p), cell, hidden);
                if (r.hasBias()) {
                    String bias = w.node("Concat", base + "_B", new String[]{
                            gates(w, base + "_Wb", initializer(w, path, "bias_ih" + suffix, p), cell, hidden),
                            gates(w, base + "_Rb", initializer(w, path, "bias_hh" + suffix, p), cell, hidden)}, "axis", 0L);
                    bs[d] = w.node("Unsqueeze", base + "_B_direction", new String[]{bias, w.longs(base + "_B_axis0", 0)});
                }
            }
            String ln = n + "_l" + layer;
            String wAll = dirs == 1 ? ws[0] : w.node("Concat", ln + "_W_all", ws, "axis", 0L);
            String rAll = dirs == 1 ? rs[0] : w.node("Concat", ln + "_R_all", rs, "axis", 0L);
            String bAll = !r.hasBias() ? null : dirs == 1 ? bs[0] : w.node("Concat", ln + "_B_all", bs, "axis", 0L);
            String h0 = initialH == null ? null : initialH[layer];
            String c0 = initialC == null ? null : initialC[layer];
            String[] inputs = h0 == null && c0 == null ? bAll == null ? new String[]{in, wAll, rAll} : new String[]{in, wAll, rAll, bAll}
                    : lstm ? new String[]{in, wAll, rAll, bAll, null, h0, c0} : new String[]{in, wAll, rAll, bAll, null, h0};
            String y = w.fresh(ln + "_Y");
            String[] outputs = !finalState ? new String[]{y} : lstm
                    ? new String[]{y, hs[layer] = w.fresh(ln + "_Y_h"), cs[layer] = w.fresh(ln + "_Y_c")}
                    : new String[]{y, hs[layer] = w.fresh(ln + "_Y_h")};
            Object[] attrs = {"hidden_size", hidden, "direction", dirs == 2 ? "bidirectional" : "forward"};
            if (cell == Cell.GRU) {
                attrs = new Object[]{attrs[0], attrs[1], attrs[2], attrs[3], "linear_before_reset", 1L};
            } else if (cell == Cell.RNN_RELU) {
                attrs = new Object[]{attrs[0], attrs[1], attrs[2], attrs[3], "activations",
                        dirs == 2 ? new String[]{"Relu", "Relu"} : new String[]{"Relu"}};
            }
            w.nodeWithOutputs(op, ln, inputs, outputs, attrs);
            // Y [seq, dirs, batch, hidden] -> [seq, batch, dirs * hidden], the next layer's input.
            String t = w.node("Transpose", ln + "_directions_last", new String[]{y}, "perm", new long[]{0, 2, 1, 3});
            in = w.node("Reshape", ln + "_output", new String[]{t, w.longs(ln + "_shape", 0, 0, -1)});
        }
        String out;
        if (unbatched) {
            out = w.node("Squeeze", n + "_unbatch", new String[]{in, w.longs(n + "_unbatch_axis", 1)});
        } else {
            out = r.batchFirst() ? w.node("Transpose", n + "_batch_first", new String[]{in}, "perm", new long[]{1, 0, 2}) : in;
        }
        return new Result(out, hs, cs);
    }

    private static String initializer(GraphWriter w, String path, String name, Map<String, Tensor> params) {
        return w.initializer(LayerExporters.join(path, name), params.get(name));
    }
}
