package dev.neurite.api.nn;

/** The containers and merge layers that live in the api module itself. */
public final class ApiComponents implements ComponentProvider {
    @Override
    public String module() {
        return "neurite-api";
    }

    @Override
    public void register(Registry.Builder registry) {
        registry.layer(Sequential.TYPE, Sequential::fromConfig)
                .layer(Graph.TYPE, Graph::fromConfig)
                .layer(Add.TYPE, c -> new Add())
                .layer(Concat.TYPE, c -> new Concat(c.getInt("axis")));
    }
}
