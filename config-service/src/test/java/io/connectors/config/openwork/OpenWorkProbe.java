package io.connectors.config.openwork;

import io.connectors.config.Eventually;
import io.connectors.platform.testing.KeycloakServer;
import io.connectors.platform.testing.RealServers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Reads acme's open work behind the application's back (as the owner, in the org), so that probing deletes nothing. */
final class OpenWorkProbe {

    private OpenWorkProbe() {
    }

    /** Waits until the consumers recorded {@code count} open items for the connector. */
    static void awaitOpen(String id, int count) {
        Eventually.await(count + " open item(s) on " + id, () -> openIds(id).size(), open -> open == count);
    }

    static List<String> openIds(String id) {
        try (Connection owner = RealServers.database().connectAsOwner()) {
            owner.createStatement().execute("select set_config('app.org_id', '" + KeycloakServer.ACME_ORG + "', false)");
            try (PreparedStatement query = owner.prepareStatement(
                    "select work_id from connector_open_work where connector_id = ? and open order by work_id")) {
                query.setObject(1, UUID.fromString(id));
                try (ResultSet rows = query.executeQuery()) {
                    List<String> ids = new ArrayList<>();
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                    return ids;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
