/**
 * Sequence models over token ids: encoder-decoder models ({@link dev.neurite.layers.seq2seq.TransformerSeq2Seq},
 * {@link dev.neurite.layers.seq2seq.LstmSeq2Seq}), a recurrent language model, and greedy or top-k/temperature
 * generation ({@link dev.neurite.layers.seq2seq.TokenSampler}).
 */
package dev.neurite.layers.seq2seq;
