/**
 * Recurrent layers with PyTorch's equations, gate order and parameter names: {@link dev.neurite.layers.rnn.SimpleRNN},
 * {@link dev.neurite.layers.rnn.LSTM} and {@link dev.neurite.layers.rnn.GRU}, trained by back-propagation through time.
 */
package dev.neurite.layers.rnn;
