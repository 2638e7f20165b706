package io.connectors.types.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.Settings;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Sends through the service the credentials name: SMTP, or Exchange Online (Microsoft Graph). */
@Singleton
class EmailClient {

    static final String TYPE = "email";

    private final EmailType type;
    private final SmtpSender smtp;
    private final GraphSender graph;

    EmailClient(EmailType type, SmtpSender smtp, GraphSender graph) {
        this.type = type;
        this.smtp = smtp;
        this.graph = graph;
    }

    Uni<JsonNode> send(OperationContext context, JsonNode params) {
        Settings credentials = Settings.credentials(context, type);
        String from = Settings.config(context, type).required("from");
        return isExchange(credentials) ? graph.send(context, credentials, from, params)
                : smtp.send(context, credentials, from, params);
    }

    Uni<JsonNode> check(OperationContext context) {
        Settings credentials = Settings.credentials(context, type);
        return isExchange(credentials) ? graph.check(context, credentials) : smtp.check(context, credentials);
    }

    private static boolean isExchange(Settings credentials) {
        return "exchange_server".equals(credentials.required("service"));
    }
}
