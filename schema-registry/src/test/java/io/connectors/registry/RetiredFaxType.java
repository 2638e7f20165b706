package io.connectors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.ConnectorType;
import io.connectors.types.ConnectorTypeDefinition;
import io.connectors.types.Definitions;
import io.connectors.types.runtime.ConnectivityCheck;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.OperationHandler;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

import java.util.List;

/** A test-only type registered like the real ones, disabled by {@link SchemaRegistryProfile}. */
@Singleton
public class RetiredFaxType implements ConnectorType {

    public static final String ID = "fax";

    @Override
    public List<ConnectorTypeDefinition> versions() {
        return List.of(Definitions.load(RetiredFaxType.class, "fax.json"));
    }

    /** Every catalog operation needs a handler at start-up; the registry itself never runs one. */
    @Singleton
    public static class PagesSend implements OperationHandler {

        @Override
        public String typeId() {
            return ID;
        }

        @Override
        public String operation() {
            return "pages:send";
        }

        @Override
        public Uni<JsonNode> execute(OperationContext context, JsonNode params) {
            return Uni.createFrom().failure(new IllegalStateException("the schema registry does not run operations"));
        }
    }

    /** Every catalog type needs a connectivity check at start-up; the registry itself never runs one. */
    @Singleton
    public static class Check implements ConnectivityCheck {

        @Override
        public String typeId() {
            return ID;
        }

        @Override
        public Uni<JsonNode> check(OperationContext context) {
            return Uni.createFrom().failure(new IllegalStateException("the schema registry does not check connectivity"));
        }
    }
}
