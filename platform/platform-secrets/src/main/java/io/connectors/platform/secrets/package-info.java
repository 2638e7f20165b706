/** Encryption of connector credentials, bound to org and config id. */
package io.connectors.platform.secrets;
