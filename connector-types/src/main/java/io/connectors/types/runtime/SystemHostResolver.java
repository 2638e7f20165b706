package io.connectors.types.runtime;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.util.List;

/** The system resolver (hosts file, then DNS), on a worker thread: it blocks. */
@Singleton
public class SystemHostResolver implements HostResolver {

    private final Vertx vertx;

    public SystemHostResolver(Vertx vertx) {
        this.vertx = vertx;
    }

    @Override
    public Uni<List<InetAddress>> resolve(String host) {
        return Uni.createFrom().completionStage(() -> vertx
                .<List<InetAddress>>executeBlocking(() -> List.of(InetAddress.getAllByName(host)), false)
                .toCompletionStage());
    }
}
