package io.connectors.types;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.platform.error.FieldError;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.connectors.types.Catalogs.json;
import static io.connectors.types.EveryConnectorTypeTest.assertHasError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConnectorCatalogTest {

    private static final ConnectorCatalog CATALOG = Catalogs.catalog();
    private static final String CANARY = "canary-secret-7f3a9c";

    @Test
    void servesTheTenSeedTypesSortedById() {
        assertEquals(List.of("crowdstrike", "email", "jira", "opsgenie", "pagerduty", "sentinelone", "servicenow",
                "slack", "splunk", "webhook"), CATALOG.all().stream().map(ConnectorTypeDefinition::id).toList());
    }

    @Test
    void offersTheOperationsTheIssueNamesWithTheirClasses() {
        assertOperations("crowdstrike", "detections:read", "hosts:read", "hosts:contain", "hosts:lift_containment");
        assertOperations("splunk", "search:run", "search:results");
        assertOperations("jira", "issues:create", "issues:read", "issues:comment", "issues:transition");
        assertOperations("servicenow", "incidents:create", "incidents:read", "incidents:update");
        assertOperations("slack", "messages:post", "channels:read");
        assertOperations("pagerduty", "events:trigger", "events:acknowledge", "events:resolve");
        assertOperations("webhook", "requests:send");
        assertOperations("email", "messages:send");
        assertOperations("sentinelone", "threats:read", "agents:isolate");
        assertOperations("opsgenie", "alerts:create", "alerts:close");
        assertEquals(OperationClass.DESTRUCTIVE, operation("crowdstrike", "hosts:contain").operationClass());
        assertEquals(OperationClass.DESTRUCTIVE, operation("sentinelone", "agents:isolate").operationClass());
        assertEquals(OperationClass.READ, operation("crowdstrike", "detections:read").operationClass());
        assertEquals(OperationClass.WRITE, operation("jira", "issues:create").operationClass());
    }

    @Test
    void describesCrowdStrikeCredentialsExactlyAsTheSeed() {
        assertEquals(List.of(
                new CredentialField("client_id", "string", true, false, "OAuth2 client ID", null, null),
                new CredentialField("client_secret", "string", true, true, "OAuth2 client secret", null, null),
                new CredentialField("base_url", "string", false, false, null, "https://api.crowdstrike.com", "url")),
                CATALOG.current("crowdstrike").orElseThrow().credentialFields());
    }

    @Test
    void keepsEveryCredentialFieldOfTheSeedTypes() {
        assertCredentialFields("crowdstrike", "client_id", "client_secret");
        assertCredentialFields("jira", "email", "api_token");
        assertCredentialFields("servicenow", "client_secret", "password", "private_key", "private_key_password", "username");
        assertCredentialFields("slack", "token");
        assertCredentialFields("pagerduty", "routing_key");
        assertCredentialFields("webhook", "crt", "key", "pfx", "password", "user");
        assertCredentialFields("email", "client_secret", "password", "user");
        assertCredentialFields("sentinelone", "token");
        assertCredentialFields("opsgenie", "api_key");
    }

    @Test
    void marksSecretsSensitiveAndOnlySecrets() {
        for (ConnectorTypeDefinition type : CATALOG.all()) {
            for (CredentialField field : type.credentialFields()) {
                boolean secretName = Set.of("client_secret", "password", "api_token", "token", "routing_key", "api_key",
                        "private_key", "private_key_password", "key", "pfx").contains(field.name());
                assertEquals(secretName, field.sensitive(), type.id() + "." + field.name());
            }
        }
    }

    @Test
    void acceptsTheSeedsCreateRequestForCrowdStrike() {
        assertEquals(List.of(), CATALOG.validate("crowdstrike", null,
                json("{\"client_id\": \"abc123def456\", \"client_secret\": \"secret-value-here\"}"),
                List.of("detections:read", "hosts:read")));
    }

    @Test
    void allowsAConfigurationWithoutCredentialsYet() {
        assertEquals(List.of(), CATALOG.validate("crowdstrike", json("{}"), null, List.of("hosts:read")));
        assertEquals(List.of(), CATALOG.validate("crowdstrike", null, json("null"), List.of()));
    }

    @Test
    void reportsConfigAndCredentialsThatAreNotObjects() {
        List<FieldError> errors = CATALOG.validate("crowdstrike", json("[1]"), json("\"client_id=x\""), List.of());
        assertEquals(List.of(new FieldError("config", "expected an object"), new FieldError("credentials", "expected an object")), errors);
    }

    @Test
    void validatesAMissingConfigAsEmptySoRequiredConfigFieldsAreReported() {
        assertEquals(List.of(new FieldError("config.project_key", "is required")), CATALOG.validate("jira", null,
                json("{\"base_url\": \"https://acme.atlassian.net\", \"email\": \"a@acme.example\", \"api_token\": \"t\"}"),
                List.of("issues:read")));
    }

    @Test
    void refusesUnknownAndMissingTypesWithOneErrorOnConnectorType() {
        assertEquals(List.of(new FieldError("connector_type", "unknown connector type")),
                CATALOG.validate("fax", json("{\"x\": 1}"), json("{}"), null));
        assertEquals(List.of(new FieldError("connector_type", "is required")), CATALOG.validate(null, null, null, List.of()));
        assertEquals(List.of(new FieldError("connector_type", "unknown connector type")),
                CATALOG.validate("jira", 7, null, null, List.of()));
        assertTrue(CATALOG.current("fax").isEmpty());
        assertTrue(CATALOG.current(null).isEmpty());
        assertTrue(CATALOG.versions("fax").isEmpty());
        assertFalse(CATALOG.isEnabled("fax"));
    }

    @Test
    void reportsEveryBadPermittedOperationByIndex() {
        List<FieldError> errors = CATALOG.validate("crowdstrike", null, null,
                Arrays.asList("hosts:read", null, " ", "hosts:wipe", "hosts:read"));
        assertEquals(4, errors.size(), errors::toString);
        assertEquals(new FieldError("permitted_operations[1]", "expected an operation name"), errors.get(0));
        assertEquals(new FieldError("permitted_operations[2]", "expected an operation name"), errors.get(1));
        assertEquals("permitted_operations[3]", errors.get(2).field());
        assertEquals("unknown operation; crowdstrike 1.0.0 offers detections:read, hosts:read, hosts:contain, hosts:lift_containment",
                errors.get(2).message());
        assertEquals(new FieldError("permitted_operations[4]", "duplicate operation"), errors.get(3));
        assertEquals(List.of(new FieldError("permitted_operations", "is required")), CATALOG.validate("crowdstrike", null, null, null));
    }

    @Test
    void refusesNewConfigurationsOfADisabledTypeButStillDescribesIt() {
        ConnectorCatalog catalog = Catalogs.catalog("webhook", "not-a-type");

        assertFalse(catalog.isEnabled("webhook"));
        assertTrue(catalog.isEnabled("slack"));
        assertEquals(List.of(new FieldError("connector_type", "this connector type is disabled")),
                catalog.validate("webhook", null, json("{\"url\": \"https://hooks.example.com\"}"), List.of("requests:send")));
        assertEquals("webhook", catalog.current("webhook").orElseThrow().id());
        assertEquals(10, catalog.all().size());
        assertEquals(List.of(), catalog.validateParams("webhook", "requests:send", json("{\"body\": {}}")));
    }

    @Test
    void servesJiraOneAndTwoWithTwoAsCurrent() {
        assertEquals("2.0.0", CATALOG.current("jira").orElseThrow().version());
        assertEquals(List.of("1.0.0", "2.0.0"), CATALOG.versions("jira").stream().map(ConnectorTypeDefinition::version).toList());
        assertTrue(CATALOG.version("jira", 1).orElseThrow().deprecated());
        assertFalse(CATALOG.version("jira", 2).orElseThrow().deprecated());
        assertTrue(CATALOG.version("jira", 3).isEmpty());
        assertEquals(2, CATALOG.all().stream().filter(type -> type.id().equals("jira")).findFirst().orElseThrow().majorVersion());
    }

    @Test
    void keepsValidatingConfigurationsStoredOnJiraOneThatTwoWouldRefuse() {
        JsonNode config = json("{\"project_key\": \"SEC\"}");
        JsonNode dataCenterCredentials = json("{\"base_url\": \"https://jira.example.com\", \"api_token\": \"pat\"}");

        assertEquals(List.of(), CATALOG.validate("jira", 1, config, dataCenterCredentials, List.of("issues:create")));
        assertEquals(List.of(new FieldError("credentials.email", "is required")),
                CATALOG.validate("jira", config, dataCenterCredentials, List.of("issues:create")));
        assertEquals(List.of(), CATALOG.validateParams("jira", 1, "issues:comment", json("{\"issue_key\": \"SEC-1\", \"body\": \"x\"}")));
    }

    @Test
    void requiresBasicOrOAuthCredentialsForServiceNowDependingOnIsOAuth() {
        List<String> ops = List.of("incidents:read");
        assertEquals(List.of(new FieldError("credentials.password", "is required"), new FieldError("credentials.username", "is required")),
                CATALOG.validate("servicenow", null, json("{\"base_url\": \"https://acme.service-now.com\"}"), ops));
        List<FieldError> oauth = CATALOG.validate("servicenow", null,
                json("{\"base_url\": \"https://acme.service-now.com\", \"is_oauth\": true, \"client_id\": \"c\"}"), ops);
        assertEquals(List.of("credentials.client_secret", "credentials.jwt_key_id", "credentials.private_key",
                "credentials.user_identifier_value"), oauth.stream().map(FieldError::field).toList());
    }

    @Test
    void requiresTheSecretsOfTheChosenWebhookAuthentication() {
        List<String> ops = List.of("requests:send");
        assertEquals(List.of(new FieldError("credentials.token", "is required")), CATALOG.validate("webhook", null,
                json("{\"url\": \"https://hooks.example.com\", \"auth_type\": \"bearer\"}"), ops));
        assertEquals(List.of(new FieldError("credentials.password", "is required"), new FieldError("credentials.user", "is required")),
                CATALOG.validate("webhook", null, json("{\"url\": \"https://hooks.example.com\", \"auth_type\": \"basic\"}"), ops));
        assertEquals(List.of(new FieldError("credentials.crt", "is required"), new FieldError("credentials.key", "is required")),
                CATALOG.validate("webhook", null, json("{\"url\": \"https://hooks.example.com\", \"auth_type\": \"mtls\"}"), ops));
        assertEquals(List.of(new FieldError("credentials.pfx", "is required")), CATALOG.validate("webhook", null,
                json("{\"url\": \"https://hooks.example.com\", \"auth_type\": \"mtls\", \"cert_type\": \"pfx\"}"), ops));
        assertEquals(List.of(new FieldError("credentials.auth_type", "must be one of [\"none\", \"basic\", \"bearer\", \"mtls\"]")),
                CATALOG.validate("webhook", null, json("{\"url\": \"https://hooks.example.com\", \"auth_type\": \"digest\"}"), ops));
    }

    @Test
    void requiresSmtpHostOrExchangeAppAndAPasswordWithAUser() {
        JsonNode config = json("{\"from\": \"soc@acme.example\"}");
        List<String> ops = List.of("messages:send");
        assertEquals(List.of(new FieldError("credentials.host", "is required")), CATALOG.validate("email", config, json("{}"), ops));
        assertHasError(CATALOG.validate("email", config, json("{\"host\": \"smtp.acme.example\", \"user\": \"soc\"}"), ops),
                "credentials.password", "is required with user");
        assertEquals(List.of("credentials.client_id", "credentials.client_secret", "credentials.tenant_id"),
                CATALOG.validate("email", config, json("{\"service\": \"exchange_server\"}"), ops).stream().map(FieldError::field).toList());
    }

    @Test
    void acceptsOnlyHttpUrlsWithAHostAndNoUserInfo() {
        for (String url : List.of("ftp://api.crowdstrike.com", "javascript:alert(1)", "https://user:pw@api.crowdstrike.com",
                "https://", "api.crowdstrike.com", "https://api.crowdstrike.com/\n")) {
            assertEquals(List.of(new FieldError("credentials.base_url", "must be an http or https URL")),
                    CATALOG.validate("crowdstrike", null, crowdStrikeCredentials("base_url", url), List.of()), url);
        }
        assertEquals(List.of(), CATALOG.validate("crowdstrike", null, crowdStrikeCredentials("base_url", "http://127.0.0.1:8089/falcon"), List.of()));
    }

    @Test
    void refusesLineBreaksThatWouldInjectMailOrHttpHeaders() {
        JsonNode mail = json("{\"to\": [\"a@acme.example\"], \"subject\": \"hi\\r\\nBcc: all@acme.example\", \"message\": \"x\"}");
        assertEquals(List.of(new FieldError("params.subject", "must match the pattern ^[^\\r\\n]*$")),
                CATALOG.validateParams("email", "messages:send", mail));
        assertHasError(CATALOG.validateParams("email", "messages:send",
                json("{\"to\": [\"a@acme.example\"], \"subject\": \"trailing\\n\", \"message\": \"x\"}")), "params.subject", "must match");
        assertHasError(CATALOG.validateParams("webhook", "requests:send",
                json("{\"body\": {}, \"headers\": {\"X-A\": \"1\\r\\nX-Injected: 1\"}}")), "params.headers.X-A", "must match");
        assertHasError(CATALOG.validateParams("webhook", "requests:send",
                json("{\"body\": {}, \"headers\": {\"Bad Header\": \"1\"}}")), "params.headers", "has an invalid key 'Bad Header'");
    }

    @Test
    void refusesIdentifiersThatCouldEscapeTheirUrlPath() {
        assertHasError(CATALOG.validateParams("jira", "issues:read", json("{\"issue_key\": \"../../admin\"}")), "params.issue_key", "must match");
        assertHasError(CATALOG.validateParams("splunk", "search:results", json("{\"sid\": \"x/../../services\"}")), "params.sid", "must match");
        assertHasError(CATALOG.validateParams("servicenow", "incidents:update",
                json("{\"sys_id\": \"x?sysparm_query=\", \"fields\": {\"state\": 2}}")), "params.sys_id", "must match");
        assertHasError(CATALOG.validateParams("crowdstrike", "hosts:contain", json("{\"ids\": [\"ABC\"]}")), "params.ids[0]", "must match");
    }

    @Test
    void namesNestedFieldsWithDotsAndIndexes() {
        assertEquals(List.of(new FieldError("params.fields.state", "must be one of [1, 2, 3, 6, 7, 8]")),
                CATALOG.validateParams("servicenow", "incidents:update",
                        json("{\"sys_id\": \"9d385017c611228701d22104cc95c371\", \"fields\": {\"state\": 4}}")));
        assertEquals(List.of(new FieldError("params.responders[1].type", "is required")), CATALOG.validateParams("opsgenie",
                "alerts:create", json("{\"message\": \"m\", \"responders\": [{\"type\": \"team\", \"name\": \"SOC\"}, {\"name\": \"x\"}]}")));
        assertEquals(List.of(new FieldError("params.fields", "must have at least 1 entries")), CATALOG.validateParams("servicenow",
                "incidents:update", json("{\"sys_id\": \"9d385017c611228701d22104cc95c371\", \"fields\": {}}")));
    }

    @Test
    void listsTheAcceptedTypesOfAFieldThatTakesSeveral() {
        assertEquals(List.of(new FieldError("params.body", "expected one of object, array, string")),
                CATALOG.validateParams("webhook", "requests:send", json("{\"body\": 42}")));
    }

    @Test
    void validatesMissingParamsAsEmptyAndRefusesNonObjects() {
        assertEquals(List.of(new FieldError("params.ids", "is required")), CATALOG.validateParams("crowdstrike", "hosts:contain", null));
        assertEquals(List.of(), CATALOG.validateParams("crowdstrike", "detections:read", null));
        assertEquals(List.of(new FieldError("params", "expected an object")),
                CATALOG.validateParams("crowdstrike", "detections:read", json("[\"severity:Critical\"]")));
    }

    @Test
    void refusesParamsOfUnknownTypesAndOperations() {
        assertEquals(List.of(new FieldError("connector_type", "unknown connector type")), CATALOG.validateParams("fax", "pages:send", null));
        assertEquals("operation", CATALOG.validateParams("crowdstrike", "hosts:wipe", null).get(0).field());
        assertEquals("operation", CATALOG.validateParams("crowdstrike", null, null).get(0).field());
        assertEquals(List.of(new FieldError("connector_type", "unknown connector type")),
                CATALOG.validateParams("jira", 9, "issues:read", null));
    }

    @Test
    void acceptsTheSeedsExecuteParamsForDetectionsRead() {
        assertEquals(List.of(), CATALOG.validateParams("crowdstrike", "detections:read", json("{\"filter\": \"severity:Critical\", \"limit\": 50}")));
        assertEquals(List.of(new FieldError("params.limit", "must be at most 10000")),
                CATALOG.validateParams("crowdstrike", "detections:read", json("{\"limit\": 10001}")));
    }

    @Test
    void neverEchoesARejectedValueInItsMessages() {
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(CATALOG.validate("pagerduty", null, json("{\"routing_key\": \"" + CANARY + "\"}"), List.of()));
        errors.addAll(CATALOG.validate("slack", null, json("{\"token\": \"" + CANARY + "\"}"), List.of()));
        errors.addAll(CATALOG.validate("crowdstrike", null, crowdStrikeCredentials("base_url", CANARY), List.of()));
        errors.addAll(CATALOG.validate("webhook", null, json("{\"url\": \"https://h.example\", \"auth_type\": \"" + CANARY + "\"}"), List.of()));
        errors.addAll(CATALOG.validate("email", null, json("{\"host\": \"h\", \"tenant_id\": \"" + CANARY + "\"}"), List.of()));
        errors.addAll(CATALOG.validateParams("pagerduty", "events:trigger", json("{\"timestamp\": \"" + CANARY + "\"}")));
        assertTrue(errors.size() >= 6, errors::toString);
        assertTrue(errors.stream().noneMatch(error -> (error.field() + error.message()).contains(CANARY)), errors::toString);
    }

    @Test
    void capsTheErrorsOfOnePartAtOneHundred() {
        ObjectNode config = Catalogs.JSON.createObjectNode();
        for (int i = 0; i < 500; i++) {
            config.put("field" + i, i);
        }
        assertEquals(ConnectorCatalog.MAX_ERRORS_PER_PART, CATALOG.validate("crowdstrike", config, null, List.of()).size());
    }

    @Test
    void handsOutCopiesSoCallersCannotLoosenASchema() {
        ConnectorTypeDefinition jira = CATALOG.current("jira").orElseThrow();
        ((ObjectNode) jira.configSchema()).remove("required");
        ((ObjectNode) jira.operation("issues:create").orElseThrow().paramsSchema()).put("additionalProperties", true);

        assertTrue(jira.configSchema().has("required"));
        assertEquals(List.of(new FieldError("params.extra", "unknown field")),
                CATALOG.validateParams("jira", "issues:create", json("{\"summary\": \"s\", \"extra\": 1}")));
    }

    @Test
    void refusesTwoDefinitionsOfTheSameMajorVersion() {
        List<ConnectorType> types = new ArrayList<>(Catalogs.discoveredTypes());
        types.add(() -> CATALOG.versions("jira").subList(0, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new ConnectorCatalog(types, () -> Optional.empty()));
        assertEquals("Connector type jira defines major version 1 twice", e.getMessage());
    }

    @Test
    void writesOperationClassesInLowerCase() throws Exception {
        assertEquals("\"destructive\"", Catalogs.JSON.writeValueAsString(OperationClass.DESTRUCTIVE));
        assertEquals(OperationClass.READ, Catalogs.JSON.readValue("\"read\"", OperationClass.class));
    }

    private static JsonNode crowdStrikeCredentials(String field, String value) {
        ObjectNode credentials = (ObjectNode) json("{\"client_id\": \"abc123def456\", \"client_secret\": \"s\"}");
        return credentials.put(field, value);
    }

    private static void assertOperations(String type, String... names) {
        assertEquals(List.of(names), CATALOG.current(type).orElseThrow().operations().stream().map(OperationDefinition::name).toList());
    }

    private static void assertCredentialFields(String type, String... names) {
        List<String> fields = CATALOG.current(type).orElseThrow().credentialFields().stream().map(CredentialField::name).toList();
        assertTrue(fields.containsAll(List.of(names)), type + " " + fields);
    }

    private static OperationDefinition operation(String type, String name) {
        return CATALOG.current(type).orElseThrow().operation(name).orElseThrow();
    }
}
