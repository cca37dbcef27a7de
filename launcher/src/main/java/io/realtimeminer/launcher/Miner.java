package io.realtimeminer.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.ServiceLoader;

/** Entry point of the {@code miner} command. */
@Command(name = "miner", mixinStandardHelpOptions = true, version = "realtime-miner 0.1.0",
        description = "Finds new content on the web within a minute of its posting.",
        subcommands = {UpCommand.class, DemoCommand.class, FetcherCommand.class, TopologyCommand.class, PreviewCommand.class, ConfigCommand.class})
public final class Miner implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine miner = new CommandLine(new Miner());
        for (MinerPlugin plugin : ServiceLoader.load(MinerPlugin.class)) {
            miner.addSubcommand(plugin.command());
        }
        System.exit(miner.execute(args));
    }
}
