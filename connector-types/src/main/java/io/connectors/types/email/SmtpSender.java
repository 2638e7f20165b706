package io.connectors.types.email;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.connectors.types.runtime.ConnectorException;
import io.connectors.types.runtime.Json;
import io.connectors.types.runtime.OperationContext;
import io.connectors.types.runtime.OutboundGuard;
import io.connectors.types.runtime.Settings;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;
import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;

import javax.net.ssl.SSLException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * SMTP with Jakarta Mail, on a worker thread (it blocks). The server's name goes through the outbound guard like any
 * URL host; Jakarta Mail is then given the checked address, and TLS (implicit, or STARTTLS) still verifies and names
 * the server by its host name. Without STARTTLS on offer, a password is not sent unless explicitly allowed.
 */
@Singleton
class SmtpSender {

    private final Vertx vertx;
    private final OutboundGuard guard;
    private final EmailConfig config;

    SmtpSender(Vertx vertx, OutboundGuard guard, EmailConfig config) {
        this.vertx = vertx;
        this.guard = guard;
        this.config = config;
    }

    Uni<JsonNode> send(OperationContext context, Settings credentials, String from, JsonNode params) {
        return session(context, credentials, (session, transport) -> {
            MimeMessage message = new MimeMessage(session);
            message.setFrom(new InternetAddress(from, true));
            message.setRecipients(Message.RecipientType.TO, addresses(params.get("to")));
            message.setRecipients(Message.RecipientType.CC, addresses(params.get("cc")));
            message.setRecipients(Message.RecipientType.BCC, addresses(params.get("bcc")));
            message.setSubject(params.get("subject").asText(), "UTF-8");
            message.setText(params.get("message").asText(), "UTF-8");
            message.setSentDate(new Date());
            message.saveChanges();
            transport.sendMessage(message, message.getAllRecipients());
            ObjectNode result = Json.object().put("message_id", message.getMessageID());
            ArrayNode accepted = result.putArray("accepted");
            for (Address address : message.getAllRecipients()) {
                accepted.add(((InternetAddress) address).getAddress());
            }
            return result;
        });
    }

    /** Connects, says EHLO, authenticates when configured, and quits. */
    Uni<JsonNode> check(OperationContext context, Settings credentials) {
        return session(context, credentials, (session, transport) ->
                Json.object().put("reachable", true).put("authenticated", credentials.has("user")));
    }

    @FunctionalInterface
    private interface Exchange {
        JsonNode run(Session session, Transport transport) throws MessagingException;
    }

    private Uni<JsonNode> session(OperationContext context, Settings credentials, Exchange exchange) {
        String host = credentials.required("host");
        return guard.admit(host, context.outbound())
                .onItem().transformToUni(address -> blocking(() -> connected(context, credentials, host, address, exchange)))
                .ifNoItem().after(context.outbound().timeout())
                .failWith(() -> ConnectorException.external("No answer from SMTP server " + host + " in time", true));
    }

    private JsonNode connected(OperationContext context, Settings credentials, String host, InetAddress address,
                               Exchange exchange) {
        boolean secure = credentials.flag("secure");
        String user = credentials.text("user");
        String timeout = Long.toString(context.outbound().timeout().toMillis());
        Properties properties = new Properties();
        properties.put("mail.smtp.host", address.getHostAddress());
        properties.put("mail.smtp.port", Integer.toString(credentials.integer("port")));
        properties.put("mail.smtp.connectiontimeout", timeout);
        properties.put("mail.smtp.timeout", timeout);
        properties.put("mail.smtp.writetimeout", timeout);
        properties.put("mail.smtp.ssl.enable", Boolean.toString(secure));
        properties.put("mail.smtp.starttls.enable", Boolean.toString(!secure));
        properties.put("mail.smtp.starttls.required", Boolean.toString(!secure && user != null && !config.allowPlaintextAuth()));
        properties.put("mail.smtp.ssl.socketFactory", new HostSslSocketFactory(host));
        // The factory verifies the certificate against the host name; Jakarta Mail only knows the address.
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        properties.put("mail.smtp.auth", Boolean.toString(user != null));
        Session session = Session.getInstance(properties);
        try (Transport transport = session.getTransport("smtp")) {
            transport.connect(user, user == null ? null : credentials.required("password"));
            return exchange.run(session, transport);
        } catch (MessagingException e) {
            throw classify(e, host);
        }
    }

    private Uni<JsonNode> blocking(Callable<JsonNode> call) {
        return Uni.createFrom().completionStage(() -> vertx.executeBlocking(call, false).toCompletionStage());
    }

    private static InternetAddress[] addresses(JsonNode list) throws AddressException {
        List<InternetAddress> addresses = new ArrayList<>();
        if (list != null) {
            for (JsonNode address : list) {
                addresses.add(new InternetAddress(address.asText(), true));
            }
        }
        return addresses.toArray(InternetAddress[]::new);
    }

    /** SMTP reply codes: 4xx is temporary, 5xx permanent; the server's own text is not passed on. */
    private static ConnectorException classify(MessagingException failure, String host) {
        if (failure instanceof AuthenticationFailedException) {
            return ConnectorException.configuration("SMTP server " + host + " rejected the credentials");
        }
        if (failure instanceof SMTPSendFailedException smtp && smtp.getReturnCode() >= 400 && smtp.getReturnCode() < 500) {
            return ConnectorException.external("SMTP server " + host + " deferred the message (" + smtp.getReturnCode() + ")", true);
        }
        if (failure instanceof SendFailedException sendFailed) {
            List<String> refused = new ArrayList<>();
            if (sendFailed.getInvalidAddresses() != null) {
                for (Address address : sendFailed.getInvalidAddresses()) {
                    refused.add(((InternetAddress) address).getAddress());
                }
            }
            return ConnectorException.caller("SMTP server " + host + " refused the message"
                    + (refused.isEmpty() ? "" : " for " + String.join(", ", refused)));
        }
        if (failure instanceof AddressException) {
            return ConnectorException.caller("An address is not valid");
        }
        if (String.valueOf(failure.getMessage()).contains("STARTTLS is required")) {
            return ConnectorException.configuration("SMTP server " + host
                    + " does not offer STARTTLS; the password is never sent unencrypted (use secure: true or a server with STARTTLS)");
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return ConnectorException.configuration("The TLS handshake with SMTP server " + host
                        + " failed: its certificate is not trusted or does not match the host");
            }
            if (cause instanceof SocketTimeoutException) {
                return ConnectorException.external("No answer from SMTP server " + host + " in time", true);
            }
        }
        return ConnectorException.external("The SMTP exchange with " + host + " failed", true);
    }
}
