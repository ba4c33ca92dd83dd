/** Standard layers, activations, losses, optimizers, schedules and initializers for Neurite. */
module dev.neurite.layers {
    requires transitive dev.neurite.api;
    requires java.desktop; // javax.imageio for dev.neurite.layers.vision.HeatmapPng

    exports dev.neurite.layers;
    exports dev.neurite.layers.core;
    exports dev.neurite.layers.conv;
    exports dev.neurite.layers.activation;
    exports dev.neurite.layers.loss;
    exports dev.neurite.layers.optim;
    exports dev.neurite.layers.schedule;
    exports dev.neurite.layers.init;
    exports dev.neurite.layers.norm;
    exports dev.neurite.layers.vision;
    exports dev.neurite.layers.embedding;
    exports dev.neurite.layers.rnn;
    exports dev.neurite.layers.attention;
    exports dev.neurite.layers.seq2seq;
    exports dev.neurite.layers.graph;
    exports dev.neurite.layers.classic;

    provides dev.neurite.api.nn.ComponentProvider with dev.neurite.layers.LayersComponents;
}
