package io.connectors.audit.ingest;

import io.vertx.pgclient.PgException;
import org.hibernate.exception.ConstraintViolationException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatabaseErrorsTest {

    @Test
    void recognisesARefusedRecordThroughHibernatesTranslation() {
        SQLException duplicate = new SQLException("duplicate key", "23505");
        assertTrue(DatabaseErrors.isRecordRejected(new CompletionException(
                new ConstraintViolationException("error executing SQL statement", duplicate, "insert ...", "audit_records_pkey"))));
    }

    @Test
    void recognisesARefusedRecordFromTheDriver() {
        assertTrue(DatabaseErrors.isRecordRejected(new RuntimeException(new PgException("bad", "ERROR", "22P02", "detail"))));
        assertTrue(DatabaseErrors.isRecordRejected(new PgException("too long", "ERROR", "54000", "detail")));
    }

    @Test
    void retriesEverythingElse() {
        assertFalse(DatabaseErrors.isRecordRejected(new ConnectException("Connection refused")));
        assertFalse(DatabaseErrors.isRecordRejected(new PgException("terminating connection", "FATAL", "57P01", "admin shutdown")));
        assertFalse(DatabaseErrors.isRecordRejected(new SQLException("permission denied", "42501")));
    }
}
