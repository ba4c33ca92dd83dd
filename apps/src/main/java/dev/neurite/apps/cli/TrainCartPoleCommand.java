package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Layer;
import dev.neurite.rl.Agent;
import dev.neurite.rl.AgentLoop;
import dev.neurite.rl.Episode;
import dev.neurite.rl.deep.Dqn;
import dev.neurite.rl.deep.Reinforce;
import dev.neurite.rl.env.CartPole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code neurite train cartpole}: DQN or REINFORCE (with a value baseline) on Gymnasium's CartPole-v1 physics,
 * printing the average return per block of episodes, then the greedy policy's average, and saving the network.
 */
@Command(name = "cartpole", mixinStandardHelpOptions = true,
        description = "Train DQN or REINFORCE on CartPole (Gymnasium's CartPole-v1 physics, 500-step limit), print the average "
                + "return per block of episodes and of the greedy policy, and save the Q or policy network as a checkpoint.")
final class TrainCartPoleCommand implements Callable<Integer> {
    @Option(names = "--agent", defaultValue = "dqn", description = "dqn or reinforce (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--episodes", description = "Training episodes (default: 300 for dqn, 1000 for reinforce).")
    Integer episodes;

    @Option(names = "--block", defaultValue = "20", description = "Episodes per printed average (default: ${DEFAULT-VALUE}).")
    int block;

    @Option(names = "--eval-episodes", defaultValue = "10", description = "Greedy episodes after training (default: ${DEFAULT-VALUE}).")
    int evalEpisodes;

    @Option(names = "--max-steps", defaultValue = "500", description = "Episode limit (default: ${DEFAULT-VALUE}, as CartPole-v1).")
    int maxSteps;

    @Option(names = "--seed", defaultValue = "42", description = "Seed for weights, exploration and episodes (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Checkpoint directory (default: runs/cartpole-AGENT).")
    Path out;

    @Mixin
    BackendOptions backendOptions;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        String name = agent.toLowerCase(Locale.ROOT);
        if (!name.equals("dqn") && !name.equals("reinforce")) {
            throw new ParameterException(spec.commandLine(), "--agent: expected dqn or reinforce, got '" + agent + "'");
        }
        if (block < 1) {
            throw new ParameterException(spec.commandLine(), "--block: expected at least 1, got " + block);
        }
        int n = episodes != null ? episodes : name.equals("dqn") ? 300 : 1000;
        Backend backend = backendOptions.select();
        System.out.println("backend: " + backend.name() + " (" + backend.device() + ")");
        CartPole env = new CartPole(maxSteps);
        Agent<double[], Integer> learner;
        Layer network;
        double gamma;
        if (name.equals("dqn")) {
            Dqn dqn = new Dqn(4, 2, Dqn.Options.cartPole().withSeed(seed));
            learner = dqn;
            network = dqn.qNetwork();
            gamma = dqn.options().gamma();
            System.out.println("agent: " + dqn.options());
        } else {
            Reinforce r = new Reinforce(4, 2, Reinforce.Options.cartPole().withSeed(seed));
            learner = r;
            network = r.policyNetwork();
            gamma = r.options().gamma();
            System.out.println("agent: " + r.options());
        }
        List<Episode> current = new ArrayList<>();
        int[] done = {0};
        AgentLoop.train(env, learner, n, gamma, seed, e -> {
            current.add(e);
            done[0]++;
            if (current.size() == block || done[0] == n) {
                System.out.printf(Locale.ROOT, "episodes %5d-%5d: average return %6.1f%n", done[0] - current.size() + 1, done[0],
                        AgentLoop.meanTotalReward(current));
                current.clear();
            }
        });
        double greedy = AgentLoop.meanTotalReward(AgentLoop.evaluate(env, learner.greedy(), evalEpisodes, gamma, seed + 1));
        System.out.printf(Locale.ROOT, "greedy policy: average return %.1f over %d episodes%n", greedy, evalEpisodes);
        Path dir = out != null ? out : Path.of("runs", "cartpole-" + name);
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("task", "cartpole");
        state.put("agent", name);
        state.put("network", name.equals("dqn") ? "q" : "policy");
        state.put("episodes", n);
        state.put("greedy_average_return", greedy);
        Checkpoint.save(dir, network, null, null, state);
        System.out.println("saved: " + dir.toAbsolutePath());
        return ExitCodes.OK;
    }
}
