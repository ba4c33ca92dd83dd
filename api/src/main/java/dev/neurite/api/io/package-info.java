/**
 * Files in open formats: a strict JSON reader and writer, safetensors tensors readable by Python's
 * {@code safetensors}, and checkpoints (weights, optimizer state and a JSON index with checksums) written atomically.
 */
package dev.neurite.api.io;
