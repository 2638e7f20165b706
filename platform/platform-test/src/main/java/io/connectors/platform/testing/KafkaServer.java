package io.connectors.platform.testing;

import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.utils.Time;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real single-node KRaft Kafka broker in the test JVM, configured from the local stack's own
 * {@code deploy/local/kafka/server.properties} (SASL everywhere, ACLs enforced) and given the principals and ACLs of
 * {@code deploy/local/kafka/principals.tsv} by {@link KafkaPrincipals}, as {@code ./suite up} does. Started once and
 * shared by the JVM's tests. It can be stopped and started again on the same ports with its data kept, so tests can
 * prove that nothing is lost across an outage.
 *
 * <p>Tests' own clients (the {@link #companion()}) authenticate as the broker's admin; a service under test as its own
 * principal ({@link #serviceConfig(String)}), with the test-only right to use {@value #SMOKE_PREFIX}* topics.
 */
public final class KafkaServer {

    public static final String ADMIN = "admin";
    /**
     * Loggers of the broker and of Kafka's clients, at INFO a flood in the test JVM's log (configs, every partition
     * change): WARN for tests. Set on the JVM's loggers before the broker starts, and as Quarkus log categories by
     * {@link RealServers}, since an application's start re-applies its own logging configuration.
     */
    public static final List<String> QUIET_LOGGERS = List.of("kafka", "org.apache.kafka", "state.change.logger");
    /** Strong references: java.util.logging forgets the level of a logger nobody holds. */
    private static final List<java.util.logging.Logger> QUIETED = new ArrayList<>();
    /** Topics of tests that check the relay itself: every principal may create and use them, here only. */
    public static final String SMOKE_PREFIX = "smoke.";

    /**
     * The JVM's broker, for every class loader: Quarkus loads this class again for each application it starts, and a
     * second broker in one JVM does not come up. The platform MBean server is the JVM's own registry, and its calls
     * carry only JDK types, so any class loader's copy of this class finds and controls the one broker.
     */
    private static final ObjectName SHARED = objectName("io.connectors.test:type=KafkaBroker");

    private static KafkaServer instance;

    private final int port;
    private final String adminPassword;

    private KafkaServer(int port, String adminPassword) {
        this.port = port;
        this.adminPassword = adminPassword;
    }

    public static synchronized KafkaServer get() {
        if (instance == null) {
            quietLogging();
            MBeanServer registry = ManagementFactory.getPlatformMBeanServer();
            synchronized (registry) {
                try {
                    if (!registry.isRegistered(SHARED)) {
                        registry.registerMBean(new StandardMBean(new Broker(), BrokerMBean.class), SHARED);
                    }
                    instance = new KafkaServer((Integer) registry.getAttribute(SHARED, "Port"),
                            (String) registry.getAttribute(SHARED, "AdminPassword"));
                } catch (JMException e) {
                    throw new IllegalStateException("Cannot reach the test broker's registration", e);
                }
            }
        }
        return instance;
    }

    /** Sets {@link #QUIET_LOGGERS} to WARN on this JVM's log manager (JBoss LogManager under Quarkus tests). */
    static void quietLogging() {
        synchronized (QUIETED) {
            if (QUIETED.isEmpty()) {
                QUIET_LOGGERS.forEach(name -> {
                    java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
                    logger.setLevel(java.util.logging.Level.WARNING);
                    QUIETED.add(logger);
                });
            }
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** The test password of a service principal (tests only: the local stack makes random ones). */
    public static String password(String principal) {
        return principal + "-test-secret";
    }

    /** Client properties of {@code principal} with its test password. */
    public Map<String, Object> clientConfig(String principal) {
        return KafkaPrincipals.clientConfig(bootstrapServers(), principal,
                ADMIN.equals(principal) ? adminPassword : password(principal));
    }

    /** The Quarkus configuration of a service connecting as {@code principal}, as application.properties expects. */
    public Map<String, String> serviceConfig(String principal) {
        return Map.of("kafka.bootstrap.servers", bootstrapServers(),
                "connectors.kafka.username", principal,
                "connectors.kafka.password", password(principal));
    }

    /** A companion client, authenticated as the admin, for producing, consuming and administering topics in tests. */
    public KafkaCompanion companion() {
        KafkaCompanion companion = new KafkaCompanion(bootstrapServers());
        companion.setCommonClientConfig(clientConfig(ADMIN));
        return companion;
    }

    /** Runs {@code whileDown} during a broker outage, then brings the same broker back (same ports, cluster and data). */
    public void outage(Runnable whileDown) {
        stop();
        try {
            whileDown.run();
        } finally {
            start();
        }
    }

    /** Simulates a broker outage: clients get connection errors until {@link #start()}. */
    public void stop() {
        control("stop");
    }

    public void start() {
        control("start");
    }

    private static void control(String operation) {
        try {
            ManagementFactory.getPlatformMBeanServer().invoke(SHARED, operation, null, null);
        } catch (JMException e) {
            throw new IllegalStateException("Could not " + operation + " the test broker", e);
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (MalformedObjectNameException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** What the broker's owner offers every class loader. */
    public interface BrokerMBean {

        int getPort();

        String getAdminPassword();

        void stop();

        void start();
    }

    /** The broker itself, owned by the class loader that started it. */
    private static final class Broker implements BrokerMBean {

        private final int port = Ports.free();
        private final int controllerPort = Ports.free();
        private final String adminPassword = UUID.randomUUID().toString();
        private final Path dir;
        private KafkaRaftServer server;

        Broker() {
            try {
                dir = Files.createTempDirectory("connectors-kafka-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            format();
            start();
            applyPrincipals();
            Runtime.getRuntime().addShutdownHook(new Thread(this::close, "kafka-stop"));
        }

        @Override
        public int getPort() {
            return port;
        }

        @Override
        public String getAdminPassword() {
            return adminPassword;
        }

        @Override
        public synchronized void stop() {
            if (server != null) {
                server.shutdown();
                server.awaitShutdown();
                server = null;
            }
        }

        @Override
        public synchronized void start() {
            if (server == null) {
                server = new KafkaRaftServer(KafkaConfig.fromProps(properties()), Time.SYSTEM);
                server.startup();
            }
        }

        /** Formats the log directory as {@code ./suite up} does, with the admin's SCRAM credential bootstrapped. */
        private void format() {
            Path config = dir.resolve("server.properties");
            try (Writer out = Files.newBufferedWriter(config)) {
                properties().store(out, null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            int status = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                    "-c", config.toString(), "--standalone",
                    "--add-scram", "SCRAM-SHA-512=[name=" + ADMIN + ",password=" + adminPassword + "]"},
                    new PrintStream(output, true, StandardCharsets.UTF_8));
            if (status != 0) {
                throw new IllegalStateException("Could not format the test broker: " + output.toString(StandardCharsets.UTF_8));
            }
        }

        private void applyPrincipals() {
            List<KafkaPrincipals.Grant> grants = new ArrayList<>(
                    KafkaPrincipals.read(RepoFiles.resolve("deploy/local/kafka/principals.tsv")));
            grants.stream().map(KafkaPrincipals.Grant::principal).distinct().toList().forEach(principal -> {
                for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.READ)) {
                    grants.add(new KafkaPrincipals.Grant(principal, operation, ResourceType.TOPIC, PatternType.PREFIXED,
                            SMOKE_PREFIX));
                }
            });
            try (Admin admin = Admin.create(KafkaPrincipals.clientConfig("127.0.0.1:" + port, ADMIN, adminPassword))) {
                KafkaPrincipals.apply(admin, grants, KafkaServer::password);
            }
        }

        /** The local stack's broker configuration, with this broker's ports, directory and secrets. */
        private Properties properties() {
            String template;
            try {
                template = Files.readString(RepoFiles.resolve("deploy/local/kafka/server.properties"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String filled = template.replace("@KAFKA_PORT@", Integer.toString(port))
                    .replace("@CONTROLLER_PORT@", Integer.toString(controllerPort))
                    .replace("@DATA@", dir.resolve("data").toString())
                    .replace("@ADMIN_PASSWORD@", adminPassword)
                    .replace("@CONTROLLER_PASSWORD@", adminPassword);
            Properties properties = new Properties();
            try {
                properties.load(new StringReader(filled));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // One partition per topic, as tests were written for, and quick group joins.
            properties.setProperty("num.partitions", "1");
            properties.setProperty("group.initial.rebalance.delay.ms", "0");
            return properties;
        }

        private synchronized void close() {
            stop();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // A temporary directory left behind is harmless.
            }
        }
    }
}
