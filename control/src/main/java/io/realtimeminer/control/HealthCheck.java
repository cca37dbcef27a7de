package io.realtimeminer.control;

import java.util.Optional;

/**
 * One component of an instance, as {@code GET /health} lists it: empty while it is ready, else
 * why not ("the topologies are rebalancing", "a component thread died: ...").
 */
@FunctionalInterface
public interface HealthCheck {

    Optional<String> problem();
}
