package dev.neurite.generative;

import dev.neurite.api.nn.ComponentProvider;
import dev.neurite.api.nn.Registry;
import dev.neurite.generative.autoencoder.Autoencoder;
import dev.neurite.generative.diffusion.Ddpm;
import dev.neurite.generative.diffusion.MlpDenoiser;
import dev.neurite.generative.diffusion.UNetDenoiser;
import dev.neurite.generative.gan.Gan;
import dev.neurite.generative.vae.Vae;

/** Registers the generative models' layer types under their stable ids, so they save and load in checkpoints. */
public final class GenerativeComponents implements ComponentProvider {
    public static final String MODULE = "neurite-generative";

    @Override
    public String module() {
        return MODULE;
    }

    @Override
    public void register(Registry.Builder registry) {
        registry.layer(Unflatten.TYPE, Unflatten::new)
                .layer(Autoencoder.TYPE, Autoencoder::new)
                .layer(Vae.TYPE, Vae::new)
                .layer(Gan.TYPE, Gan::new)
                .layer(MlpDenoiser.TYPE, MlpDenoiser::new)
                .layer(UNetDenoiser.TYPE, UNetDenoiser::new)
                .layer(Ddpm.TYPE, Ddpm::new);
    }
}
