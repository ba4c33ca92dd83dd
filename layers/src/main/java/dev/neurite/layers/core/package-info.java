/** Core layers: {@link dev.neurite.layers.core.Dense}, {@link dev.neurite.layers.core.Dropout}, {@link dev.neurite.layers.core.Flatten}. */
package dev.neurite.layers.core;
