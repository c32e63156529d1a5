package io.xpmsync.infra;

import io.xpmsync.contracts.kafka.TopicSpec;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running in this JVM, listening on
 * 127.0.0.1 only. Not a fake: the same broker code as a production cluster, with replication factors of one.
 */
public final class LocalKafka implements AutoCloseable {

    private static final int NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final String scramBootstrapServers;
    private final Path logDir;
    private final boolean deleteOnClose;

    private LocalKafka(KafkaRaftServer server, String bootstrapServers, String scramBootstrapServers, Path logDir,
                       boolean deleteOnClose) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.scramBootstrapServers = scramBootstrapServers;
        this.logDir = logDir;
        this.deleteOnClose = deleteOnClose;
    }

    /**
     * A throw-away broker as a production cluster secures it: clients sign in with SCRAM-SHA-512 on
     * {@link #scramBootstrapServers()} and may do only what ACLs allow them (Kafka's StandardAuthorizer, nothing allowed
     * without an ACL). The plain listener, {@link #bootstrapServers()}, is the administrator's (the tests' own
     * clients, topic creation, users and ACLs).
     */
    public static LocalKafka startTemporaryWithScram() {
        try {
            return start(Ports.free(), Ports.free(), Ports.free(), Files.createTempDirectory("xpmsync-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A throw-away broker on free ports, in a temporary directory deleted on close. */
    public static LocalKafka startTemporary() {
        try {
            return start(Ports.free(), Ports.free(), Files.createTempDirectory("xpmsync-kafka-"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A broker on fixed ports whose data lives in {@code logDir}; an existing, already formatted directory is reused,
     * so topics and offsets survive a restart.
     */
    public static LocalKafka start(int port, int controllerPort, Path logDir, boolean deleteOnClose) {
        return start(port, controllerPort, 0, logDir, deleteOnClose);
    }

    private static LocalKafka start(int port, int controllerPort, int scramPort, Path logDir, boolean deleteOnClose) {
        QuietLogging.apply();
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", String.valueOf(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "3");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "5");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        if (scramPort > 0) {
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",SCRAM://127.0.0.1:" + scramPort
                    + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port + ",SCRAM://127.0.0.1:" + scramPort);
            props.put("listener.security.protocol.map",
                    "PLAINTEXT:PLAINTEXT,SCRAM:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
            props.put("listener.name.scram.scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            props.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
            // the plain listener and the controller are the administrator's
            props.put("super.users", "User:ANONYMOUS");
            props.put("allow.everyone.if.no.acl.found", "false");
            props.put("auto.create.topics.enable", "false");
        }
        KafkaConfig config = new KafkaConfig(props, false);

        format(logDir);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new LocalKafka(server, "127.0.0.1:" + port, scramPort > 0 ? "127.0.0.1:" + scramPort : null, logDir,
                deleteOnClose);
    }

    private static void format(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return; // formatted by an earlier run: keep its cluster id, topics and offsets
        }
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .addDirectory(logDir.toString())
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format Kafka log directory " + logDir, e);
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The SCRAM listener of {@link #startTemporaryWithScram()}. */
    public String scramBootstrapServers() {
        if (scramBootstrapServers == null) {
            throw new IllegalStateException("this broker has no SCRAM listener");
        }
        return scramBootstrapServers;
    }

    /** A Kafka user signing in with SCRAM-SHA-512 and {@code password}, allowed {@code acls} and nothing else. */
    public void addScramUser(String user, String password, Collection<AclBinding> acls) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all()
                    .get(30, TimeUnit.SECONDS);
            if (!acls.isEmpty()) {
                admin.createAcls(acls).all().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot add Kafka user " + user, e);
        }
    }

    /** The client settings of a SCRAM user of {@link #startTemporaryWithScram()} ({@code kafka.} prefix left off). */
    public Map<String, String> scramClient(String user, String password) {
        return Map.of("bootstrap.servers", scramBootstrapServers(), "security.protocol", "SASL_PLAINTEXT",
                "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user
                        + "\" password=\"" + password + "\";");
    }

    /** Creates the topics that do not exist yet, each with the cleanup policy it needs. */
    public void createTopics(Collection<TopicSpec> topics, int partitions) {
        createTopics(bootstrapServers, topics, partitions);
    }

    /** Creates missing topics on any broker, local or not. */
    public static void createTopics(String bootstrapServers, Collection<TopicSpec> topics, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            List<NewTopic> newTopics = topics.stream()
                    .map(t -> new NewTopic(t.name(), partitions, (short) 1)
                            .configs(Map.of("cleanup.policy", t.cleanupPolicy())))
                    .toList();
            admin.createTopics(newTopics).values().forEach((name, future) -> {
                try {
                    future.get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name, e.getCause());
                    }
                } catch (Exception e) {
                    throw new IllegalStateException("cannot create topic " + name, e);
                }
            });
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteOnClose) {
            Directories.deleteRecursively(logDir);
        }
    }
}
