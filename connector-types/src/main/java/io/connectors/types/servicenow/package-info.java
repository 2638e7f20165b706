/**
 * ServiceNow Table API: {@code POST/GET /api/now/table/incident}, {@code GET/PATCH /api/now/table/incident/<sys_id>}.
 * Basic auth, or OAuth JWT bearer grant ({@code POST /oauth_token.do}, JWT signed with the private key, kid jwt_key_id,
 * sub user_identifier_value).
 */
package io.connectors.types.servicenow;
