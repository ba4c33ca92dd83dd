/**
 * Model-free tabular control: {@link dev.neurite.rl.tabular.QLearning} (off-policy TD) and
 * {@link dev.neurite.rl.tabular.Sarsa} (on-policy TD), both epsilon-greedy and seeded.
 */
package dev.neurite.rl.tabular;
