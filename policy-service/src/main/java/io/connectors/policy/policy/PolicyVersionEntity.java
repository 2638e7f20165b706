package io.connectors.policy.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** One version of a policy as it was written; never updated. */
@Entity
@Table(name = "policy_versions")
@IdClass(PolicyVersionEntity.Key.class)
public class PolicyVersionEntity {

    @Id
    @Column(name = "policy_id")
    UUID policyId;

    @Id
    int version;

    @Column(name = "org_id")
    String orgId;

    String change;
    String name;
    String description;
    String expression;
    String effect;

    @Column(name = "risk_weight")
    int riskWeight;

    boolean enabled;
    int priority;

    @Column(name = "changed_at")
    Instant changedAt;

    @Column(name = "changed_by")
    String changedBy;

    static PolicyVersionEntity of(PolicyEntity policy, String change) {
        PolicyVersionEntity version = new PolicyVersionEntity();
        version.policyId = policy.id;
        version.version = policy.version;
        version.orgId = policy.orgId;
        version.change = change;
        version.name = policy.name;
        version.description = policy.description;
        version.expression = policy.expression;
        version.effect = policy.effect;
        version.riskWeight = policy.riskWeight;
        version.enabled = policy.enabled;
        version.priority = policy.priority;
        version.changedAt = policy.updatedAt;
        version.changedBy = policy.updatedBy;
        return version;
    }

    public static class Key implements Serializable {

        UUID policyId;
        int version;

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.version == version && Objects.equals(key.policyId, policyId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(policyId, version);
        }
    }
}
