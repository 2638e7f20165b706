package io.connectors.policy.policy;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.UUID;

/** A stored org policy (current version). Internal to the service. */
@Entity
@Table(name = "policies")
public class PolicyEntity {

    @Id
    UUID id;

    @Column(name = "org_id", nullable = false, updatable = false)
    String orgId;

    String name;
    String description;
    String expression;

    @Column(name = "checked_expr")
    byte[] checkedExpr;

    String effect;

    @Column(name = "risk_weight")
    int riskWeight;

    boolean enabled;
    int priority;
    int version;
    boolean deleted;

    @Column(name = "created_at", updatable = false)
    Instant createdAt;

    @Column(name = "created_by", updatable = false)
    String createdBy;

    @Column(name = "updated_at")
    Instant updatedAt;

    @Column(name = "updated_by")
    String updatedBy;
}
