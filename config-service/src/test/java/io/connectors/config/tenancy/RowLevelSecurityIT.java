package io.connectors.config.tenancy;

import io.connectors.config.ConfigServiceProfile;
import io.connectors.platform.testing.Database;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServers;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.connectors.config.Api.createId;
import static io.connectors.config.Api.crowdstrike;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tenancy is enforced by PostgreSQL, not by the queries: connected as the application's role, a query without any org
 * filter sees only the org set for the transaction, and nothing at all when none is set.
 */
@QuarkusTest
@TestProfile(ConfigServiceProfile.class)
class RowLevelSecurityIT {

    private static final List<String> TABLES = List.of("connectors", "idempotency_keys", "connector_open_work");

    @Test
    void aQueryWithoutOrgFilterSeesOnlyTheTransactionsOrg() throws SQLException {
        String acme = createId("acme-admin", crowdstrike());
        String globex = createId("globex-admin", crowdstrike());
        Database database = RealServers.database();
        try (Connection app = database.connectAsApp()) {
            app.setAutoCommit(false);
            List<String> seen = orgsAndIds(app, KeycloakServer.GLOBEX_ORG);
            assertTrue(seen.contains(KeycloakServer.GLOBEX_ORG + "/" + globex), seen.toString());
            assertFalse(seen.stream().anyMatch(row -> row.startsWith(KeycloakServer.ACME_ORG)), seen.toString());
            assertFalse(seen.contains(KeycloakServer.ACME_ORG + "/" + acme));
            app.rollback();
        }
    }

    @Test
    void withoutAnOrgTheApplicationSeesNothing() throws SQLException {
        createId("acme-admin", crowdstrike());
        try (Connection app = RealServers.database().connectAsApp();
             ResultSet count = app.createStatement().executeQuery("select count(*) from connectors")) {
            assertTrue(count.next());
            assertEquals(0, count.getInt(1));
        }
    }

    @Test
    void theApplicationCannotWriteARowOfAnotherOrg() throws SQLException {
        try (Connection app = RealServers.database().connectAsApp()) {
            app.setAutoCommit(false);
            setOrg(app, KeycloakServer.ACME_ORG);
            try (PreparedStatement insert = app.prepareStatement("insert into connector_open_work (org_id, kind, work_id,"
                    + " connector_id, open, updated_at) values (?, 'approval', 'w1', ?, true, now())")) {
                insert.setString(1, KeycloakServer.GLOBEX_ORG);
                insert.setObject(2, UUID.randomUUID());
                SQLException refused = assertThrows(SQLException.class, insert::executeUpdate);
                assertTrue(refused.getMessage().contains("row-level security"), refused.getMessage());
            }
            app.rollback();
        }
    }

    @Test
    void everyTableHasForcedRowLevelSecurityAndIsNotOwnedByTheApplication() throws SQLException {
        Database database = RealServers.database();
        try (Connection owner = database.connectAsOwner();
             PreparedStatement query = owner.prepareStatement("select c.relrowsecurity, c.relforcerowsecurity,"
                     + " pg_get_userbyid(c.relowner) from pg_class c where c.relname = ? and c.relkind = 'r'")) {
            for (String table : TABLES) {
                query.setString(1, table);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next(), table);
                    assertTrue(row.getBoolean(1), table + " has RLS enabled");
                    assertTrue(row.getBoolean(2), table + " has RLS forced");
                    assertFalse(database.appRole().equals(row.getString(3)), table + " is not owned by the app role");
                }
            }
        }
    }

    private static List<String> orgsAndIds(Connection app, String org) throws SQLException {
        setOrg(app, org);
        List<String> rows = new ArrayList<>();
        try (Statement statement = app.createStatement();
             ResultSet all = statement.executeQuery("select org_id, id from connectors")) {
            while (all.next()) {
                rows.add(all.getString(1) + "/" + all.getString(2));
            }
        }
        return rows;
    }

    private static void setOrg(Connection app, String org) throws SQLException {
        try (PreparedStatement set = app.prepareStatement("select set_config('app.org_id', ?, true)")) {
            set.setString(1, org);
            set.execute();
        }
    }
}
