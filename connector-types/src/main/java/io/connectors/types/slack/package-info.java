/**
 * Slack Web API, {@code Authorization: Bearer xoxb-...}: {@code POST chat.postMessage} (JSON), {@code GET conversations.list};
 * errors come back as HTTP 200 with {@code {"ok": false, "error": ...}}.
 */
package io.connectors.types.slack;
