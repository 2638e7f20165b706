package io.connectors.types.runtime;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime as CDI builds it in the services: every bean resolves and the start-up checks pass. */
@QuarkusTest
class RuntimeBeansTest {

    @Inject
    OperationHandlers handlers;

    @Inject
    ConnectivityChecks checks;

    @Inject
    OutboundConfig outbound;

    @Test
    void wiresEveryHandlerAndCheckWithTheDefaultOutboundRules() {
        assertEquals("hosts:contain", handlers.find("crowdstrike", "hosts:contain").orElseThrow().operation());
        assertEquals("messages:send", handlers.find("email", "messages:send").orElseThrow().operation());
        assertTrue(checks.find("webhook").isPresent());
        assertEquals(java.util.List.of("*"), outbound.allowedHosts());
        assertEquals(5, outbound.maxRedirects());
    }
}
