package io.connectors.audit.trail;

import java.time.Instant;

/** Optional filters over an org's trail; null means "any". {@code from} is inclusive, {@code to} exclusive. */
public record EventFilter(Instant from, Instant to, String actor, String action, String connectorId, String outcome) {

    public static final EventFilter ALL = new EventFilter(null, null, null, null, null, null);
}
