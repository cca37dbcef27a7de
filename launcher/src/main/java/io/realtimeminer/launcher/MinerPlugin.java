package io.realtimeminer.launcher;

/**
 * A subcommand that lives outside the launcher module (e.g. {@code miner bench}, which depends on
 * the launcher and so cannot be named by it). Implementations are found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/io.realtimeminer.launcher.MinerPlugin})
 * on the class path of {@code bin/miner}.
 */
public interface MinerPlugin {

    /** A picocli command object (a class annotated with {@code @Command}, carrying its name). */
    Object command();
}
