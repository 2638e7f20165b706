package io.connectors.execution.mcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tool names: {@code <connector name>__<operation>} reduced to {@code [A-Za-z0-9_.-]} and at most 128 characters, as
 * MCP clients demand. Connector names are not unique and two names may reduce to the same string, so every holder of a
 * clashing name gets a suffix derived from its connector id and operation: deterministic, so the same org always
 * lists (and resolves) the same names, whatever order the read model hands connectors over in.
 */
final class ToolNames {

    static final int MAX_LENGTH = 128;
    static final String SEPARATOR = "__";
    private static final int SUFFIX_HEX = 8;

    /** One operation of one connector, asking for a name. */
    record Candidate(String connectorId, String connectorName, String operation) {
    }

    private ToolNames() {
    }

    /** The name before clashes are resolved. */
    static String base(String connectorName, String operation) {
        String op = part(operation, "operation");
        String connector = part(connectorName, "connector");
        int room = MAX_LENGTH - SEPARATOR.length() - op.length();
        if (room < 1) {
            // Operation names are short (ExecuteRequest caps them at 128); keep some of each side regardless.
            op = op.substring(0, MAX_LENGTH / 2);
            room = MAX_LENGTH - SEPARATOR.length() - op.length();
        }
        return (connector.length() > room ? connector.substring(0, room) : connector) + SEPARATOR + op;
    }

    /** A unique name per candidate; {@code reserved} (the built-in tools) are never handed out. */
    static Map<Candidate, String> assign(List<Candidate> candidates, Set<String> reserved) {
        Map<String, Integer> holders = new HashMap<>();
        Map<Candidate, String> bases = new HashMap<>();
        for (Candidate candidate : candidates) {
            String base = base(candidate.connectorName(), candidate.operation());
            bases.put(candidate, base);
            holders.merge(base, 1, Integer::sum);
        }
        Set<String> taken = new HashSet<>(reserved);
        taken.addAll(holders.keySet());
        Map<Candidate, String> names = new HashMap<>();
        for (Candidate candidate : candidates) {
            String base = bases.get(candidate);
            if (holders.get(base) == 1 && !reserved.contains(base)) {
                names.put(candidate, base);
            }
        }
        // Clashing candidates in a fixed order, so that even a clash of suffixes resolves the same way every time.
        candidates.stream().filter(candidate -> !names.containsKey(candidate))
                .sorted((a, b) -> (a.connectorId() + "\n" + a.operation()).compareTo(b.connectorId() + "\n" + b.operation()))
                .forEach(candidate -> {
                    String suffix = "-" + digest(candidate.connectorId() + "\n" + candidate.operation());
                    String base = bases.get(candidate);
                    String name = truncate(base, MAX_LENGTH - suffix.length()) + suffix;
                    for (int n = 2; taken.contains(name); n++) {
                        String more = suffix + "-" + n;
                        name = truncate(base, MAX_LENGTH - more.length()) + more;
                    }
                    taken.add(name);
                    names.put(candidate, name);
                });
        return names;
    }

    /** A name part: every other character becomes {@code _}, runs of {@code _} shrink to one, none at either end. */
    static String part(String text, String fallback) {
        if (text == null) {
            return fallback;
        }
        StringBuilder clean = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean allowed = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-';
            if (allowed) {
                clean.append(c);
            } else if (clean.length() > 0 && clean.charAt(clean.length() - 1) != '_') {
                clean.append('_');
            }
        }
        while (clean.length() > 0 && clean.charAt(clean.length() - 1) == '_') {
            clean.setLength(clean.length() - 1);
        }
        return clean.length() == 0 ? fallback : clean.toString();
    }

    private static String truncate(String text, int length) {
        return text.length() > length ? text.substring(0, length) : text;
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash).substring(0, SUFFIX_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
