package io.connectors.audit.benchmark;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster with its durability settings at their defaults (fsync, synchronous_commit, full_page_writes
 * on), for the benchmark only: platform-test's shared server turns them off to speed the functional tests up, which
 * would make an append rate meaningless. Same roles as platform-test's databases: migrations as the owner, the
 * application as a role without BYPASSRLS.
 */
public class DurablePostgres implements QuarkusTestResourceLifecycleManager {

    static final String PID_FILE_PROPERTY = "audit.bench.postmaster-pid-file";
    private static final String DATABASE = "audit_bench";
    private static final String OWNER = "audit_bench_owner";
    private static final String APP = "audit_bench_app";

    private Path dir;
    private String bin;

    @Override
    public Map<String, String> start() {
        try {
            bin = binDir();
            int port = freePort();
            dir = Files.createTempDirectory("audit-bench-pg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path log = dir.resolve("server.log");
            Files.createFile(log);
            if (isRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), log);
            }
            run(asPostgres(List.of(bin + "/initdb", "-D", dir.resolve("db").toString(), "-U", "postgres", "-A", "trust",
                    "-E", "UTF8", "--no-locale")), log);
            run(asPostgres(List.of(bin + "/pg_ctl", "-D", dir.resolve("db").toString(), "-l", log.toString(), "-w",
                    "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1", "start")), log);
            String url = "127.0.0.1:" + port + "/";
            execute("jdbc:postgresql://" + url + "postgres",
                    "CREATE ROLE " + OWNER + " LOGIN PASSWORD 'owner'",
                    "CREATE ROLE " + APP + " LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS",
                    "CREATE DATABASE " + DATABASE + " OWNER " + OWNER,
                    "REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC",
                    "GRANT CONNECT ON DATABASE " + DATABASE + " TO " + APP);
            execute("jdbc:postgresql://" + url + DATABASE, "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                    "ALTER SCHEMA public OWNER TO " + OWNER);
            // For the benchmark's CPU accounting: the postmaster's pid file (the same JVM, whatever the class loader).
            System.setProperty(PID_FILE_PROPERTY, dir.resolve("db").resolve("postmaster.pid").toString());
            return Map.of(
                    "quarkus.datasource.reactive.url", "postgresql://" + url + DATABASE,
                    "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + url + DATABASE,
                    "quarkus.datasource.username", APP,
                    "quarkus.datasource.password", "app",
                    "quarkus.flyway.username", OWNER,
                    "quarkus.flyway.password", "owner");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (dir != null) {
            run(asPostgres(List.of(bin + "/pg_ctl", "-D", dir.resolve("db").toString(), "-m", "fast", "-w", "stop")),
                    dir.resolve("server.log"));
        }
    }

    private static void execute(String url, String... statements) {
        try (Connection connection = DriverManager.getConnection(url, "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String binDir() throws IOException {
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted((a, b) -> b.compareTo(a)).map(v -> v.resolve("bin"))
                    .filter(p -> Files.isExecutable(p.resolve("initdb"))).findFirst().map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries under /usr/lib/postgresql"));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> asPostgres(List<String> command) {
        if (!isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static void run(List<String> command, Path log) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException("Failed: " + command + "; see " + log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
