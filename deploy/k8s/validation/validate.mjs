// Renders every Kustomize overlay and checks the output, and the realms, these ways:
//  1. the Kubernetes schemas: each object through its kubernetes-models validator (types, enums, required fields)
//     and through the TypeScript compiler against the same models (which also rejects unknown fields);
//     Strimzi objects by kind against kafka.schema.json, kafkanodepool.schema.json, kafkatopic.schema.json and
//     kafkauser.schema.json (the Strimzi fields we use, unknown ones rejected, Strimzi's enums);
//  2. the rules of this deployment: probes on the health endpoints, resources, an HPA and a PDB per Deployment,
//     Ingress backends that exist and only /v1/ paths published, default-deny network policy, no secret values,
//     a topic for every Topics constant;
//  3. the Keycloak realm import is the local realm without its demo users and with placeholder client secrets;
//  4. least privilege between services, in both realms: each service client holds exactly the roles Roles.java says
//     it holds ("Held by:"), and no user, group or composite carries a service role;
//  5. least privilege on Kafka: the KafkaUsers' ACLs are exactly deploy/local/kafka/principals.tsv; every listener
//     authenticates (scram-sha-512 or tls) over TLS, authorization is simple and nothing is allowed without an ACL;
//     each Deployment of a principal takes CONNECTORS_KAFKA_PASSWORD from its own KafkaUser's Secret and mounts the
//     cluster CA, a service that is no principal (schema-registry) has none; the platform ConfigMap says SASL_SSL
//     and bootstraps from a listener of the rendered Kafka.
// A broken fixture must fail, so the checks themselves are tested on every run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import { parseAllDocuments } from "yaml";

const here = dirname(fileURLToPath(import.meta.url));
const k8sRoot = resolve(here, "..");
const repoRoot = resolve(k8sRoot, "../..");
const localRealmFile = join(repoRoot, "deploy/local/keycloak/connectors-realm.json");
const k8sRealmFile = join(k8sRoot, "base/platform/keycloak-realm.json");
const topicsSource = join(repoRoot, "platform/platform-core/src/main/java/io/connectors/platform/events/Topics.java");
const rolesSource = join(repoRoot, "platform/platform-core/src/main/java/io/connectors/platform/security/Roles.java");
const principalsFile = join(repoRoot, "deploy/local/kafka/principals.tsv");
/** Public paths outside /v1/: exactly these, each routed to the service that serves it. */
const PUBLIC_NON_API_PATHS = new Set(["/mcp", "/.well-known/oauth-protected-resource"]);

/** The production realm: the local one minus people, with secrets Keycloak fills from the environment at import. */
function productionRealm() {
  const realm = JSON.parse(readFileSync(localRealmFile, "utf8"));
  realm.sslRequired = "all";
  realm.users = realm.users.filter((user) => user.serviceAccountClientId);
  for (const client of realm.clients) {
    if (client.secret) {
      client.secret = "${" + client.clientId.toUpperCase().replaceAll("-", "_") + "_CLIENT_SECRET}";
    }
    if (client.publicClient) {
      // No password grant in production: the CLI signs in with the device flow.
      client.directAccessGrantsEnabled = false;
      client.attributes = { ...client.attributes, "oauth2.device.authorization.grant.enabled": "true" };
    }
  }
  return JSON.stringify(realm, null, 2) + "\n";
}

/**
 * The service roles of Roles.java and who holds each, from the constant's javadoc: "Held by: every service client."
 * (the marker) or "Held by: execution-service, ..." (a capability). Roles.java is the one place that says it.
 */
function serviceRoles() {
  const source = readFileSync(rolesSource, "utf8");
  const roles = [];
  for (const [, doc, name] of source.matchAll(/\/\*\*((?:(?!\*\/)[\s\S])*)\*\/\s*public static final String \w+ = "([^"]+)";/g)) {
    const held = /Held by: ([^.]+)\./.exec(doc.replace(/\s*\n\s*\*\s*/g, " "))?.[1].trim();
    if (!held) continue;
    roles.push({ name, everyService: held === "every service client", holders: held.split(/,\s*|\s+and\s+/) });
  }
  return roles;
}

/** Least privilege: each service client has exactly its roles; people, groups and composites none of them. */
function realmRoleErrors(realm, where) {
  const errors = [];
  const roles = serviceRoles();
  if (!roles.some((r) => r.everyService) || !roles.some((r) => !r.everyService)) {
    return [`${rolesSource}: found no "Held by:" for the service marker and the capabilities`];
  }
  const serviceNames = new Set(roles.map((r) => r.name));
  const defined = new Set((realm.roles?.realm ?? []).map((r) => r.name));
  const clients = realm.clients.filter((c) => c.serviceAccountsEnabled).map((c) => c.clientId);
  for (const role of roles) {
    if (!defined.has(role.name)) errors.push(`${where}: realm role ${role.name} (Roles.java) is not defined`);
    for (const holder of role.everyService ? [] : role.holders) {
      if (!clients.includes(holder)) errors.push(`${where}: ${role.name} is held by ${holder} (Roles.java), no service client of the realm`);
    }
  }
  const accounts = new Map(realm.users.filter((u) => u.serviceAccountClientId).map((u) => [u.serviceAccountClientId, u]));
  for (const client of clients) {
    const expected = roles.filter((r) => r.everyService || r.holders.includes(client)).map((r) => r.name).sort();
    const account = accounts.get(client);
    const actual = [...(account?.realmRoles ?? [])].sort();
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      errors.push(`${where}: service client ${client} has roles [${actual}], expected exactly [${expected}]`);
    }
    if (Object.keys(account?.clientRoles ?? {}).length || account?.groups?.length) {
      errors.push(`${where}: service client ${client} has client roles or groups; its roles are realm roles only`);
    }
  }
  for (const user of realm.users.filter((u) => !u.serviceAccountClientId)) {
    const held = (user.realmRoles ?? []).filter((r) => serviceNames.has(r));
    if (held.length) errors.push(`${where}: user ${user.username} holds service role(s) ${held}`);
  }
  for (const group of realm.groups ?? []) {
    const held = (group.realmRoles ?? []).filter((r) => serviceNames.has(r));
    if (held.length) errors.push(`${where}: group ${group.name} grants service role(s) ${held}`);
  }
  for (const role of [...(realm.roles?.realm ?? []), ...(realm.defaultRole ? [realm.defaultRole] : [])]) {
    const held = (role.composites?.realm ?? []).filter((r) => serviceNames.has(r));
    if (held.length) errors.push(`${where}: composite role ${role.name} includes service role(s) ${held}`);
  }
  return errors;
}

function render(dir) {
  const out = execFileSync("kubectl", ["kustomize", dir], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  return parseAllDocuments(out).map((doc) => doc.toJS()).filter(Boolean);
}

function modelModule(object) {
  const [group, version] = object.apiVersion.includes("/") ? object.apiVersion.split("/") : ["", object.apiVersion];
  const prefix = group === "" ? version : `${group}/${version}`;
  return { module: `kubernetes-models/${prefix}/${object.kind}`, type: `I${object.kind}` };
}

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
/** The Strimzi kinds we use, each with its schema (<kind>.schema.json, lower case). */
const strimziValidators = new Map(["Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser"].map((kind) =>
  [kind, ajv.compile(JSON.parse(readFileSync(join(here, `${kind.toLowerCase()}.schema.json`), "utf8")))]));

async function schemaErrors(objects) {
  const errors = [];
  const typed = [];
  for (const [index, object] of objects.entries()) {
    const where = `${object.kind}/${object.metadata?.name}`;
    if (object.apiVersion === "kafka.strimzi.io/v1beta2") {
      const validate = strimziValidators.get(object.kind);
      if (!validate) errors.push(`${where}: no schema for Strimzi ${object.kind} (add ${object.kind.toLowerCase()}.schema.json)`);
      else if (!validate(object)) errors.push(...validate.errors.map((e) => `${where}: ${e.instancePath} ${e.message}`));
      continue;
    }
    const { module, type } = modelModule(object);
    let model;
    try {
      model = await import(module);
    } catch {
      errors.push(`${where}: no Kubernetes schema for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new model[object.kind](object).validate();
    } catch (e) {
      errors.push(`${where}: ${e.message}`);
    }
    typed.push({ index, where, module, type, object });
  }
  errors.push(...typeCheck(typed));
  return errors;
}

/** The TypeScript compiler's excess-property check is what catches a misspelt or misplaced field. */
function typeCheck(typed) {
  if (typed.length === 0) return [];
  const dir = mkdtempSync(join(tmpdir(), "k8s-validate-"));
  try {
    const lines = typed.map(({ index, module, type, object }) =>
      `import type { ${type} as T${index} } from "${module}";\nexport const o${index}: T${index} = ${JSON.stringify(object, null, 1)};`);
    writeFileSync(join(dir, "manifests.ts"), lines.join("\n"));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, module: "nodenext", moduleResolution: "nodenext", skipLibCheck: true,
        typeRoots: [], baseUrl: here, paths: { "*": [join(here, "node_modules/*")] } },
      files: ["manifests.ts"],
    }));
    try {
      execFileSync(process.execPath, [join(here, "node_modules/typescript/bin/tsc"), "-p", dir],
        { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      return [];
    } catch (e) {
      const source = readFileSync(join(dir, "manifests.ts"), "utf8").split("\n");
      return (e.stdout || e.message).split("\n").filter((l) => l.includes("error TS")).map((line) => {
        const lineNo = Number(/\((\d+),/.exec(line)?.[1] ?? 0);
        const owner = source.slice(0, lineNo).findLast((l) => l.startsWith("export const o"));
        const index = Number(/export const o(\d+)/.exec(owner ?? "")?.[1]);
        const entry = typed.find((t) => t.index === index);
        return `${entry ? entry.where : "?"}: ${line.replace(/^.*error TS\d+: /, "")}`;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function find(objects, kind, name) {
  return objects.find((o) => o.kind === kind && o.metadata.name === name);
}

function ruleErrors(objects) {
  const errors = [];
  const deployments = objects.filter((o) => o.kind === "Deployment");
  if (deployments.length !== 5) errors.push(`expected the five services, found ${deployments.length} Deployments`);
  for (const d of deployments) {
    const name = d.metadata.name;
    const labels = d.spec.template.metadata?.labels ?? {};
    for (const [k, v] of Object.entries(d.spec.selector.matchLabels ?? {})) {
      if (labels[k] !== v) errors.push(`Deployment/${name}: selector ${k}=${v} does not match its pods`);
    }
    const pod = d.spec.template.spec;
    if (!pod.securityContext?.runAsNonRoot) errors.push(`Deployment/${name}: pods must run as non-root`);
    for (const c of pod.containers) {
      if (c.livenessProbe?.httpGet?.path !== "/q/health/live") errors.push(`Deployment/${name}: liveness probe not on /q/health/live`);
      if (c.readinessProbe?.httpGet?.path !== "/q/health/ready") errors.push(`Deployment/${name}: readiness probe not on /q/health/ready`);
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) {
        errors.push(`Deployment/${name}: container ${c.name} lacks cpu/memory requests or a memory limit`);
      }
      for (const env of c.env ?? []) {
        if (/PASSWORD|SECRET|TOKEN|_KEY$/.test(env.name) && env.value !== undefined) {
          errors.push(`Deployment/${name}: ${env.name} has a literal value; secrets come from a Secret`);
        }
      }
      for (const from of c.envFrom ?? []) {
        const ref = from.configMapRef?.name;
        if (ref && !find(objects, "ConfigMap", ref)) errors.push(`Deployment/${name}: ConfigMap ${ref} is not rendered`);
      }
    }
    const hpa = objects.find((o) => o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === name);
    if (!hpa) errors.push(`Deployment/${name}: no HorizontalPodAutoscaler`);
    else if (hpa.spec.minReplicas > hpa.spec.maxReplicas) errors.push(`HorizontalPodAutoscaler/${hpa.metadata.name}: min above max`);
    const selects = (selector) => selector && Object.entries(selector).every(([k, v]) => labels[k] === v);
    if (!objects.some((o) => o.kind === "PodDisruptionBudget" && selects(o.spec.selector?.matchLabels))) {
      errors.push(`Deployment/${name}: no PodDisruptionBudget selects its pods`);
    }
    if (!objects.some((o) => o.kind === "Service" && selects(o.spec.selector))) errors.push(`Deployment/${name}: no Service selects its pods`);
    if (!find(objects, "ServiceAccount", pod.serviceAccountName)) errors.push(`Deployment/${name}: ServiceAccount ${pod.serviceAccountName} is not rendered`);
  }
  for (const ingress of objects.filter((o) => o.kind === "Ingress")) {
    for (const rule of ingress.spec.rules) {
      for (const path of rule.http.paths) {
        // Only the public API: /internal/* (service to service) and /q/* (health, metrics, OpenAPI) stay in the cluster.
        // Besides /v1/, the MCP endpoint and its OAuth protected-resource metadata (RFC 9728), by exact path.
        if (!path.path?.startsWith("/v1/") && !PUBLIC_NON_API_PATHS.has(path.path)) {
          errors.push(`Ingress/${ingress.metadata.name}: ${path.path} is not a public API path (/v1/...)`);
        }
        const backend = path.backend.service;
        const service = find(objects, "Service", backend.name);
        if (!service) errors.push(`Ingress/${ingress.metadata.name}: ${path.path} routes to missing Service ${backend.name}`);
        else if (!service.spec.ports.some((p) => p.name === backend.port.name)) errors.push(`Ingress/${ingress.metadata.name}: Service ${backend.name} has no port ${backend.port.name}`);
      }
    }
  }
  const denyAll = objects.some((o) => o.kind === "NetworkPolicy" && !o.spec.ingress && !o.spec.egress
    && ["Ingress", "Egress"].every((t) => o.spec.policyTypes?.includes(t)));
  if (!denyAll) errors.push("no default-deny NetworkPolicy");
  for (const secret of objects.filter((o) => o.kind === "Secret")) {
    if (secret.data || secret.stringData) errors.push(`Secret/${secret.metadata.name}: secret values do not belong in the repository`);
  }
  const topics = new Set(objects.filter((o) => o.kind === "KafkaTopic").map((o) => o.spec.topicName));
  const declared = [...readFileSync(topicsSource, "utf8").matchAll(/=\s*"(connectors\.[a-z.-]+\.v\d+)"/g)].map((m) => m[1]);
  if (declared.length === 0) errors.push(`no topic constants found in ${topicsSource}`);
  for (const topic of declared) {
    if (!topics.has(topic)) errors.push(`KafkaTopic for ${topic} is missing`);
    if (!topics.has(`${topic}.dlq`)) errors.push(`KafkaTopic for ${topic}.dlq is missing`);
  }
  const config = objects.find((o) => o.kind === "KafkaTopic" && o.spec.topicName === "connectors.config.v1");
  if (config?.spec.config?.["cleanup.policy"] !== "compact") errors.push("connectors.config.v1 must be compacted");
  return errors;
}

/** One allowed operation on a resource; a cluster resource has no name in Strimzi, "kafka-cluster" in Kafka. */
function aclKey(type, operation, resourceType, patternType, name, host) {
  const resource = resourceType === "cluster" ? "kafka-cluster" : name;
  return `${type} ${operation} ${resourceType} ${patternType} ${resource}${host && host !== "*" ? ` from ${host}` : ""}`;
}

/**
 * The Kafka principals of principals.tsv (principal operation resource pattern name) and each one's ACLs, in
 * Strimzi's spelling: resource Topic is topic, pattern prefixed (Kafka's PREFIXED) is prefix.
 */
function principals() {
  const resourceTypes = { Topic: "topic", Group: "group", Cluster: "cluster", TransactionalId: "transactionalId" };
  const patternTypes = { literal: "literal", prefixed: "prefix" };
  const acls = new Map();
  const errors = [];
  for (const [index, line] of readFileSync(principalsFile, "utf8").split("\n").entries()) {
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    const [principal, operation, resource, pattern, name, ...rest] = line.trim().split(/\s+/);
    if (!name || rest.length || !resourceTypes[resource] || !patternTypes[pattern]) {
      errors.push(`${principalsFile}:${index + 1}: not "principal operation Topic|Group|Cluster|TransactionalId literal|prefixed name"`);
      continue;
    }
    if (!acls.has(principal)) acls.set(principal, new Set());
    acls.get(principal).add(aclKey("allow", operation, resourceTypes[resource], patternTypes[pattern], name));
  }
  if (acls.size === 0) errors.push(`${principalsFile}: no principals`);
  return { acls, errors };
}

/**
 * Kafka least privilege: the KafkaUsers are principals.tsv, ACL for ACL; every listener authenticates over TLS and
 * the cluster authorizes by those ACLs; each Kafka client signs in as its own KafkaUser over SASL_SSL and trusts the
 * cluster CA; a service that is no principal has no Kafka password.
 */
function kafkaErrors(objects) {
  const { acls: expected, errors } = principals();
  const kafkas = objects.filter((o) => o.kind === "Kafka");
  if (kafkas.length === 0) errors.push("no Kafka cluster is rendered");
  const clusters = new Set(kafkas.map((k) => k.metadata.name));
  for (const o of objects.filter((o) => ["KafkaNodePool", "KafkaTopic", "KafkaUser"].includes(o.kind))) {
    const cluster = o.metadata.labels?.["strimzi.io/cluster"];
    if (!clusters.has(cluster)) errors.push(`${o.kind}/${o.metadata.name}: strimzi.io/cluster ${cluster} is no rendered Kafka`);
  }
  const accepted = new Set();
  for (const kafka of kafkas) {
    const where = `Kafka/${kafka.metadata.name}`;
    for (const listener of kafka.spec?.kafka?.listeners ?? []) {
      const authentication = listener.authentication?.type;
      if (!authentication) errors.push(`${where}: listener ${listener.name} has no authentication (scram-sha-512 or tls)`);
      else if (!["scram-sha-512", "tls"].includes(authentication)) {
        errors.push(`${where}: listener ${listener.name} authenticates with ${authentication}, not scram-sha-512 or tls`);
      } else accepted.add(authentication);
      if (listener.tls !== true) errors.push(`${where}: listener ${listener.name} is not TLS (tls: true)`);
    }
    const authorization = kafka.spec?.kafka?.authorization?.type;
    if (authorization !== "simple") errors.push(`${where}: authorization is ${authorization ?? "off"}, not simple (the KafkaUsers' ACLs)`);
    if (String(kafka.spec?.kafka?.config?.["allow.everyone.if.no.acl.found"]) === "true") {
      errors.push(`${where}: allow.everyone.if.no.acl.found lets every client do what no ACL names`);
    }
  }
  const users = objects.filter((o) => o.kind === "KafkaUser");
  const principalOf = (user) => user.spec?.userName ?? user.metadata.name;
  for (const principal of expected.keys()) {
    if (!users.some((u) => principalOf(u) === principal)) errors.push(`principal ${principal} of principals.tsv has no KafkaUser`);
  }
  for (const user of users) {
    const where = `KafkaUser/${user.metadata.name}`;
    const want = expected.get(principalOf(user));
    if (!want) {
      errors.push(`${where}: principal ${principalOf(user)} is not in principals.tsv`);
      continue;
    }
    const authentication = user.spec?.authentication?.type;
    if (!accepted.has(authentication === "tls-external" ? "tls" : authentication)) {
      errors.push(`${where}: authenticates with ${authentication ?? "nothing"}, which no listener accepts`);
    }
    const have = new Set((user.spec?.authorization?.acls ?? []).flatMap((acl) => (acl.operations ?? []).map((operation) =>
      aclKey(acl.type ?? "allow", operation, acl.resource?.type, acl.resource?.patternType ?? "literal", acl.resource?.name, acl.host))));
    for (const acl of have) if (!want.has(acl)) errors.push(`${where}: ACL ${acl} is not in principals.tsv`);
    for (const acl of want) if (!have.has(acl)) errors.push(`${where}: lacks ACL ${acl} of principals.tsv`);
  }
  const platform = objects.find((o) => o.kind === "ConfigMap" && /^connectors-platform(-[a-z0-9]+)?$/.test(o.metadata.name));
  if (!platform) errors.push("the connectors-platform ConfigMap is not rendered");
  else if (platform.data?.KAFKA_SECURITY_PROTOCOL === undefined) errors.push(`ConfigMap/${platform.metadata.name}: no KAFKA_SECURITY_PROTOCOL`);
  for (const map of objects.filter((o) => o.kind === "ConfigMap" && o.data?.KAFKA_SECURITY_PROTOCOL !== undefined)) {
    const protocol = map.data.KAFKA_SECURITY_PROTOCOL;
    if (protocol !== "SASL_SSL") errors.push(`ConfigMap/${map.metadata.name}: KAFKA_SECURITY_PROTOCOL is ${protocol}, not SASL_SSL`);
  }
  const ports = new Map(kafkas.flatMap((k) => (k.spec?.kafka?.listeners ?? []).map((l) => [`${k.metadata.name}-kafka-bootstrap:${l.port}`, l])));
  for (const server of (platform?.data?.KAFKA_BOOTSTRAP_SERVERS ?? "").split(",").filter(Boolean)) {
    const listener = ports.get(server.trim().replace(/\.[^:]*(?=:)/, ""));
    if (!listener) errors.push(`ConfigMap/${platform.metadata.name}: KAFKA_BOOTSTRAP_SERVERS ${server} is no listener of a rendered Kafka`);
  }
  const truststore = platform?.data?.KAFKA_SSL_TRUSTSTORE_LOCATION ?? "";
  if (platform && !truststore.includes("/")) errors.push(`ConfigMap/${platform.metadata.name}: no KAFKA_SSL_TRUSTSTORE_LOCATION (the cluster CA's file)`);
  const caDir = truststore.slice(0, truststore.lastIndexOf("/"));
  const caFile = truststore.slice(truststore.lastIndexOf("/") + 1);
  const caSecrets = new Set([...clusters].map((cluster) => `${cluster}-cluster-ca-cert`));
  for (const d of objects.filter((o) => o.kind === "Deployment")) {
    const where = `Deployment/${d.metadata.name}`;
    const service = d.spec?.template?.metadata?.labels?.["app.kubernetes.io/name"] ?? d.metadata.name;
    const pod = d.spec?.template?.spec ?? {};
    const clients = (pod.containers ?? []).filter((c) => (c.env ?? []).some((e) => e.name === "CONNECTORS_KAFKA_PASSWORD"));
    if (!expected.has(service) && clients.length) errors.push(`${where}: ${service} is no principal of principals.tsv, yet has CONNECTORS_KAFKA_PASSWORD`);
    if (expected.has(service) && !clients.length) errors.push(`${where}: ${service} is a principal of principals.tsv without CONNECTORS_KAFKA_PASSWORD`);
    const caVolumes = new Set((pod.volumes ?? []).filter((v) => caSecrets.has(v.secret?.secretName)
      && (!v.secret.items || v.secret.items.some((i) => i.path === caFile))).map((v) => v.name));
    for (const c of clients) {
      const ref = c.env.find((e) => e.name === "CONNECTORS_KAFKA_PASSWORD").valueFrom?.secretKeyRef;
      const user = users.find((u) => u.metadata.name === ref?.name);
      if (!ref) errors.push(`${where}: CONNECTORS_KAFKA_PASSWORD is not from a secretKeyRef`);
      else if (!user) errors.push(`${where}: CONNECTORS_KAFKA_PASSWORD comes from Secret ${ref.name}, which is no KafkaUser's (the User Operator writes one per KafkaUser)`);
      else {
        if (expected.has(service) && principalOf(user) !== service) errors.push(`${where}: signs in as KafkaUser ${ref.name}, not as its own principal ${service}`);
        if (ref.key !== "password") errors.push(`${where}: CONNECTORS_KAFKA_PASSWORD is key ${ref.key} of Secret ${ref.name}; the User Operator's key is password`);
      }
      if (truststore.includes("/") && !(c.volumeMounts ?? []).some((m) => caVolumes.has(m.name) && m.mountPath === caDir)) {
        errors.push(`${where}: container ${c.name} does not mount the Kafka cluster CA (${caFile} of Secret <cluster>-cluster-ca-cert) at ${caDir}`);
      }
    }
  }
  return errors;
}

async function check(dir) {
  const objects = render(dir);
  return [...await schemaErrors(objects), ...ruleErrors(objects), ...kafkaErrors(objects)];
}

if (process.argv.includes("--write-realm")) {
  writeFileSync(k8sRealmFile, productionRealm());
  console.log(`wrote ${k8sRealmFile}`);
  process.exit(0);
}

let failed = false;
const importedRealm = JSON.parse(readFileSync(k8sRealmFile, "utf8"));
if (importedRealm.bruteForceProtected !== true || !(importedRealm.failureFactor > 0)) {
  console.error(`FAIL ${k8sRealmFile}: brute-force detection must be on (bruteForceProtected, failureFactor)`);
  failed = true;
}
if (readFileSync(k8sRealmFile, "utf8") !== productionRealm()) {
  console.error(`FAIL ${k8sRealmFile} is out of date with ${localRealmFile}: run npm run realm`);
  failed = true;
}
const localRealm = JSON.parse(readFileSync(localRealmFile, "utf8"));
const roleErrors = [...realmRoleErrors(localRealm, localRealmFile), ...realmRoleErrors(importedRealm, k8sRealmFile)];
console.log(`${roleErrors.length ? "FAIL" : "ok  "} service clients hold exactly their roles (Roles.java) in both realms`);
roleErrors.forEach((e) => console.error(`     ${e}`));
failed ||= roleErrors.length > 0;
// The check is itself checked: a realm that hands the decision capability to schema-registry, drops
// execution-service's lookup and makes a user a service must fail on each.
const brokenRealm = structuredClone(localRealm);
const accountOf = (client) => brokenRealm.users.find((u) => u.serviceAccountClientId === client);
const capability = serviceRoles().find((r) => !r.everyService && r.holders.includes("execution-service"));
accountOf("schema-registry").realmRoles.push(capability.name);
accountOf("execution-service").realmRoles = ["service"];
brokenRealm.users.find((u) => !u.serviceAccountClientId)?.realmRoles.push("service");
const brokenRoleErrors = realmRoleErrors(brokenRealm, "broken realm");
const roleMissed = ["client schema-registry", "client execution-service", "user "]
  .filter((word) => !brokenRoleErrors.some((e) => e.includes(word)));
if (roleMissed.length) {
  console.error(`FAIL the broken realm was not caught for: ${roleMissed.join(", ")}`);
  brokenRoleErrors.forEach((e) => console.error(`     ${e}`));
  failed = true;
} else {
  console.log(`ok   the broken realm is rejected (${brokenRoleErrors.length} errors)`);
  if (process.argv.includes("--verbose")) brokenRoleErrors.forEach((e) => console.log(`     ${e}`));
}
const overlays = readdirSync(join(k8sRoot, "overlays")).map((o) => join(k8sRoot, "overlays", o));
for (const dir of [join(k8sRoot, "base"), ...overlays]) {
  const errors = await check(dir);
  console.log(`${errors.length ? "FAIL" : "ok  "} ${dir.slice(k8sRoot.length + 1)} (${render(dir).length} objects)`);
  errors.forEach((e) => console.error(`     ${e}`));
  failed ||= errors.length > 0;
}
const fixture = join(here, "fixtures/broken");
const fixtureErrors = await check(fixture);
const expected = ["replicas", "imagePullPolicyy", "liveness", "missing Service", "default-deny", "literal value",
  "public API path", "patternType", "connectors.approvals.v1 is not in principals.tsv", "lacks ACL", "has no KafkaUser",
  "has no authentication", "is not TLS", "not simple", "which no listener accepts", "which is no KafkaUser's",
  "yet has CONNECTORS_KAFKA_PASSWORD", "without CONNECTORS_KAFKA_PASSWORD", "not SASL_SSL"];
const missed = expected.filter((word) => !fixtureErrors.some((e) => e.includes(word)));
if (missed.length) {
  console.error(`FAIL the broken fixture was not caught for: ${missed.join(", ")}`);
  fixtureErrors.forEach((e) => console.error(`     ${e}`));
  failed = true;
} else {
  console.log(`ok   the broken fixture is rejected (${fixtureErrors.length} errors)`);
  if (process.argv.includes("--verbose")) fixtureErrors.forEach((e) => console.log(`     ${e}`));
}
process.exit(failed ? 1 : 0);
