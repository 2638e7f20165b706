package io.connectors.types.splunk;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code search:results}: a page of a search job's results. */
@Singleton
public class SearchResultsHandler extends NamedOperation {

    private final SplunkClient client;

    SearchResultsHandler(SplunkClient client) {
        super(SplunkClient.TYPE, "search:results");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.results(context, params);
    }
}
