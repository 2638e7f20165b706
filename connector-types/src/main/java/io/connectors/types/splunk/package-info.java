/**
 * Splunk REST API on the management port (8089), {@code Authorization: Bearer <token>}. Jobs:
 * {@code POST /servicesNS/nobody/<app>/search/v2/jobs} (form search, earliest_time, latest_time, exec_mode, max_count,
 * max_time); results: {@code GET /services/search/v2/jobs/<sid>/results?output_mode=json&count=&offset=}.
 */
package io.connectors.types.splunk;
