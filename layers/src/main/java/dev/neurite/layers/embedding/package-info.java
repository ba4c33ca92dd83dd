/** Token embeddings ({@link dev.neurite.layers.embedding.Embedding}) and positional encodings. */
package dev.neurite.layers.embedding;
