package io.connectors.execution.support;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Executor;

/**
 * Hibernate Reactive must be used on the Vert.x context a flow started on. Outbound calls, timers and retries may
 * complete elsewhere; {@code emitOn(VertxContexts.current())} brings the flow back before it touches the database.
 */
public final class VertxContexts {

    private VertxContexts() {
    }

    public static Executor current() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : command -> {
            if (Vertx.currentContext() == context) {
                command.run();
            } else {
                context.runOnContext(ignored -> command.run());
            }
        };
    }
}
