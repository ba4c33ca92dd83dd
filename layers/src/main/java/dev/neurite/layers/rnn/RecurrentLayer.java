package dev.neurite.layers.rnn;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.AbstractLayer;
import dev.neurite.api.nn.Config;
import dev.neurite.layers.init.Initializers;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SimpleRNN}, {@link LSTM} and {@link GRU} share: PyTorch's {@code nn.RNNBase}. Multi-layer,
 * optionally bidirectional, time-major {@code [seq, batch, features]} by default or batch first, unbatched
 * {@code [seq, features]} input, an optional initial state, variable-length sequences and dropout between layers.
 *
 * <p>Parameters have PyTorch's names and layouts, so a state dict maps one to one: for layer {@code k} and each
 * direction ({@code _reverse} suffix for the backward one) {@code weight_ih_lk} {@code [G*hidden, in]},
 * {@code weight_hh_lk} {@code [G*hidden, hidden]}, {@code bias_ih_lk} and {@code bias_hh_lk} {@code [G*hidden]}, with
 * the gate blocks stacked in PyTorch's order (see {@link Cell}). All start as U(-1/sqrt(hidden), 1/sqrt(hidden)).
 *
 * <p>Training runs back-propagation through time over the whole input; for truncated BPTT over long streams, carry
 * the returned state into the next chunk detached ({@link TruncatedBptt}).
 */
public abstract class RecurrentLayer extends AbstractLayer {
    private final String type;
    private final Cell cell;
    private final long inputSize;
    private final long hiddenSize;
    private final int numLayers;
    private final boolean bias;
    private final boolean batchFirst;
    private final double dropout;
    private final boolean bidirectional;
    private final DType dtype;
    private final long seed;
    private final Generator dropoutMasks;
    /** Per layer and direction: weight_ih, weight_hh, bias_ih, bias_hh (biases null without bias). */
    private final Tensor[][] weights;

    protected RecurrentLayer(String type, Cell cell, long inputSize, long hiddenSize, int numLayers, boolean bias,
                             boolean batchFirst, double dropout, boolean bidirectional, DType dtype, long seed) {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(type + ": input_size, hidden_size and num_layers must be >= 1, got input_size="
                    + inputSize + ", hidden_size=" + hiddenSize + ", num_layers=" + numLayers);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(type + ": dropout must be in [0, 1), got " + dropout);
        }
        if (!dtype.isFloatingPoint()) {
            throw new IllegalArgumentException(type + ": parameters must be floating point, got " + dtype);
        }
        this.type = type;
        this.cell = cell;
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.dropout = dropout;
        this.bidirectional = bidirectional;
        this.dtype = dtype;
        this.seed = seed;
        this.dropoutMasks = new Generator(seed ^ 0x6472_6F70L);
        int directions = directions();
        long gh = cell.gates() * hiddenSize;
        double bound = 1 / Math.sqrt(hiddenSize);
        Generator streams = new Generator(seed);
        weights = new Tensor[numLayers * directions][];
        for (int layer = 0; layer < numLayers; layer++) {
            long in = layer == 0 ? inputSize : hiddenSize * directions;
            for (int d = 0; d < directions; d++) {
                String suffix = "_l" + layer + (d == 1 ? "_reverse" : "");
                Tensor[] w = new Tensor[4];
                w[0] = addParameter("weight_ih" + suffix, uniform(Shape.of(gh, in), bound, streams.nextSeed()));
                w[1] = addParameter("weight_hh" + suffix, uniform(Shape.of(gh, hiddenSize), bound, streams.nextSeed()));
                if (bias) {
                    w[2] = addParameter("bias_ih" + suffix, uniform(Shape.of(gh), bound, streams.nextSeed()));
                    w[3] = addParameter("bias_hh" + suffix, uniform(Shape.of(gh), bound, streams.nextSeed()));
                }
                weights[layer * directions + d] = w;
            }
        }
    }

    /** Reads the options every recurrent layer shares from a config; {@code hidden_size} and {@code input_size} are required. */
    protected RecurrentLayer(String type, Cell cell, Config config) {
        this(type, cell, config.getLong("input_size"), config.getLong("hidden_size"), config.getInt("num_layers", 1),
                config.getBoolean("bias", true), config.getBoolean("batch_first", false), config.getDouble("dropout", 0),
                config.getBoolean("bidirectional", false), DType.fromId(config.getString("dtype", DType.FLOAT32.id())),
                config.getLong("seed"));
    }

    private Tensor uniform(Shape shape, double bound, long s) {
        // Parameters live as long as the layer, not as long as whatever step scope happens to be open.
        return MemoryScope.outside(() -> Initializers.uniform(-bound, bound).create(shape, dtype, shape.size(shape.rank() - 1),
                shape.size(0), s));
    }

    public Cell cell() {
        return cell;
    }

    public long inputSize() {
        return inputSize;
    }

    public long hiddenSize() {
        return hiddenSize;
    }

    public int numLayers() {
        return numLayers;
    }

    public boolean hasBias() {
        return bias;
    }

    public boolean batchFirst() {
        return batchFirst;
    }

    public double dropout() {
        return dropout;
    }

    public boolean bidirectional() {
        return bidirectional;
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    public DType dtype() {
        return dtype;
    }

    /** The output sequence (without the final state). */
    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null, null).output();
    }

    /** {@code [input]}, {@code [input, h0]} or, for an LSTM, {@code [input, h0, c0]}; returns the output sequence. */
    @Override
    public Tensor forward(List<Tensor> inputs) {
        int max = cell.hasCellState() ? 3 : 2;
        if (inputs.isEmpty() || inputs.size() > max) {
            throw new IllegalArgumentException(type + ": expected 1 to " + max + " inputs (input, h0" + (max == 3 ? ", c0" : "")
                    + "), got " + inputs.size());
        }
        RecurrentState state = inputs.size() == 1 ? null : new RecurrentState(inputs.get(1), inputs.size() > 2 ? inputs.get(2) : null);
        return forward(inputs.get(0), state, null).output();
    }

    /** The output sequence and the final state, from {@code initial} (zeros when null). */
    public RecurrentOutput forward(Tensor input, RecurrentState initial) {
        return forward(input, initial, null);
    }

    /**
     * Runs the layer over padded sequences of the given {@code lengths} (one per batch entry, each in 1..seq; null
     * means all are full length), like PyTorch on a packed sequence: steps past a sequence's end leave its state
     * unchanged and give zero outputs, and the reverse direction starts at each sequence's last real step.
     */
    public RecurrentOutput forward(Tensor input, RecurrentState initial, long[] lengths) {
        boolean unbatched = input.rank() == 2;
        if (input.rank() != 3 && !unbatched) {
            throw new IllegalArgumentException(type + ": expected input [seq, batch, " + inputSize + "]" + (batchFirst ? " (batch first: [batch, seq, "
                    + inputSize + "])" : "") + " or unbatched [seq, " + inputSize + "], got shape " + input.shape());
        }
        if (input.size(-1) != inputSize) {
            throw new IllegalArgumentException(type + ": expected input features " + inputSize + " (last dimension), got shape " + input.shape());
        }
        if (input.dtype() != dtype) {
            throw new IllegalArgumentException(type + ": input dtype " + input.dtype() + " does not match the layer's " + dtype
                    + "; cast the input or build the layer with dtype " + input.dtype());
        }
        Tensor x = unbatched ? input.unsqueeze(1) : batchFirst ? input.transpose(0, 1) : input;
        long steps = x.size(0);
        long batch = x.size(1);
        int directions = directions();
        Tensor h0 = initial == null ? null : initial.h();
        Tensor c0 = initial == null ? null : initial.c();
        if (unbatched) {
            h0 = h0 == null ? null : h0.unsqueeze(1);
            c0 = c0 == null ? null : c0.unsqueeze(1);
        }
        Shape stateShape = Shape.of((long) numLayers * directions, batch, hiddenSize);
        checkState("h0", h0, stateShape, unbatched);
        if (cell.hasCellState()) {
            checkState("c0", c0, stateShape, unbatched);
        } else if (c0 != null) {
            throw new IllegalArgumentException(type + ": has no cell state, but an initial c was given");
        }
        Tensor mask = lengths == null ? null : mask(lengths, steps, batch);
        Tensor zeros = Tensor.zeros(Shape.of(batch, hiddenSize), dtype);
        List<Tensor> hs = new ArrayList<>();
        List<Tensor> cs = new ArrayList<>();
        Tensor layerInput = x;
        for (int layer = 0; layer < numLayers; layer++) {
            if (layer > 0 && dropout > 0 && isTraining()) {
                Tensor keep = Tensor.random(layerInput.shape(), dtype, Distribution.BERNOULLI, 1 - dropout, 0, dropoutMasks.nextSeed());
                layerInput = layerInput.mul(keep.mul(1 / (1 - dropout)));
            }
            List<Tensor> outs = new ArrayList<>(directions);
            for (int d = 0; d < directions; d++) {
                int index = layer * directions + d;
                Tensor[] w = weights[index];
                Tensor hInit = h0 == null ? zeros : h0.slice(0, index, index + 1).reshape(batch, hiddenSize);
                Tensor cInit = !cell.hasCellState() ? null : c0 == null ? zeros : c0.slice(0, index, index + 1).reshape(batch, hiddenSize);
                Tensor proj = layerInput.reshape(-1, layerInput.size(2)).matmul(w[0], false, true);
                Tensor bHh = null;
                if (bias) {
                    // RNN and LSTM add b_hh straight to the gates, so it folds into the input projection; GRU's
                    // b_hn sits inside the reset gate's product and stays with the recurrence.
                    proj = cell == Cell.GRU ? proj.add(w[2]) : proj.add(w[2].add(w[3]));
                    bHh = cell == Cell.GRU ? w[3] : null;
                } else if (cell == Cell.GRU) {
                    bHh = Tensor.zeros(Shape.of(w[1].size(0)), dtype);
                }
                proj = proj.reshape(steps, batch, -1);
                Tensor packed = Recurrence.run(cell, proj, w[1], bHh, hInit, cInit, mask, d == 1);
                outs.add(packed.slice(0, 0, steps));
                hs.add(packed.slice(0, steps, steps + 1));
                if (cell.hasCellState()) {
                    cs.add(packed.slice(0, steps + 1, steps + 2));
                }
            }
            layerInput = directions == 1 ? outs.get(0) : Tensor.concat(outs, 2);
        }
        Tensor output = unbatched ? layerInput.squeeze(1) : batchFirst ? layerInput.transpose(0, 1) : layerInput;
        Tensor hN = Tensor.concat(hs, 0);
        Tensor cN = cell.hasCellState() ? Tensor.concat(cs, 0) : null;
        if (unbatched) {
            hN = hN.squeeze(1);
            cN = cN == null ? null : cN.squeeze(1);
        }
        return new RecurrentOutput(output, new RecurrentState(hN, cN));
    }

    private void checkState(String name, Tensor state, Shape expected, boolean unbatched) {
        if (state == null) {
            return;
        }
        if (!state.shape().equals(expected)) {
            Shape shown = unbatched ? Shape.of(expected.size(0), expected.size(2)) : expected;
            throw new IllegalArgumentException(type + ": expected initial state " + name + " of shape " + shown
                    + " [num_layers * directions, batch, hidden], got " + (unbatched ? state.squeeze(1).shape() : state.shape()));
        }
        if (state.dtype() != dtype) {
            throw new IllegalArgumentException(type + ": initial state " + name + " has dtype " + state.dtype() + ", expected " + dtype);
        }
    }

    private Tensor mask(long[] lengths, long steps, long batch) {
        if (lengths.length != batch) {
            throw new IllegalArgumentException(type + ": expected " + batch + " sequence lengths (one per batch entry), got " + lengths.length);
        }
        double[] m = new double[Math.toIntExact(steps * batch)];
        for (int b = 0; b < batch; b++) {
            if (lengths[b] < 1 || lengths[b] > steps) {
                throw new IllegalArgumentException(type + ": sequence length " + lengths[b] + " of batch entry " + b
                        + " is outside 1.." + steps);
            }
            for (int t = 0; t < lengths[b]; t++) {
                m[Math.toIntExact(t * batch + b)] = 1;
            }
        }
        return Tensor.of(dtype, m, steps, batch, 1);
    }

    @Override
    public String typeId() {
        return type;
    }

    @Override
    public Config config() {
        return Config.empty().with("input_size", inputSize).with("hidden_size", hiddenSize).with("num_layers", numLayers)
                .with("bias", bias).with("batch_first", batchFirst).with("dropout", dropout)
                .with("bidirectional", bidirectional).with("dtype", dtype.id()).with("seed", seed);
    }
}
