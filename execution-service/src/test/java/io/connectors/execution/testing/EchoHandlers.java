package io.connectors.execution.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.ConnectivityCheck;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.OperationHandler;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The echo type's handlers and connectivity check, registered as beans like the real types'. */
public final class EchoHandlers {

    private EchoHandlers() {
    }

    abstract static class EchoOperation implements OperationHandler {

        @Override
        public String typeId() {
            return EchoType.ID;
        }

        @Override
        public Uni<JsonNode> execute(OperationContext context, JsonNode params) {
            return EchoSystem.call(operation(), context, params);
        }
    }

    @Singleton
    public static class Read extends EchoOperation {
        @Override
        public String operation() {
            return EchoType.READ;
        }
    }

    @Singleton
    public static class Write extends EchoOperation {
        @Override
        public String operation() {
            return EchoType.WRITE;
        }
    }

    @Singleton
    public static class Purge extends EchoOperation {
        @Override
        public String operation() {
            return EchoType.PURGE;
        }
    }

    @Singleton
    public static class Check implements ConnectivityCheck {
        @Override
        public String typeId() {
            return EchoType.ID;
        }

        @Override
        public Uni<JsonNode> check(OperationContext context) {
            return EchoSystem.check(context);
        }
    }
}
