package io.connectors.types.email;

import com.fasterxml.jackson.databind.JsonNode;
import io.connectors.types.runtime.NamedCheck;
import io.connectors.types.runtime.OperationContext;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** SMTP: connect, EHLO, AUTH, QUIT. Exchange: a token. */
@Singleton
public class EmailConnectivityCheck extends NamedCheck {

    private final EmailClient client;

    EmailConnectivityCheck(EmailClient client) {
        super(EmailClient.TYPE);
        this.client = client;
    }

    @Override
    protected Uni<JsonNode> probe(OperationContext context) {
        return client.check(context);
    }
}
