/**
 * Finite Markov decision processes (S, A, P, R, gamma) with explicit transition probabilities, tabular policies,
 * and the dynamic-programming methods that need the model: iterative policy evaluation, policy iteration and value
 * iteration ({@link dev.neurite.rl.mdp.DynamicProgramming}).
 */
package dev.neurite.rl.mdp;
