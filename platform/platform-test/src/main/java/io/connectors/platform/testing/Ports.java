package io.connectors.platform.testing;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports, chosen at run time so parallel builds never collide. Chosen below the kernel's ephemeral range
 * (net.ipv4.ip_local_port_range), never from it: a server that binds its port seconds after it was chosen (Keycloak
 * takes ~25 s) lost it to the source port of an outgoing connection of the same build ("Port already bound" in CI),
 * which an ephemeral port can become at any moment and a port below the range cannot. Ports near the local stack's
 * fixed ones (./suite: PostgreSQL 15432, Kafka 19092-19093, the bench stub 18999) are left to it.
 */
public final class Ports {

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;
    private static final int DEFAULT_EPHEMERAL_START = 32_768;
    /** Handed out by this JVM: a port chosen but not yet bound still looks free. */
    private static final Set<Integer> CHOSEN = ConcurrentHashMap.newKeySet();

    private Ports() {
    }

    public static int free() {
        int below = ephemeralStart();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            if (!nearTheLocalStack(port) && !CHOSEN.contains(port) && bindable(port) && CHOSEN.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free loopback port between " + LOWEST + " and " + below);
    }

    private static boolean nearTheLocalStack(int port) {
        return port >= 15_000 && port < 16_000 || port >= 18_000 && port < 20_000;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the ephemeral range; the usual default where the kernel does not say. */
    static int ephemeralStart() {
        try {
            int start = Integer.parseInt(Files.readString(EPHEMERAL_RANGE).trim().split("\\s+")[0]);
            return start > LOWEST + 1_000 ? start : DEFAULT_EPHEMERAL_START;
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_START;
        }
    }
}
