/**
 * Jira. 1.x: REST API v2 ({@code /rest/api/2/...}), Basic email:token or Bearer personal access token; 2.x: Jira
 * Cloud REST API v3 ({@code /rest/api/3/...}), Basic email:token, text as Atlassian Document Format. Both: {@code POST issue},
 * {@code GET issue/{key}}, {@code POST issue/{key}/comment}, {@code POST issue/{key}/transitions}.
 */
package io.connectors.types.jira;
