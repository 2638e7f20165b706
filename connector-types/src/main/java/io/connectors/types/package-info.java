/** The connector-type catalog: one sub-package per type. */
package io.connectors.types;
