/**
 * Signed events: a producer signs an event with its Ed25519 key over the event's canonical JSON
 * ({@link io.connectors.platform.json.CanonicalJson}), and puts the signature with its key id in
 * {@code data.signature}; a consumer that acts on the event checks it against the public keys it was configured to
 * trust, by key id, so a key can be rotated while events signed under the old one are still in flight. Kafka's own
 * access control says who may write a topic; a signature says which service made the event and that nobody changed it.
 */
package io.connectors.platform.signing;
