package io.realtimeminer.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code miner} subcommand (e.g. {@code fetcher}) in a JVM of its own, on this JVM's classpath:
 * the way the scaling tests and the benchmark add instances, kill them with SIGKILL and stop them.
 */
public final class InstanceProcess implements AutoCloseable {

    private final String name;
    private final Process process;

    private InstanceProcess(String name, Process process) {
        this.name = name;
        this.process = process;
    }

    /**
     * @param name     shown in logs
     * @param jvmArgs  options before the main class, e.g. {@code -Xmx256m}
     * @param minerArgs the subcommand and its options, e.g. {@code fetcher -D key=value}
     * @param output   file receiving the process's stdout and stderr
     */
    public static InstanceProcess start(String name, List<String> jvmArgs, List<String> minerArgs, Path output) throws IOException {
        return start(name, List.of(), jvmArgs, minerArgs, output);
    }

    /**
     * As above, the JVM started through {@code launcher} (a command that runs the rest of its
     * arguments, e.g. {@code ip netns exec NS}: the test of several hosts puts instances in network
     * namespaces of their own). The launcher must exec the JVM, so that the process is the JVM.
     */
    public static InstanceProcess start(String name, List<String> launcher, List<String> jvmArgs, List<String> minerArgs, Path output)
            throws IOException {
        List<String> command = new ArrayList<>(launcher);
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Miner.class.getName());
        command.addAll(minerArgs);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .start();
        return new InstanceProcess(name, process);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, the consumer group learns of it only by the session timeout. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait: the instance leaves its groups at once. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
