package io.connectors.policy.policy;

import io.connectors.policy.engine.PolicyEngine;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Produces;

/** The one CEL environment of the service (thread-safe, built once). */
public class EngineProducer {

    @Produces
    @Singleton
    PolicyEngine engine() {
        return new PolicyEngine();
    }
}
