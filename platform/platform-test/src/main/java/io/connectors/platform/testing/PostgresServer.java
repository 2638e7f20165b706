package io.connectors.platform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * A throwaway PostgreSQL cluster from the machine's own binaries (Debian's {@code postgresql}), started once per test
 * JVM on a free loopback port and removed when the JVM exits. Each service gets its own database with two roles: an
 * owner that runs the migrations and an application role that is neither owner nor BYPASSRLS, as in production.
 */
public final class PostgresServer {

    private static PostgresServer instance;

    private final Path dir;
    private final int port;
    private final String bin;

    private PostgresServer(Path dir, int port, String bin) {
        this.dir = dir;
        this.port = port;
        this.bin = bin;
    }

    public static synchronized PostgresServer get() {
        if (instance == null) {
            instance = start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "postgres-stop"));
        }
        return instance;
    }

    public int port() {
        return port;
    }

    private static PostgresServer start() {
        String bin = binDir();
        int port = Ports.free();
        try {
            Path dir = Files.createTempDirectory("connectors-pg-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
            Path log = dir.resolve("server.log");
            Files.createFile(log);
            if (Processes.isRoot()) {
                Processes.run(List.of("chown", "-R", "postgres:postgres", dir.toString()), log, 30);
            }
            Processes.run(Processes.asPostgresUser(List.of(bin + "/initdb", "-D", dir.resolve("db").toString(),
                    "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")), log, 120);
            Processes.run(Processes.asPostgresUser(List.of(bin + "/pg_ctl", "-D", dir.resolve("db").toString(),
                    "-l", log.toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                    "start")), dir.resolve("pg_ctl.log"), 90);
            return new PostgresServer(dir, port, bin);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a PostgreSQL cluster", e);
        }
    }

    private static String binDir() {
        String fromEnv = System.getenv("PG_BIN");
        if (fromEnv != null && Files.isExecutable(Path.of(fromEnv, "initdb"))) {
            return fromEnv;
        }
        try {
            Process process = new ProcessBuilder("pg_config", "--bindir").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor() == 0 && Files.isExecutable(Path.of(out, "initdb"))) {
                return out;
            }
        } catch (IOException e) {
            // fall through to the Debian layout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            return versions.sorted((a, b) -> b.compareTo(a)).map(v -> v.resolve("bin"))
                    .filter(p -> Files.isExecutable(p.resolve("initdb"))).findFirst().map(Path::toString)
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server binaries: install postgresql"));
        } catch (IOException e) {
            throw new IllegalStateException("No PostgreSQL server binaries: install postgresql (apt-get install postgresql)", e);
        }
    }

    /**
     * Creates a fresh database named after {@code prefix} with its owner and application roles. The application role
     * gets no privileges here: the service's migrations grant exactly what it needs.
     */
    public Database createDatabase(String prefix) {
        String name = prefix.replaceAll("[^a-z0-9_]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8);
        String owner = name + "_owner";
        String app = name + "_app";
        executeAsSuperuser("postgres",
                "CREATE ROLE " + owner + " LOGIN PASSWORD 'owner'",
                "CREATE ROLE " + app + " LOGIN PASSWORD 'app' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
                "CREATE DATABASE " + name + " OWNER " + owner,
                "REVOKE ALL ON DATABASE " + name + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + name + " TO " + app);
        executeAsSuperuser(name, "REVOKE CREATE ON SCHEMA public FROM PUBLIC",
                "ALTER SCHEMA public OWNER TO " + owner);
        return new Database(this, name, owner, "owner", app, "app");
    }

    void executeAsSuperuser(String database, String... statements) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl(database), "postgres", "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL setup failed: " + e.getMessage(), e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void stop() {
        try {
            Path log = dir.resolve("pg_ctl.log");
            Processes.run(Processes.asPostgresUser(List.of(bin + "/pg_ctl", "-D", dir.resolve("db").toString(),
                    "-m", "immediate", "-w", "stop")), log, 30);
            Processes.run(List.of("rm", "-rf", dir.toString()), log, 30);
        } catch (RuntimeException e) {
            System.err.println("Could not stop the test PostgreSQL cluster at " + dir + ": " + e.getMessage());
        }
    }
}
