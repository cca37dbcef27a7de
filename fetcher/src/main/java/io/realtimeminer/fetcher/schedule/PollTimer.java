package io.realtimeminer.fetcher.schedule;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler's time: runs its turns after their delays (one daemon thread in an instance,
 * {@link #daemonThread}) and tells the CPU time a thread has used, what reading a document costs;
 * tests move a manual timer and its clock by hand instead of sleeping.
 */
public interface PollTimer {

    /** A turn that has not run yet. */
    interface Turn {
        /** Keeps the turn from running if it has not started; a turn under way goes on. */
        void cancel();
    }

    /** Runs {@code task} once, {@code delay} from now (at once when zero or negative). */
    Turn schedule(Runnable task, Duration delay);

    /** Whether {@link #shutdownNow} was called: no turn runs any more. */
    boolean isShutdown();

    /** Cancels every turn not yet run; one under way is interrupted. */
    void shutdownNow();

    /**
     * The CPU time the calling thread has used so far, in nanoseconds: what a poll's parsing cost,
     * without the time the thread waited for a core or for the garbage collector (a loaded machine
     * must not make a source look costly). The wall clock where the JVM cannot tell.
     */
    default long threadCpuNanos() {
        return threadCpu();
    }

    /** {@link #threadCpuNanos} of the JVM. */
    static long threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : System.nanoTime();
    }

    /** One daemon thread named {@code name}; a task must not block it (polls hand their work elsewhere). */
    public static PollTimer daemonThread(String name) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        return new PollTimer() {
            @Override
            public Turn schedule(Runnable task, Duration delay) {
                ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
                return () -> future.cancel(false);
            }

            @Override
            public boolean isShutdown() {
                return executor.isShutdown();
            }

            @Override
            public void shutdownNow() {
                executor.shutdownNow();
            }
        };
    }
}
