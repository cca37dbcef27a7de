package io.realtimeminer.launcher;

import io.realtimeminer.text.Printable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/** Entry point of the {@code miner} command. */
@Command(name = "miner", mixinStandardHelpOptions = true, version = "realtime-miner 0.1.0",
        description = "Finds new content on the web within a minute of its posting.",
        subcommands = {UpCommand.class, DemoCommand.class, FetcherCommand.class, TopologyCommand.class, PreviewCommand.class, ConfigCommand.class,
                ApiPasswordCommand.class, StatusCommand.class, ImportCommand.class,
                ExportCommand.class})
public final class Miner implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine miner = new CommandLine(new Miner()).setExecutionExceptionHandler(Miner::failed);
        for (MinerPlugin plugin : ServiceLoader.load(MinerPlugin.class)) {
            miner.addSubcommand(plugin.command());
        }
        System.exit(miner.execute(args));
    }

    /**
     * What a command that failed tells its user: one line with the reason, never a stack trace (that
     * goes to the log). Exit status 1.
     */
    static int failed(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
        LoggerFactory.getLogger(Miner.class).error("miner {} failed", command.getCommandName(), error);
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String reason = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        if (root != error && root.getMessage() != null && !reason.contains(root.getMessage())) {
            reason += " (" + root.getMessage() + ")";
        }
        command.getErr().println("error: " + Printable.of(reason));
        return 1;
    }
}
