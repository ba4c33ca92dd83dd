package dev.neurite.api.nn;

import dev.neurite.api.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Layers applied one after another; children are named {@code 0, 1, 2, ...}. */
public final class Sequential extends AbstractLayer {
    public static final String TYPE = "sequential";
    private final List<Layer> layers = new ArrayList<>();

    public Sequential(Layer... layers) {
        for (Layer l : layers) {
            add(l);
        }
    }

    public Sequential(List<? extends Layer> layers) {
        layers.forEach(this::add);
    }

    public Sequential add(Layer layer) {
        addChild(Integer.toString(layers.size()), layer);
        layers.add(layer);
        layer.train(isTraining());
        return this;
    }

    public List<Layer> layers() {
        return List.copyOf(layers);
    }

    @Override
    public Tensor forward(Tensor input) {
        Tensor x = input;
        for (Layer l : layers) {
            x = l.forward(x);
        }
        return x;
    }

    @Override
    public String typeId() {
        return TYPE;
    }

    @Override
    public Config config() {
        Registry r = Registry.global();
        return Config.empty().with("layers", layers.stream().map(r::spec).toList());
    }

    static Sequential fromConfig(Config c) {
        Registry r = Registry.global();
        return new Sequential(c.getConfigList("layers").stream().map(r::layer).toList());
    }
}
