package io.realtimeminer.fetcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.realtimeminer.status.StatusSettings;

import java.time.Duration;

/**
 * What the process around a fetcher gives it: how it publishes its status, where its meters go,
 * and where its HTTP API answers (announced in its heartbeat).
 *
 * @param status  whether and how often it publishes its heartbeat and its sources' statuses
 * @param metrics the registry of its meters
 * @param apiUrl  the URL of the instance's API, or null if it serves none
 */
public record InstanceContext(StatusSettings status, MeterRegistry metrics, String apiUrl) {

    /** Status published with the default settings, meters kept in memory, no API: a fetcher on its own. */
    public static InstanceContext standalone() {
        return new InstanceContext(new StatusSettings(true, Duration.ofSeconds(5), Duration.ofSeconds(20)), new SimpleMeterRegistry(), null);
    }
}
