package dev.neurite.apps.cli;

import dev.neurite.apps.models.Models;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.util.Iterator;

/** Completion candidates for model names. */
final class ModelNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Models.NAMES.iterator();
    }

    /** A usage error (exit code 2) when a command that also has subcommands was given neither a model nor one of them. */
    static void require(CommandSpec spec, String model) {
        if (model == null) {
            throw new ParameterException(spec.commandLine(), "Missing required parameter: 'MODEL' (one of " + Models.NAMES
                    + (spec.subcommands().isEmpty() ? "" : ", or a subcommand: " + spec.subcommands().keySet()) + ")");
        }
    }
}
