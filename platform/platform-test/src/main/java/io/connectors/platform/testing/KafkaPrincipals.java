package io.connectors.platform.testing;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Makes a broker's principals what {@code deploy/local/kafka/principals.tsv} says: each principal's SCRAM-SHA-512
 * credential, its ACLs, and every topic the ACLs name (the services may not create topics). Used by the test broker
 * ({@link KafkaServer}) and, as a program, by {@code ./suite up} for the local broker, so both apply the same list:
 * {@code java -cp <this module's classes>:<kafka libs> io.connectors.platform.testing.KafkaPrincipals
 * <principals.tsv> <admin client properties> <directory of <principal>.pw files>}.
 */
public final class KafkaPrincipals {

    /** One line of principals.tsv. */
    public record Grant(String principal, AclOperation operation, ResourceType resource, PatternType pattern,
                        String name) {

        AclBinding binding() {
            return new AclBinding(new ResourcePattern(resource, name, pattern),
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    private KafkaPrincipals() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: KafkaPrincipals <principals.tsv> <admin.properties> <password dir>");
        }
        Properties admin = new Properties();
        try (InputStream in = new FileInputStream(args[1])) {
            admin.load(in);
        }
        Path passwords = Path.of(args[2]);
        try (Admin client = Admin.create(admin)) {
            apply(client, read(Path.of(args[0])), principal -> readPassword(passwords.resolve(principal + ".pw")));
        }
    }

    /** The grants of principals.tsv, in file order. */
    public static List<Grant> read(Path file) {
        List<Grant> grants = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                String[] f = trimmed.split("\\s+");
                if (f.length != 5) {
                    throw new IllegalArgumentException(file + ": expected 5 columns in '" + line + "'");
                }
                grants.add(new Grant(f[0], AclOperation.fromString(f[1]), ResourceType.fromString(f[2]),
                        PatternType.fromString(f[3].toUpperCase(Locale.ROOT)), f[4]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Grant grant : grants) {
            if (grant.operation() == AclOperation.UNKNOWN || grant.resource() == ResourceType.UNKNOWN
                    || grant.pattern() == PatternType.UNKNOWN) {
                throw new IllegalArgumentException(file + ": unknown operation, resource or pattern in " + grant);
            }
        }
        return grants;
    }

    /** Sets every principal's credential (password from {@code passwordOf}), then the ACLs, then creates topics. */
    public static void apply(Admin admin, List<Grant> grants, Function<String, String> passwordOf) {
        Set<String> principals = new LinkedHashSet<>();
        grants.forEach(grant -> principals.add(grant.principal()));
        List<UserScramCredentialUpsertion> credentials = principals.stream()
                .map(principal -> new UserScramCredentialUpsertion(principal,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), passwordOf.apply(principal)))
                .toList();
        Set<String> topics = new LinkedHashSet<>();
        grants.stream().filter(g -> g.resource() == ResourceType.TOPIC && g.pattern() == PatternType.LITERAL)
                .forEach(g -> topics.add(g.name()));
        try {
            admin.alterUserScramCredentials(List.copyOf(credentials)).all().get();
            admin.createAcls(grants.stream().map(Grant::binding).toList()).all().get();
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, Optional.empty(), Optional.empty())).toList();
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not apply the Kafka principals: " + e.getCause(), e.getCause());
        }
    }

    /** Client properties authenticating as {@code principal} with SCRAM-SHA-512. */
    public static Map<String, Object> clientConfig(String bootstrapServers, String principal, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("security.protocol", "SASL_PLAINTEXT");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", jaas(principal, password));
        return config;
    }

    static String jaas(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + principal
                + "\" password=\"" + password + "\";";
    }

    private static String readPassword(Path file) {
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("No password for a Kafka principal: " + file, e);
        }
    }
}
