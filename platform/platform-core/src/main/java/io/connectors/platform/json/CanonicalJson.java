package io.connectors.platform.json;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * The canonical JSON text the hash chain is computed over, in the spirit of RFC 8785 (JCS): object members sorted by
 * key (UTF-16 code units), no whitespace, strings escaped minimally ({@code \"}, {@code \\}, {@code \\b \\f \\n \\r \\t},
 * other control characters as lowercase {@code \\u} plus four hex digits, everything else verbatim UTF-8). Numbers: integral values in
 * plain decimal ({@code 1.0} becomes {@code 1}), others in Java's shortest round-trip form ({@code 0.1}, {@code 1.0E-7}).
 * Canonicalising canonical text again yields the same text, so a stored form can be re-checked byte for byte.
 * Integers are always written exactly; a non-integral number without a finite double value (Jackson reads {@code 1e400}
 * as infinity) has no canonical text and is refused with {@link NumberOutOfRangeException}, a 400: requests should be
 * checked first with {@link JsonNumbers}, which names the field.
 *
 * <p>One implementation for the suite: audit-service's hash chain and the {@code params_hash} that binds an approval
 * to its exact parameters (computed by policy-service, checked by execution-service) must agree to the byte.
 */
public final class CanonicalJson {

    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    private CanonicalJson() {
    }

    /** The canonical text of {@code node}; throws {@link NumberOutOfRangeException} for a number it cannot write. */
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        try {
            write(node, out);
        } catch (OutOfRange e) {
            // located only now, so that writing valid JSON pays nothing for it
            throw new NumberOutOfRangeException(JsonNumbers.firstOutOfRange(node, ""));
        }
        return out.toString();
    }

    /** SHA-256, lowercase hex, of the canonical form; a missing value hashes as {@code {}}. Throws as {@link #write}. */
    public static String sha256(JsonNode node) {
        return sha256Hex(node == null || node.isNull() || node.isMissingNode() ? "{}" : write(node));
    }

    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** A JSON string literal for {@code value}, or {@code null}. */
    public static String string(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2);
        string(value, out);
        return out.toString();
    }

    private static void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                keys.add(names.next());
            }
            keys.sort(null);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(keys.get(i), out);
                out.append(':');
                write(node.get(keys.get(i)), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else if (node.isBoolean()) {
            out.append(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            out.append(node.bigIntegerValue());
        } else if (node.isNumber()) {
            number(node, out);
        } else {
            // Binary or POJO nodes never come out of a JSON parser.
            throw new IllegalArgumentException("Not a JSON value: " + node.getNodeType());
        }
    }

    private static void number(JsonNode node, StringBuilder out) {
        if (!Double.isFinite(node.doubleValue())) {
            throw OutOfRange.INSTANCE;
        }
        BigDecimal decimal = node.decimalValue();
        boolean integral = decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 0;
        if (integral && decimal.compareTo(LONG_MIN) >= 0 && decimal.compareTo(LONG_MAX) <= 0) {
            out.append(decimal.longValueExact());
        } else {
            out.append(node.doubleValue());
        }
    }

    private static void string(String value, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Unwinds the recursion to {@link #write(JsonNode)}; no stack trace, no message. */
    private static final class OutOfRange extends RuntimeException {

        private static final OutOfRange INSTANCE = new OutOfRange();

        private OutOfRange() {
            super(null, null, false, false);
        }
    }
}
