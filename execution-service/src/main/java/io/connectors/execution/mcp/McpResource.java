package io.connectors.execution.mcp;

import io.connectors.execution.support.Responses;
import io.connectors.platform.error.Problem;
import io.modelcontextprotocol.server.transport.DefaultServerTransportSecurityValidator;
import io.modelcontextprotocol.server.transport.ServerTransportSecurityException;
import io.modelcontextprotocol.spec.HttpHeaders;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /mcp}, MCP's Streamable HTTP transport, stateless: every POST carries one JSON-RPC message and is answered
 * with one JSON body (no session, no server-initiated stream: GET and DELETE are 405), so any replica answers any
 * request. What is refused here, before JSON-RPC, is problem+json like the rest of the API: a foreign Origin (403),
 * no bearer token (401, naming the protected-resource metadata), an unsupported MCP-Protocol-Version (400), a body
 * that is not JSON by its Content-Type (415), a body over the size limit (413, by the platform's filter).
 */
@Path("/mcp")
public class McpResource {

    private final McpServerBridge bridge;
    private final SecurityIdentity identity;
    private final ProtectedResource resource;
    private final DefaultServerTransportSecurityValidator origins;

    public McpResource(McpServerBridge bridge, SecurityIdentity identity, ProtectedResource resource, McpConfig config) {
        this.bridge = bridge;
        this.identity = identity;
        this.resource = resource;
        this.origins = DefaultServerTransportSecurityValidator.builder()
                .allowedOrigins(config.allowedOrigins().orElse(List.of())).build();
    }

    @POST
    public Uni<Response> post(byte[] body, @Context HttpServerRequest request) {
        Response refused = refusal(request);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        McpCaller caller = new McpCaller(Responses.callerInOrg(identity), agentId());
        return bridge.handle(caller, body).map(reply -> reply.body() == null
                ? Response.accepted().build()
                : Response.status(reply.httpStatus()).type(MediaType.APPLICATION_JSON).entity(bridge.write(reply.body())).build());
    }

    @GET
    public Response get(@Context HttpServerRequest request) {
        return notAllowed(request);
    }

    @DELETE
    public Response delete(@Context HttpServerRequest request) {
        return notAllowed(request);
    }

    /** The transport-level checks, in the order the spec asks for them: Origin, then the token, then the headers. */
    private Response refusal(HttpServerRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            try {
                origins.validateHeaders(Map.of("Origin", List.of(origin)));
            } catch (ServerTransportSecurityException e) {
                return problem(request, 403, "Forbidden", "This origin may not call the MCP endpoint");
            }
        }
        if (identity.isAnonymous()) {
            return Response.fromResponse(problem(request, 401, "Unauthorized", "A bearer token from the realm is required"))
                    .header("WWW-Authenticate", resource.challenge(request, null)).build();
        }
        String version = request.getHeader(HttpHeaders.PROTOCOL_VERSION);
        if (version != null && !bridge.protocolVersions().contains(version)) {
            return problem(request, 400, "Bad Request", "Unsupported MCP-Protocol-Version; this server speaks "
                    + String.join(", ", bridge.protocolVersions()));
        }
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(MediaType.APPLICATION_JSON)) {
            return problem(request, 415, "Unsupported Media Type", "MCP messages are application/json");
        }
        String accept = request.getHeader("Accept");
        if (accept != null && !accepts(accept.toLowerCase(Locale.ROOT))) {
            return problem(request, 406, "Not Acceptable", "Answers are application/json; accept it");
        }
        return null;
    }

    private static boolean accepts(String accept) {
        return accept.contains(MediaType.APPLICATION_JSON) || accept.contains("*/*") || accept.contains("application/*");
    }

    private String agentId() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object agent = jwt.getClaim(McpCaller.AGENT_CLAIM);
            String text = agent == null ? null : agent.toString();
            return text == null || text.isBlank() ? null : text;
        }
        return null;
    }

    private static Response notAllowed(HttpServerRequest request) {
        return Response.fromResponse(problem(request, 405, "Method Not Allowed",
                "This MCP server is stateless: POST one JSON-RPC message per request")).header("Allow", "POST").build();
    }

    static Response problem(HttpServerRequest request, int status, String title, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(status, title, detail).withInstance(request.path())).build();
    }
}
