package io.connectors.types.splunk;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code search:run}: creates a search job, or runs a oneshot search. */
@Singleton
public class SearchRunHandler extends NamedOperation {

    private final SplunkClient client;

    SearchRunHandler(SplunkClient client) {
        super(SplunkClient.TYPE, "search:run");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.run(context, params);
    }
}
