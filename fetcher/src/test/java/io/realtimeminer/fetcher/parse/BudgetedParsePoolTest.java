package io.realtimeminer.fetcher.parse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class BudgetedParsePoolTest {

    private final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean release = new AtomicBoolean();
    private BudgetedParsePool pool;

    @AfterEach
    void stop() {
        release.set(true);
        pool.close();
    }

    @Test
    void aTaskThatChecksItsBudgetFailsWithTheReasonOnceItRunsOut() {
        pool = new BudgetedParsePool(1, Duration.ofMillis(200), 2, (component, error) -> failures.add(error.getMessage()));
        CompletableFuture<Void> endless = CompletableFuture.runAsync(() -> {
            while (true) {
                ParseBudget.check();
            }
        }, pool);

        assertThat(endless).failsWithin(10, TimeUnit.SECONDS).withThrowableThat()
                .havingRootCause().isInstanceOf(ParseBudgetExceededException.class)
                .withMessageStartingWith("reading the document took longer than 200 ms (parse.budget.ms)");
        // The same thread serves the next document, with a fresh budget and no interrupt left over.
        assertThat(CompletableFuture.supplyAsync(() -> Thread.currentThread().isInterrupted(), pool)).succeedsWithin(5, TimeUnit.SECONDS)
                .isEqualTo(false);
        assertThat(pool.stuckThreads()).isZero();
        assertThat(failures).isEmpty();
    }

    @Test
    void aTaskThatIgnoresItsBudgetIsSetAsideAndTheOthersGoOn() {
        pool = new BudgetedParsePool(1, Duration.ofMillis(100), 2, (component, error) -> failures.add(error.getMessage()));
        CompletableFuture<Void> stuck = CompletableFuture.runAsync(this::spinUntilReleased, pool);

        await().atMost(Duration.ofSeconds(10)).until(() -> pool.stuckThreads() == 1);
        // One parse thread only, and it is stuck: the pool grew by one for everybody else.
        assertThat(CompletableFuture.supplyAsync(() -> "read", pool)).succeedsWithin(5, TimeUnit.SECONDS).isEqualTo("read");

        release.set(true);
        assertThat(stuck).succeedsWithin(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> pool.stuckThreads() == 0);
        assertThat(failures).isEmpty();
    }

    @Test
    void tooManyStuckThreadsFailTheInstance() {
        pool = new BudgetedParsePool(1, Duration.ofMillis(100), 1, (component, error) -> failures.add(component + ": " + error.getMessage()));
        CompletableFuture.runAsync(this::spinUntilReleased, pool);
        CompletableFuture.runAsync(this::spinUntilReleased, pool);

        await().atMost(Duration.ofSeconds(10)).until(() -> !failures.isEmpty());
        assertThat(failures).first().asString().startsWith("parse pool: 2 parse threads are stuck");
    }

    /** Code that checks neither its budget nor interrupts, like java.util.regex. */
    private void spinUntilReleased() {
        long spins = 0;
        while (!release.get()) {
            spins++;
        }
        assertThat(spins).isPositive();
    }
}
