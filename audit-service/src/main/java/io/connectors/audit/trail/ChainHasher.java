package io.connectors.audit.trail;

import io.connectors.platform.json.CanonicalJson;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Computes {@link ChainRecord#computeHash()}, that is {@code CanonicalJson.sha256Hex(record.canonicalForm())}, without
 * building the text: its UTF-8 bytes are written into a reused buffer and digested there. Verify is bound by this, and
 * building the string (character by character for every quoted value, then encoding it) was most of its cost; unit
 * tests hold the two forms together. One instance per thread at a time (it keeps its buffer and digest).
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

    private final MessageDigest digest;
    private byte[] buffer = new byte[1024];
    private int length;

    public ChainHasher() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

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
        json(Long.toString(r.seq()));
        put(SOURCE_SERVICE);
        string(r.sourceService());
        put(TARGET);
        if (r.target() == null) {
            put(NULL);
        } else {
            json(r.target());
        }
        put(TIME);
        time(r.time());
        put(TRACE_ID);
        string(r.traceId());
        ensure(1);
        buffer[length++] = '}';
        digest.reset();
        digest.update(buffer, 0, length);
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A JSON string as {@code CanonicalJson.string} writes it: verbatim between quotes unless it needs escapes. */
    private void string(String value) {
        if (value == null) {
            put(NULL);
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                json(CanonicalJson.string(value));
                return;
            }
        }
        ensure(1);
        buffer[length++] = '"';
        json(value);
        ensure(1);
        buffer[length++] = '"';
    }

    /** Text already canonical, as UTF-8. */
    private void json(String text) {
        ensure(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                put(text.substring(i).getBytes(StandardCharsets.UTF_8));
                return;
            }
            buffer[length++] = (byte) c;
        }
    }

    /** The instant as {@code DateTimeFormatter.ISO_INSTANT} writes it (fraction in groups of 3 digits, as needed). */
    private void time(Instant time) {
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(time.getEpochSecond(), 86_400));
        if (date.getYear() < 0 || date.getYear() > 9999) {
            string(DateTimeFormatter.ISO_INSTANT.format(time));
            return;
        }
        int secondOfDay = (int) Math.floorMod(time.getEpochSecond(), 86_400);
        int nano = time.getNano();
        ensure(32);
        buffer[length++] = '"';
        digits(date.getYear(), 4);
        buffer[length++] = '-';
        digits(date.getMonthValue(), 2);
        buffer[length++] = '-';
        digits(date.getDayOfMonth(), 2);
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
