package io.connectors.platform.signing;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * PEM text read block by block: {@code -----BEGIN <type>-----}, base64, {@code -----END <type>-----}; text outside
 * blocks is ignored (comments). Errors name the origin and the line, never key material.
 */
public final class Pem {

    public static final String PRIVATE_KEY = "PRIVATE KEY";
    public static final String PUBLIC_KEY = "PUBLIC KEY";

    private Pem() {
    }

    /** One block: its type, the line its body starts on (1-based, the BEGIN line's number) and its DER bytes. */
    public record Block(String type, int line, byte[] der) {
    }

    /** A block of {@code type} around {@code der}, 64 base64 characters a line. */
    public static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The blocks of {@code text}, each of one of {@code types}; {@code origin} names the text in errors. */
    public static List<Block> blocks(String text, String origin, Set<String> types) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("-----END ")) {
                throw new SigningKeyException("Line " + (i + 1) + " of " + origin + " ends a PEM block that was not begun");
            }
            if (!line.startsWith("-----BEGIN ")) {
                continue;
            }
            if (!line.endsWith("-----") || line.length() < "-----BEGIN -----".length() + 1) {
                throw new SigningKeyException("Line " + (i + 1) + " of " + origin + " is not a PEM BEGIN line");
            }
            String type = line.substring("-----BEGIN ".length(), line.length() - "-----".length());
            if (!types.contains(type)) {
                throw new SigningKeyException("Line " + (i + 1) + " of " + origin + " begins a block of type '" + type
                        + "'; it may hold only " + String.join(" and ", types.stream().sorted().toList())
                        + " blocks (keys unencrypted)");
            }
            int begin = i + 1;
            StringBuilder base64 = new StringBuilder();
            String end = "-----END " + type + "-----";
            i++;
            while (i < lines.length && !lines[i].strip().equals(end)) {
                if (lines[i].strip().startsWith("-----")) {
                    throw new SigningKeyException("The " + type + " block at line " + begin + " of " + origin
                            + " is not closed by '" + end + "' before line " + (i + 1));
                }
                base64.append(lines[i].strip());
                i++;
            }
            if (i == lines.length) {
                throw new SigningKeyException("The " + type + " block at line " + begin + " of " + origin
                        + " has no '" + end + "' line");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new SigningKeyException("The " + type + " block at line " + begin + " of " + origin
                        + " is not valid base64");
            }
            if (der.length == 0) {
                throw new SigningKeyException("The " + type + " block at line " + begin + " of " + origin + " is empty");
            }
            blocks.add(new Block(type, begin, der));
        }
        return blocks;
    }
}
