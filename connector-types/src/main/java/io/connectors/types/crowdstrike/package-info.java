/**
 * CrowdStrike Falcon. OAuth2 client credentials: {@code POST /oauth2/token} (form client_id, client_secret) gives a
 * Bearer token (30 min). Alerts: {@code GET /alerts/queries/alerts/v2}, {@code POST /alerts/entities/alerts/v2}; hosts:
 * {@code GET /devices/queries/devices/v1}, {@code GET /devices/entities/devices/v2}; containment:
 * {@code POST /devices/entities/devices-actions/v2?action_name=contain|lift_containment} with {@code {"ids": [...]}}.
 */
package io.connectors.types.crowdstrike;
