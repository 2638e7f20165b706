package io.connectors.policy.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** An org's thresholds and the version of its policy set. Internal to the service. */
@Entity
@Table(name = "org_settings")
public class OrgSettingsEntity {

    @Id
    @Column(name = "org_id")
    String orgId;

    @Column(name = "escalate_threshold")
    int escalateThreshold;

    @Column(name = "deny_threshold")
    int denyThreshold;

    @Column(name = "policy_set_version")
    long policySetVersion;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Column(name = "updated_by")
    String updatedBy;
}
