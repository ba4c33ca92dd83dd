/** Parameter initialization schemes as functions of shape, fan-in, fan-out and seed. */
package dev.neurite.layers.init;
