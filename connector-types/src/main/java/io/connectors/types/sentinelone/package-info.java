/**
 * SentinelOne management API v2.1, {@code Authorization: ApiToken <token>}: {@code GET /web/api/v2.1/threats}
 * (limit, cursor, ids, incidentStatuses, createdAt__gt/__lt, computerName__contains, siteIds),
 * {@code POST /web/api/v2.1/agents/actions/disconnect} with {@code {"filter": {"ids": [...]}}}.
 */
package io.connectors.types.sentinelone;
