package dev.neurite.onnx;

import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Config;
import dev.neurite.api.nn.Layer;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An imported ONNX graph as a Neurite {@link Layer}: its floating-point initializers are the trainable
 * {@link #parameters()} (under their ONNX names), the others are {@link #buffers()}, and every node runs as Tensor
 * operations, so the model runs on whichever backend is discovered and a Trainer can fine-tune it.
 *
 * <p>Batch normalisation uses its running statistics and dropout is the identity in both modes, so fine-tuning
 * keeps the imported statistics frozen.
 */
public final class OnnxModel implements Layer {
    /** The type id of imported models (they are rebuilt from their ONNX file, not from a registry config). */
    public static final String TYPE = "onnx_model";

    private final List<OnnxValueInfo> inputs;
    private final List<OnnxValueInfo> outputs;
    private final List<OnnxNode> nodes;
    private final Map<String, Tensor> parameters;
    private final Map<String, Tensor> buffers;
    private final Map<String, Tensor> constants;
    private final int opset;
    private final Map<String, String> metadata;
    private final dev.neurite.onnx.proto.OnnxProto.ModelProto source;
    private boolean training = true;

    OnnxModel(List<OnnxValueInfo> inputs, List<OnnxValueInfo> outputs, List<OnnxNode> nodes, Map<String, Tensor> parameters,
              Map<String, Tensor> buffers, Map<String, Tensor> constants, int opset, Map<String, String> metadata,
              dev.neurite.onnx.proto.OnnxProto.ModelProto source) {
        this.source = source;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.nodes = List.copyOf(nodes);
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
        this.buffers = Collections.unmodifiableMap(new LinkedHashMap<>(buffers));
        this.constants = Map.copyOf(constants);
        this.opset = opset;
        this.metadata = Map.copyOf(metadata);
    }

    /** The graph inputs that are fed at run time (initializers listed as inputs are not among them). */
    public List<OnnxValueInfo> inputs() {
        return inputs;
    }

    public List<OnnxValueInfo> outputs() {
        return outputs;
    }

    /** The default-domain opset the model declares. */
    public int opset() {
        return opset;
    }

    /** Producer name and version, IR version, graph name and the model's metadata properties. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The model as ONNX again with the current initializer values (after fine-tuning, say), all data inline;
     * graph, names and opset are those of the imported file.
     */
    public byte[] toBytes() {
        var model = source.toBuilder();
        var graph = model.getGraphBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            String name = graph.getInitializer(i).getName();
            Tensor t = parameters.containsKey(name) ? parameters.get(name) : buffers.get(name);
            graph.setInitializer(i, TensorProtos.encode(name, t));
        }
        return model.build().toByteArray();
    }

    /** Writes {@link #toBytes()} to {@code file} atomically. */
    public void save(java.nio.file.Path file) {
        OnnxTensors.writeAtomically(file, toBytes());
    }

    /** How many nodes use each operator, by operator name. */
    public Map<String, Integer> opHistogram() {
        Map<String, Integer> h = new TreeMap<>();
        nodes.forEach(n -> h.merge(n.opType(), 1, Integer::sum));
        return h;
    }

    public int nodeCount() {
        return nodes.size();
    }

    /**
     * Runs the graph on the named inputs and returns every graph output by name. A feed may also name an initializer
     * to override it for this call (ONNX allows initializers to be inputs), with the same shape.
     */
    public Map<String, Tensor> run(Map<String, Tensor> feeds) {
        for (OnnxValueInfo in : inputs) {
            if (!feeds.containsKey(in.name())) {
                throw new OnnxException("onnx model: input '" + in.name() + "' is not given (expected inputs " + names(inputs)
                        + ", got " + feeds.keySet() + ")");
            }
        }
        Map<String, Object> symbols = new HashMap<>();
        for (OnnxValueInfo in : inputs) {
            checkInput(in, feeds.get(in.name()), symbols);
        }
        Map<String, Tensor> values = new HashMap<>(constants);
        values.putAll(buffers);
        values.putAll(parameters);
        for (Map.Entry<String, Tensor> f : feeds.entrySet()) {
            Tensor replaced = values.get(f.getKey());
            if (replaced != null && !replaced.shape().equals(f.getValue().shape())) {
                throw new OnnxException("onnx model: feed '" + f.getKey() + "' overrides an initializer of shape "
                        + replaced.shape() + " with shape " + f.getValue().shape());
            }
            if (replaced == null && inputs.stream().noneMatch(i -> i.name().equals(f.getKey()))) {
                throw new OnnxException("onnx model: feed '" + f.getKey() + "' is neither an input " + names(inputs)
                        + " nor an initializer");
            }
            values.put(f.getKey(), f.getValue());
        }
        for (OnnxNode n : nodes) {
            List<Tensor> args = new ArrayList<>(n.inputs().size());
            for (String name : n.inputs()) {
                args.add(name.isEmpty() ? null : values.get(name));
            }
            List<Tensor> out;
            try {
                out = n.op().apply(new OpCall(n, args, opset, training));
            } catch (OnnxException e) {
                throw e;
            } catch (IllegalArgumentException | IllegalStateException | ArithmeticException | IndexOutOfBoundsException
                     | UnsupportedOperationException | NullPointerException | ClassCastException e) {
                throw new OnnxException(n.describe() + ": " + e.getMessage() + inputShapes(args), e);
            }
            for (int i = 0; i < n.outputs().size() && i < out.size(); i++) {
                if (!n.outputs().get(i).isEmpty()) {
                    values.put(n.outputs().get(i), out.get(i));
                }
            }
        }
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (OnnxValueInfo o : outputs) {
            Tensor t = values.get(o.name());
            if (t == null) {
                throw new OnnxException("onnx model: output '" + o.name() + "' was not produced by any node");
            }
            result.put(o.name(), t);
        }
        return result;
    }

    private static String inputShapes(List<Tensor> args) {
        StringBuilder sb = new StringBuilder(" (input shapes");
        for (Tensor t : args) {
            sb.append(' ').append(t == null ? "-" : t.shape() + ":" + t.dtype());
        }
        return sb.append(')').toString();
    }

    private static List<String> names(List<OnnxValueInfo> v) {
        return v.stream().map(OnnxValueInfo::name).toList();
    }

    private static void checkInput(OnnxValueInfo in, Tensor t, Map<String, Object> symbols) {
        if (t == null) {
            throw new OnnxException("onnx model: input '" + in.name() + "' is null");
        }
        if (in.dtype() != null && t.dtype() != in.dtype()) {
            throw new OnnxException("onnx model: input '" + in.name() + "' should be " + in.dtype() + ", got " + t.dtype());
        }
        if (!in.hasShape()) {
            return;
        }
        Shape s = t.shape();
        boolean ok = s.rank() == in.dims().size();
        for (int i = 0; ok && i < s.rank(); i++) {
            Object d = in.dims().get(i);
            if (d instanceof Long fixed) {
                ok = fixed == s.size(i);
            } else if (!"?".equals(d)) {
                Object seen = symbols.putIfAbsent((String) d, s.size(i));
                ok = seen == null || ((Long) seen) == s.size(i);
            }
        }
        if (!ok) {
            throw new OnnxException("onnx model: input '" + in.name() + "' should have shape " + in.dims() + ", got " + s
                    + (symbols.isEmpty() ? "" : " (symbolic dimensions so far: " + symbols + ")"));
        }
    }

    /** The first output for the first input (one-input models, e.g. in a Trainer). */
    @Override
    public Tensor forward(Tensor input) {
        return forward(List.of(input));
    }

    /** The first output for the inputs in declaration order. */
    @Override
    public Tensor forward(List<Tensor> in) {
        if (in.size() != inputs.size()) {
            throw new OnnxException("onnx model: expected " + inputs.size() + " inputs " + names(inputs) + ", got " + in.size());
        }
        Map<String, Tensor> feeds = new LinkedHashMap<>();
        for (int i = 0; i < in.size(); i++) {
            feeds.put(inputs.get(i).name(), in.get(i));
        }
        return run(feeds).values().iterator().next();
    }

    @Override
    public Map<String, Tensor> parameters() {
        return parameters;
    }

    @Override
    public Map<String, Tensor> buffers() {
        return buffers;
    }

    @Override
    public Map<String, Layer> children() {
        return Map.of();
    }

    @Override
    public void train(boolean training) {
        this.training = training;
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        return Config.empty().with("opset", opset).with("inputs", names(inputs)).with("outputs", names(outputs))
                .with("nodes", nodes.size());
    }

    @Override
    public String toString() {
        return "OnnxModel(opset " + opset + ", " + nodes.size() + " nodes, inputs " + inputs + ", outputs " + outputs + ")";
    }
}
