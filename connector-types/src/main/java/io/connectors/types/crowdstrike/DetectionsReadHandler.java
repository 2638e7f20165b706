package io.connectors.types.crowdstrike;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedOperation;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** {@code detections:read}: alerts matching an FQL filter, with their details. */
@Singleton
public class DetectionsReadHandler extends NamedOperation {

    private final CrowdStrikeClient client;

    DetectionsReadHandler(CrowdStrikeClient client) {
        super(CrowdStrikeClient.TYPE, "detections:read");
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> run(OperationContext context, JsonNode params) {
        return client.detections(context, params);
    }
}
