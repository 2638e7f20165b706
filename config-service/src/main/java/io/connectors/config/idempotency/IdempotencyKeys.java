package io.connectors.config.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.connectors.config.ConfigServiceConfig;
import io.connectors.platform.error.ApiException;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.json.CanonicalJson;
import io.connectors.platform.json.JsonNumbers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on create: the first request with a key stores its response in the same transaction as the
 * connector; the same key with the same body within the TTL answers that response again without creating anything;
 * the same key with another body is refused (422). Keys are per org. The body is remembered only as a SHA-256
 * fingerprint salted with org and key, so the table never holds a credential.
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");

    private final ObjectMapper json;
    private final ConfigServiceConfig config;

    public IdempotencyKeys(ObjectMapper json, ConfigServiceConfig config) {
        this.json = json;
        this.config = config;
    }

    /** A request's key and body fingerprint; null when the request carries no key. Throws 400 for a malformed key. */
    public Key key(String header, String orgId, JsonNode body) {
        if (header == null) {
            return null;
        }
        if (!KEY.matcher(header).matches()) {
            throw ApiException.badRequest("Invalid " + HEADER, List.of(new FieldError(HEADER,
                    "must be 1 to 255 visible ASCII characters")));
        }
        if (body != null) {
            // The body is hashed before it is validated: a number canonical JSON cannot write is refused first.
            JsonNumbers.requireInRange(body, "");
        }
        return new Key(orgId, header, fingerprint(orgId, header, body));
    }

    /** The stored response for this key, or null when the key is new (or expired). */
    public Uni<JsonNode> replay(Mutiny.Session session, Key key) {
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return session.createNativeQuery("delete from idempotency_keys where org_id = :org"
                        + " and created_at < now() - :ttl * interval '1 second'")
                .setParameter("org", key.orgId())
                .setParameter("ttl", config.idempotencyTtl().toSeconds())
                .executeUpdate()
                .chain(() -> session.createNativeQuery("select request_hash, response from idempotency_keys"
                                + " where org_id = :org and idempotency_key = :key", Object[].class)
                        .setParameter("org", key.orgId())
                        .setParameter("key", key.value())
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : stored(key, rows.get(0)));
    }

    /** Remembers the response of the request that created {@code connectorId}. */
    public Uni<Void> remember(Mutiny.Session session, Key key, UUID connectorId, Object response) {
        if (key == null) {
            return Uni.createFrom().voidItem();
        }
        String body;
        try {
            body = json.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return session.createNativeQuery("insert into idempotency_keys (org_id, idempotency_key, request_hash,"
                        + " connector_id, response, created_at) values (:org, :key, :hash, :connector, :response, now())")
                .setParameter("org", key.orgId())
                .setParameter("key", key.value())
                .setParameter("hash", key.fingerprint())
                .setParameter("connector", connectorId)
                .setParameter("response", body)
                .executeUpdate()
                .replaceWithVoid();
    }

    private JsonNode stored(Key key, Object[] row) {
        if (!key.fingerprint().equals(row[0])) {
            throw new ApiException(422, "Unprocessable Content", "This Idempotency-Key was already used with a"
                    + " different request body; use a new key for a new request",
                    List.of(new FieldError(HEADER, "already used with a different request body")));
        }
        try {
            return json.readTree((String) row[1]);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored idempotent response does not parse", e);
        }
    }

    private static String fingerprint(String orgId, String key, JsonNode body) {
        return CanonicalJson.sha256Hex(orgId + "\n" + key + "\n" + (body == null ? "null" : CanonicalJson.write(body)));
    }

    /** An idempotency key of one org and the fingerprint of the body it came with. */
    public record Key(String orgId, String value, String fingerprint) {
    }
}
