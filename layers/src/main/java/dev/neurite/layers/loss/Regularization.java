package dev.neurite.layers.loss;

import dev.neurite.api.Tensor;

import java.util.Map;
import java.util.function.Predicate;

/**
 * Weight penalties to add to a loss: {@code loss.add(Regularization.l2(model.parameters(), 1e-4))}. For plain
 * L2 with SGD or Adam, an optimizer's {@code weightDecay} does the same job without building the penalty's graph.
 */
public final class Regularization {
    private Regularization() {
    }

    /** {@code lambda * sum |p|} over all parameters. */
    public static Tensor l1(Map<String, Tensor> parameters, double lambda) {
        return l1(parameters, lambda, name -> true);
    }

    /** {@code lambda * sum |p|} over the parameters whose name passes {@code include} (e.g. skip biases). */
    public static Tensor l1(Map<String, Tensor> parameters, double lambda, Predicate<String> include) {
        return penalty(parameters, lambda, include, true);
    }

    /** {@code lambda * sum p^2} over all parameters. */
    public static Tensor l2(Map<String, Tensor> parameters, double lambda) {
        return l2(parameters, lambda, name -> true);
    }

    public static Tensor l2(Map<String, Tensor> parameters, double lambda, Predicate<String> include) {
        return penalty(parameters, lambda, include, false);
    }

    private static Tensor penalty(Map<String, Tensor> parameters, double lambda, Predicate<String> include, boolean absolute) {
        Tensor total = null;
        for (Map.Entry<String, Tensor> e : parameters.entrySet()) {
            if (!include.test(e.getKey())) {
                continue;
            }
            Tensor p = e.getValue();
            Tensor term = (absolute ? p.abs() : p.square()).sum();
            total = total == null ? term : total.add(term);
        }
        return total == null ? Tensor.scalar(0) : total.mul(lambda);
    }
}
