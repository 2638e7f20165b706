// Renders every Kustomize overlay and checks the output three ways:
//  1. the Kubernetes schemas: each object through its kubernetes-models validator (types, enums, required fields)
//     and through the TypeScript compiler against the same models (which also rejects unknown fields);
//     Strimzi KafkaTopics against kafkatopic.schema.json;
//  2. the rules of this deployment: probes on the health endpoints, resources, an HPA and a PDB per Deployment,
//     Ingress backends that exist and only /v1/ paths published, default-deny network policy, no secret values,
//     a topic for every Topics constant;
//  3. the Keycloak realm import is the local realm without its demo users and with placeholder client secrets.
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
const validateKafkaTopic = ajv.compile(JSON.parse(readFileSync(join(here, "kafkatopic.schema.json"), "utf8")));

async function schemaErrors(objects) {
  const errors = [];
  const typed = [];
  for (const [index, object] of objects.entries()) {
    const where = `${object.kind}/${object.metadata?.name}`;
    if (object.apiVersion === "kafka.strimzi.io/v1beta2") {
      if (!validateKafkaTopic(object)) {
        errors.push(...validateKafkaTopic.errors.map((e) => `${where}: ${e.instancePath} ${e.message}`));
      }
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
        if (!path.path?.startsWith("/v1/")) errors.push(`Ingress/${ingress.metadata.name}: ${path.path} is not a public API path (/v1/...)`);
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

async function check(dir) {
  const objects = render(dir);
  return [...await schemaErrors(objects), ...ruleErrors(objects)];
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
  "public API path"];
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
