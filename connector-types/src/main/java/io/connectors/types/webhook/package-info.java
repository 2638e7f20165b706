/**
 * Generic webhook: one JSON request to the configured URL and method, with basic, bearer or mutual TLS authentication.
 */
package io.connectors.types.webhook;
