package org.mmrec4j.cli;

import org.mmrec4j.config.ConfigException;
import org.mmrec4j.data.DataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code mmrec4j} command line. Errors in the user's input print one clear line, never a stack trace. */
@Command(name = "mmrec4j", mixinStandardHelpOptions = true, version = "mmrec4j 0.1.0",
        description = "Multimodal recommender systems on the JVM.",
        subcommands = {TrainCommand.class, CompareCommand.class, TuneCommand.class, ReportCommand.class, DemoCommand.class,
                ModelsCommand.class, DataCommand.class, FeaturesCommand.class, RecommendCommand.class, ServeCommand.class,
                SweepNoiseCommand.class, CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        return commandLine(new Main()).execute(args);
    }

    /** A picocli command line whose input errors print one line and exit with status 2. */
    public static CommandLine commandLine(Object command) {
        CommandLine cli = new CommandLine(command);
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof DataException || e instanceof ConfigException || e instanceof IllegalArgumentException
                    || e instanceof java.io.UncheckedIOException || e instanceof IllegalStateException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        return cli;
    }
}
