/**
 * Deep agents on Neurite tensors and layers: {@link dev.neurite.rl.deep.Dqn} (experience replay, a target network,
 * an epsilon schedule, Huber loss, Adam) and {@link dev.neurite.rl.deep.Reinforce} (Monte-Carlo policy gradient with
 * a learned value baseline).
 */
package dev.neurite.rl.deep;
