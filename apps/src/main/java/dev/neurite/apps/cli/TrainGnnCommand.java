package dev.neurite.apps.cli;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Backend;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Graph;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.graph.GATConv;
import dev.neurite.layers.graph.GCNConv;
import dev.neurite.layers.graph.GINConv;
import dev.neurite.layers.graph.GraphData;
import dev.neurite.layers.graph.SAGEConv;
import dev.neurite.layers.graph.StochasticBlockModel;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code neurite train gnn}: node classification on a synthetic stochastic block model graph, a two-layer graph
 * network against an MLP that sees only the (weakly informative) node features.
 */
@Command(name = "gnn", mixinStandardHelpOptions = true,
        description = "Train a two-layer graph network (gcn, sage, gat or gin) to classify the communities of a synthetic stochastic "
                + "block model graph whose node features alone are weakly informative, next to an MLP on the features; saves the "
                + "graph network (inputs x and edge_index).")
final class TrainGnnCommand implements Callable<Integer> {
    @Option(names = "--model", defaultValue = "gcn", description = "gcn, sage, gat or gin (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--communities", defaultValue = "3", description = "Communities, the classes (default: ${DEFAULT-VALUE}).")
    int communities;

    @Option(names = "--size", defaultValue = "100", description = "Nodes per community (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = "--features", defaultValue = "8", description = "Node feature width (default: ${DEFAULT-VALUE}).")
    int features;

    @Option(names = "--p-in", defaultValue = "0.06", description = "Edge probability inside a community (default: ${DEFAULT-VALUE}).")
    double pIn;

    @Option(names = "--p-out", defaultValue = "0.006", description = "Edge probability across communities (default: ${DEFAULT-VALUE}).")
    double pOut;

    @Option(names = "--signal", defaultValue = "1.0", description = "Feature signal over unit noise (default: ${DEFAULT-VALUE}).")
    double signal;

    @Option(names = "--train-fraction", defaultValue = "0.3", description = "Share of nodes with known labels (default: ${DEFAULT-VALUE}).")
    double trainFraction;

    @Option(names = "--hidden", defaultValue = "16", description = "Hidden width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--steps", defaultValue = "200", description = "Full-graph Adam steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--lr", defaultValue = "0.01", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--target", defaultValue = "0.85", description = "Test accuracy the graph network must reach (default: ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for the graph and the weights (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs/gnn",
            description = "Checkpoint directory for the trained model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Override
    public Integer call() throws java.io.IOException {
        Backend backend = backendOptions.select();
        System.out.println("backend: " + backend.name() + " (" + backend.device() + ")");
        StochasticBlockModel.Task task = StochasticBlockModel.generate(communities, size, features, pIn, pOut, signal, trainFraction, seed);
        GraphData g = task.graph();
        System.out.printf(Locale.ROOT, "stochastic block model: %d communities of %d nodes, %d directed edges, %d training nodes%n",
                communities, size, g.numEdges(), task.trainNodes().numel());
        Generator gen = new Generator(seed + 1);
        Graph network = network(model, features, hidden, communities, gen);
        List<Tensor> inputs = List.of(g.x(), g.edgeIndex());
        double gnn = fit(x -> network.forward(inputs), network, task, "  " + model);
        Sequential mlp = new Sequential(new Dense(features, hidden, gen), new ReLU(), new Dense(hidden, communities, gen));
        double baseline = fit(mlp::forward, mlp, task, "  mlp");
        System.out.printf(Locale.ROOT, "test accuracy: %s %.2f%%, MLP on the features alone %.2f%%%n", model, 100 * gnn, 100 * baseline);
        Checkpoint.save(out, network, null, null, Map.of("task", "sbm", "model", model, "steps", steps, "test_accuracy", gnn,
                "mlp_test_accuracy", baseline, "inputs", List.of("x", "edge_index")));
        System.out.println("saved: " + out.toAbsolutePath());
        return gnn >= target ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    static Graph network(String model, int in, int hidden, int classes, Generator gen) {
        Graph.Builder b = Graph.builder();
        Graph.Node x = b.input("x");
        Graph.Node edges = b.input("edge_index");
        Graph.Node h;
        Graph.Node y;
        switch (model) {
            case "gcn" -> {
                h = b.apply("conv1", new GCNConv(in, hidden, gen), x, edges);
                y = b.apply("conv2", new GCNConv(hidden, classes, gen), b.apply("relu", new ReLU(), h), edges);
            }
            case "sage" -> {
                h = b.apply("conv1", new SAGEConv(in, hidden, gen), x, edges);
                y = b.apply("conv2", new SAGEConv(hidden, classes, gen), b.apply("relu", new ReLU(), h), edges);
            }
            case "gat" -> {
                int heads = 4;
                h = b.apply("conv1", new GATConv(in, Math.max(1, hidden / heads), heads, gen), x, edges);
                y = b.apply("conv2", new GATConv(Math.max(1, hidden / heads) * heads, classes, 1, gen), b.apply("relu", new ReLU(), h), edges);
            }
            case "gin" -> {
                h = b.apply("conv1", new GINConv(new Sequential(new Dense(in, hidden, gen), new ReLU(), new Dense(hidden, hidden, gen))), x, edges);
                y = b.apply("conv2", new GINConv(new Dense(hidden, classes, gen)), b.apply("relu", new ReLU(), h), edges);
            }
            default -> throw new IllegalArgumentException("--model: expected gcn, sage, gat or gin, got '" + model + "'");
        }
        return b.build(y);
    }

    /** Full-graph training on the labelled nodes; returns the accuracy on the others. */
    @SuppressWarnings("try")
    private double fit(Function<Tensor, Tensor> forward, Layer layer, StochasticBlockModel.Task task, String name) {
        Adam adam = new Adam(layer.parameters(), learningRate);
        SparseCategoricalCrossEntropy loss = new SparseCategoricalCrossEntropy();
        Tensor trainLabels = task.labels().gather(0, task.trainNodes());
        double accuracy = 0;
        for (int step = 1; step <= steps; step++) {
            layer.train(true);
            double value;
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor l = loss.compute(forward.apply(task.graph().x()).gather(0, task.trainNodes()), trainLabels);
                l.backward();
                adam.step();
                adam.zeroGrad();
                value = l.item();
            }
            if (step % 50 == 0 || step == steps) {
                accuracy = accuracy(forward, layer, task);
                System.out.printf(Locale.ROOT, "%s step %4d  loss %.4f  test accuracy %.2f%%%n", name, step, value, 100 * accuracy);
            }
        }
        return accuracy;
    }

    @SuppressWarnings("try")
    private static double accuracy(Function<Tensor, Tensor> forward, Layer layer, StochasticBlockModel.Task task) {
        layer.eval();
        try (MemoryScope scope = MemoryScope.open(); GradMode.Guard g = GradMode.noGrad()) {
            Tensor predicted = forward.apply(task.graph().x()).gather(0, task.testNodes()).argmax(1);
            return predicted.eq(task.labels().gather(0, task.testNodes())).cast(DType.FLOAT32).mean().item();
        }
    }
}
