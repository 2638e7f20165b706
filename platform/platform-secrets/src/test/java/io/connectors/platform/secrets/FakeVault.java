package io.connectors.platform.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local stand-in for HashiCorp Vault's Transit secrets engine, following its documented HTTP API
 * (https://developer.hashicorp.com/vault/api-docs/secret/transit): {@code POST /v1/<mount>/encrypt/:name},
 * {@code /decrypt/:name}, {@code /rewrap/:name}, {@code /keys/:name/rotate}, token auth by {@code X-Vault-Token},
 * base64 {@code plaintext} and {@code context}, {@code vault:v<N>:} ciphertexts, {@code {"errors": [...]}} on failure.
 * It really encrypts (AES-256-GCM under a per-context derived key per key version) so binding and rotation are real.
 */
final class FakeVault implements AutoCloseable {

    static final String MOUNT = "transit";
    private static final Pattern TRANSIT = Pattern.compile("/v1/" + MOUNT + "/(encrypt|decrypt|rewrap)/([A-Za-z0-9_-]+)");
    private static final Pattern ROTATE = Pattern.compile("/v1/" + MOUNT + "/keys/([A-Za-z0-9_-]+)/rotate");
    private static final Pattern CIPHERTEXT = Pattern.compile("vault:v(\\d+):([A-Za-z0-9+/=]+)");

    private final ObjectMapper json = new ObjectMapper();
    private final SecureRandom random = new SecureRandom();
    private final String token;
    private final Map<String, List<byte[]>> derivedKeys = new ConcurrentHashMap<>();
    private final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    FakeVault(String token, String... derivedKeyNames) throws IOException {
        this.token = token;
        for (String name : derivedKeyNames) {
            derivedKeys.put(name, new CopyOnWriteArrayList<>(List.of(randomKey())));
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Recorded> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    int latestVersion(String keyName) {
        return derivedKeys.get(keyName).size();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** One request as received: path, the token header and the JSON body. */
    record Recorded(String method, String path, String token, JsonNode body) {

        /** The (first) item of the request, whether sent alone or as a batch_input. */
        JsonNode item() {
            return body.has("batch_input") ? body.get("batch_input").get(0) : body;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            JsonNode body = raw.length == 0 ? json.createObjectNode() : json.readTree(raw);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Recorded(exchange.getRequestMethod(), path, exchange.getRequestHeaders().getFirst("X-Vault-Token"), body));
            if (!token.equals(exchange.getRequestHeaders().getFirst("X-Vault-Token"))) {
                respond(exchange, 403, errors("permission denied"));
                return;
            }
            Matcher rotate = ROTATE.matcher(path);
            if ("POST".equals(exchange.getRequestMethod()) && rotate.matches() && derivedKeys.containsKey(rotate.group(1))) {
                derivedKeys.get(rotate.group(1)).add(randomKey());
                exchange.sendResponseHeaders(204, -1);
                return;
            }
            Matcher transit = TRANSIT.matcher(path);
            if (!"POST".equals(exchange.getRequestMethod()) || !transit.matches()) {
                respond(exchange, 404, errors("no handler for route \"" + path + "\""));
                return;
            }
            List<byte[]> versions = derivedKeys.get(transit.group(2));
            if (versions == null) {
                respond(exchange, 400, errors("encryption key not found"));
                return;
            }
            // Vault answers a single request in "data" and a batch_input in "data.batch_results", item by item; a batch
            // with failed items answers 400 (partial_failure_response_code not set).
            boolean batch = body.has("batch_input");
            List<JsonNode> items = new ArrayList<>();
            (batch ? body.get("batch_input") : json.createArrayNode().add(body)).forEach(items::add);
            ArrayNode results = json.createArrayNode();
            boolean failed = false;
            for (JsonNode item : items) {
                ObjectNode result = apply(transit.group(1), versions, item);
                failed |= result.has("error");
                results.add(result);
            }
            ObjectNode response = json.createObjectNode();
            if (batch) {
                response.putObject("data").set("batch_results", results);
            } else if (failed) {
                response = errors(results.get(0).get("error").asText());
            } else {
                response.set("data", results.get(0));
            }
            respond(exchange, failed ? 400 : 200, response);
        }
    }

    private ObjectNode apply(String operation, List<byte[]> versions, JsonNode item) {
        if (!item.hasNonNull("context")) {
            return error("missing 'context' for key derivation; the key was created using a derived key, which means"
                    + " additional, per-request information must be included in order to perform operations with the key");
        }
        try {
            byte[] context = Base64.getDecoder().decode(item.get("context").asText());
            return switch (operation) {
                case "encrypt" -> encrypt(versions, context, Base64.getDecoder().decode(item.path("plaintext").asText()));
                case "decrypt" -> json.createObjectNode().put("plaintext",
                        Base64.getEncoder().encodeToString(decrypt(versions, context, item.path("ciphertext").asText())));
                default -> encrypt(versions, context, decrypt(versions, context, item.path("ciphertext").asText()));
            };
        } catch (AEADBadTagException e) {
            return error("cipher: message authentication failed");
        } catch (IllegalArgumentException e) {
            return error("invalid ciphertext: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode encrypt(List<byte[]> versions, byte[] context, byte[] plaintext) throws GeneralSecurityException {
        int version = versions.size();
        byte[] nonce = new byte[12];
        random.nextBytes(nonce);
        byte[] sealed = gcm(Cipher.ENCRYPT_MODE, derive(versions.get(version - 1), context), nonce, plaintext);
        String ciphertext = "vault:v" + version + ":" + Base64.getEncoder().encodeToString(
                ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array());
        return json.createObjectNode().put("ciphertext", ciphertext).put("key_version", version);
    }

    private byte[] decrypt(List<byte[]> versions, byte[] context, String ciphertext) throws GeneralSecurityException {
        Matcher matcher = CIPHERTEXT.matcher(ciphertext);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a vault ciphertext");
        }
        int version = Integer.parseInt(matcher.group(1));
        if (version < 1 || version > versions.size()) {
            throw new IllegalArgumentException("invalid key version");
        }
        byte[] raw = Base64.getDecoder().decode(matcher.group(2));
        return gcm(Cipher.DECRYPT_MODE, derive(versions.get(version - 1), context), Arrays.copyOf(raw, 12),
                Arrays.copyOfRange(raw, 12, raw.length));
    }

    private static byte[] derive(byte[] key, byte[] context) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(context);
    }

    private static byte[] gcm(int mode, byte[] key, byte[] nonce, byte[] input) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
        return cipher.doFinal(input);
    }

    private byte[] randomKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    private ObjectNode error(String message) {
        return json.createObjectNode().put("error", message);
    }

    private ObjectNode errors(String message) {
        ObjectNode node = json.createObjectNode();
        node.putArray("errors").add(message);
        return node;
    }

    private void respond(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
