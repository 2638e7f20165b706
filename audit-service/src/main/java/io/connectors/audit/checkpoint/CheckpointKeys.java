package io.connectors.audit.checkpoint;

import io.connectors.platform.signing.Ed25519Keys;
import io.connectors.platform.signing.Pem;
import io.connectors.platform.signing.SigningKeyException;
import io.connectors.platform.signing.SigningKeyFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Collections;
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
 * block stays. Errors name the file and the line, never key material. PEM, Ed25519 keys, key ids and the owner-only
 * file are platform-core's ({@code io.connectors.platform.signing}); only this file's layout is checkpoint-specific.
 */
public final class CheckpointKeys {

    private static final Logger LOG = Logger.getLogger(CheckpointKeys.class);
    private static final String PRIVATE = Pem.PRIVATE_KEY;
    private static final String PUBLIC = Pem.PUBLIC_KEY;

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
        if (SigningKeyFiles.readableByOthers(file)) {
            LOG.warnf("The checkpoint key file %s is readable by every user of this machine; restrict it (chmod 600,"
                    + " or defaultMode 0440 on a Secret volume)", file);
        }
        return parse(pem, file.toString());
    }

    /** A pair made now and kept nowhere: unit tests only (checkpoints it signs cannot be checked after a restart). */
    public static CheckpointKeys ephemeral() {
        return parse(pem(Ed25519Keys.generate()), "a generated key");
    }

    /** Parses the key file's text; {@code origin} names it in errors. */
    static CheckpointKeys parse(String pem, String origin) {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.blocks(pem, origin, Set.of(PRIVATE, PUBLIC));
        } catch (SigningKeyException e) {
            throw new CheckpointKeyException(e.getMessage());
        }
        List<Pem.Block> privates = blocks.stream().filter(b -> b.type().equals(PRIVATE)).toList();
        if (privates.isEmpty()) {
            throw new CheckpointKeyException("The checkpoint key file " + origin + " has no " + PRIVATE + " block (the"
                    + " active Ed25519 signing key, PKCS#8)");
        }
        if (privates.size() > 1) {
            throw new CheckpointKeyException("The checkpoint key file " + origin + " has " + privates.size() + " " + PRIVATE
                    + " blocks (lines " + privates.stream().map(b -> Integer.toString(b.line())).toList() + "): keep only the"
                    + " active key's; a retired key stays as its " + PUBLIC + " block");
        }
        try {
            Pem.Block privateBlock = privates.get(0);
            PrivateKey signingKey = Ed25519Keys.privateKey(privateBlock.der(), origin, "The " + PRIVATE + " block at line "
                    + privateBlock.line() + " of " + origin + " is not an Ed25519 key in PKCS#8 form");
            Map<String, PublicKey> publicKeys = new LinkedHashMap<>();
            String activeKeyId = null;
            for (Pem.Block block : blocks) {
                if (!block.type().equals(PUBLIC)) {
                    continue;
                }
                PublicKey key = Ed25519Keys.publicKey(block.der(), "The " + PUBLIC + " block at line " + block.line() + " of "
                        + origin + " is not an Ed25519 public key");
                String id = keyId(key);
                PublicKey known = publicKeys.putIfAbsent(id, key);
                if (known != null && !known.equals(key)) {
                    throw new CheckpointKeyException("Two different public keys in " + origin + " share the key id " + id);
                }
                if (activeKeyId == null && Ed25519Keys.isPair(key, signingKey)) {
                    activeKeyId = id;
                }
            }
            if (activeKeyId == null) {
                throw new CheckpointKeyException("None of the " + PUBLIC + " blocks of " + origin + " belongs to its " + PRIVATE
                        + " (add the active key's public block: openssl pkey -in <file> -pubout)");
            }
            return new CheckpointKeys(signingKey, activeKeyId, publicKeys);
        } catch (SigningKeyException e) {
            throw new CheckpointKeyException(e.getMessage());
        }
    }

    /** The key id stored with each checkpoint: {@link Ed25519Keys#fingerprint} (16 hex digits of the key's SHA-256). */
    public static String keyId(PublicKey key) {
        return Ed25519Keys.fingerprint(key);
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
        return Pem.block(type, der);
    }

    /** Writes a new key file, owner-only from its first byte; a file another process made meanwhile wins. */
    private static void generateFile(Path file) {
        KeyPair keys = Ed25519Keys.generate();
        try {
            if (SigningKeyFiles.createSecretFile(file, pem(keys))) {
                LOG.infof("Made the audit checkpoint signing key %s (key id %s)", file, keyId(keys.getPublic()));
            } else {
                LOG.debugf("Another process made %s first; using its key", file);
            }
        } catch (IOException e) {
            throw new CheckpointKeyException("Cannot make the checkpoint key file " + file + ": " + e);
        }
    }
}
