package io.connectors.audit.trail;

import io.connectors.platform.json.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;

/**
 * Computes {@link ChainRecord#computeHash()}, that is {@code CanonicalJson.sha256Hex(record.canonicalForm())}, without
 * building the text: the UTF-8 bytes of each field are copied into a reused buffer and digested there. Verify is bound
 * by this, so it hashes a {@link StoredPage} in place (the bytes PostgreSQL sent, no string per field) and compares
 * the digest's hex with the stored bytes without making a string. Unit tests hold both entry points to
 * {@link ChainRecord#canonicalForm()}. One instance per thread at a time (it keeps its buffers and digest).
 */
public final class ChainHasher {

    private static final byte[] ACTION = ascii("{\"action\":");
    private static final byte[] ACTOR = ascii(",\"actor\":");
    private static final byte[] DECISION_ID = ascii(",\"decision_id\":");
    private static final byte[] DETAILS = ascii(",\"details\":");
    private static final byte[] EVENT_ID = ascii(",\"event_id\":");
    private static final byte[] ORG_ID = ascii(",\"org_id\":");
    private static final byte[] OUTCOME = ascii(",\"outcome\":");
    private static final byte[] PREV_HASH = ascii(",\"prev_hash\":");
    private static final byte[] SEQ = ascii(",\"seq\":");
    private static final byte[] SOURCE_SERVICE = ascii(",\"source_service\":");
    private static final byte[] TARGET = ascii(",\"target\":");
    private static final byte[] TIME = ascii(",\"time\":");
    private static final byte[] TRACE_ID = ascii(",\"trace_id\":");
    private static final byte[] NULL = ascii("null");
    private static final byte[] END = ascii("}");
    private static final byte[] HEX = ascii("0123456789abcdef");
    private static final int HEX_LENGTH = 64;

    private final MessageDigest digest;
    private final byte[] sha = new byte[32];
    private final byte[] hex = new byte[HEX_LENGTH];
    private byte[] buffer = new byte[1024];
    private int length;

    public ChainHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The record's hash, lowercase hex. */
    public String hash(ChainRecord r) {
        length = 0;
        put(ACTION);
        string(r.action());
        put(ACTOR);
        json(r.actor());
        put(DECISION_ID);
        string(r.decisionId());
        put(DETAILS);
        json(r.details());
        put(EVENT_ID);
        string(r.eventId());
        put(ORG_ID);
        string(r.orgId());
        put(OUTCOME);
        string(r.outcome());
        put(PREV_HASH);
        string(r.prevHash());
        put(SEQ);
        number(r.seq());
        put(SOURCE_SERVICE);
        string(r.sourceService());
        put(TARGET);
        json(r.target());
        put(TIME);
        time(r.time().getEpochSecond(), r.time().getNano());
        put(TRACE_ID);
        string(r.traceId());
        put(END);
        digestAndFormat();
        return new String(hex, StandardCharsets.US_ASCII);
    }

    /**
     * Whether the record at {@code index} of {@code page} hashes to the hash stored with it. {@code orgId} is the
     * org's id as UTF-8: the page was read for that org only, so it is not read with every row. The same members in
     * the same order as {@link #hash(ChainRecord)}, from the stored bytes.
     */
    public boolean matches(StoredPage page, int index, byte[] orgId) {
        byte[] d = page.data(index);
        length = 0;
        put(ACTION);
        string(d, page.start(index, StoredPage.ACTION), page.length(index, StoredPage.ACTION));
        put(ACTOR);
        json(d, page.start(index, StoredPage.ACTOR), page.length(index, StoredPage.ACTOR));
        put(DECISION_ID);
        string(d, page.start(index, StoredPage.DECISION_ID), page.length(index, StoredPage.DECISION_ID));
        put(DETAILS);
        json(d, page.start(index, StoredPage.DETAILS), page.length(index, StoredPage.DETAILS));
        put(EVENT_ID);
        string(d, page.start(index, StoredPage.EVENT_ID), page.length(index, StoredPage.EVENT_ID));
        put(ORG_ID);
        string(orgId, 0, orgId.length);
        put(OUTCOME);
        string(d, page.start(index, StoredPage.OUTCOME), page.length(index, StoredPage.OUTCOME));
        put(PREV_HASH);
        string(d, page.start(index, StoredPage.PREV_HASH), page.length(index, StoredPage.PREV_HASH));
        put(SEQ);
        number(page.seq(index));
        put(SOURCE_SERVICE);
        string(d, page.start(index, StoredPage.SOURCE_SERVICE), page.length(index, StoredPage.SOURCE_SERVICE));
        put(TARGET);
        json(d, page.start(index, StoredPage.TARGET), page.length(index, StoredPage.TARGET));
        put(TIME);
        time(page.epochSecond(index), page.nano(index));
        put(TRACE_ID);
        string(d, page.start(index, StoredPage.TRACE_ID), page.length(index, StoredPage.TRACE_ID));
        put(END);
        digestAndFormat();
        int hash = page.start(index, StoredPage.HASH);
        return hash >= 0 && Arrays.equals(hex, 0, HEX_LENGTH, d, hash, hash + page.length(index, StoredPage.HASH));
    }

    private void digestAndFormat() {
        digest.update(buffer, 0, length);
        try {
            digest.digest(sha, 0, sha.length);
        } catch (DigestException e) {
            throw new IllegalStateException("SHA-256 digests are 32 bytes", e);
        }
        for (int i = 0; i < sha.length; i++) {
            hex[2 * i] = HEX[(sha[i] >> 4) & 0xf];
            hex[2 * i + 1] = HEX[sha[i] & 0xf];
        }
    }

    private void string(String value) {
        if (value == null) {
            put(NULL);
        } else {
            byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
            string(utf8, 0, utf8.length);
        }
    }

    private void json(String text) {
        if (text == null) {
            put(NULL);
        } else {
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            json(utf8, 0, utf8.length);
        }
    }

    /**
     * A JSON string as {@code CanonicalJson.string} writes it, from its UTF-8 bytes ({@code from} -1: SQL NULL, JSON
     * null): verbatim between quotes unless it needs escapes. The bytes needing one (control characters, quote,
     * backslash) are ASCII, which never occurs inside a multi-byte UTF-8 sequence, so scanning the bytes finds
     * exactly the characters {@code CanonicalJson} escapes.
     */
    private void string(byte[] value, int from, int size) {
        if (from < 0) {
            put(NULL);
            return;
        }
        ensure(size + 2);
        buffer[length] = '"';
        for (int i = from, end = from + size; i < end; i++) {
            byte b = value[i];
            if (b >= 0 && b < 0x20 || b == '"' || b == '\\') {
                put(CanonicalJson.string(new String(value, from, size, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        System.arraycopy(value, from, buffer, length + 1, size);
        length += size + 1;
        buffer[length++] = '"';
    }

    /** Text already canonical JSON, from its UTF-8 bytes ({@code from} -1: SQL NULL, JSON null). */
    private void json(byte[] text, int from, int size) {
        if (from < 0) {
            put(NULL);
            return;
        }
        ensure(size);
        System.arraycopy(text, from, buffer, length, size);
        length += size;
    }

    private void number(long value) {
        if (value < 0) {
            put(ascii(Long.toString(value)));
            return;
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += digits;
    }

    /** The instant as {@code DateTimeFormatter.ISO_INSTANT} writes it (fraction in groups of 3 digits, as needed). */
    private void time(long epochSecond, int nano) {
        long days = Math.floorDiv(epochSecond, 86_400);
        // Days to civil date (proleptic Gregorian, as java.time): H. Hinnant's days_from_civil, inverted.
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            string(DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(epochSecond, nano)));
            return;
        }
        int secondOfDay = (int) Math.floorMod(epochSecond, 86_400);
        ensure(32);
        buffer[length++] = '"';
        digits((int) year, 4);
        buffer[length++] = '-';
        digits(month, 2);
        buffer[length++] = '-';
        digits(day, 2);
        buffer[length++] = 'T';
        digits(secondOfDay / 3600, 2);
        buffer[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        buffer[length++] = ':';
        digits(secondOfDay % 60, 2);
        if (nano > 0) {
            buffer[length++] = '.';
            if (nano % 1_000_000 == 0) {
                digits(nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                digits(nano / 1000, 6);
            } else {
                digits(nano, 9);
            }
        }
        buffer[length++] = 'Z';
        buffer[length++] = '"';
    }

    private void digits(int value, int width) {
        for (int i = length + width - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, length + more));
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
