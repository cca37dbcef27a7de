package io.realtimeminer.bench.freshness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * CPU time and resident memory of the run's processes, read from {@code /proc} every few seconds:
 * the bench JVM (which hosts Kafka, Connect and the topologies), the registry's JVM,
 * PostgreSQL (server and backends), the farm and each fetcher instance. Linux only; elsewhere it records nothing.
 */
final class ProcessSampler implements AutoCloseable {

    /** One reading: CPU seconds used since the process started, resident memory in MB. */
    record Sample(long atMillis, double cpuSeconds, double rssMb) {
    }

    /** A measured process, or a group of them (their sums). */
    static final class Tracked {
        final String name;
        final Supplier<List<Long>> pids;
        final List<Sample> samples = new ArrayList<>();

        Tracked(String name, Supplier<List<Long>> pids) {
            this.name = name;
            this.pids = pids;
        }
    }

    /** Clock ticks per second of /proc/<pid>/stat: 100 on every Linux this runs on (USER_HZ). */
    private static final double TICKS = 100.0;

    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-process-sampler");
        t.setDaemon(true);
        return t;
    });

    ProcessSampler(long everyMillis) {
        timer.scheduleAtFixedRate(this::sample, 0, everyMillis, TimeUnit.MILLISECONDS);
    }

    synchronized void track(String name, Supplier<List<Long>> pids) {
        tracked.putIfAbsent(name, new Tracked(name, pids));
    }

    synchronized void track(String name, long pid) {
        track(name, () -> List.of(pid));
    }

    private synchronized void sample() {
        long now = System.currentTimeMillis();
        for (Tracked t : tracked.values()) {
            double cpu = 0;
            double rss = 0;
            boolean any = false;
            for (long pid : t.pids.get()) {
                double[] reading = read(pid);
                if (reading != null) {
                    cpu += reading[0];
                    rss += reading[1];
                    any = true;
                }
            }
            if (any) {
                t.samples.add(new Sample(now, cpu, rss));
            }
        }
    }

    /** {cpu seconds, rss MB} of one process, or null when it is gone. */
    private static double[] read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name (which may hold spaces) in parentheses: state is field 3, utime 14, stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
            double rss = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
            return new double[] {cpu, rss};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Per process over [from, to]: mean cores used and the largest resident memory seen. */
    synchronized List<FreshnessReport.ProcessUsage> usage(long fromMillis, long toMillis) {
        List<FreshnessReport.ProcessUsage> usage = new ArrayList<>();
        for (Tracked t : tracked.values()) {
            List<Sample> in = t.samples.stream().filter(s -> s.atMillis() >= fromMillis && s.atMillis() <= toMillis).toList();
            if (in.size() < 2) {
                continue;
            }
            Sample first = in.get(0);
            Sample last = in.get(in.size() - 1);
            double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
            double cpu = last.cpuSeconds() - first.cpuSeconds();
            usage.add(new FreshnessReport.ProcessUsage(t.name, round(cpu), round(seconds <= 0 ? 0 : cpu / seconds),
                    round(in.stream().mapToDouble(Sample::rssMb).max().orElse(0)), round(seconds)));
        }
        return usage;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
