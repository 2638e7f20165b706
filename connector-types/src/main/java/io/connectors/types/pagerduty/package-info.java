/**
 * PagerDuty Events API v2: {@code POST /v2/enqueue} with {@code routing_key}, {@code event_action}
 * (trigger|acknowledge|resolve), {@code dedup_key} and, for trigger, {@code payload {summary, source, severity, ...}};
 * answers 202 {@code {status, message, dedup_key}}.
 */
package io.connectors.types.pagerduty;
