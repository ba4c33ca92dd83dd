package dev.neurite.layers.optim;

import dev.neurite.api.MemoryScope;
import dev.neurite.api.Tensor;
import dev.neurite.api.autograd.GradMode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer's per-parameter tensors (moments, buffers) named {@code <kind>.<parameter>}. They are created on
 * first use, usually inside a training step's {@link MemoryScope}, so they are created outside it to survive the step.
 */
final class OptimizerState {
    private final String owner;
    private final Map<String, Tensor> parameters;
    private final Set<String> kinds;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    OptimizerState(String owner, Map<String, Tensor> parameters, Set<String> kinds) {
        this.owner = owner;
        this.parameters = parameters;
        this.kinds = kinds;
    }

    boolean has(String kind, String parameter) {
        return tensors.containsKey(kind + "." + parameter);
    }

    Tensor get(String kind, String parameter, Tensor like, double initial) {
        return tensors.computeIfAbsent(kind + "." + parameter, k -> filled(like, initial));
    }

    private static Tensor filled(Tensor like, double value) {
        return MemoryScope.outside(() -> Tensor.wrap(like.backend().full(like.shape(), value, like.dtype())));
    }

    /** The live tensors, in creation order. */
    Map<String, Tensor> tensors() {
        return Collections.unmodifiableMap(tensors);
    }

    /** Replaces every tensor with a copy of {@code saved}'s, after checking each names a known kind and parameter. */
    @SuppressWarnings("try") // the guard only scopes no-grad mode
    void replace(Map<String, Tensor> saved) {
        Map<String, Tensor> copies = new LinkedHashMap<>();
        try (GradMode.Guard g = GradMode.noGrad()) {
            saved.forEach((key, value) -> copies.put(key, filled(parameterOf(key, value), 0).copyFrom(value)));
        }
        // Copies first, then close: saved may be this very state (loadState(state())).
        tensors.values().forEach(Tensor::close);
        tensors.clear();
        tensors.putAll(copies);
    }

    private Tensor parameterOf(String key, Tensor value) {
        int dot = key.indexOf('.');
        Tensor p = dot < 0 || !kinds.contains(key.substring(0, dot)) ? null : parameters.get(key.substring(dot + 1));
        if (p == null) {
            throw new IllegalArgumentException(owner + ": cannot load state '" + key + "'; expected 'step' or "
                    + "<kind>.<parameter> with kind in " + kinds + " and parameter in " + parameters.keySet());
        }
        if (!value.shape().equals(p.shape())) {
            throw new IllegalArgumentException(owner + ": state '" + key + "' has shape " + value.shape()
                    + " but the parameter has shape " + p.shape());
        }
        return p;
    }
}
