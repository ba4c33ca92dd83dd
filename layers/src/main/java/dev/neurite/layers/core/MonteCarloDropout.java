package dev.neurite.layers.core;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;
import dev.neurite.api.nn.Layer;

import java.util.ArrayList;
import java.util.List;

/**
 * Monte-Carlo dropout (Gal and Ghahramani 2016): an approximate Bayesian predictive distribution from a network
 * trained with dropout, by keeping dropout on at inference and running the same input through it many times
 * (typically 25-100 passes, with p around 0.1-0.2). The spread of the outputs estimates the model's uncertainty.
 *
 * <p>Only the dropout layers ({@link MaskedDropout}: {@link Dropout}, {@code Dropout2d}) are switched to training
 * mode; everything else, batch norm in particular, stays in evaluation mode, so running statistics are used and
 * not updated. The model's training flags are restored afterwards. The masks come from each dropout layer's seeded
 * generator, so a run is reproducible from the model's seeds and its history.
 */
public final class MonteCarloDropout {
    /** Per-output mean and (population, divided by N) variance over the passes, both of the model's output shape. */
    public record Prediction(Tensor mean, Tensor variance, int passes) {
    }

    private MonteCarloDropout() {
    }

    @SuppressWarnings("try") // the guard and scopes only bound no-grad mode and pass temporaries
    public static Prediction predict(Layer model, Tensor input, int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("mc dropout: passes must be >= 1, got " + passes);
        }
        List<Layer> layers = new ArrayList<>();
        collect(model, layers);
        boolean[] training = new boolean[layers.size()];
        for (int i = 0; i < training.length; i++) {
            training[i] = layers.get(i).isTraining();
        }
        Tensor mean = null;
        Tensor m2 = null;
        try (GradMode.Guard g = GradMode.noGrad()) {
            model.eval();
            layers.stream().filter(l -> l instanceof MaskedDropout).forEach(l -> l.train(true));
            for (int k = 1; k <= passes; k++) {
                try (MemoryScope scope = MemoryScope.open()) {
                    Tensor y = model.forward(input);
                    if (mean == null) {
                        // Created inside the pass scope, then moved out to the caller's.
                        mean = MemoryScope.keep(y.mul(1));
                        m2 = MemoryScope.keep(y.mul(0));
                        continue;
                    }
                    // Welford's update: no cancellation between E[y^2] and E[y]^2 in float32.
                    Tensor delta = y.sub(mean);
                    mean.addInPlace(delta.div(k));
                    m2.addInPlace(delta.mul(y.sub(mean)));
                }
            }
            m2.mulInPlace(Tensor.scalar(1.0 / passes, m2.dtype()));
        } finally {
            // Parents first: train(flag) recurses, so each child's own flag is set after its parent's.
            for (int i = 0; i < training.length; i++) {
                layers.get(i).train(training[i]);
            }
        }
        return new Prediction(mean, m2, passes);
    }

    /** The model and all its descendants, parents before children. */
    private static void collect(Layer layer, List<Layer> into) {
        into.add(layer);
        layer.children().values().forEach(c -> collect(c, into));
    }
}
