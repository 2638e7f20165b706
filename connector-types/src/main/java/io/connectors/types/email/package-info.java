/**
 * Email: SMTP (STARTTLS on 587 or implicit TLS on 465, optional AUTH) or Microsoft Graph {@code sendMail} for
 * exchange_server with a client-credentials token from {@code login.microsoftonline.com/<tenant_id>}.
 */
package io.connectors.types.email;
