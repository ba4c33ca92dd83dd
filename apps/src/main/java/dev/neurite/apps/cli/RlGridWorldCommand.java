package dev.neurite.apps.cli;

import dev.neurite.rl.env.GridWorld;
import dev.neurite.rl.mdp.DynamicProgramming;
import dev.neurite.rl.mdp.TabularPolicy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code neurite rl gridworld}: the value of the equiprobable random policy (iterative policy evaluation) and the
 * optimal values and policy (value iteration) of a grid world; by default Sutton and Barto's 4x4 Example 4.1.
 */
@Command(name = "gridworld", mixinStandardHelpOptions = true,
        description = "Solve a grid world by dynamic programming: print the equiprobable random policy's values, then the optimal "
                + "values and policy from value iteration.")
final class RlGridWorldCommand implements Callable<Integer> {
    @Option(names = "--map", defaultValue = "sutton", paramLabel = "MAP",
            description = "sutton (Example 4.1), frozenlake (4x4, slippery), or rows separated by '/', e.g. 'S..#/...G' "
                    + "('.' free, 'S' start, '#' wall, 'G' goal, 'H' hole, 'T' terminal). Default: ${DEFAULT-VALUE}.")
    String map;

    @Option(names = "--gamma", description = "Discount for a custom map (default 0.9).")
    Double gamma;

    @Option(names = "--step-reward", defaultValue = "-0.04", description = "Reward per move on a custom map (default: ${DEFAULT-VALUE}).")
    double stepReward;

    @Option(names = "--goal-reward", defaultValue = "1", description = "Reward for entering G on a custom map (default: ${DEFAULT-VALUE}).")
    double goalReward;

    @Option(names = "--slip", defaultValue = "0", description = "Probability of slipping sideways on a custom map (default: ${DEFAULT-VALUE}).")
    double slip;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        GridWorld grid;
        String description;
        switch (map.toLowerCase(Locale.ROOT)) {
            case "sutton" -> {
                grid = GridWorld.sutton4x4();
                description = "Sutton & Barto Example 4.1: 4x4, terminal corners, reward -1 per move, gamma 1";
            }
            case "frozenlake" -> {
                grid = GridWorld.frozenLake4x4();
                description = "FrozenLake 4x4, slippery (intended move 1/3, each side 1/3), reward 1 at G, gamma 0.99";
            }
            default -> {
                double g = gamma != null ? gamma : 0.9;
                try {
                    grid = new GridWorld(map.split("/"), stepReward, goalReward, slip, g);
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "--map: " + e.getMessage());
                }
                description = String.format(Locale.ROOT, "%dx%d map, reward %s per move, %s at G, slip %s, gamma %s", grid.rows(),
                        grid.cols(), stepReward, goalReward, slip, g);
            }
        }
        System.out.println(description);
        int states = grid.mdp().states();
        try {
            double[] random = DynamicProgramming.evaluate(grid.mdp(), TabularPolicy.uniform(states, grid.mdp().actions()));
            System.out.println("equiprobable random policy, v_pi (iterative policy evaluation):");
            System.out.print(grid.renderValues(random));
        } catch (IllegalStateException e) {
            System.out.println("equiprobable random policy: " + e.getMessage());
        }
        DynamicProgramming.Solution optimal = DynamicProgramming.valueIteration(grid.mdp());
        System.out.println("optimal values v* (value iteration, " + optimal.iterations() + " sweeps):");
        System.out.print(grid.renderValues(optimal.values()));
        System.out.println("optimal policy (greedy in v*; ties go to the first of left, down, right, up):");
        System.out.print(grid.renderPolicy(optimal.policy()));
        return ExitCodes.OK;
    }
}
