package io.connectors.types.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.ConnectorException.Fault;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.OutboundGuard;
import io.connectors.types.runtime.SystemHostResolver;
import io.connectors.types.runtime.TokenCache;
import io.connectors.types.testing.FakeServer;
import io.connectors.types.testing.RecordedRequest;
import io.connectors.types.testing.Reply;
import io.connectors.types.testing.TestRuntime;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static io.connectors.types.testing.TestRuntime.await;
import static io.connectors.types.testing.TestRuntime.failure;
import static io.connectors.types.testing.TestRuntime.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SMTP against a real local SMTP server (GreenMail); Exchange Online against a Graph and identity-platform fake. */
class EmailClientTest {

    private static final String PASSWORD = "canary-smtp-password-3c";
    private static final String TENANT = "0c9a3a0e-1111-4111-8111-111111111111";
    private static final String CLIENT_ID = "5f0c2f6a-2222-4222-8222-222222222222";

    private final GreenMail smtp = started(new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP)));
    private final FakeServer microsoft = new FakeServer();
    private final EmailClient client = client(TestRuntime.guard(), true);

    @AfterEach
    void tearDown() {
        smtp.stop();
        microsoft.close();
    }

    @Test
    void sendsAPlainTextMessageToEveryRecipientThroughAnAuthenticatedSmtpServer() throws Exception {
        JsonNode result = await(new MessagesSendHandler(client).execute(smtpContext(PASSWORD), json("{\"to\": [\"oncall@acme.example\"],"
                + " \"cc\": [\"lead@acme.example\"], \"bcc\": [\"audit@acme.example\"], \"subject\": \"Host WIN-042 contained\","
                + " \"message\": \"The SOC agent contained WIN-042.\"}")));

        MimeMessage[] received = smtp.getReceivedMessages();
        assertEquals(3, received.length, "one delivery per recipient");
        MimeMessage message = received[0];
        assertEquals("Host WIN-042 contained", message.getSubject());
        assertEquals("soc-bot@acme.example", ((InternetAddress) message.getFrom()[0]).getAddress());
        assertEquals("oncall@acme.example", ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress());
        assertEquals("lead@acme.example", ((InternetAddress) message.getRecipients(Message.RecipientType.CC)[0]).getAddress());
        assertTrue(message.getContent().toString().startsWith("The SOC agent contained WIN-042."));
        assertFalse(Arrays.toString(message.getHeader("Bcc")).contains("audit@"), "Bcc is not in the sent headers");
        assertEquals(json("[\"oncall@acme.example\", \"lead@acme.example\", \"audit@acme.example\"]"), result.get("accepted"));
        assertEquals(message.getMessageID(), result.get("message_id").asText());
    }

    @Test
    void reportsRejectedSmtpCredentialsAsAConfigurationFaultWithoutThePassword() {
        ConnectorException error = failure(new EmailConnectivityCheck(client).check(smtpContext("canary-wrong-smtp-password")));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertEquals("SMTP server 127.0.0.1 rejected the credentials", error.getMessage());
        assertEquals(json("{\"reachable\": true, \"authenticated\": true}"), await(new EmailConnectivityCheck(client).check(smtpContext(PASSWORD))));
    }

    @Test
    void neverSendsThePasswordOverAConnectionWithoutStartTls() {
        EmailClient strict = client(TestRuntime.guard(), false);

        ConnectorException error = failure(new MessagesSendHandler(strict).execute(smtpContext(PASSWORD),
                json("{\"to\": [\"oncall@acme.example\"], \"subject\": \"s\", \"message\": \"m\"}")));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertTrue(error.getMessage().contains("does not offer STARTTLS"), error.getMessage());
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    @Test
    void refusesAnSmtpHostThatResolvesToLoopbackUnlessAllowed() {
        EmailClient guarded = client(new OutboundGuard(new SystemHostResolver(TestRuntime.vertx()),
                TestRuntime.config(List.of("*"), List.of())), true);
        OperationContext localhost = TestRuntime.context(1, json("{\"from\": \"soc-bot@acme.example\"}"), Json.object()
                .put("host", "localhost").put("port", smtp.getSmtp().getPort()));

        ConnectorException error = failure(new MessagesSendHandler(guarded).execute(localhost,
                json("{\"to\": [\"oncall@acme.example\"], \"subject\": \"s\", \"message\": \"m\"}")));

        assertEquals(Fault.BLOCKED, error.fault());
        assertEquals("Host localhost resolves to a loopback address, which connectors may not reach", error.getMessage());
        assertEquals(0, smtp.getReceivedMessages().length);
    }

    @Test
    void refusesAnImplicitTlsServerWhoseCertificateIsNotTrusted() {
        ServerSetup setup = new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTPS);
        setup.setServerStartupTimeout(10_000);
        GreenMail smtps = started(new GreenMail(setup));
        try {
            OperationContext secure = TestRuntime.context(1, json("{\"from\": \"soc-bot@acme.example\"}"), Json.object()
                    .put("host", "127.0.0.1").put("port", smtps.getSmtps().getPort()).put("secure", true));

            ConnectorException error = failure(new MessagesSendHandler(client).execute(secure,
                    json("{\"to\": [\"oncall@acme.example\"], \"subject\": \"s\", \"message\": \"m\"}")));

            assertEquals(Fault.CONFIGURATION, error.fault());
            assertTrue(error.getMessage().startsWith("The TLS handshake with SMTP server 127.0.0.1 failed"), error.getMessage());
            assertEquals(0, smtps.getReceivedMessages().length);
        } finally {
            smtps.stop();
        }
    }

    @Test
    void sendsThroughMicrosoftGraphWithAClientCredentialsToken() {
        microsoft.on("POST", "/login/" + TENANT + "/oauth2/v2.0/token", request -> Reply.json(200,
                "{\"token_type\": \"Bearer\", \"expires_in\": 3599, \"ext_expires_in\": 3599, \"access_token\": \"graph-token-1\"}"));
        microsoft.on("POST", "/graph/users/soc-bot%40acme.example/sendMail", request -> "Bearer graph-token-1".equals(request.header("Authorization"))
                ? Reply.empty(202) : Reply.json(401, "{\"error\": {\"code\": \"InvalidAuthenticationToken\", \"message\": \"Access token is empty.\"}}"));

        JsonNode result = await(new MessagesSendHandler(client).execute(exchangeContext("canary-graph-secret"),
                json("{\"to\": [\"oncall@acme.example\"], \"subject\": \"Contained\", \"message\": \"WIN-042\"}")));

        Map<String, List<String>> form = microsoft.only("POST", "/login/" + TENANT + "/oauth2/v2.0/token").form();
        assertEquals(Map.of("client_id", List.of(CLIENT_ID), "client_secret", List.of("canary-graph-secret"),
                "scope", List.of("https://graph.microsoft.com/.default"), "grant_type", List.of("client_credentials")), form);
        RecordedRequest sent = microsoft.only("POST", "/graph/users/soc-bot%40acme.example/sendMail");
        assertEquals(json("{\"message\": {\"subject\": \"Contained\", \"body\": {\"contentType\": \"Text\", \"content\": \"WIN-042\"},"
                + " \"toRecipients\": [{\"emailAddress\": {\"address\": \"oncall@acme.example\"}}], \"ccRecipients\": [], \"bccRecipients\": []},"
                + " \"saveToSentItems\": true}"), sent.json());
        assertEquals(json("{\"accepted\": [\"oncall@acme.example\"]}"), result);
    }

    @Test
    void reportsARejectedClientSecretAsAConfigurationFault() {
        microsoft.on("POST", "/login/" + TENANT + "/oauth2/v2.0/token", request -> Reply.json(401, "{\"error\": \"invalid_client\","
                + " \"error_description\": \"AADSTS7000215: Invalid client secret provided.\", \"error_codes\": [7000215]}"));

        ConnectorException error = failure(new EmailConnectivityCheck(client).check(exchangeContext("canary-wrong-graph-secret")));

        assertEquals(Fault.CONFIGURATION, error.fault());
        assertTrue(error.getMessage().contains("invalid_client: AADSTS7000215: Invalid client secret provided."), error.getMessage());
        assertFalse(error.getMessage().contains("canary-wrong-graph-secret"));
    }

    private OperationContext smtpContext(String password) {
        smtp.setUser("soc-bot@acme.example", "soc-bot", PASSWORD);
        return TestRuntime.context(1, json("{\"from\": \"soc-bot@acme.example\"}"), Json.object()
                .put("host", "127.0.0.1").put("port", smtp.getSmtp().getPort()).put("user", "soc-bot").put("password", password));
    }

    private OperationContext exchangeContext(String secret) {
        return TestRuntime.context(1, json("{\"from\": \"soc-bot@acme.example\"}"), Json.object()
                .put("service", "exchange_server").put("tenant_id", TENANT).put("client_id", CLIENT_ID).put("client_secret", secret));
    }

    private EmailClient client(OutboundGuard guard, boolean allowPlaintextAuth) {
        EmailConfig config = new EmailConfig() {
            @Override
            public String graphApiUrl() {
                return microsoft.url() + "/graph";
            }

            @Override
            public String graphApiScope() {
                return "https://graph.microsoft.com/.default";
            }

            @Override
            public String loginUrl() {
                return microsoft.url() + "/login";
            }

            @Override
            public boolean allowPlaintextAuth() {
                return allowPlaintextAuth;
            }
        };
        return new EmailClient(new EmailType(), new SmtpSender(TestRuntime.vertx(), guard, config),
                new GraphSender(TestRuntime.http(), new TokenCache(), config));
    }

    private static GreenMail started(GreenMail greenMail) {
        greenMail.start();
        return greenMail;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
