/**
 * Environments: {@link dev.neurite.rl.env.GridWorld} (Sutton and Barto's 4x4 gridworld, FrozenLake, or any map with
 * walls, terminals and slip), the {@link dev.neurite.rl.env.Chain} corridor with a closed-form Q*, and
 * {@link dev.neurite.rl.env.CartPole} with Gymnasium's physics; {@link dev.neurite.rl.env.OneHot} turns a discrete
 * observation into a vector for neural agents.
 */
package dev.neurite.rl.env;
