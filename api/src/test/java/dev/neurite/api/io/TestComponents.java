package dev.neurite.api.io;

import dev.neurite.api.nn.ComponentProvider;
import dev.neurite.api.nn.Registry;

/** Registers the test layer, optimizer and loss; tests add it with {@link Registry#register} and remove it after. */
final class TestComponents implements ComponentProvider {
    static final String MODULE = "neurite-test-components";

    @Override
    public String module() {
        return MODULE;
    }

    @Override
    public void register(Registry.Builder registry) {
        registry.layer(Affine.TYPE, Affine::fromConfig)
                .optimizer(MomentumSgd.TYPE, MomentumSgd::fromConfig)
                .loss(SquaredError.TYPE, c -> new SquaredError());
    }
}
