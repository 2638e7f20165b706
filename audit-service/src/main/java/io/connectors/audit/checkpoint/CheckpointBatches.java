package io.connectors.audit.checkpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One signature for many orgs' checkpoints: an Ed25519 signature costs about a millisecond of CPU on this JDK, so
 * signing every org's head separately would cost one per org per prompt delay. The checkpoints' payloads are the
 * leaves of a Merkle tree; the root is signed once, and each checkpoint keeps the path from its leaf to the root,
 * which reveals nothing of the other orgs' checkpoints but hashes.
 *
 * <p>Hashes (SHA-256) are domain separated as in RFC 6962: a leaf is {@code H(0x00 || payload)}, a node
 * {@code H(0x01 || left || right)}; a node without a sibling moves up a level unchanged. A path is a comma-separated
 * list, leaf level first, of {@code L} or {@code R} (the side the sibling is on) followed by the sibling's 64 hex
 * digits. The signed message is {@link #rootMessage}.
 */
final class CheckpointBatches {

    private static final HexFormat HEX = HexFormat.of();
    private static final int HASH_HEX = 64;

    private CheckpointBatches() {
    }

    /** The root and, for each leaf (in the order given), its path to the root. */
    record Tree(byte[] root, List<String> paths) {
    }

    static Tree build(List<String> payloads) {
        List<byte[]> level = new ArrayList<>(payloads.size());
        payloads.forEach(payload -> level.add(leaf(payload)));
        List<StringBuilder> paths = new ArrayList<>(payloads.size());
        int[] position = new int[payloads.size()];
        for (int i = 0; i < payloads.size(); i++) {
            paths.add(new StringBuilder());
            position[i] = i;
        }
        List<byte[]> current = level;
        while (current.size() > 1) {
            for (int i = 0; i < position.length; i++) {
                int at = position[i];
                if (at % 2 == 1) {
                    append(paths.get(i), 'L', current.get(at - 1));
                } else if (at + 1 < current.size()) {
                    append(paths.get(i), 'R', current.get(at + 1));
                }
                position[i] = at / 2;
            }
            List<byte[]> next = new ArrayList<>((current.size() + 1) / 2);
            for (int at = 0; at < current.size(); at += 2) {
                next.add(at + 1 < current.size() ? node(current.get(at), current.get(at + 1)) : current.get(at));
            }
            current = next;
        }
        return new Tree(current.get(0), paths.stream().map(StringBuilder::toString).toList());
    }

    /** The root {@code path} leads to from {@code payload}'s leaf, or null if the path is malformed. */
    static byte[] root(String payload, String path) {
        byte[] hash = leaf(payload);
        if (path.isEmpty()) {
            return hash;
        }
        for (String step : path.split(",", -1)) {
            if (step.length() != 1 + HASH_HEX || (step.charAt(0) != 'L' && step.charAt(0) != 'R')) {
                return null;
            }
            byte[] sibling;
            try {
                sibling = HEX.parseHex(step, 1, step.length());
            } catch (IllegalArgumentException e) {
                return null;
            }
            hash = step.charAt(0) == 'L' ? node(sibling, hash) : node(hash, sibling);
        }
        return hash;
    }

    /** What the batch signature signs: unlike a single checkpoint's payload, never a leaf. */
    static byte[] rootMessage(byte[] root) {
        return ("{\"checkpoint_batch_root\":\"" + HEX.formatHex(root) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static void append(StringBuilder path, char side, byte[] sibling) {
        if (!path.isEmpty()) {
            path.append(',');
        }
        path.append(side).append(HEX.formatHex(sibling));
    }

    private static byte[] leaf(String payload) {
        MessageDigest sha = sha256();
        sha.update((byte) 0);
        sha.update(payload.getBytes(StandardCharsets.UTF_8));
        return sha.digest();
    }

    private static byte[] node(byte[] left, byte[] right) {
        MessageDigest sha = sha256();
        sha.update((byte) 1);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
