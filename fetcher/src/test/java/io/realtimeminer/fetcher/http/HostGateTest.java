package io.realtimeminer.fetcher.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class HostGateTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void atMostMaxConcurrentPerHostAndWaitersHoldNoThread() throws Exception {
        HostGate gate = new HostGate(2, Duration.ZERO, timer);
        List<CompletableFuture<HostGate.Permit>> turns = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            turns.add(gate.acquire("a.example:443"));
        }
        CompletableFuture<HostGate.Permit> otherHost = gate.acquire("b.example:443");

        assertThat(turns).filteredOn(CompletableFuture::isDone).hasSize(2);
        assertThat(otherHost).isDone();

        turns.get(0).join().release();
        turns.get(0).join().release(); // a second release changes nothing
        assertThat(turns.get(2).get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(turns).filteredOn(CompletableFuture::isDone).hasSize(3);
    }

    @Test
    void startsToOneHostAreAtLeastTheMinimumDelayApart() throws Exception {
        HostGate gate = new HostGate(10, Duration.ofMillis(150), timer);
        List<Long> starts = new ArrayList<>();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(gate.acquire("slow.example:80").thenAccept(permit -> {
                synchronized (starts) {
                    starts.add(permit.grantedAtNanos());
                }
                permit.release();
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        // When the gate gave each turn, not when a loaded machine ran the callback: the delay holds exactly.
        assertThat(starts).hasSize(5).isSorted();
        for (int i = 1; i < starts.size(); i++) {
            assertThat(Duration.ofNanos(starts.get(i) - starts.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void aDelayThatChangesWhileRequestsWaitCountsFromTheLastStart() throws Exception {
        AtomicLong delay = new AtomicLong(Duration.ofSeconds(30).toNanos());
        HostGate gate = new HostGate(Integer.MAX_VALUE, key -> delay.get(), timer);
        gate.acquire("site.example").get(5, TimeUnit.SECONDS).release();
        CompletableFuture<HostGate.Permit> second = gate.acquire("site.example");
        Thread.sleep(100);
        assertThat(second).as("30 s apart").isNotDone();

        // A larger share of the site's budget: the waiting request goes at the next turn the new delay allows.
        delay.set(Duration.ofMillis(50).toNanos());
        CompletableFuture<HostGate.Permit> third = gate.acquire("site.example");

        assertThat(second.get(5, TimeUnit.SECONDS)).isNotNull();
        assertThat(third.get(5, TimeUnit.SECONDS).grantedAtNanos() - second.get().grantedAtNanos())
                .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
    }

    @Test
    void aGivenUpTurnIsSkippedAndAPauseHoldsTheHost() throws Exception {
        HostGate gate = new HostGate(1, Duration.ZERO, timer);
        CompletableFuture<HostGate.Permit> first = gate.acquire("h:80");
        CompletableFuture<HostGate.Permit> abandoned = gate.acquire("h:80");
        CompletableFuture<HostGate.Permit> third = gate.acquire("h:80");
        abandoned.cancel(false);
        long pausedAt = System.nanoTime();
        gate.pause("h:80", Duration.ofMillis(400));
        assertThat(gate.pausedFor("h:80")).isPositive();

        first.join().release();

        // Given once the pause was over, however late the machine ran this thread.
        assertThat(Duration.ofNanos(third.get(5, TimeUnit.SECONDS).grantedAtNanos() - pausedAt))
                .isGreaterThanOrEqualTo(Duration.ofMillis(400));
    }
}
