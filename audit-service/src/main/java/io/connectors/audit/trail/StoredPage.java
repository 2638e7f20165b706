package io.connectors.audit.trail;

import io.netty.buffer.ByteBuf;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * A page of one org's stored records as verify reads them: each row is one value, PostgreSQL's binary form of the
 * record's hashed columns ({@code record_send}: per column its type, its length and its binary value, which for text
 * is its UTF-8 bytes), so the driver copies one byte array per row instead of decoding a dozen strings, and the
 * hasher copies bytes instead of encoding characters. {@code time} comes as PostgreSQL's binary timestamptz, and
 * {@code org_id} not at all (the page is read for one org).
 */
public final class StoredPage {

    /** The one column of {@link #read}; its field order is the constants below. */
    static final String COLUMN = "record_send(row(seq, time, event_id, action, actor, target, outcome, details,"
            + " decision_id, trace_id, source_service, prev_hash, hash))";
    static final int SEQ = 0;
    static final int TIME = 1;
    static final int EVENT_ID = 2;
    static final int ACTION = 3;
    static final int ACTOR = 4;
    static final int TARGET = 5;
    static final int OUTCOME = 6;
    static final int DETAILS = 7;
    static final int DECISION_ID = 8;
    static final int TRACE_ID = 9;
    static final int SOURCE_SERVICE = 10;
    static final int PREV_HASH = 11;
    static final int HASH = 12;
    private static final int FIELDS = 13;
    private static final int INT8 = 20;
    private static final int TEXT = 25;
    private static final int TIMESTAMPTZ = 1184;
    /** PostgreSQL's binary timestamptz counts microseconds from 2000-01-01T00:00:00Z. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800L * 1_000_000L;

    private final byte[][] data;
    /** Per record and field: where its bytes start in {@code data}, or -1 for SQL NULL. */
    private final int[] start;
    private final int[] length;

    private StoredPage(int size) {
        data = new byte[size][];
        start = new int[size * FIELDS];
        length = new int[size * FIELDS];
    }

    static StoredPage read(RowSet<Row> rows) {
        StoredPage page = new StoredPage(rows.size());
        int i = 0;
        for (Row row : rows) {
            // The driver's heap copy of the value, used in place.
            ByteBuf bytes = row.getDelegate().getBuffer(0).getByteBuf();
            if (bytes.hasArray()) {
                page.parse(i++, bytes.array(), bytes.arrayOffset() + bytes.readerIndex(), bytes.readableBytes());
            } else {
                byte[] copy = new byte[bytes.readableBytes()];
                bytes.getBytes(bytes.readerIndex(), copy);
                page.parse(i++, copy, 0, copy.length);
            }
        }
        return page;
    }

    /** The page {@code records} would be once stored (times at PostgreSQL's microsecond precision). */
    public static StoredPage of(List<ChainRecord> records) {
        StoredPage page = new StoredPage(records.size());
        for (int i = 0; i < records.size(); i++) {
            byte[] bytes = binary(records.get(i));
            page.parse(i, bytes, 0, bytes.length);
        }
        return page;
    }

    /** Reads the field offsets of one {@code record_send} value: a column count, then per column oid, length, bytes. */
    private void parse(int index, byte[] bytes, int offset, int size) {
        int end = offset + size;
        if (size < Integer.BYTES || intAt(bytes, offset) != FIELDS) {
            throw new IllegalStateException("Unexpected audit record row shape");
        }
        data[index] = bytes;
        int at = offset + Integer.BYTES;
        for (int f = 0; f < FIELDS; f++) {
            if (at + 2 * Integer.BYTES > end) {
                throw new IllegalStateException("Unexpected audit record row shape");
            }
            int oid = intAt(bytes, at);
            int len = intAt(bytes, at + Integer.BYTES);
            at += 2 * Integer.BYTES;
            if (oid != (f == SEQ ? INT8 : f == TIME ? TIMESTAMPTZ : TEXT) || len < -1 || len > end - at) {
                throw new IllegalStateException("audit_records column " + f + " has type oid " + oid
                        + ": not the schema this service migrated");
            }
            start[index * FIELDS + f] = len < 0 ? -1 : at;
            length[index * FIELDS + f] = Math.max(len, 0);
            at += Math.max(len, 0);
        }
    }

    public int size() {
        return data.length;
    }

    public long seq(int i) {
        return longAt(i, SEQ);
    }

    /** The event id as text: only for the record a report names. */
    public String eventId(int i) {
        int at = i * FIELDS + EVENT_ID;
        return new String(data[i], start[at], length[at], StandardCharsets.UTF_8);
    }

    /** Whether record {@code i}'s prev_hash is record {@code j}'s hash (of {@code page}). */
    public boolean linksTo(int i, StoredPage page, int j) {
        int mine = i * FIELDS + PREV_HASH;
        int theirs = j * FIELDS + HASH;
        return Arrays.equals(data[i], start[mine], start[mine] + length[mine],
                page.data[j], page.start[theirs], page.start[theirs] + page.length[theirs]);
    }

    /** Whether record {@code i}'s prev_hash is {@code hexHash} (the genesis, before a first page). */
    public boolean linksTo(int i, String hexHash) {
        return fieldIs(i, PREV_HASH, hexHash);
    }

    /** Whether the stored hash of record {@code i} is {@code hexHash}. */
    public boolean hashIs(int i, String hexHash) {
        return fieldIs(i, HASH, hexHash);
    }

    private boolean fieldIs(int i, int field, String ascii) {
        int at = i * FIELDS + field;
        byte[] expected = ascii.getBytes(StandardCharsets.UTF_8);
        return start[at] >= 0 && Arrays.equals(data[i], start[at], start[at] + length[at], expected, 0, expected.length);
    }

    /** The stored {@code time} as seconds and nanoseconds since the Unix epoch. */
    long epochSecond(int i) {
        return Math.floorDiv(longAt(i, TIME) + POSTGRES_EPOCH_MICROS, 1_000_000L);
    }

    int nano(int i) {
        return (int) Math.floorMod(longAt(i, TIME) + POSTGRES_EPOCH_MICROS, 1_000_000L) * 1000;
    }

    byte[] data(int i) {
        return data[i];
    }

    /** Where field {@code field} of record {@code i} starts in {@link #data}, -1 for NULL. */
    int start(int i, int field) {
        return start[i * FIELDS + field];
    }

    int length(int i, int field) {
        return length[i * FIELDS + field];
    }

    private long longAt(int i, int field) {
        int at = i * FIELDS + field;
        if (length[at] != Long.BYTES) {
            throw new IllegalStateException("audit_records field " + field + " is not 8 bytes");
        }
        return (long) intAt(data[i], start[at]) << 32 | intAt(data[i], start[at] + Integer.BYTES) & 0xffffffffL;
    }

    /** {@code record_send} of the record's columns, as PostgreSQL writes it. */
    private static byte[] binary(ChainRecord r) {
        Instant time = r.time();
        if (time.getNano() % 1000 != 0) {
            throw new IllegalArgumentException("PostgreSQL stores microseconds; " + time + " has nanoseconds");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        ByteBuffer header = ByteBuffer.allocate(Integer.BYTES);
        out.writeBytes(header.putInt(FIELDS).array());
        field(out, INT8, ByteBuffer.allocate(Long.BYTES).putLong(r.seq()).array());
        long micros = Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1000);
        field(out, TIMESTAMPTZ, ByteBuffer.allocate(Long.BYTES).putLong(micros - POSTGRES_EPOCH_MICROS).array());
        for (String text : new String[] {r.eventId(), r.action(), r.actor(), r.target(), r.outcome(), r.details(),
                r.decisionId(), r.traceId(), r.sourceService(), r.prevHash(), r.hash()}) {
            field(out, TEXT, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int oid, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(2 * Integer.BYTES).putInt(oid).putInt(value == null ? -1 : value.length).array());
        if (value != null) {
            out.writeBytes(value);
        }
    }

    private static int intAt(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
    }
}
