package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Generator;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** End-to-end: graph layers learn what the node features alone do not tell. */
class GnnLearningTest {
    private static final SparseCategoricalCrossEntropy LOSS = new SparseCategoricalCrossEntropy();

    /** Full-batch Adam on the rows {@code train} of {@code model}'s output; returns the accuracy on the rows {@code test}. */
    @SuppressWarnings("try")
    private static double fit(Function<Tensor, Tensor> model, Map<String, Tensor> parameters, Tensor input, Tensor labels, Tensor train,
                              Tensor test, int steps) {
        Adam adam = new Adam(parameters, 0.01);
        Tensor trainLabels = labels.gather(0, train);
        for (int i = 0; i < steps; i++) {
            try (MemoryScope scope = MemoryScope.open()) {
                LOSS.compute(model.apply(input).gather(0, train), trainLabels).backward();
                adam.step();
                adam.zeroGrad();
            }
        }
        try (GradMode.Guard g = GradMode.noGrad()) {
            Tensor predicted = model.apply(input).gather(0, test).argmax(1);
            return predicted.eq(labels.gather(0, test)).cast(DType.FLOAT32).mean().item();
        }
    }

    @Test
    void gcnClassifiesCommunitiesThatTheFeaturesAloneDoNot() {
        // Three communities of 60; about 6 neighbours inside, 1.2 across; features one-hot signal 1 under unit noise.
        StochasticBlockModel.Task task = StochasticBlockModel.generate(3, 60, 8, 0.1, 0.01, 1.0, 0.3, 7);
        GraphData g = task.graph();
        Generator gen = new Generator(11);
        GCNConv conv1 = new GCNConv(8, 16, gen);
        GCNConv conv2 = new GCNConv(16, 3, gen);
        Sequential both = new Sequential(conv1, conv2);
        double gcn = fit(x -> conv2.forward(conv1.forward(x, g).relu(), g), both.parameters(), g.x(), task.labels(), task.trainNodes(),
                task.testNodes(), 60);
        Sequential mlp = new Sequential(new Dense(8, 16, gen), new ReLU(), new Dense(16, 3, gen));
        double features = fit(mlp::forward, mlp.parameters(), g.x(), task.labels(), task.trainNodes(), task.testNodes(), 60);
        System.out.printf("SBM node classification, test accuracy: GCN %.3f, MLP on features %.3f%n", gcn, features);
        assertTrue(gcn >= 0.85, "GCN test accuracy " + gcn);
        assertTrue(features <= 0.75, "MLP test accuracy " + features);
    }

    /** A cycle (every degree 2) or a path (two ends of degree 1) of n nodes, with constant features. */
    private static GraphData ringOrPath(int n, boolean ring) {
        int m = ring ? n : n - 1;
        long[] index = new long[4 * m];
        for (int e = 0; e < m; e++) {
            long a = e;
            long b = (e + 1) % n;
            index[2 * e] = a;
            index[2 * e + 1] = b;
            index[2 * m + 2 * e] = b;
            index[2 * m + 2 * e + 1] = a;
        }
        return new GraphData(Tensor.ones(n, 1), Tensor.ofLongs(index, 2, 2 * m));
    }

    @Test
    void ginWithReadoutTellsRingsFromPaths() {
        List<GraphData> graphs = new ArrayList<>();
        long[] label = new long[40];
        for (int k = 0; k < 40; k++) {
            boolean ring = k % 2 == 0;
            graphs.add(ringOrPath(5 + (k / 2) % 8, ring));
            label[k] = ring ? 1 : 0;
        }
        GraphData batch = GraphData.batch(graphs);
        Generator gen = new Generator(3);
        GINConv gin1 = new GINConv(new Sequential(new Dense(1, 8, gen), new ReLU(), new Dense(8, 8, gen)));
        GINConv gin2 = new GINConv(new Sequential(new Dense(8, 8, gen), new ReLU(), new Dense(8, 8, gen)));
        GlobalPool pool = new GlobalPool(Aggregation.MEAN);
        Dense head = new Dense(8, 2, gen);
        Sequential all = new Sequential(gin1, gin2, pool, head);
        Tensor labels = Tensor.ofLongs(label, 40);
        long[] trainIds = new long[28];
        long[] testIds = new long[12];
        for (int k = 0; k < 40; k++) {
            if (k < 28) {
                trainIds[k] = k;
            } else {
                testIds[k - 28] = k;
            }
        }
        double accuracy = fit(x -> head.forward(pool.forward(gin2.forward(gin1.forward(x, batch).relu(), batch).relu(), batch)),
                all.parameters(), batch.x(), labels, Tensor.ofLongs(trainIds, 28), Tensor.ofLongs(testIds, 12), 60);
        System.out.printf("rings vs paths, test accuracy: GIN + mean readout %.3f%n", accuracy);
        assertTrue(accuracy >= 0.9, "GIN graph classification test accuracy " + accuracy);
    }
}
