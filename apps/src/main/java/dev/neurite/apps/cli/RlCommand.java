package dev.neurite.apps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code neurite rl}: reinforcement-learning demonstrations on finite MDPs. */
@Command(name = "rl", mixinStandardHelpOptions = true, subcommands = {RlGridWorldCommand.class},
        description = "Reinforcement learning on finite MDPs (see docs/rl.md; deep agents: neurite train cartpole).")
final class RlCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "expected a subcommand: gridworld");
    }
}
