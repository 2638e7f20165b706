package io.connectors.platform.testing;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A real Keycloak (the distribution from Maven Central, unpacked by this module's build) with the project's own realm
 * ({@code deploy/local/keycloak/connectors-realm.json}): the same orgs, users, roles and service clients as the local
 * stack. Started once per test JVM from a private instance directory (the distribution's libraries are shared, its data
 * is not), so parallel builds never share state. Keycloak needs Java 21+, found beside the default JDK.
 */
public final class KeycloakServer {

    public static final String REALM = "connectors";
    public static final String CLI_CLIENT = "connectors-cli";
    public static final String DEMO_PASSWORD = "demo";
    public static final String ACME_ORG = "11111111-1111-4111-8111-111111111111";
    public static final String GLOBEX_ORG = "22222222-2222-4222-8222-222222222222";

    private static KeycloakServer instance;

    private final Process process;
    private final Path instanceDir;
    private final String baseUrl;
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final String adminPassword;

    private KeycloakServer(Process process, Path instanceDir, String baseUrl, String adminPassword) {
        this.process = process;
        this.instanceDir = instanceDir;
        this.baseUrl = baseUrl;
        this.adminPassword = adminPassword;
    }

    public static synchronized KeycloakServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "keycloak-stop"));
        }
        return instance;
    }

    /** The issuer URL services use as {@code quarkus.oidc.auth-server-url}. */
    public String realmUrl() {
        return baseUrl + "/realms/" + REALM;
    }

    /** An access token for a demo user ({@code acme-admin}, {@code globex-viewer}, ...), cached per user. */
    public String token(String username) {
        return tokens.computeIfAbsent(username, user -> requestToken(Map.of(
                "grant_type", "password", "client_id", CLI_CLIENT, "username", user, "password", DEMO_PASSWORD)));
    }

    /** A client-credential token of a control-plane service ({@code execution-service}, ...). */
    public String serviceToken(String clientId) {
        return tokens.computeIfAbsent("client:" + clientId, id -> requestToken(Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", clientId + "-local-secret")));
    }

    /**
     * Sets how long the access tokens Keycloak issues to one client live (the client's own
     * {@code access.token.lifespan}; null restores the realm's), through the admin API, e.g. to test expiry.
     */
    public void accessTokenLifespan(String clientId, Duration lifespan) {
        String admin = RestAssured.given().formParams(Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", "admin", "password", adminPassword))
                .post(baseUrl + "/realms/master/protocol/openid-connect/token").then().statusCode(200)
                .extract().path("access_token");
        String clients = baseUrl + "/admin/realms/" + REALM + "/clients";
        String id = RestAssured.given().auth().oauth2(admin).queryParam("clientId", clientId).get(clients)
                .then().statusCode(200).extract().path("[0].id");
        Map<String, Object> client = RestAssured.given().auth().oauth2(admin).get(clients + "/" + id)
                .then().statusCode(200).extract().as(Map.class);
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) client.computeIfAbsent("attributes", ignored -> new java.util.HashMap<>());
        attributes.put("access.token.lifespan", lifespan == null ? "" : Long.toString(lifespan.toSeconds()));
        RestAssured.given().auth().oauth2(admin).contentType("application/json").body(client).put(clients + "/" + id)
                .then().statusCode(204);
        tokens.remove("client:" + clientId);
    }

    private String requestToken(Map<String, String> form) {
        Response response = RestAssured.given().formParams(form)
                .post(realmUrl() + "/protocol/openid-connect/token");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak refused a token for " + form.get("username") + form.get("client_id")
                    + ": " + response.statusCode() + " " + response.asString());
        }
        return response.jsonPath().getString("access_token");
    }

    private static KeycloakServer start() {
        Path home = distribution();
        int port = Ports.free();
        try {
            Path dir = Files.createTempDirectory("connectors-keycloak-");
            Path log = dir.resolve("keycloak.log");
            Files.createFile(log);
            // kc.sh derives its home from its own location: copy bin/, share the heavy read-only parts.
            Processes.run(List.of("cp", "-r", home.resolve("bin").toString(), dir.resolve("bin").toString()), log, 30);
            for (String shared : List.of("lib", "conf", "providers", "themes")) {
                Files.createSymbolicLink(dir.resolve(shared), home.resolve(shared));
            }
            Path imports = Files.createDirectories(dir.resolve("data/import"));
            Files.copy(RepoFiles.resolve("deploy/local/keycloak/connectors-realm.json"), imports.resolve("connectors-realm.json"));
            String adminPassword = "admin-" + port;
            Process process = Processes.start(List.of(dir.resolve("bin/kc.sh").toString(), "start-dev",
                            "--http-host=127.0.0.1", "--http-port=" + port, "--import-realm", "--db=dev-mem",
                            "--http-management-port=" + Ports.free(), "--log-level=WARN"),
                    log, Map.of("JAVA_HOME", java21Home(), "KC_BOOTSTRAP_ADMIN_USERNAME", "admin",
                            "KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword), dir.toFile());
            String baseUrl = "http://127.0.0.1:" + port;
            awaitRealm(process, baseUrl, log);
            return new KeycloakServer(process, dir, baseUrl, adminPassword);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a Keycloak instance", e);
        }
    }

    private static void awaitRealm(Process process, String baseUrl, Path log) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/realms/" + REALM + "/.well-known/openid-configuration"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited during start:\n" + Processes.tail(log));
            }
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            sleep(500);
        }
        process.destroyForcibly();
        throw new IllegalStateException("Keycloak did not serve the realm within 240 s:\n" + Processes.tail(log));
    }

    static Path distribution() {
        Properties properties = new Properties();
        try (InputStream in = KeycloakServer.class.getResourceAsStream("/connectors-test-support.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("platform-test was built without its properties", e);
        }
        Path home = Path.of(properties.getProperty("keycloak.home"));
        if (!Files.isExecutable(home.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("No Keycloak distribution at " + home + ": build platform/platform-test first");
        }
        return home;
    }

    /** Keycloak 26 needs Java 21+; the image ships one beside the default JDK 17. */
    static String java21Home() {
        String configured = System.getenv("KEYCLOAK_JAVA_HOME");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Runtime.version().feature() >= 21) {
            return System.getProperty("java.home");
        }
        try (Stream<Path> jvms = Files.list(Path.of("/usr/lib/jvm"))) {
            return jvms.filter(jdk -> featureVersion(jdk).orElse(0) >= 21)
                    .max((a, b) -> Integer.compare(featureVersion(a).orElse(0), featureVersion(b).orElse(0)))
                    .map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("Keycloak needs a JDK 21+: set KEYCLOAK_JAVA_HOME"));
        } catch (IOException e) {
            throw new IllegalStateException("Keycloak needs a JDK 21+: set KEYCLOAK_JAVA_HOME", e);
        }
    }

    private static Optional<Integer> featureVersion(Path jdk) {
        Path release = jdk.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(jdk.resolve("bin/java"))) {
            return Optional.empty();
        }
        try {
            Properties properties = new Properties();
            try (InputStream in = Files.newInputStream(release)) {
                properties.load(in);
            }
            String version = properties.getProperty("JAVA_VERSION", "").replace("\"", "");
            return Optional.of(Integer.parseInt(version.split("[.+-]")[0]));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(Duration.ofSeconds(20).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        try {
            Processes.run(List.of("rm", "-rf", instanceDir.toString()), Path.of("/dev/null"), 30);
        } catch (RuntimeException e) {
            System.err.println("Could not remove " + instanceDir + ": " + e.getMessage());
        }
    }
}
