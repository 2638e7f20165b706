package io.connectors.platform.web;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The request-line and header limits every service answers with a problem+json 414 or 431 ({@link RequestLimitsFilter}).
 * Vert.x's own decoder limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}, raised in
 * platform-core's microprofile-config.properties) must stay above these: a request beyond them is refused by Vert.x
 * itself with an empty body, which Quarkus offers no hook to change.
 */
@ConfigMapping(prefix = "connectors.http")
public interface RequestLimitsConfig {

    /** The longest request line ({@code GET /path?query HTTP/1.1}) served; longer is 414. Vert.x's former default. */
    @WithDefault("4K")
    MemorySize maxRequestLine();

    /** The most header bytes (names, values, separators) served; more is 431. Quarkus's former default. */
    @WithDefault("20K")
    MemorySize maxHeaderSize();
}
