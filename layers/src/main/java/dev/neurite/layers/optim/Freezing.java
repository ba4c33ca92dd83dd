package dev.neurite.layers.optim;

import dev.neurite.api.Tensor;
import dev.neurite.api.nn.Layer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Freezing parameters for transfer learning: a frozen parameter has {@code requiresGrad(false)}, so back-propagation
 * computes no gradient for it and every optimizer skips it (they update only parameters that have a gradient), while
 * gradients still flow through it to the layers below. The usual recipe: freeze the pretrained lower layers, train
 * a new head, then unfreeze and fine-tune everything with the pretrained part at a tenth of the learning rate
 * ({@link AbstractOptimizer#learningRateScale}).
 *
 * <p>Names are dotted paths as in {@link Layer#parameters()}; a prefix {@code "0"} covers {@code 0.weight} and
 * {@code 0.bias} but not {@code 10.weight}. Freezing is not saved in checkpoints: freeze again after loading.
 * Batch norm in a frozen layer still updates its running statistics in training mode; put it in eval mode too if it
 * must stay as it was.
 */
public final class Freezing {
    private Freezing() {
    }

    /** Freezes every parameter of {@code layer} (and its children). */
    public static void freeze(Layer layer) {
        layer.parameters().values().forEach(p -> p.requiresGrad(false));
    }

    public static void unfreeze(Layer layer) {
        layer.parameters().values().forEach(p -> p.requiresGrad(true));
    }

    /** Freezes the parameters of {@code model} under {@code prefix}; returns their names. */
    public static List<String> freeze(Layer model, String prefix) {
        return set(model, prefix, false);
    }

    public static List<String> unfreeze(Layer model, String prefix) {
        return set(model, prefix, true);
    }

    /** The parameters that are not frozen, e.g. to give an optimizer only what it should train. */
    public static Map<String, Tensor> trainable(Layer model) {
        Map<String, Tensor> r = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> {
            if (p.requiresGrad()) {
                r.put(name, p);
            }
        });
        return r;
    }

    private static List<String> set(Layer model, String prefix, boolean requiresGrad) {
        Map<String, Tensor> params = model.parameters();
        List<String> names = matching(params.keySet(), prefix);
        if (names.isEmpty()) {
            throw new IllegalArgumentException((requiresGrad ? "unfreeze" : "freeze") + ": prefix '" + prefix
                    + "' matches no parameter of " + model.typeId() + "; parameters are " + params.keySet());
        }
        names.forEach(n -> params.get(n).requiresGrad(requiresGrad));
        return names;
    }

    /** Whether dotted name {@code name} lies under {@code prefix}: equal to it, or continuing it at a dot. */
    static boolean matches(String name, String prefix) {
        if (prefix.isEmpty() || prefix.endsWith(".")) {
            return name.startsWith(prefix);
        }
        return name.equals(prefix) || name.startsWith(prefix + ".");
    }

    static List<String> matching(Collection<String> names, String prefix) {
        List<String> r = new ArrayList<>();
        for (String n : names) {
            if (matches(n, prefix)) {
                r.add(n);
            }
        }
        return r;
    }
}
