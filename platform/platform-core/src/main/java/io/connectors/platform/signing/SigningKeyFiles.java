package io.connectors.platform.signing;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Key files as the services read them: a producer's private key (PKCS#8 PEM, made once when absent if the deployment
 * allows it) and a consumer's trusted public keys ({@code <key-id>=<base64>} lines, the format of the local
 * credentials key file).
 */
public final class SigningKeyFiles {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private SigningKeyFiles() {
    }

    /** A private key read from its file, or made now; {@code publicKey} is known only for a key made now. */
    public record LoadedKey(PrivateKey privateKey, PublicKey publicKey, boolean generated) {

        @Override
        public String toString() {
            return "LoadedKey[generated=" + generated + "]";
        }
    }

    /**
     * The private key in {@code file}. When the file does not exist and {@code generate} is set, a new key is written
     * there, readable by its owner only, with its public key beside it ({@code <file>.pub}, PEM); a file made by a
     * concurrent start wins and is read instead. {@code setting} names the configuration property, for errors.
     */
    public static LoadedKey loadOrGenerate(Path file, boolean generate, String setting) {
        String origin = "The signing key file " + file + " (" + setting + ")";
        try {
            return new LoadedKey(Ed25519Keys.privateKeyFromPem(Files.readString(file, StandardCharsets.ISO_8859_1), origin),
                    null, false);
        } catch (NoSuchFileException e) {
            if (!generate) {
                throw new SigningKeyException(origin + " does not exist. Create it (openssl genpkey -algorithm ed25519"
                        + " -out <file>, owner-only) or, on a single machine, allow generating it");
            }
        } catch (IOException e) {
            throw new SigningKeyException(origin + " cannot be read: " + e.getClass().getSimpleName());
        }
        KeyPair pair = Ed25519Keys.generate();
        try {
            if (!createSecretFile(file, Ed25519Keys.privateKeyPem(pair.getPrivate()))) {
                return loadOrGenerate(file, false, setting);
            }
            write(file.resolveSibling(file.getFileName() + ".pub"), Ed25519Keys.publicKeyPem(pair.getPublic()), false);
        } catch (IOException e) {
            throw new SigningKeyException(origin + " cannot be created: " + e.getClass().getSimpleName());
        }
        return new LoadedKey(pair.getPrivate(), pair.getPublic(), true);
    }

    /**
     * Writes {@code text} to a new {@code file} readable by its owner only (its directory made owner-only if absent),
     * whole or not at all; false, leaving it as it is, when the file exists already (e.g. made by a concurrent start).
     */
    public static boolean createSecretFile(Path file, String text) throws IOException {
        return write(file, text, true);
    }

    /** Whether users other than the owner (and its group) may read {@code file}; false where POSIX modes do not exist. */
    public static boolean readableByOthers(Path file) {
        try {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException e) {
            return false;
        }
    }

    /** Trusted public keys from a properties file, one {@code <key-id>=<base64 key>} a line. */
    public static Map<String, PublicKey> trustedKeys(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SigningKeyException("The trusted keys file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        Map<String, String> entries = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(id -> entries.put(id.strip(), properties.getProperty(id)));
        return trustedKeys(entries, "the trusted keys file " + file);
    }

    /**
     * The verifier of the keys {@code config} trusts (its file and its inline keys; a key id configured in both is an
     * error). {@code prefix} is the configuration prefix of {@code config}, {@code what} what the keys sign, for errors:
     * without a trusted key nothing signed could ever be accepted, so there is no default.
     */
    public static EventVerifier verifier(TrustedKeysConfig config, String prefix, String what) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        config.trustedKeysFile().ifPresent(file -> keys.putAll(trustedKeys(file)));
        trustedKeys(config.trustedKey(), prefix + ".trusted-key").forEach((id, key) -> {
            if (keys.put(id, key) != null) {
                throw new SigningKeyException("The trusted " + what + " key " + id + " is configured twice");
            }
        });
        if (keys.isEmpty()) {
            String env = prefix.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_TRUSTED_KEYS_FILE";
            throw new SigningKeyException("No trusted " + what + " signing key: set " + prefix + ".trusted-keys-file"
                    + " (env " + env + ") or " + prefix + ".trusted-key.<key-id> to the signer's public key");
        }
        return new EventVerifier(keys);
    }

    /** Trusted public keys by id, from configuration; {@code origin} says where they were configured, for errors. */
    public static Map<String, PublicKey> trustedKeys(Map<String, String> entries, String origin) {
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        entries.forEach((id, base64) -> {
            if (!EventSignatures.KEY_ID.matcher(id).matches()) {
                throw new SigningKeyException("A key id in " + origin + " does not match " + EventSignatures.KEY_ID.pattern());
            }
            keys.put(id, Ed25519Keys.publicKey(base64 == null ? "" : base64.strip(), "Trusted key " + id + " in " + origin));
        });
        return keys;
    }

    /** Writes {@code text} to {@code file}; a secret never over an existing file (false when one appeared meanwhile). */
    private static boolean write(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        if (!Files.isDirectory(dir)) {
            if (secret && posix) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
            } else {
                Files.createDirectories(dir);
            }
        }
        // Written whole under a temporary name with its final permissions, then moved into place: a reader never
        // sees half a key, and the key is never readable by others, not even for a moment.
        FileAttribute<?>[] attributes = secret && posix
                ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(OWNER_ONLY)} : new FileAttribute<?>[0];
        Path temporary = Files.createTempFile(dir, "." + file.getFileName(), ".tmp", attributes);
        try {
            Files.writeString(temporary, text, StandardCharsets.US_ASCII);
            if (!secret && posix) {
                Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
            }
            if (secret) {
                Files.move(temporary, file);
            } else {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
