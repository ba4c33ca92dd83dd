package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A functional model: a directed acyclic graph of layer applications with any number of inputs and outputs.
 * A layer instance applied at several nodes shares its weights; residual connections use {@link Add}.
 *
 * <pre>{@code
 * Graph.Builder b = Graph.builder();
 * Graph.Node x = b.input("x");
 * Graph.Node h = b.apply("fc1", new Dense(16, 16, seed), x);
 * Graph.Node y = b.apply("residual", new Add(), h, x);
 * Graph model = b.build(y);
 * }</pre>
 */
public final class Graph extends AbstractLayer {
    public static final String TYPE = "graph";

    /** A value in the graph: a model input or the output of a layer application. */
    public record Node(String name) {
    }

    private record Step(String name, String layer, List<String> inputs) {
    }

    private final List<String> inputs;
    private final List<Step> steps;
    private final List<String> outputs;
    private final Map<String, Layer> layersByName;

    private Graph(List<String> inputs, List<Step> steps, List<String> outputs, Map<String, Layer> layers) {
        this.inputs = List.copyOf(inputs);
        this.steps = List.copyOf(steps);
        this.outputs = List.copyOf(outputs);
        this.layersByName = new LinkedHashMap<>(layers);
        layers.forEach(this::addChild);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a graph one application at a time; every node must exist before it is used, so cycles are impossible. */
    public static final class Builder {
        private final List<String> inputs = new ArrayList<>();
        private final List<Step> steps = new ArrayList<>();
        private final Map<String, Layer> layers = new LinkedHashMap<>();
        private final Map<String, Boolean> nodes = new HashMap<>();

        public Node input(String name) {
            declare(name);
            inputs.add(name);
            return new Node(name);
        }

        /** Applies {@code layer} to {@code args}; the node takes the name {@code name}. A layer applied twice shares weights. */
        public Node apply(String name, Layer layer, Node... args) {
            String layerName = layers.entrySet().stream().filter(e -> e.getValue() == layer).map(Map.Entry::getKey)
                    .findFirst().orElse(null);
            if (layerName == null) {
                layerName = name;
                if (layers.containsKey(layerName)) {
                    throw new IllegalArgumentException("graph: a different layer is already named '" + name + "'");
                }
                layers.put(layerName, layer);
            }
            List<String> in = new ArrayList<>();
            for (Node n : args) {
                if (!nodes.containsKey(n.name())) {
                    throw new IllegalArgumentException("graph: node '" + name + "' uses unknown node '" + n.name() + "'");
                }
                in.add(n.name());
            }
            declare(name);
            steps.add(new Step(name, layerName, in));
            return new Node(name);
        }

        private void declare(String name) {
            if (nodes.put(name, Boolean.TRUE) != null) {
                throw new IllegalArgumentException("graph: a node named '" + name + "' already exists");
            }
        }

        public Graph build(Node... outputs) {
            if (inputs.isEmpty() || outputs.length == 0) {
                throw new IllegalArgumentException("graph: needs at least one input and one output");
            }
            List<String> out = new ArrayList<>();
            for (Node n : outputs) {
                if (!nodes.containsKey(n.name())) {
                    throw new IllegalArgumentException("graph: unknown output node '" + n.name() + "'");
                }
                out.add(n.name());
            }
            return new Graph(inputs, steps, out, layers);
        }
    }

    public List<String> inputNames() {
        return inputs;
    }

    public List<String> outputNames() {
        return outputs;
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(List.of(input));
    }

    /** The first output; use {@link #forwardAll} for models with several. */
    @Override
    public Tensor forward(List<Tensor> in) {
        return forwardAll(in).get(0);
    }

    public List<Tensor> forwardAll(List<Tensor> in) {
        Map<String, Tensor> values = evaluate(in);
        return outputs.stream().map(values::get).toList();
    }

    /** Every node's value, in evaluation order (summaries and Grad-CAM look inside). */
    public Map<String, Tensor> evaluate(List<Tensor> in) {
        if (in.size() != inputs.size()) {
            throw new IllegalArgumentException("graph: expected " + inputs.size() + " inputs " + inputs + ", got " + in.size());
        }
        Map<String, Tensor> values = new LinkedHashMap<>();
        for (int i = 0; i < in.size(); i++) {
            values.put(inputs.get(i), in.get(i));
        }
        for (Step s : steps) {
            List<Tensor> args = s.inputs().stream().map(values::get).toList();
            values.put(s.name(), layersByName.get(s.layer()).forward(args));
        }
        return values;
    }

    /** The layer applied at node {@code name}. */
    public Layer layerAt(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).map(s -> layersByName.get(s.layer())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("graph: no layer node named '" + name + "'"));
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        Registry r = Registry.global();
        Map<String, Object> layerSpecs = new LinkedHashMap<>();
        layersByName.forEach((n, l) -> layerSpecs.put(n, r.spec(l).asMap()));
        List<Object> stepList = new ArrayList<>();
        for (Step s : steps) {
            stepList.add(Config.empty().with("name", s.name()).with("layer", s.layer()).with("inputs", s.inputs()));
        }
        return Config.empty().with("inputs", inputs).with("layers", layerSpecs).with("nodes", stepList).with("outputs", outputs);
    }

    @SuppressWarnings("unchecked")
    static Graph fromConfig(Config c) {
        Registry r = Registry.global();
        Map<String, Layer> layers = new LinkedHashMap<>();
        ((Map<String, Object>) c.asMap().get("layers")).forEach((n, spec) -> layers.put(n, r.layer(Config.of((Map<String, Object>) spec))));
        List<Step> steps = new ArrayList<>();
        for (Config s : c.getConfigList("nodes")) {
            steps.add(new Step(s.getString("name"), s.getString("layer"), (List<String>) s.getList("inputs")));
        }
        return new Graph((List<String>) c.getList("inputs"), steps, (List<String>) c.getList("outputs"), layers);
    }
}
