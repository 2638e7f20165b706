package io.connectors.config.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.connectors.config.credentials.CredentialSealer;
import io.connectors.config.credentials.SealedCredentials;
import io.connectors.config.idempotency.IdempotencyKeys;
import io.connectors.config.openwork.OpenWork;
import io.connectors.config.web.ETags;
import io.connectors.config.web.Paging;
import io.connectors.platform.audit.AuditTrail;
import io.connectors.platform.error.FieldError;
import io.connectors.platform.events.EventEnvelope;
import io.connectors.platform.events.EventTypes;
import io.connectors.platform.events.Topics;
import io.connectors.platform.events.v1.AuditActions;
import io.connectors.platform.events.v1.AuditRecord;
import io.connectors.platform.events.v1.ConfigChanged;
import io.connectors.platform.outbox.Outbox;
import io.connectors.platform.security.Caller;
import io.connectors.platform.tenancy.TenantSessions;
import io.connectors.types.ConnectorCatalog;
import io.connectors.types.ConnectorTypeDefinition;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Connector configurations of the caller's org. Every write runs in one org-scoped transaction that also writes the
 * config event and the audit record to the outbox, so a change, its event and its audit record exist together or not
 * at all. Credentials are encrypted before the transaction sees them and never leave this class in plaintext.
 */
@ApplicationScoped
public class ConnectorService {

    static final String SOURCE = "/config-service";
    static final String TARGET_TYPE = "connector";
    /** What a key rotation changes: the key protecting the credentials, not the credentials. */
    static final String CREDENTIALS_KEY = "credentials_key";

    private final TenantSessions tenants;
    private final ConnectorRepository repository;
    private final ConnectorCatalog catalog;
    private final CredentialSealer sealer;
    private final IdempotencyKeys idempotency;
    private final OpenWork openWork;
    private final Outbox outbox;
    private final AuditTrail audit;
    private final JsonText jsonText;

    public ConnectorService(TenantSessions tenants, ConnectorRepository repository, ConnectorCatalog catalog,
                            CredentialSealer sealer, IdempotencyKeys idempotency, OpenWork openWork, Outbox outbox,
                            AuditTrail audit, JsonText jsonText) {
        this.tenants = tenants;
        this.repository = repository;
        this.catalog = catalog;
        this.sealer = sealer;
        this.idempotency = idempotency;
        this.openWork = openWork;
        this.outbox = outbox;
        this.audit = audit;
        this.jsonText = jsonText;
    }

    /** The connector, or null when the org has none with this id. */
    public Uni<ConnectorDto> get(String orgId, UUID id) {
        return tenants.inOrg(orgId, session -> repository.find(session, orgId, id))
                .map(entity -> entity == null ? null : toDto(entity));
    }

    /**
     * The connector's current state exactly as its config event on {@code connectors.config.v1} carries it (credentials
     * only as the cipher's envelope), or null when the org has none with this id. For execution-service, which asks
     * before the event reached it.
     */
    public Uni<ConfigChanged> currentConfigEvent(String orgId, UUID id) {
        return tenants.inOrg(orgId, session -> repository.find(session, orgId, id))
                .map(entity -> entity == null ? null : configChanged(entity));
    }

    public Uni<ConnectorPage> list(String orgId, UUID agentId, Paging paging, String path) {
        return tenants.inOrg(orgId, session -> repository.count(session, orgId, agentId)
                .chain(total -> repository.page(session, orgId, agentId, paging).map(rows -> {
                    Map<String, String> filters = new LinkedHashMap<>();
                    filters.put("agent_id", agentId == null ? null : agentId.toString());
                    Paging.Links links = paging.links(path, filters, total);
                    return new ConnectorPage(rows.stream().map(this::toDto).toList(), total, paging.pageNumber(),
                            paging.pageSize(), links.totalPages(), links.first(), links.last(), links.next(),
                            links.previous());
                })));
    }

    /**
     * Creates a connector, or answers the stored response of an earlier create with the same idempotency key.
     * Throws 400 (every invalid field), 409 (name taken) or 422 (key reused with another body).
     */
    public Uni<Created> create(Caller caller, String orgId, JsonNode body, String idempotencyKey) {
        IdempotencyKeys.Key key = idempotency.key(idempotencyKey, orgId, body);
        ConnectorRequests.Create request = ConnectorRequests.create(body);
        ConnectorRequests.throwIfAny(request.errors(), request.typeCheckable()
                ? catalog.validate(request.connectorType(), request.config(), request.credentials(), request.permittedOperations())
                : List.of());
        ConnectorTypeDefinition type = catalog.current(request.connectorType()).orElseThrow();
        UUID id = UUID.randomUUID();
        return seal(orgId, id, type, request.credentials())
                .chain(sealed -> tenants.inOrg(orgId, session -> idempotency.replay(session, key)
                        .chain(stored -> stored != null
                                ? Uni.createFrom().item(Created.replayed(stored))
                                : insert(session, caller, orgId, id, type, request, sealed, key))))
                .onFailure().transform(UniqueViolations::toConflict);
    }

    /**
     * Applies the fields given, leaving the others (credentials included) as they are. Null when the org has no such
     * connector. Throws 400, 409 (name taken) or 412 (stale If-Match).
     */
    public Uni<Updated> update(Caller caller, String orgId, UUID id, JsonNode body, String ifMatch) {
        ConnectorRequests.Update request = ConnectorRequests.update(body);
        ConnectorRequests.throwIfAny(request.errors(), List.of());
        return tenants.inOrg(orgId, session -> repository.findForUpdate(session, orgId, id)
                        .chain(entity -> entity == null ? Uni.createFrom().<Updated>nullItem()
                                : change(session, caller, entity, request, ifMatch)))
                .onFailure().transform(UniqueViolations::toConflict);
    }

    /**
     * Deletes a connector unless approvals or executions still refer to it; with {@code force} it is deleted anyway
     * and the tombstone tells policy-service and execution-service to cancel them (the audit record names them).
     */
    public Uni<DeleteOutcome> delete(Caller caller, String orgId, UUID id, String ifMatch, boolean force) {
        return tenants.inOrg(orgId, session -> repository.findForUpdate(session, orgId, id).chain(entity -> {
            if (entity == null) {
                return Uni.createFrom().item(DeleteOutcome.notFound());
            }
            ETags.check(ifMatch, entity.version);
            return openWork.openFor(session, orgId, id).chain(open -> {
                List<String> approvals = idsOf(open, OpenWork.APPROVAL);
                List<String> executions = idsOf(open, OpenWork.EXECUTION);
                DeleteOutcome outcome = new DeleteOutcome(open.isEmpty() || force ? DeleteOutcome.Result.DELETED
                        : DeleteOutcome.Result.BLOCKED, approvals, executions);
                return outcome.result() == DeleteOutcome.Result.BLOCKED ? Uni.createFrom().item(outcome)
                        : remove(session, caller, entity, outcome, force).replaceWith(outcome);
            });
        }));
    }

    /**
     * Moves every stored credential of the org to the cipher's active key, so a retired key can be removed. The
     * plaintext is never exposed and {@code credentials_version} stays; each connector's version bumps and a config
     * event carries the new envelope to its consumers. Answers how many connectors were rewrapped.
     */
    public Uni<Integer> rewrapCredentials(Caller caller, String orgId) {
        return tenants.inOrg(orgId, session -> repository.withCredentialsForUpdate(session, orgId)
                .chain(entities -> Multi.createFrom().iterable(entities)
                        // one after the other: a session is not for concurrent use
                        .onItem().transformToUniAndConcatenate(entity -> rewrap(session, caller, entity).replaceWith(entity.id))
                        .collect().asList()
                        .map(List::size)));
    }

    private Uni<Void> rewrap(Mutiny.Session session, Caller caller, ConnectorEntity entity) {
        return sealer.rewrap(entity.orgId, entity.id, entity.credentialsCiphertext).chain(ciphertext -> {
            entity.credentialsCiphertext = ciphertext;
            entity.version++;
            entity.updatedAt = now();
            entity.updatedBy = caller.displayName();
            Map<String, Object> details = details(entity);
            details.put("changed_fields", List.of(CREDENTIALS_KEY));
            return session.flush().chain(() -> publish(session, caller, entity, AuditActions.CONNECTOR_UPDATED, details));
        });
    }

    private Uni<Created> insert(Mutiny.Session session, Caller caller, String orgId, UUID id, ConnectorTypeDefinition type,
                                ConnectorRequests.Create request, SealedCredentials sealed, IdempotencyKeys.Key key) {
        Instant now = now();
        ConnectorEntity entity = new ConnectorEntity();
        entity.id = id;
        entity.orgId = orgId;
        entity.agentId = request.agentId();
        entity.name = request.name() != null ? request.name() : type.id() + "-" + id.toString().substring(0, 8);
        entity.description = request.description();
        entity.connectorType = type.id();
        entity.typeVersion = type.version();
        entity.enabled = request.enabled();
        entity.permittedOperations = jsonText.write(request.permittedOperations());
        entity.config = jsonText.write(request.config() == null ? JsonNodeFactory.instance.objectNode() : request.config());
        setCredentials(entity, sealed);
        entity.credentialsVersion = sealed == null ? 0 : 1;
        entity.credentialsUpdatedAt = sealed == null ? null : now;
        entity.version = 1;
        entity.createdAt = now;
        entity.createdBy = caller.displayName();
        entity.updatedAt = now;
        entity.updatedBy = caller.displayName();
        return repository.nameTaken(session, orgId, entity.name, id)
                .invoke(taken -> {
                    if (taken) {
                        throw UniqueViolations.nameTaken();
                    }
                })
                .chain(() -> session.persist(entity))
                .chain(session::flush)
                .chain(() -> {
                    ConnectorDto dto = toDto(entity);
                    Map<String, Object> details = details(entity);
                    details.put("agent_id", entity.agentId.toString());
                    details.put("enabled", entity.enabled);
                    return publish(session, caller, entity, AuditActions.CONNECTOR_CREATED, details)
                            .chain(() -> idempotency.remember(session, key, id, dto))
                            .replaceWith(Created.created(dto));
                });
    }

    private Uni<Updated> change(Mutiny.Session session, Caller caller, ConnectorEntity entity,
                                ConnectorRequests.Update request, String ifMatch) {
        ETags.check(ifMatch, entity.version);
        ConnectorTypeDefinition type = request.changesTypeCheckedParts() ? validatedType(entity, request) : null;
        Uni<Boolean> nameTaken = request.name() != null && !request.name().equals(entity.name)
                ? repository.nameTaken(session, entity.orgId, request.name(), entity.id)
                : Uni.createFrom().item(false);
        return nameTaken.invoke(taken -> {
                    if (taken) {
                        throw UniqueViolations.nameTaken();
                    }
                })
                .chain(() -> request.credentialsGiven()
                        ? seal(entity.orgId, entity.id, type, request.credentials())
                        : Uni.createFrom().nullItem())
                .chain(sealed -> {
                    List<String> changed = applyChanges(entity, request, sealed);
                    if (changed.isEmpty()) {
                        return Uni.createFrom().item(new Updated(toDto(entity), List.of()));
                    }
                    entity.version++;
                    entity.updatedAt = now();
                    entity.updatedBy = caller.displayName();
                    Map<String, Object> details = details(entity);
                    details.put("changed_fields", changed);
                    return session.flush()
                            .chain(() -> publish(session, caller, entity, AuditActions.CONNECTOR_UPDATED, details))
                            .map(ignored -> new Updated(toDto(entity), changed));
                });
    }

    /** The connector's type at its stored major version, after the type validated the configuration it would have. */
    private ConnectorTypeDefinition validatedType(ConnectorEntity entity, ConnectorRequests.Update request) {
        int major = majorVersion(entity.typeVersion);
        List<String> operations = request.permittedOperations() != null ? request.permittedOperations()
                : jsonText.strings(entity.permittedOperations);
        JsonNode config = request.configGiven() ? request.config() : jsonText.tree(entity.config);
        List<FieldError> errors = catalog.validate(entity.connectorType, major, config,
                request.credentialsGiven() ? request.credentials() : null, operations);
        ConnectorRequests.throwIfAny(List.of(), errors);
        return catalog.version(entity.connectorType, major).orElseThrow();
    }

    /** Sets what the request changes; answers the names of the fields that really changed. */
    private List<String> applyChanges(ConnectorEntity entity, ConnectorRequests.Update request, SealedCredentials sealed) {
        List<String> changed = new ArrayList<>();
        if (request.name() != null && !request.name().equals(entity.name)) {
            entity.name = request.name();
            changed.add(ConnectorRequests.NAME);
        }
        if (request.descriptionGiven() && !Objects.equals(request.description(), entity.description)) {
            entity.description = request.description();
            changed.add(ConnectorRequests.DESCRIPTION);
        }
        if (request.enabled() != null && request.enabled() != entity.enabled) {
            entity.enabled = request.enabled();
            changed.add(ConnectorRequests.ENABLED);
        }
        if (request.permittedOperations() != null) {
            String operations = jsonText.write(request.permittedOperations());
            if (!operations.equals(entity.permittedOperations)) {
                entity.permittedOperations = operations;
                changed.add(ConnectorRequests.PERMITTED_OPERATIONS);
            }
        }
        if (request.configGiven()) {
            String config = jsonText.write(request.config() == null ? JsonNodeFactory.instance.objectNode() : request.config());
            if (!jsonText.tree(config).equals(jsonText.tree(entity.config))) {
                entity.config = config;
                changed.add(ConnectorRequests.CONFIG);
            }
        }
        // New credentials always count as a change: comparing them with the stored ones would need a decryption.
        if (request.credentialsGiven() && (sealed != null || entity.credentialsCiphertext != null)) {
            setCredentials(entity, sealed);
            entity.credentialsVersion++;
            entity.credentialsUpdatedAt = now();
            changed.add(ConnectorRequests.CREDENTIALS);
        }
        return changed;
    }

    private Uni<Void> remove(Mutiny.Session session, Caller caller, ConnectorEntity entity, DeleteOutcome outcome,
                             boolean force) {
        Map<String, Object> details = details(entity);
        details.put("force", force);
        details.put("cancelled_approvals", outcome.pendingApprovals());
        details.put("cancelled_executions", outcome.runningExecutions());
        String id = entity.id.toString();
        return session.remove(entity)
                .chain(() -> openWork.forget(session, entity.orgId, entity.id))
                .chain(session::flush)
                .chain(() -> outbox.appendTombstone(session, Topics.CONFIG, id, entity.orgId))
                .chain(() -> auditRecord(session, caller, entity, AuditActions.CONNECTOR_DELETED, details));
    }

    /** The config event (credentials only as the cipher's envelope) and the audit record, both through the outbox. */
    private Uni<Void> publish(Mutiny.Session session, Caller caller, ConnectorEntity entity, String action,
                              Map<String, Object> details) {
        String id = entity.id.toString();
        return outbox.append(session, Topics.CONFIG, id,
                        EventEnvelope.of(SOURCE, EventTypes.CONFIG_CHANGED, id, entity.orgId, configChanged(entity)))
                .chain(() -> auditRecord(session, caller, entity, action, details));
    }

    /** The {@code data} of the connector's config event: the one mapping for the topic and the internal lookup. */
    private ConfigChanged configChanged(ConnectorEntity entity) {
        return new ConfigChanged(entity.id.toString(), entity.orgId, entity.agentId.toString(), entity.name,
                entity.connectorType, entity.typeVersion, entity.enabled, jsonText.strings(entity.permittedOperations),
                jsonText.tree(entity.config), entity.credentialsCiphertext, entity.credentialsVersion, entity.version,
                entity.updatedAt);
    }

    private Uni<Void> auditRecord(Mutiny.Session session, Caller caller, ConnectorEntity entity, String action,
                                  Map<String, Object> details) {
        String id = entity.id.toString();
        return audit.record(session, entity.orgId, AuditTrail.actorOf(caller), action,
                new AuditRecord.Target(TARGET_TYPE, id, id), AuditRecord.Outcome.SUCCESS, details, null).replaceWithVoid();
    }

    /** What every audit record of a connector says about it: never a credential, only whether and which are set. */
    private Map<String, Object> details(ConnectorEntity entity) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("name", entity.name);
        details.put("connector_type", entity.connectorType);
        details.put("type_version", entity.typeVersion);
        details.put("permitted_operations", jsonText.strings(entity.permittedOperations));
        details.put("credentials_configured", entity.credentialsCiphertext != null);
        details.put("credentials_version", entity.credentialsVersion);
        return details;
    }

    private Uni<SealedCredentials> seal(String orgId, UUID id, ConnectorTypeDefinition type, JsonNode credentials) {
        return credentials == null ? Uni.createFrom().nullItem() : sealer.seal(orgId, id, type, credentials);
    }

    private void setCredentials(ConnectorEntity entity, SealedCredentials sealed) {
        entity.credentialsCiphertext = sealed == null ? null : sealed.ciphertext();
        entity.credentialsRedacted = jsonText.write(sealed == null ? JsonNodeFactory.instance.objectNode() : sealed.redacted());
        entity.credentialsFields = jsonText.write(sealed == null ? List.of() : sealed.fieldsSet());
    }

    ConnectorDto toDto(ConnectorEntity entity) {
        return new ConnectorDto(entity.id.toString(), entity.orgId, entity.agentId.toString(), entity.name,
                entity.description, entity.connectorType, entity.typeVersion, entity.enabled,
                jsonText.strings(entity.permittedOperations), jsonText.tree(entity.config),
                entity.credentialsCiphertext != null, jsonText.tree(entity.credentialsRedacted),
                jsonText.strings(entity.credentialsFields), entity.credentialsVersion, entity.credentialsUpdatedAt,
                entity.version, entity.createdAt, entity.updatedAt);
    }

    private static List<String> idsOf(List<OpenWork.Item> open, String kind) {
        return open.stream().filter(item -> item.kind().equals(kind)).map(OpenWork.Item::id).toList();
    }

    private static int majorVersion(String version) {
        int dot = version.indexOf('.');
        return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
    }

    /** Timestamps at the database's precision, so a response and a later read show the same instant. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /** A created connector, or the stored response of an earlier create with the same idempotency key. */
    public record Created(String id, long version, Object body, boolean replayed) {

        static Created created(ConnectorDto dto) {
            return new Created(dto.id(), dto.version(), dto, false);
        }

        static Created replayed(JsonNode stored) {
            return new Created(stored.path("id").asText(), stored.path("version").asLong(), stored, true);
        }
    }

    /** An updated connector and the fields that changed (none when the request repeated the current values). */
    public record Updated(ConnectorDto connector, List<String> changedFields) {
    }
}
