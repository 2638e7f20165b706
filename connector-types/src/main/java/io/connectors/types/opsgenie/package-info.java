/**
 * Opsgenie Alert API v2, {@code Authorization: GenieKey <key>}: {@code POST /v2/alerts},
 * {@code POST /v2/alerts/<identifier>/close?identifierType=id|alias|tiny}; both answer 202 with a requestId.
 */
package io.connectors.types.opsgenie;
