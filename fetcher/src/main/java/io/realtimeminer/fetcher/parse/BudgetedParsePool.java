package io.realtimeminer.fetcher.parse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The threads that read fetched documents, each task under a {@link ParseBudget}: when the budget
 * runs out the task's budget expires (code that checks it fails at once with a clear reason) and
 * its thread is interrupted. A task that still runs one more budget later is stuck in code that
 * checks nothing: its thread is set aside and the pool grows by one, so a few hostile documents
 * never hold every parse thread; past {@code maxStuck} such threads the instance is reported
 * failed (it exits and its sources move), since each stuck thread burns a core.
 */
public final class BudgetedParsePool implements Executor, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BudgetedParsePool.class);

    private final ThreadPoolExecutor threads;
    private final ScheduledExecutorService watchdog;
    private final Duration budget;
    private final int maxStuck;
    private final BiConsumer<String, Throwable> onTooManyStuck;
    private final AtomicInteger stuck = new AtomicInteger();

    /**
     * @param size           threads that read documents at once
     * @param budget         time one task may take
     * @param maxStuck       threads set aside at most before the instance is reported failed
     * @param onTooManyStuck told (component, reason) when more than {@code maxStuck} are stuck
     */
    public BudgetedParsePool(int size, Duration budget, int maxStuck, BiConsumer<String, Throwable> onTooManyStuck) {
        AtomicInteger count = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread thread = new Thread(r, "parse-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "parse-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        this.budget = budget;
        this.maxStuck = maxStuck;
        this.onTooManyStuck = onTooManyStuck;
    }

    @Override
    public void execute(Runnable task) {
        threads.execute(() -> run(task));
    }

    private void run(Runnable task) {
        Watch watch = new Watch(Thread.currentThread(), new ParseBudget(budget));
        ParseBudget.enter(watch.budget);
        watch.expiry = watchdog.schedule(watch::expire, budget.toMillis(), TimeUnit.MILLISECONDS);
        try {
            task.run();
        } finally {
            watch.finish();
            ParseBudget.leave();
            Thread.interrupted(); // an interrupt meant for this task must not reach the next one
        }
    }

    /** Threads set aside now because their task ignores its budget. */
    public int stuckThreads() {
        return stuck.get();
    }

    /** The watch over one task: expires it, then sets its thread aside if it goes on. */
    private final class Watch {

        private final Thread thread;
        private final ParseBudget budget;
        private ScheduledFuture<?> expiry;
        private boolean finished;
        private boolean setAside;

        Watch(Thread thread, ParseBudget budget) {
            this.thread = thread;
            this.budget = budget;
        }

        synchronized void expire() {
            if (finished) {
                return;
            }
            budget.expire();
            thread.interrupt();
            expiry = watchdog.schedule(this::setAside, BudgetedParsePool.this.budget.toMillis(), TimeUnit.MILLISECONDS);
        }

        synchronized void setAside() {
            if (finished) {
                return;
            }
            setAside = true;
            int now = stuck.incrementAndGet();
            grow(1);
            LOG.warn("parse thread {} ignores its budget of {} ms (stuck in {}); set aside, {} stuck now", thread.getName(),
                    BudgetedParsePool.this.budget.toMillis(), topFrame(), now);
            if (now > maxStuck) {
                onTooManyStuck.accept("parse pool", new IllegalStateException(now + " parse threads are stuck in documents"
                        + " that ignore their time budget (more than " + maxStuck + ")"));
            }
        }

        synchronized void finish() {
            finished = true;
            if (expiry != null) {
                expiry.cancel(false);
            }
            if (setAside) {
                stuck.decrementAndGet();
                grow(-1);
                LOG.info("parse thread {} is free again", thread.getName());
            }
        }

        private String topFrame() {
            StackTraceElement[] stack = thread.getStackTrace();
            return stack.length == 0 ? "?" : stack[0].toString();
        }
    }

    private synchronized void grow(int by) {
        if (by > 0) {
            threads.setMaximumPoolSize(threads.getMaximumPoolSize() + by);
            threads.setCorePoolSize(threads.getCorePoolSize() + by);
        } else {
            threads.setCorePoolSize(threads.getCorePoolSize() + by);
            threads.setMaximumPoolSize(threads.getMaximumPoolSize() + by);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        threads.shutdown();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        threads.shutdownNow();
    }
}
