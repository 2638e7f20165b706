package io.connectors.audit.checkpoint;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checkpoint keys: the active Ed25519 key pair that signs, and the public key of every key a stored checkpoint may
 * name (the active one, retired ones, and a next one announced before it becomes active), by key id.
 *
 * <p>The key file is PEM: one PKCS#8 {@code PRIVATE KEY} block (the active key), its {@code PUBLIC KEY} block, and
 * any number of further {@code PUBLIC KEY} blocks, which only verify. Text outside the blocks is ignored (comments).
 * Rotation: put the new key's public block in every replica's file, roll out; then make the new pair the active one,
 * keep the old public block, roll out again; checkpoints by the old key keep verifying for as long as its public
 * block stays. Errors name the file and the line, never key material.
 */
public final class CheckpointKeys {

    private static final Logger LOG = Logger.getLogger(CheckpointKeys.class);
    static final String ALGORITHM = "Ed25519";
    private static final String PRIVATE = "PRIVATE KEY";
    private static final String PUBLIC = "PUBLIC KEY";

    private final PrivateKey signingKey;
    private final String activeKeyId;
    private final Map<String, PublicKey> publicKeys;

    private CheckpointKeys(PrivateKey signingKey, String activeKeyId, Map<String, PublicKey> publicKeys) {
        this.signingKey = signingKey;
        this.activeKeyId = activeKeyId;
        this.publicKeys = Collections.unmodifiableMap(publicKeys);
    }

    /**
     * Loads {@code file}; when it does not exist and {@code generateIfMissing}, first makes one (a new pair, readable
     * by this user only), so that a local stack keeps its key across restarts without anyone provisioning it.
     */
    public static CheckpointKeys load(Path file, boolean generateIfMissing) {
        if (generateIfMissing && !Files.exists(file)) {
            generateFile(file);
        }
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CheckpointKeyException("The checkpoint key file " + file + " does not exist (provide it, e.g. from a"
                    + " Secret, or set connectors.audit.checkpoint.generate-if-missing=true to make one there)");
        } catch (IOException | UncheckedIOException e) {
            throw new CheckpointKeyException("Cannot read the checkpoint key file " + file + ": " + e.getClass().getSimpleName());
        }
        warnIfReadableByOthers(file);
        return parse(pem, file.toString());
    }

    /** A pair made now and kept nowhere: unit tests only (checkpoints it signs cannot be checked after a restart). */
    public static CheckpointKeys ephemeral() {
        return parse(pem(generatePair()), "a generated key");
    }

    /** Parses the key file's text; {@code origin} names it in errors. */
    static CheckpointKeys parse(String pem, String origin) {
        List<Block> blocks = blocks(pem, origin);
        List<Block> privates = blocks.stream().filter(b -> b.type.equals(PRIVATE)).toList();
        if (privates.isEmpty()) {
            throw new CheckpointKeyException("The checkpoint key file " + origin + " has no " + PRIVATE + " block (the"
                    + " active Ed25519 signing key, PKCS#8)");
        }
        if (privates.size() > 1) {
            throw new CheckpointKeyException("The checkpoint key file " + origin + " has " + privates.size() + " " + PRIVATE
                    + " blocks (lines " + privates.stream().map(b -> Integer.toString(b.line)).toList() + "): keep only the"
                    + " active key's; a retired key stays as its " + PUBLIC + " block");
        }
        KeyFactory factory;
        try {
            factory = KeyFactory.getInstance(ALGORITHM);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JRE 15+", e);
        }
        Block privateBlock = privates.get(0);
        PrivateKey signingKey;
        try {
            signingKey = factory.generatePrivate(new PKCS8EncodedKeySpec(privateBlock.der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new CheckpointKeyException("The " + PRIVATE + " block at line " + privateBlock.line + " of " + origin
                    + " is not an Ed25519 key in PKCS#8 form");
        }
        Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
        String activeKeyId = null;
        for (Block block : blocks) {
            if (!block.type.equals(PUBLIC)) {
                continue;
            }
            PublicKey key;
            try {
                key = factory.generatePublic(new X509EncodedKeySpec(block.der));
            } catch (GeneralSecurityException | RuntimeException e) {
                throw new CheckpointKeyException("The " + PUBLIC + " block at line " + block.line + " of " + origin
                        + " is not an Ed25519 public key");
            }
            String id = keyId(key);
            PublicKey known = publicKeys.putIfAbsent(id, key);
            if (known != null && !known.equals(key)) {
                throw new CheckpointKeyException("Two different public keys in " + origin + " share the key id " + id);
            }
            if (activeKeyId == null && belongs(key, signingKey)) {
                activeKeyId = id;
            }
        }
        if (activeKeyId == null) {
            throw new CheckpointKeyException("None of the " + PUBLIC + " blocks of " + origin + " belongs to its " + PRIVATE
                    + " (add the active key's public block: openssl pkey -in <file> -pubout)");
        }
        return new CheckpointKeys(signingKey, activeKeyId, publicKeys);
    }

    /** First 16 hex digits of the SHA-256 of the public key's X.509 encoding: stored with each checkpoint. */
    public static String keyId(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    public String activeKeyId() {
        return activeKeyId;
    }

    /** The public key with {@code keyId}, or null if this service does not know it. */
    public PublicKey publicKey(String keyId) {
        return keyId == null ? null : publicKeys.get(keyId);
    }

    public Set<String> keyIds() {
        return publicKeys.keySet();
    }

    PrivateKey signingKey() {
        return signingKey;
    }

    /** The PEM of a key file holding {@code keys} as the active pair. */
    static String pem(KeyPair keys) {
        return "# Audit checkpoint signing key (Ed25519): the active PRIVATE KEY, its PUBLIC KEY, then the PUBLIC KEY\n"
                + "# blocks of retired keys, kept so that their checkpoints still verify.\n"
                + block(PRIVATE, keys.getPrivate().getEncoded()) + block(PUBLIC, keys.getPublic().getEncoded());
    }

    static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private record Block(String type, int line, byte[] der) {
    }

    private static List<Block> blocks(String pem, String origin) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = pem.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.startsWith("-----END ")) {
                throw new CheckpointKeyException("Line " + (i + 1) + " of " + origin + " ends a PEM block that was not begun");
            }
            if (!line.startsWith("-----BEGIN ")) {
                continue;
            }
            if (!line.endsWith("-----") || line.length() < "-----BEGIN -----".length() + 1) {
                throw new CheckpointKeyException("Line " + (i + 1) + " of " + origin + " is not a PEM BEGIN line");
            }
            String type = line.substring("-----BEGIN ".length(), line.length() - "-----".length());
            if (!type.equals(PRIVATE) && !type.equals(PUBLIC)) {
                throw new CheckpointKeyException("Line " + (i + 1) + " of " + origin + " begins a block of type '" + type
                        + "'; the key file holds only " + PRIVATE + " (PKCS#8, unencrypted) and " + PUBLIC + " blocks");
            }
            int begin = i + 1;
            StringBuilder base64 = new StringBuilder();
            String end = "-----END " + type + "-----";
            i++;
            while (i < lines.length && !lines[i].strip().equals(end)) {
                if (lines[i].strip().startsWith("-----")) {
                    throw new CheckpointKeyException("The " + type + " block at line " + begin + " of " + origin
                            + " is not closed by '" + end + "' before line " + (i + 1));
                }
                base64.append(lines[i].strip());
                i++;
            }
            if (i == lines.length) {
                throw new CheckpointKeyException("The " + type + " block at line " + begin + " of " + origin
                        + " has no '" + end + "' line");
            }
            byte[] der;
            try {
                der = Base64.getDecoder().decode(base64.toString());
            } catch (IllegalArgumentException e) {
                throw new CheckpointKeyException("The " + type + " block at line " + begin + " of " + origin
                        + " is not valid base64");
            }
            if (der.length == 0) {
                throw new CheckpointKeyException("The " + type + " block at line " + begin + " of " + origin + " is empty");
            }
            blocks.add(new Block(type, begin, der));
        }
        return blocks;
    }

    /** Whether {@code key} is the public half of {@code signingKey}: it verifies what the private key signs. */
    private static boolean belongs(PublicKey key, PrivateKey signingKey) {
        try {
            byte[] probe = "checkpoint-key-probe".getBytes(StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(ALGORITHM);
            signer.initSign(signingKey);
            signer.update(probe);
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(probe);
            return verifier.verify(signer.sign());
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static KeyPair generatePair() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is part of every JRE 15+", e);
        }
    }

    /**
     * Writes a new key file, owner-only from its first byte: a temporary file created with mode 600 in the same
     * directory, then hard-linked to the name, which fails if another process made the file meanwhile (its key wins).
     */
    private static void generateFile(Path file) {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = Files.getFileAttributeView(dir.getRoot(), PosixFileAttributeView.class) != null;
        try {
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path temporary = posix
                    ? Files.createTempFile(dir, ".checkpoint-key-", ".tmp",
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".checkpoint-key-", ".tmp");
            try {
                KeyPair keys = generatePair();
                Files.writeString(temporary, pem(keys), StandardCharsets.UTF_8);
                try {
                    Files.createLink(file, temporary);
                    LOG.infof("Made the audit checkpoint signing key %s (key id %s)", file, keyId(keys.getPublic()));
                } catch (FileAlreadyExistsException raced) {
                    LOG.debugf("Another process made %s first; using its key", file);
                }
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new CheckpointKeyException("Cannot make the checkpoint key file " + file + ": " + e);
        }
    }

    private static void warnIfReadableByOthers(Path file) {
        try {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warnf("The checkpoint key file %s is readable by every user of this machine; restrict it (chmod 600,"
                        + " or defaultMode 0440 on a Secret volume)", file);
            }
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system, or the check itself is refused: the read above succeeded, which is what counts.
        }
    }
}
