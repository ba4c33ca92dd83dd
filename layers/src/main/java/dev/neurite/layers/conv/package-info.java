/**
 * Convolution and pooling over NCHW inputs: {@link dev.neurite.layers.conv.Conv2d},
 * {@link dev.neurite.layers.conv.MaxPool2d}, {@link dev.neurite.layers.conv.AvgPool2d},
 * {@link dev.neurite.layers.conv.GlobalAvgPool}. Each uses the backend's fused kernel when it has one and a
 * primitive path built from Tensor ops otherwise.
 *
 * <p>Built on the same convolution machinery and on Tensor ops, with no kernels of their own:
 * {@link dev.neurite.layers.conv.Conv1d} (a [B, C, 1, L] convolution), {@link dev.neurite.layers.conv.ConvTranspose2d}
 * (zero insertion, padding and a convolution with the flipped, transposed kernel),
 * {@link dev.neurite.layers.conv.Upsample} (nearest and bilinear, as PyTorch's {@code F.interpolate}),
 * {@link dev.neurite.layers.conv.ZeroPad2d}, {@link dev.neurite.layers.conv.Dropout2d} (whole channels) and the basic
 * ResNet {@link dev.neurite.layers.conv.ResidualBlock}.
 */
package dev.neurite.layers.conv;
