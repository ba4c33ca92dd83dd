package dev.neurite.apps.cli;

import dev.neurite.api.backend.BackendUnavailableException;
import dev.neurite.api.io.CheckpointException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.AutoComplete;

/** The {@code neurite} command line. */
@Command(name = "neurite", mixinStandardHelpOptions = true, version = "Neurite 0.1.0",
        description = "Neurite: modular deep learning for the JVM.",
        // One subcommand per line, so that commands added on different branches merge without conflicts.
        subcommands = {
                TourCommand.class,
                BackendsCommand.class,
                TrainCommand.class,
                EvalCommand.class,
                SummaryCommand.class,
                BenchCommand.class,
                GradCamCommand.class,
                OsgiCommand.class,
                DoctorCommand.class,
                OnnxCommand.class,
                RlCommand.class,
                BaselineCommand.class,
                AutoComplete.GenerateCompletion.class,
                CommandLine.HelpCommand.class,
        })
public final class Main {
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line and returns its exit code (see {@link ExitCodes}). */
    public static int run(String... args) {
        CliLogging.install();
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("neurite " + cmd.getCommandName() + ": " + message(e));
            if (Boolean.getBoolean("neurite.debug")) {
                e.printStackTrace(cmd.getErr());
            }
            return exitCode(e);
        });
        return cli.execute(args);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static int exitCode(Throwable e) {
        if (e instanceof BackendUnavailableException || e instanceof DataUnavailableException) {
            return ExitCodes.UNAVAILABLE;
        }
        if (e instanceof CheckpointException) {
            return ExitCodes.BAD_INPUT;
        }
        return ExitCodes.FAILURE;
    }
}
