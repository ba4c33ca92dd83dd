/** Neurite's standard components; {@link dev.neurite.layers.LayersComponents} registers them by type id. */
package dev.neurite.layers;
