package io.connectors.platform.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PortsTest {

    @Test
    void choosesDistinctBindablePortsBelowTheEphemeralRangeAndAwayFromTheLocalStack() throws IOException {
        int ephemeralStart = Ports.ephemeralStart();
        Set<Integer> chosen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.free();
            assertTrue(port >= 10_000 && port < ephemeralStart, port + " is below the ephemeral range " + ephemeralStart);
            assertTrue(!(port >= 15_000 && port < 16_000) && !(port >= 18_000 && port < 20_000), port + " is the local stack's");
            assertTrue(chosen.add(port), port + " was handed out twice");
        }
        int port = Ports.free();
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, socket.getLocalPort());
        }
    }
}
