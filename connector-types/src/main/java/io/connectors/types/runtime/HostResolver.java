package io.connectors.types.runtime;

import io.smallrye.mutiny.Uni;

import java.net.InetAddress;
import java.util.List;

/** Name resolution for the outbound guard; every address it returns is checked before one is connected to. */
public interface HostResolver {

    /** @return every address of {@code host}, never empty; fails with {@link java.net.UnknownHostException} */
    Uni<List<InetAddress>> resolve(String host);
}
