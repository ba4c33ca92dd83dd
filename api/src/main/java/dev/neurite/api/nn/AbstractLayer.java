package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Bookkeeping shared by layers: named parameters, buffers and children, and the training flag. */
public abstract class AbstractLayer implements Layer {
    private final Map<String, Tensor> ownParameters = new LinkedHashMap<>();
    private final Map<String, Tensor> ownBuffers = new LinkedHashMap<>();
    private final Map<String, Layer> ownChildren = new LinkedHashMap<>();
    private boolean training = true;

    /** Registers a trainable tensor (it is marked {@code requiresGrad}); returns it. */
    protected Tensor addParameter(String name, Tensor value) {
        checkName(name);
        value.requiresGrad(true);
        ownParameters.put(name, value);
        return value;
    }

    protected Tensor addBuffer(String name, Tensor value) {
        checkName(name);
        ownBuffers.put(name, value);
        return value;
    }

    protected <L extends Layer> L addChild(String name, L child) {
        checkName(name);
        ownChildren.put(name, child);
        return child;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(typeId() + ": invalid member name '" + name + "' (non-empty, no dots)");
        }
        if (ownParameters.containsKey(name) || ownBuffers.containsKey(name) || ownChildren.containsKey(name)) {
            throw new IllegalArgumentException(typeId() + ": a member named '" + name + "' already exists");
        }
    }

    @Override
    public Map<String, Tensor> parameters() {
        Map<String, Tensor> all = new LinkedHashMap<>(ownParameters);
        ownChildren.forEach((n, c) -> c.parameters().forEach((k, v) -> all.put(n + "." + k, v)));
        return all;
    }

    @Override
    public Map<String, Tensor> buffers() {
        Map<String, Tensor> all = new LinkedHashMap<>(ownBuffers);
        ownChildren.forEach((n, c) -> c.buffers().forEach((k, v) -> all.put(n + "." + k, v)));
        return all;
    }

    @Override
    public Map<String, Layer> children() {
        return Collections.unmodifiableMap(ownChildren);
    }

    @Override
    public void train(boolean training) {
        this.training = training;
        ownChildren.values().forEach(c -> c.train(training));
    }

    @Override
    public boolean isTraining() {
        return training;
    }

    @Override
    public String toString() {
        return typeId() + config();
    }
}
