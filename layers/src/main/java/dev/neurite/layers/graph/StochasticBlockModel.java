package dev.neurite.layers.graph;

import dev.neurite.api.DType;
import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic node-classification task: a stochastic block model graph whose communities are the classes. Each pair
 * of nodes is joined (in both directions) with probability {@code pIn} inside a community and {@code pOut} across;
 * node features are Gaussian noise plus {@code signal} times a one-hot of the community, so the features alone are
 * weakly informative and the neighbourhood is what a graph layer can add. Reproducible from its seed.
 */
public final class StochasticBlockModel {
    /** The graph, each node's community (int64 {@code [N]}) and a split of node ids into training and test nodes. */
    public record Task(GraphData graph, Tensor labels, Tensor trainNodes, Tensor testNodes) {
    }

    private StochasticBlockModel() {
    }

    /**
     * @param communities   number of communities (classes), at least 2
     * @param size          nodes per community
     * @param features      feature width, at least {@code communities}
     * @param trainFraction share of the nodes in the training split
     */
    public static Task generate(int communities, int size, int features, double pIn, double pOut, double signal,
                                double trainFraction, long seed) {
        if (communities < 2 || size < 1 || features < communities) {
            throw new IllegalArgumentException("stochastic_block_model: expected >= 2 communities of >= 1 node and >= one feature per "
                    + "community, got " + communities + " communities of " + size + " nodes, " + features + " features");
        }
        if (!(pIn >= 0 && pIn <= 1 && pOut >= 0 && pOut <= 1 && trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("stochastic_block_model: expected probabilities in [0, 1] and a training fraction in (0, 1), "
                    + "got pIn " + pIn + ", pOut " + pOut + ", train " + trainFraction);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int n = communities * size;
        long[] label = new long[n];
        for (int i = 0; i < n; i++) {
            label[i] = i / size;
        }
        List<long[]> edges = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (random.nextDouble() < (label[i] == label[j] ? pIn : pOut)) {
                    edges.add(new long[]{i, j});
                    edges.add(new long[]{j, i});
                }
            }
        }
        long[] index = new long[2 * edges.size()];
        for (int e = 0; e < edges.size(); e++) {
            index[e] = edges.get(e)[0];
            index[edges.size() + e] = edges.get(e)[1];
        }
        double[] x = new double[n * features];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < features; f++) {
                x[i * features + f] = gaussian(random) + (f == label[i] ? signal : 0);
            }
        }
        int[] order = shuffled(n, random);
        int train = (int) Math.round(trainFraction * n);
        long[] trainNodes = new long[train];
        long[] testNodes = new long[n - train];
        for (int k = 0; k < n; k++) {
            if (k < train) {
                trainNodes[k] = order[k];
            } else {
                testNodes[k - train] = order[k];
            }
        }
        GraphData graph = new GraphData(Tensor.of(DType.FLOAT32, x, n, features), Tensor.ofLongs(index, 2, edges.size()));
        return new Task(graph, Tensor.ofLongs(label, n), Tensor.ofLongs(trainNodes, train), Tensor.ofLongs(testNodes, n - train));
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    private static int[] shuffled(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
