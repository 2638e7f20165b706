package io.connectors.audit;

import io.connectors.audit.trail.ChainRecord;
import io.connectors.platform.testing.RealServers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Looks at (and, playing an attacker with the owner's rights, tampers with) the trail tables behind the service's
 * back. Row-Level Security is forced even for the owner, so every connection first scopes itself to the org.
 */
public final class TrailTables {

    private TrailTables() {
    }

    public record Row(long seq, String eventId, String action, String prevHash, String hash) {
    }

    public static List<Row> rows(String orgId) {
        try (Connection connection = ownerIn(orgId);
             PreparedStatement query = connection.prepareStatement(
                     "select seq, event_id, action, prev_hash, hash from audit_records where org_id = ? order by seq")) {
            query.setString(1, orgId);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Row(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The highest seq any stored checkpoint of {@code orgId} pins, 0 before the first. */
    public static long latestCheckpointSeq(String orgId) {
        try (Connection connection = ownerIn(orgId);
             PreparedStatement query = connection.prepareStatement(
                     "select coalesce(max(seq), 0) from audit_checkpoints where org_id = ?")) {
            query.setString(1, orgId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static int count(String orgId) {
        return rows(orgId).size();
    }

    /** Runs {@code statements} as the owner in one transaction, with the append-only triggers disabled meanwhile. */
    public static void tamper(String orgId, String... statements) {
        try (Connection connection = ownerIn(orgId)) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("alter table audit_records disable trigger audit_records_append_only");
                statement.execute("alter table audit_checkpoints disable trigger audit_checkpoints_append_only");
                for (String sql : statements) {
                    statement.execute(sql);
                }
                statement.execute("alter table audit_records enable trigger audit_records_append_only");
                statement.execute("alter table audit_checkpoints enable trigger audit_checkpoints_append_only");
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Inserts {@code record} as the owner (INSERT is what the trail allows, so no trigger stands in the way). */
    public static void insertBehindTheServicesBack(ChainRecord record) {
        try (Connection connection = ownerIn(record.orgId());
             PreparedStatement insert = connection.prepareStatement("insert into audit_records (event_id, seq, time, org_id,"
                     + " action, actor, target, outcome, details, decision_id, trace_id, source_service, prev_hash, hash)"
                     + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, record.eventId());
            insert.setLong(2, record.seq());
            insert.setObject(3, OffsetDateTime.ofInstant(record.time(), ZoneOffset.UTC));
            insert.setString(4, record.orgId());
            insert.setString(5, record.action());
            insert.setString(6, record.actor());
            insert.setString(7, record.target());
            insert.setString(8, record.outcome());
            insert.setString(9, record.details());
            insert.setString(10, record.decisionId());
            insert.setString(11, record.traceId());
            insert.setString(12, record.sourceService());
            insert.setString(13, record.prevHash());
            insert.setString(14, record.hash());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Connection ownerIn(String orgId) throws SQLException {
        return scoped(RealServers.database().connectAsOwner(), orgId);
    }

    public static Connection appIn(String orgId) throws SQLException {
        return scoped(RealServers.database().connectAsApp(), orgId);
    }

    private static Connection scoped(Connection connection, String orgId) throws SQLException {
        try (PreparedStatement scope = connection.prepareStatement("select set_config('app.org_id', ?, false)")) {
            scope.setString(1, orgId);
            scope.execute();
        }
        return connection;
    }
}
