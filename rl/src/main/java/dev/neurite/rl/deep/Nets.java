package dev.neurite.rl.deep;

import dev.neurite.api.Generator;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.ReLU;
import dev.neurite.layers.core.Dense;

import java.util.List;
import java.util.Map;

/** What the deep agents share: their MLPs, observation batches and weight copies. */
final class Nets {
    private Nets() {
    }

    /** in -> hidden (ReLU) x layers -> out. */
    static Sequential mlp(int in, int hidden, int layers, int out, Generator generator) {
        Sequential net = new Sequential();
        int width = in;
        for (int i = 0; i < layers; i++) {
            net.add(new Dense(width, hidden, generator)).add(new ReLU());
            width = hidden;
        }
        return net.add(new Dense(width, out, generator));
    }

    static Tensor batch(String operation, List<double[]> rows, int dimension) {
        float[] values = new float[rows.size() * dimension];
        for (int i = 0; i < rows.size(); i++) {
            double[] row = rows.get(i);
            if (row.length != dimension) {
                throw new IllegalArgumentException(operation + ": expected observations of length " + dimension + ", got " + row.length);
            }
            for (int j = 0; j < dimension; j++) {
                values[i * dimension + j] = (float) row[j];
            }
        }
        return Tensor.of(values, rows.size(), dimension);
    }

    static Tensor vector(double[] values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.of(f, f.length);
    }

    static void copyWeights(Layer from, Layer to) {
        Map<String, Tensor> source = from.parameters();
        try (GradMode.Guard g = GradMode.noGrad()) {
            to.parameters().forEach((name, p) -> p.copyFrom(source.get(name)));
        }
    }

    static int argmax(float[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return best;
    }
}
