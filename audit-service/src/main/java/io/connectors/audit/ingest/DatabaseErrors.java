package io.connectors.audit.ingest;

import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;

import java.sql.SQLException;

/** Tells a record the database refuses (retrying cannot help) from a database that is unavailable (retry). */
final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /**
     * Data exceptions (22), integrity violations (23) and program limits (54) concern the rows being written: the
     * same records will always fail. Anything else (connection loss, timeouts, shutdown) is worth retrying.
     */
    static boolean isRecordRejected(Throwable failure) {
        String state = sqlState(failure);
        return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
    }

    static String sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PgException pg) {
                return pg.getSqlState();
            }
            // Hibernate translates the driver's exception, keeping the SQL state.
            if (cause instanceof JDBCException jdbc && jdbc.getSQLState() != null) {
                return jdbc.getSQLState();
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
