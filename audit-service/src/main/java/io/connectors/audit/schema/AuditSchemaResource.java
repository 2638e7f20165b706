package io.connectors.audit.schema;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;

/** The audit record schema, for analysts who consume {@code connectors.audit.v1} directly. Any authenticated user. */
@Path("/v1/audit/schema")
@Authenticated
public class AuditSchemaResource {

    public static final String SCHEMA_JSON = "application/schema+json";

    private final AuditRecordSchema schema;

    public AuditSchemaResource(AuditRecordSchema schema) {
        this.schema = schema;
    }

    @GET
    @Produces({SCHEMA_JSON, "application/json"})
    public String schema() {
        return schema.text();
    }
}
