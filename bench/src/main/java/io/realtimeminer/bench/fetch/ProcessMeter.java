package io.realtimeminer.bench.fetch;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * This JVM's CPU time and heap, and how busy the whole machine was meanwhile: on a shared machine
 * a figure measured while others compile is worth less, and the report says so.
 */
final class ProcessMeter implements AutoCloseable {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bench-meter");
        thread.setDaemon(true);
        return thread;
    });
    private final DoubleAdder machineLoad = new DoubleAdder();
    private final LongAdder samples = new LongAdder();
    private volatile boolean sampling;

    ProcessMeter() {
        sampler.scheduleAtFixedRate(() -> {
            double load = os.getCpuLoad();
            if (sampling && load >= 0) {
                machineLoad.add(load);
                samples.increment();
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    Duration processCpu() {
        return Duration.ofNanos(os.getProcessCpuTime());
    }

    MemoryUsage heap() {
        return memory.getHeapMemoryUsage();
    }

    /** Heap in use once garbage is collected: what the engine really keeps. */
    long liveHeapBytes() {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    int cores() {
        return os.getAvailableProcessors();
    }

    void startSampling() {
        machineLoad.reset();
        samples.reset();
        sampling = true;
    }

    /** Mean share of all cores busy (every process) since {@link #startSampling()}. */
    double stopSampling() {
        sampling = false;
        long n = samples.sum();
        return n == 0 ? Double.NaN : machineLoad.sum() / n;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
