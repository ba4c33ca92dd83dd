/** Optimizers with PyTorch's update rules; all share weight decay, gradient clipping and checkpointable state. */
package dev.neurite.layers.optim;
