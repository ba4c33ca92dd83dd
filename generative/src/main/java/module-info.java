/** Generative models for Neurite: autoencoders, VAEs, GANs and diffusion models, built from the standard layers. */
module dev.neurite.generative {
    requires transitive dev.neurite.api;
    requires transitive dev.neurite.layers;
    requires java.desktop; // javax.imageio for dev.neurite.generative.ImageGrid

    exports dev.neurite.generative;
    exports dev.neurite.generative.autoencoder;
    exports dev.neurite.generative.vae;
    exports dev.neurite.generative.gan;
    exports dev.neurite.generative.diffusion;

    provides dev.neurite.api.nn.ComponentProvider with dev.neurite.generative.GenerativeComponents;
}
