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
 * building the text: the UTF-8 bytes of each field are copied into a reused buffer and digested there, and
 * {@link #matches} compares the digest with the stored hash without making a string of it. Verify is bound by this;
 * building the string (character by character for every quoted value, then encoding it) was most of its cost. Unit
 * tests hold the two forms together. One instance per thread at a time (it keeps its buffers and digest).
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
        digest(r);
        return new String(hex, StandardCharsets.US_ASCII);
    }

    /** Whether {@code r}'s stored hash is the hash of its other fields, without making a string of the digest. */
    public boolean matches(ChainRecord r) {
        digest(r);
        String stored = r.hash();
        if (stored == null || stored.length() != HEX_LENGTH) {
            return false;
        }
        for (int i = 0; i < HEX_LENGTH; i++) {
            if (stored.charAt(i) != hex[i]) {
                return false;
            }
        }
        return true;
    }

    /** Writes the canonical form's bytes (members in key order; the JSON members are canonical text) and digests them. */
    private void digest(ChainRecord r) {
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

    /**
     * A JSON string as {@code CanonicalJson.string} writes it: its UTF-8 bytes verbatim between quotes unless it needs
     * escapes. The bytes needing one (control characters, quote, backslash) are ASCII, which never occurs inside a
     * multi-byte UTF-8 sequence, so scanning the bytes finds exactly the characters {@code CanonicalJson} escapes.
     */
    private void string(String value) {
        if (value == null) {
            put(NULL);
            return;
        }
        // One intrinsic encode per field, where walking the characters one by one was most of verify's cost.
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (b >= 0 && b < 0x20 || b == '"' || b == '\\') {
                put(CanonicalJson.string(value).getBytes(StandardCharsets.UTF_8));
                return;
            }
        }
        ensure(utf8.length + 2);
        buffer[length++] = '"';
        System.arraycopy(utf8, 0, buffer, length, utf8.length);
        length += utf8.length;
        buffer[length++] = '"';
    }

    /** Text already canonical JSON (or absent: JSON null). */
    private void json(String text) {
        put(text == null ? NULL : text.getBytes(StandardCharsets.UTF_8));
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
