/**
 * Splunk REST API on the management port (8089), {@code Authorization: Bearer <token>}. Jobs:
 * {@code POST /servicesNS/nobody/<app>/search/jobs} (the app's namespace of {@code /services/search/jobs}; form search,
 * earliest_time, latest_time, exec_mode, max_count, max_time, output_mode=json) answers {@code {"sid": ...}}; results:
 * {@code GET /services/search/jobs/<sid>/results?output_mode=json&count=&offset=}, 204 while the job still runs.
 */
package io.connectors.types.splunk;
