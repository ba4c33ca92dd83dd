package dev.neurite.rl;

import dev.neurite.api.Generator;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The agent-environment loop: observe s, choose a, receive r and s', learn, repeat until the episode terminates or is
 * truncated. Episode {@code i} is reset with the {@code i}-th seed of {@code new Generator(seed)}, so a run is
 * reproducible from one number and its episodes still differ.
 */
public final class AgentLoop {
    private AgentLoop() {
    }

    /** Runs {@code episodes} learning episodes; {@code onEpisode} (may be null) sees each as it ends. */
    public static <O, A> List<Episode> train(Environment<O, A> env, Agent<O, A> agent, int episodes, double gamma, long seed,
                                             Consumer<Episode> onEpisode) {
        return loop("AgentLoop.train", env, agent, agent, episodes, gamma, seed, onEpisode);
    }

    /** Runs {@code episodes} episodes of a fixed policy, learning nothing. */
    public static <O, A> List<Episode> evaluate(Environment<O, A> env, Policy<O, A> policy, int episodes, double gamma, long seed) {
        return loop("AgentLoop.evaluate", env, policy, null, episodes, gamma, seed, null);
    }

    /** The mean total reward of {@code episodes}. */
    public static double meanTotalReward(List<Episode> episodes) {
        return episodes.stream().mapToDouble(Episode::totalReward).average().orElse(Double.NaN);
    }

    private static <O, A> List<Episode> loop(String operation, Environment<O, A> env, Policy<O, A> policy, Agent<O, A> learner,
                                             int episodes, double gamma, long seed, Consumer<Episode> onEpisode) {
        if (episodes < 0) {
            throw new IllegalArgumentException(operation + ": expected a non-negative episode count, got " + episodes);
        }
        Returns.checkGamma(operation, gamma);
        Generator seeds = new Generator(seed);
        List<Episode> out = new ArrayList<>(episodes);
        for (int i = 0; i < episodes; i++) {
            O obs = env.reset(seeds.nextSeed());
            double total = 0;
            double discounted = 0;
            double discount = 1;
            int length = 0;
            Step<O> step;
            do {
                A action = policy.action(obs);
                step = env.step(action);
                if (learner != null) {
                    learner.observe(new Transition<>(obs, action, step.reward(), step.observation(), step.terminated(),
                            step.truncated()));
                }
                total += step.reward();
                discounted += discount * step.reward();
                discount *= gamma;
                length++;
                obs = step.observation();
            } while (!step.done());
            if (learner != null) {
                learner.endEpisode();
            }
            Episode e = new Episode(total, discounted, length, step.terminated());
            out.add(e);
            if (onEpisode != null) {
                onEpisode.accept(e);
            }
        }
        return out;
    }
}
