package io.xpmsync.system;

import io.xpmsync.contracts.kafka.TopicSpec;
import io.xpmsync.contracts.kafka.Topics;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the Kubernetes manifests under deploy/, parsed and checked against what the services and
 * docs/architecture.md say: every service deployed with health probes from {@code /q/health} on its management port
 * (which no Ingress routes and only Prometheus may reach), resources, an
 * autoscaler, its settings from a ConfigMap and a Secret; every topic and dead-letter topic as a Strimzi KafkaTopic
 * with the architecture's retention or compaction. Where kubectl and docker compose (or docker-compose) exist, they
 * render the overlays and check the compose file too.
 */
class DeploymentManifestsTest {

    static final List<String> SERVICES = List.of("connector-service", "matching-service", "mapping-service",
            "push-service", "console");
    static final List<String> CONSUMERS = List.of("matching-service", "mapping-service", "push-service");
    static final List<String> SANDBOXES = List.of("xpm-sandbox", "karbon-sandbox");

    private final Path root = RunningSystem.root();

    @Test
    void everyServiceIsDeployedWithProbesResourcesAutoscalerAndSettings() throws IOException {
        List<Map<String, Object>> base = documents(root.resolve("deploy/base"));
        for (String service : SERVICES) {
            Map<String, Object> deployment = find(base, "Deployment", service);
            Map<String, Object> container = map(list(map(map(map(deployment, "spec"), "template"), "spec"),
                    "containers").get(0));
            assertThat(container.get("image")).as(service).isEqualTo("xpm-sync/" + service + ":0.1.0-SNAPSHOT");
            assertProbesOnTheManagementPort(service, container);
            Map<String, Object> resources = map(container, "resources");
            assertThat(map(resources, "requests")).as(service).containsKeys("cpu", "memory");
            assertThat(map(resources, "limits")).as(service).containsKeys("cpu", "memory");
            assertThat(list(container, "envFrom")).as(service + ": the shared settings and a Secret of its own")
                    .containsExactlyInAnyOrder(Map.of("configMapRef", Map.of("name", "xpm-sync-config")),
                            Map.of("secretRef", Map.of("name", service + "-secrets")));
            Map<String, Object> pod = map(map(map(deployment, "spec"), "template"), "spec");
            assertThat(map(pod, "securityContext")).as(service).containsEntry("runAsNonRoot", true);
            assertThat(pod).as(service).containsEntry("automountServiceAccountToken", false);
            assertThat(map(container, "securityContext")).as(service)
                    .containsEntry("allowPrivilegeEscalation", false).containsEntry("readOnlyRootFilesystem", true);
            assertThat(list(map(map(container, "securityContext"), "capabilities"), "drop")).as(service)
                    .containsExactly("ALL");
            int port = (Integer) map(list(container, "ports").get(0)).get("containerPort");
            assertThat(list(container, "env")).as(service)
                    .contains(Map.of("name", "HTTP_PORT", "value", String.valueOf(port)));
            assertThat(properties(service)).as(service + " listens on the port its Deployment names")
                    .contains("quarkus.http.port=${HTTP_PORT:" + port + "}");

            assertThat(map(map(container, "startupProbe"), "httpGet")).as(service)
                    .containsEntry("path", "/q/health/started").containsEntry("port", "management");
            if (CONSUMERS.contains(service)) {
                // scaled on its consumer group's lag, up to the partition count
                Map<String, Object> scaled = find(base, "ScaledObject", service);
                assertThat(map(map(scaled, "spec"), "scaleTargetRef")).containsEntry("name", service);
                assertThat((Integer) map(scaled, "spec").get("maxReplicaCount"))
                        .as("no more replicas than the partitions that give them work").isEqualTo(12);
                Map<String, Object> trigger = map(list(map(scaled, "spec"), "triggers").get(0));
                assertThat(trigger).containsEntry("type", "kafka");
                assertThat(map(trigger, "metadata")).containsEntry("consumerGroup", service)
                        .containsEntry("bootstrapServersFromEnv", "KAFKA_BOOTSTRAP_SERVERS")
                        .containsKey("lagThreshold");
            } else {
                Map<String, Object> hpa = find(base, "HorizontalPodAutoscaler", service);
                assertThat(map(map(hpa, "spec"), "scaleTargetRef")).containsEntry("kind", "Deployment")
                        .containsEntry("name", service);
                assertThat((Integer) map(hpa, "spec").get("maxReplicas"))
                        .isGreaterThanOrEqualTo((Integer) map(hpa, "spec").get("minReplicas")).isLessThanOrEqualTo(12);
            }
            assertThat(map(map(find(base, "PodDisruptionBudget", service), "spec"), "selector")).as(service)
                    .isEqualTo(Map.of("matchLabels", Map.of("app.kubernetes.io/name", service)));
            assertThat(find(base, "Service", service)).isNotNull();
        }
        assertThat(map(find(base, "ConfigMap", "xpm-sync-config"), "data"))
                .containsKeys("KAFKA_BOOTSTRAP_SERVERS", "DB_JDBC_URL", "XPM_API_URL", "PUSH_CONNECTOR_URL",
                        "MAPPING_MATCHING_URL", "XPMSYNC_OIDC_URL")
                .doesNotContainKeys("DB_USERNAME", "DB_PASSWORD");
        // each part only its own secrets: its database user, its keys, its client secret
        assertThat(map(find(base, "Secret", "connector-service-secrets"), "stringData"))
                .containsOnlyKeys("DB_USERNAME", "DB_PASSWORD", "CONNECTOR_SECRET_KEY", "XPM_CLIENT_ID",
                        "XPM_CLIENT_SECRET");
        assertThat(map(find(base, "Secret", "matching-service-secrets"), "stringData"))
                .containsOnlyKeys("DB_USERNAME", "DB_PASSWORD", "MATCHING_SECRET_KEY");
        assertThat(map(find(base, "Secret", "mapping-service-secrets"), "stringData"))
                .containsOnlyKeys("DB_USERNAME", "DB_PASSWORD", "MAPPING_OIDC_CLIENT_SECRET");
        assertThat(map(find(base, "Secret", "push-service-secrets"), "stringData"))
                .containsOnlyKeys("DB_USERNAME", "DB_PASSWORD", "PUSH_OIDC_CLIENT_SECRET", "XPM_CLIENT_ID");
        assertThat(map(find(base, "Secret", "console-secrets"), "stringData"))
                .containsOnlyKeys("CONSOLE_OIDC_CLIENT_SECRET");
        assertThat(base.stream().filter(d -> "Secret".equals(d.get("kind")))
                .map(d -> (String) map(d, "metadata").get("name"))).as("no Secret shared by every part")
                .doesNotContain("xpm-sync-secrets");
    }

    @Test
    void aJobGivesEachServiceItsOwnDatabaseRoleWithTheScriptTheLocalRunApplies() throws IOException {
        List<Map<String, Object>> base = documents(root.resolve("deploy/base"));
        assertThat(Files.readString(root.resolve("deploy/base/db-roles.sql")))
                .as("deploy/base/db-roles.sql is local-infra's postgres/roles.sql")
                .isEqualTo(io.xpmsync.infra.DatabaseRoles.script());
        assertThat(Files.readString(root.resolve("deploy/base/kustomization.yaml"))).contains("- db-roles-job.yaml",
                "- name: xpm-sync-db-roles", "- db-roles.sql");
        Map<String, Object> pod = map(map(find(base, "Job", "xpm-sync-db-roles"), "spec"), "template");
        Map<String, Object> container = map(list(map(pod, "spec"), "containers").get(0));
        assertThat(map(map(pod, "spec"), "securityContext")).containsEntry("runAsNonRoot", true);
        assertThat(map(container, "securityContext")).containsEntry("readOnlyRootFilesystem", true)
                .containsEntry("allowPrivilegeEscalation", false);
        assertThat(String.join(" ", list(container, "args").stream().map(String::valueOf).toList()))
                .contains("ON_ERROR_STOP=1", "-f /sql/db-roles.sql");
        // each role's password from that service's own Secret; the administrator's from a Secret only the Job reads
        List<String> passwords = list(container, "env").stream()
                .map(e -> (String) map(map(map(e), "valueFrom"), "secretKeyRef").get("name")).toList();
        assertThat(passwords).containsExactlyInAnyOrder("connector-service-secrets", "matching-service-secrets",
                "mapping-service-secrets", "push-service-secrets");
        assertThat(map(find(base, "Secret", "db-admin-secrets"), "stringData")).containsKeys("PGHOST", "PGUSER",
                "PGPASSWORD", "PGDATABASE");
        for (String service : io.xpmsync.infra.DatabaseRoles.SCHEMAS.keySet()) {
            assertThat(map(find(base, "Secret", service + "-secrets"), "stringData"))
                    .containsEntry("DB_USERNAME", io.xpmsync.infra.DatabaseRoles.role(service));
            assertThat(Files.readString(root.resolve("deploy/base/" + service + ".yaml")))
                    .as("%s never sees the administrator", service).doesNotContain("db-admin-secrets");
        }
    }

    @Test
    void eachPartMayUseExactlyItsOwnTopicsAndGroupsAndBeReachedOnlyByItsCallers() throws IOException {
        List<Map<String, Object>> base = documents(root.resolve("deploy/base"));
        for (String service : SERVICES) {
            Map<String, Object> user = find(base, "KafkaUser", service);
            assertThat(map(map(user, "spec"), "authentication")).as(service).containsEntry("type", "scram-sha-512");
            List<Object> acls = list(map(map(user, "spec"), "authorization"), "acls");
            java.util.Set<String> allowed = new java.util.HashSet<>();
            for (Object acl : acls) {
                Map<String, Object> resource = map(map(acl), "resource");
                for (Object operation : list(map(acl), "operations")) {
                    allowed.add(resource.get("type") + ":" + resource.get("name") + ":" + operation);
                }
            }
            java.util.Set<String> needed = new java.util.HashSet<>();
            for (String line : properties(service).lines().toList()) {
                String value = line.contains("=") ? line.substring(line.indexOf('=') + 1).strip() : "";
                if (line.matches("mp\\.messaging\\.incoming\\.[a-z-]+\\.topics?=.*")) {
                    for (String topic : value.split(",")) {
                        needed.add("topic:" + topic.strip() + ":Read");
                    }
                } else if (line.matches("mp\\.messaging\\.incoming\\.[a-z-]+\\.dead-letter-queue\\.topic=.*")
                        || line.matches("mp\\.messaging\\.outgoing\\.[a-z-]+\\.topic=.*")) {
                    needed.add("topic:" + value + ":Write");
                } else if (line.matches("mp\\.messaging\\.incoming\\.[a-z-]+\\.group\\.id=.*")) {
                    needed.add("group:" + value.replaceAll("\\$\\{.*}", "") + ":Read");
                }
            }
            assertThat(allowed).as(service + "'s Kafka user may do what its channels do").containsAll(needed);
            assertThat(acls).as(service + ": no wildcard topic").noneSatisfy(acl -> assertThat(
                    map(map(acl), "resource").get("name")).isEqualTo("*"));

            Map<String, Object> policy = find(base, "NetworkPolicy", service);
            assertThat(map(map(map(policy, "spec"), "podSelector"), "matchLabels"))
                    .containsEntry("app.kubernetes.io/name", service);
        }
        assertThat(list(map(find(base, "NetworkPolicy", "xpm-sync-default-deny"), "spec"), "policyTypes"))
                .containsExactly("Ingress");
        // the internal APIs: connector-service's only from the console and push-service, matching-service's only from
        // the console and mapping-service (and the Ingress controller for the callback and the webhooks)
        assertThat(callers(find(base, "NetworkPolicy", "connector-service"))).containsExactlyInAnyOrder("console",
                "push-service");
        assertThat(callers(find(base, "NetworkPolicy", "matching-service"))).containsExactlyInAnyOrder("console",
                "mapping-service");
        assertThat(callers(find(base, "NetworkPolicy", "mapping-service"))).containsExactly("console");
        assertThat(callers(find(base, "NetworkPolicy", "push-service"))).containsExactly("console");
    }

    @Test
    void theManagementPortIsProbedAndScrapedButNeverRoutedByAnIngress() throws IOException {
        List<Map<String, Object>> base = documents(root.resolve("deploy/base"));
        List<Map<String, Object>> local = documents(root.resolve("deploy/overlays/local"));
        for (String part : Stream.concat(SERVICES.stream(), SANDBOXES.stream()).toList()) {
            List<Map<String, Object>> manifests = SERVICES.contains(part) ? base : local;
            Map<String, Object> container = map(list(map(map(map(find(manifests, "Deployment", part), "spec"),
                    "template"), "spec"), "containers").get(0));
            assertProbesOnTheManagementPort(part, container);
            assertThat(list(map(find(manifests, "Service", part), "spec"), "ports")).as(part)
                    .contains(Map.of("name", "management", "port", managementPort(container),
                            "targetPort", "management"));
        }
        List<Map<String, Object>> ingresses = Stream.concat(base.stream(), local.stream())
                .filter(d -> "Ingress".equals(d.get("kind"))).toList();
        assertThat(ingresses).as("the Ingress").isNotEmpty();
        List<Object> managementPorts = new ArrayList<>();
        for (String service : SERVICES) {
            managementPorts.add(managementPort(map(list(map(map(map(find(base, "Deployment", service), "spec"),
                    "template"), "spec"), "containers").get(0))));
        }
        for (Map<String, Object> ingress : ingresses) {
            for (Object rule : list(map(ingress, "spec"), "rules")) {
                for (Object path : list(map(map(rule), "http"), "paths")) {
                    Map<String, Object> port = map(map(map(map(path), "backend"), "service"), "port");
                    assertThat(port).as("%s routes %s to", map(ingress, "metadata").get("name"), map(path).get("path"))
                            .containsEntry("name", "http").doesNotContainKey("number");
                }
            }
        }
        for (String service : SERVICES) {
            int management = managementPort(map(list(map(map(map(find(base, "Deployment", service), "spec"),
                    "template"), "spec"), "containers").get(0)));
            for (Object rule : list(map(find(base, "NetworkPolicy", service), "spec"), "ingress")) {
                List<Object> ports = list(map(rule), "ports").stream().map(p -> map(p).get("port")).toList();
                if (ports.contains(management)) {
                    assertThat(ports).as(service + ": the management port has a rule of its own").hasSize(1);
                    assertThat(list(map(rule), "from")).as(service + ": only Prometheus reaches the management port")
                            .containsExactly(Map.of("namespaceSelector", Map.of("matchLabels",
                                    Map.of("kubernetes.io/metadata.name", "monitoring"))));
                } else {
                    assertThat(ports).as(service).doesNotContainAnyElementsOf(managementPorts);
                }
            }
        }
    }

    /** Readiness and liveness (and startup, where it has one) from {@code /q/health} on the management port. */
    private void assertProbesOnTheManagementPort(String part, Map<String, Object> container) throws IOException {
        assertThat(map(map(container, "readinessProbe"), "httpGet")).as(part)
                .containsEntry("path", "/q/health/ready").containsEntry("port", "management");
        assertThat(map(map(container, "livenessProbe"), "httpGet")).as(part)
                .containsEntry("path", "/q/health/live").containsEntry("port", "management");
        int management = managementPort(container);
        assertThat(list(container, "env")).as(part)
                .contains(Map.of("name", "MANAGEMENT_PORT", "value", String.valueOf(management)));
        assertThat(properties(part)).as(part + " serves /q/ on the management port its Deployment names")
                .contains("quarkus.management.enabled=true",
                        "quarkus.management.port=${MANAGEMENT_PORT:" + management + "}")
                .doesNotContain("quarkus.swagger-ui.always-include");
    }

    private static int managementPort(Map<String, Object> container) {
        return list(container, "ports").stream().map(p -> map(p))
                .filter(p -> "management".equals(p.get("name"))).map(p -> (Integer) p.get("containerPort"))
                .findFirst().orElseThrow(() -> new AssertionError("no container port named management"));
    }

    private static List<Object> callers(Map<String, Object> policy) {
        List<Object> names = new ArrayList<>();
        for (Object rule : list(map(policy, "spec"), "ingress")) {
            for (Object from : list(map(rule), "from")) {
                Object selector = map(from).get("podSelector");
                if (selector != null) {
                    names.add(map(map(selector), "matchLabels").get("app.kubernetes.io/name"));
                }
            }
        }
        return names;
    }

    @Test
    void everyTopicAndDeadLetterTopicIsAStrimziKafkaTopicAsTheArchitectureSays() throws IOException {
        List<Map<String, Object>> topics = documents(root.resolve("deploy/base")).stream()
                .filter(d -> "KafkaTopic".equals(d.get("kind"))).toList();
        assertThat(topics).allSatisfy(t -> {
            assertThat(t.get("apiVersion")).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(map(map(t, "metadata"), "labels")).containsEntry("strimzi.io/cluster", "xpm-sync");
        });
        for (TopicSpec spec : Topics.ALL) {
            Map<String, Object> topic = topic(topics, spec.name());
            assertThat((Integer) map(topic, "spec").get("partitions")).as(spec.name()).isEqualTo(12);
            Map<String, Object> config = map(map(topic, "spec"), "config");
            if (spec.compacted()) {
                assertThat(config).as(spec.name()).containsEntry("cleanup.policy", "compact");
            } else {
                assertThat(config).as(spec.name()).containsEntry("cleanup.policy", "delete").containsKey("retention.ms");
            }
        }
        for (String service : SERVICES) {
            for (String line : properties(service).lines().toList()) {
                if (line.matches("mp\\.messaging\\.incoming\\.[a-z-]+\\.dead-letter-queue\\.topic=.*")) {
                    String deadLetters = line.substring(line.indexOf('=') + 1).strip();
                    assertThat(map(map(topic(topics, deadLetters), "spec"), "config")).as(deadLetters)
                            .containsEntry("cleanup.policy", "delete");
                }
            }
        }
    }

    @Test
    void everyServiceIsScrapedAndWatchedByAlertsAndDashboards() throws IOException {
        List<Map<String, Object>> base = documents(root.resolve("deploy/base/monitoring"));
        Map<String, Object> monitor = find(base, "ServiceMonitor", "xpm-sync");
        assertThat(map(list(map(monitor, "spec"), "endpoints").get(0))).containsEntry("path", "/q/metrics")
                .containsEntry("port", "management");
        assertThat(list(map(list(map(map(monitor, "spec"), "selector"), "matchExpressions").get(0)), "values"))
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        List<Object> rules = list(map(list(map(find(base, "PrometheusRule", "xpm-sync"), "spec"), "groups").get(0)),
                "rules");
        assertThat(rules).extracting(r -> map(r).get("alert")).contains("XpmSyncConsumerLagGrowing",
                "XpmSyncDeadLettersArriving", "XpmSyncOutboxRelayStopped", "XpmSyncPracticePausedForItsDailyLimit",
                "XpmSyncPushLatencyAboveGoal", "XpmSyncReplicationSlotRetainsWal");
        assertThat(rules).allSatisfy(r -> assertThat(map(map(r), "annotations")).containsKey("summary"));
        Map<String, Object> kustomization = documents(root.resolve("deploy/base/kustomization.yaml")).get(0);
        List<Object> dashboards = list(map(list(kustomization, "configMapGenerator").get(0)), "files");
        assertThat(dashboards).hasSize(5);
        for (Object file : dashboards) {
            Map<String, Object> dashboard = parse(Files.readString(root.resolve("deploy/base").resolve((String) file)))
                    .get(0);
            assertThat(list(dashboard, "panels")).as(file + " has panels").isNotEmpty().allSatisfy(panel ->
                    assertThat(list(map(panel), "targets")).isNotEmpty());
        }
    }

    @Test
    void theOverlaysBuildOnTheBase() throws IOException {
        Map<String, Object> local = documents(root.resolve("deploy/overlays/local/kustomization.yaml")).get(0);
        assertThat(list(local, "resources")).contains("../../base", "xpm-sandbox.yaml", "karbon-sandbox.yaml");
        Map<String, Object> production = documents(root.resolve("deploy/overlays/production/kustomization.yaml"))
                .get(0);
        assertThat(list(production, "resources")).containsExactly("../../base");
        assertThat(list(production, "images")).extracting(i -> map(i).get("name"))
                .containsExactlyInAnyOrderElementsOf(SERVICES.stream().map(s -> "xpm-sync/" + s).toList());
        for (Path kustomization : List.of(root.resolve("deploy/base/kustomization.yaml"),
                root.resolve("deploy/overlays/local/kustomization.yaml"),
                root.resolve("deploy/overlays/production/kustomization.yaml"))) {
            Map<String, Object> k = documents(kustomization).get(0);
            for (Object resource : list(k, "resources")) {
                assertThat(kustomization.getParent().resolve((String) resource)).as(kustomization + " lists " + resource)
                        .exists();
            }
        }
    }

    @Test
    void karbonsWebhookPathAloneHasABodyLimitAndARateLimitAtTheIngress() throws IOException {
        List<Map<String, Object>> ingresses = documents(root.resolve("deploy/base")).stream()
                .filter(d -> "Ingress".equals(d.get("kind"))).toList();
        Map<String, Object> webhooks = find(ingresses, "Ingress", "xpm-sync-karbon-webhooks");
        assertThat(paths(webhooks)).containsExactly("/karbon/webhooks/");
        assertThat(map(map(webhooks, "metadata"), "annotations"))
                .containsEntry("nginx.ingress.kubernetes.io/proxy-body-size", "16k")
                .containsEntry("nginx.ingress.kubernetes.io/limit-rps", "50")
                .containsEntry("nginx.ingress.kubernetes.io/limit-connections", "20");
        // the annotations hold for the whole Ingress: no other one may route the path around them
        assertThat(ingresses).filteredOn(i -> i != webhooks).allSatisfy(i ->
                assertThat(paths(i)).doesNotContain("/karbon/webhooks/"));
    }

    private static List<Object> paths(Map<String, Object> ingress) {
        List<Object> paths = new ArrayList<>();
        for (Object rule : list(map(ingress, "spec"), "rules")) {
            list(map(map(rule), "http"), "paths").forEach(path -> paths.add(map(path).get("path")));
        }
        return paths;
    }

    /** With kubectl here, each overlay renders, and the result is what the overlay promises. */
    @Test
    void kubectlRendersEachOverlay() throws Exception {
        Assumptions.assumeTrue(runs("kubectl", "version", "--client"), "kubectl is not installed here");
        List<Map<String, Object>> local = rendered("deploy/overlays/local");
        assertThat(local).filteredOn(d -> "Deployment".equals(d.get("kind"))).extracting(d -> map(d, "metadata")
                .get("name")).containsExactlyInAnyOrder("connector-service", "matching-service", "mapping-service",
                "push-service", "console", "xpm-sandbox", "karbon-sandbox");
        assertThat(local).allSatisfy(d -> assertThat(map(d, "metadata").get("namespace")).isEqualTo("xpm-sync-local"));
        assertThat(map(find(local, "ConfigMap", "xpm-sync-config"), "data"))
                .containsEntry("XPM_API_URL", "http://xpm-sandbox:8091/practicemanager/3.1/");
        List<Map<String, Object>> production = rendered("deploy/overlays/production");
        assertThat(production).noneMatch(d -> "Secret".equals(d.get("kind")));
        assertThat(production).filteredOn(d -> "Deployment".equals(d.get("kind"))).hasSize(5).allSatisfy(d ->
                assertThat((String) map(list(map(map(map(d, "spec"), "template"), "spec"), "containers").get(0))
                        .get("image")).startsWith("registry.example.com/xpm-sync/"));
    }

    @Test
    void dockerComposeRunsKafkaPostgresTheServicesAndTheSandboxesFromTheProjectsImages() throws Exception {
        Map<String, Object> compose = documents(root.resolve("docker-compose.yml")).get(0);
        Map<String, Object> services = map(compose, "services");
        assertThat(services).containsKeys("kafka", "postgres");
        assertThat((String) map(services, "kafka").get("image")).startsWith("apache/kafka:");
        assertThat(list(map(services, "postgres"), "command")).contains("wal_level=logical");
        for (String part : Stream.concat(SERVICES.stream(), SANDBOXES.stream()).toList()) {
            Map<String, Object> service = map(services, part);
            assertThat(service.get("image")).as(part).isEqualTo("xpm-sync/" + part + ":0.1.0-SNAPSHOT");
            assertThat(map(service, "environment")).as(part).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsKey("HTTP_PORT");
            assertThat(Files.readString(root.resolve(part + "/pom.xml"))).as(part + " builds its image")
                    .contains("<artifactId>quarkus-container-image-jib</artifactId>");
            assertThat(properties(part)).contains("quarkus.container-image.group=xpm-sync",
                    "quarkus.container-image.name=" + part);
        }
        // docker compose (the plugin) or docker-compose (the standalone tool), where one is installed, parses it too
        List<String> tool = runs("docker", "compose", "version") ? List.of("docker", "compose")
                : runs("docker-compose", "version") ? List.of("docker-compose") : List.of();
        if (!tool.isEmpty()) {
            List<String> command = new ArrayList<>(tool);
            command.addAll(List.of("-f", root.resolve("docker-compose.yml").toString(), "config", "--quiet"));
            Process config = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(config.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(config.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(config.exitValue()).as(String.join(" ", command) + ": " + output).isZero();
        }
    }

    private List<Map<String, Object>> rendered(String overlay) throws Exception {
        Process kubectl = new ProcessBuilder("kubectl", "kustomize", root.resolve(overlay).toString()).start();
        String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(kubectl.exitValue()).as(new String(kubectl.getErrorStream().readAllBytes())).isZero();
        return parse(out);
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String properties(String part) throws IOException {
        return Files.readString(root.resolve(part + "/src/main/resources/application.properties"));
    }

    /** Every YAML document in a file, or in every .yaml file under a folder. */
    private static List<Map<String, Object>> documents(Path path) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        List<Path> files;
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            }
        } else {
            files = List.of(path);
        }
        for (Path file : files) {
            documents.addAll(parse(Files.readString(file)));
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> parse(String yaml) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(yaml)) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(map(d, "metadata").get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    private static Map<String, Object> topic(List<Map<String, Object>> topics, String name) {
        return topics.stream().filter(t -> name.equals(map(t, "spec").get("topicName"))).findFirst()
                .orElseThrow(() -> new AssertionError("no KafkaTopic for " + name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map)) {
            throw new AssertionError("no map " + key + " in " + parent.keySet());
        }
        return map(value);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof List)) {
            throw new AssertionError("no list " + key + " in " + parent.keySet());
        }
        return (List<Object>) value;
    }
}
