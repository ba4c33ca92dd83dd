package dev.neurite.layers;

import dev.neurite.api.DType;
import dev.neurite.api.MemoryScope;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.backend.Distribution;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.nn.Optimizer;
import dev.neurite.api.nn.Sequential;
import dev.neurite.layers.activation.Maxout;
import dev.neurite.layers.activation.Tanh;
import dev.neurite.layers.core.Dense;
import dev.neurite.layers.loss.CoralLoss;
import dev.neurite.layers.loss.DistillationLoss;
import dev.neurite.layers.loss.Reduction;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.loss.TripletMarginLoss;
import dev.neurite.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End-to-end: the methods of docs/training.md learn on small synthetic problems (full batch, about a hundred Adam
 * steps each): a Maxout student distilled from a teacher, a triplet-trained embedding, and CORAL aligning domains.
 */
class MethodsLearningTest {
    private static final int N = 240;

    /** Three Gaussian blobs in 2-D, labels 0..2 in turn. */
    private static Tensor blobs(long seed) {
        double[] centres = {-2, 0, 2, 0, 0, 2.5};
        double[] noise = Tensor.random(Shape.of(N, 2), DType.FLOAT32, Distribution.NORMAL, 0, 0.6, seed).toDoubleArray();
        float[] x = new float[2 * N];
        for (int i = 0; i < N; i++) {
            x[2 * i] = (float) (centres[2 * (i % 3)] + noise[2 * i]);
            x[2 * i + 1] = (float) (centres[2 * (i % 3) + 1] + noise[2 * i + 1]);
        }
        return Tensor.of(x, N, 2);
    }

    private static Tensor labels() {
        long[] y = new long[N];
        for (int i = 0; i < N; i++) {
            y[i] = i % 3;
        }
        return Tensor.ofLongs(y, N);
    }

    @SuppressWarnings("try")
    private static double fit(Optimizer optimizer, int steps, Supplier<Tensor> loss) {
        double last = Double.NaN;
        for (int s = 0; s < steps; s++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor l = loss.get();
                last = l.item();
                l.backward();
                optimizer.step();
                optimizer.zeroGrad();
            }
        }
        return last;
    }

    private static double accuracy(Layer model, Tensor x, Tensor y) {
        try (GradMode.Guard g = GradMode.noGrad()) {
            return model.forward(x).argmax(-1).eq(y).cast(DType.FLOAT32).mean().item();
        }
    }

    @Test
    void aMaxoutStudentLearnsFromATeachersSoftTargets() {
        Tensor x = blobs(1);
        Tensor y = labels();
        Sequential teacher = new Sequential(new Dense(2, 32, 1), new Tanh(), new Dense(32, 3, 2));
        fit(new Adam(teacher.parameters(), 0.03), 80, () -> new SparseCategoricalCrossEntropy().compute(teacher.forward(x), y));
        assertTrue(accuracy(teacher, x, y) > 0.9, "teacher accuracy " + accuracy(teacher, x, y));
        Tensor soft;
        try (GradMode.Guard g = GradMode.noGrad()) {
            soft = teacher.forward(x);
        }
        Sequential student = new Sequential(new Maxout(2, 4, 2, DType.FLOAT32, 3), new Dense(4, 3, 4));
        DistillationLoss distill = new DistillationLoss(4, 0.9, Reduction.MEAN);
        fit(new Adam(student.parameters(), 0.03), 100, () -> distill.compute(student.forward(x), soft, y));
        Tensor test = blobs(2);
        double acc = accuracy(student, test, y);
        System.out.printf("distillation: teacher %.3f, maxout student on fresh points %.3f%n", accuracy(teacher, x, y), acc);
        assertTrue(acc > 0.9, "student accuracy on fresh points " + acc);
    }

    @Test
    void aTripletTrainedEmbeddingSeparatesTheClasses() {
        Tensor x = blobs(3);
        // Anchors, positives (same class: the next point of that class) and negatives (the next point, another class).
        Tensor anchors = x.slice(0, 0, N - 3);
        Tensor positives = x.slice(0, 3, N);
        Tensor negatives = x.slice(0, 1, N - 2);
        Sequential embed = new Sequential(new Dense(2, 16, 5), new Tanh(), new Dense(16, 2, 6));
        TripletMarginLoss triplet = new TripletMarginLoss();
        double initial;
        try (GradMode.Guard g = GradMode.noGrad()) {
            initial = triplet.compute(embed.forward(anchors), embed.forward(positives), embed.forward(negatives)).item();
        }
        double last = fit(new Adam(embed.parameters(), 0.02), 100,
                () -> triplet.compute(embed.forward(anchors), embed.forward(positives), embed.forward(negatives)));
        System.out.printf("triplet embedding: loss %.4f -> %.4f%n", initial, last);
        assertTrue(last < 0.2 * initial, "triplet loss " + initial + " -> " + last);
    }

    @Test
    void coralAlignsTheFeatureCovariancesOfTwoDomains() {
        Tensor source = blobs(4);
        // The target domain: the same kind of data, stretched and sheared.
        Tensor shear = Tensor.of(new float[]{2.0f, 0.8f, 0, 0.4f}, 2, 2);
        Tensor target = blobs(5).matmul(shear);
        Dense features = new Dense(2, 3, 7);
        CoralLoss coral = new CoralLoss();
        double initial;
        try (GradMode.Guard g = GradMode.noGrad()) {
            initial = coral.compute(features.forward(source), features.forward(target)).item();
        }
        Dense head = new Dense(3, 3, 8);
        Sequential classifier = new Sequential(features, head);
        java.util.Map<String, Tensor> params = new java.util.LinkedHashMap<>(classifier.parameters());
        Tensor y = labels();
        fit(new Adam(params, 0.02), 100, () -> {
            Tensor fs = features.forward(source);
            Tensor task = new SparseCategoricalCrossEntropy().compute(head.forward(fs), y);
            return task.add(coral.compute(fs, features.forward(target)).mul(10));
        });
        double last;
        try (GradMode.Guard g = GradMode.noGrad()) {
            last = coral.compute(features.forward(source), features.forward(target)).item();
        }
        System.out.printf("coral: %.4f -> %.4f, source accuracy %.3f%n", initial, last, accuracy(classifier, source, y));
        assertTrue(last < 0.1 * initial, "coral " + initial + " -> " + last);
        assertTrue(accuracy(classifier, source, y) > 0.85, "the source task is still solved (chance: 1/3)");
    }
}
