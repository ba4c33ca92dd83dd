/**
 * Convolution and pooling over NCHW inputs: {@link dev.neurite.layers.conv.Conv2d},
 * {@link dev.neurite.layers.conv.MaxPool2d}, {@link dev.neurite.layers.conv.AvgPool2d},
 * {@link dev.neurite.layers.conv.GlobalAvgPool}. Each uses the backend's fused kernel when it has one and a
 * primitive path built from Tensor ops otherwise.
 */
package dev.neurite.layers.conv;
