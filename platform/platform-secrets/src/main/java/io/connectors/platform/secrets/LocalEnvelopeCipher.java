package io.connectors.platform.secrets;

import io.smallrye.mutiny.Uni;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * Envelope encryption with AES-256-GCM: each secret gets its own data key, which is wrapped by the active
 * key-encryption key. Both layers authenticate {@code org|config}, so an envelope moved to another org or config does
 * not open. Envelope: {@code local:v1:<key id>:<base64url(wrap nonce | wrapped data key | data nonce | ciphertext)>}.
 * Rotation rewraps only the data key; the encrypted secret itself is untouched.
 */
final class LocalEnvelopeCipher implements SecretCipher {

    static final String PREFIX = "local:v1:";
    private static final String AES_GCM = "AES/GCM/NoPadding";
    /**
     * One cipher per thread, initialised afresh for every operation: looking a cipher up by name walks the security
     * providers, about half the cost of opening a connector's credentials on each execution in a profile of
     * execution-service (issue 12).
     */
    private static final ThreadLocal<Cipher> CIPHERS = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance(AES_GCM);
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("AES-GCM is not available: " + e.getClass().getSimpleName());
        }
    });
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int DATA_KEY_BYTES = 32;
    private static final int WRAPPED_KEY_BYTES = DATA_KEY_BYTES + TAG_BITS / 8;

    private final LocalKeyRing keys;
    private final SecureRandom random = new SecureRandom();

    LocalEnvelopeCipher(LocalKeyRing keys) {
        this.keys = keys;
    }

    @Override
    public Uni<String> encrypt(String orgId, String configId, byte[] plaintext) {
        // Microseconds of CPU for a credential-sized input: no need to leave the caller's thread.
        return Uni.createFrom().item(() -> {
            if (plaintext == null) {
                throw new SecretCipherException("Nothing to encrypt");
            }
            byte[] aad = AssociatedData.of(orgId, configId);
            byte[] dataKey = randomBytes(DATA_KEY_BYTES);
            try {
                byte[] dataNonce = randomBytes(NONCE_BYTES);
                byte[] ciphertext = gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), dataNonce, aad, plaintext);
                return envelope(keys.activeKeyId(), wrap(keys.active(), dataKey, aad), dataNonce, ciphertext);
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
        });
    }

    @Override
    public Uni<byte[]> decrypt(String orgId, String configId, String envelope) {
        return Uni.createFrom().item(() -> {
            byte[] aad = AssociatedData.of(orgId, configId);
            Parsed parsed = Parsed.of(envelope);
            byte[] dataKey = unwrap(parsed, aad);
            try {
                return gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), parsed.dataNonce, aad, parsed.ciphertext);
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
        });
    }

    @Override
    public Uni<String> rewrap(String orgId, String configId, String envelope) {
        return Uni.createFrom().item(() -> {
            byte[] aad = AssociatedData.of(orgId, configId);
            Parsed parsed = Parsed.of(envelope);
            byte[] dataKey = unwrap(parsed, aad);
            try {
                return envelope(keys.activeKeyId(), wrap(keys.active(), dataKey, aad), parsed.dataNonce, parsed.ciphertext);
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
        });
    }

    private byte[] wrap(SecretKey keyEncryptionKey, byte[] dataKey, byte[] aad) {
        byte[] nonce = randomBytes(NONCE_BYTES);
        byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, keyEncryptionKey, nonce, aad, dataKey);
        return ByteBuffer.allocate(NONCE_BYTES + wrapped.length).put(nonce).put(wrapped).array();
    }

    private byte[] unwrap(Parsed parsed, byte[] aad) {
        byte[] nonce = Arrays.copyOfRange(parsed.wrappedKey, 0, NONCE_BYTES);
        byte[] wrapped = Arrays.copyOfRange(parsed.wrappedKey, NONCE_BYTES, parsed.wrappedKey.length);
        return gcm(Cipher.DECRYPT_MODE, keys.key(parsed.keyId), nonce, aad, wrapped);
    }

    private static String envelope(String keyId, byte[] wrappedKey, byte[] dataNonce, byte[] ciphertext) {
        byte[] body = ByteBuffer.allocate(wrappedKey.length + dataNonce.length + ciphertext.length)
                .put(wrappedKey).put(dataNonce).put(ciphertext).array();
        return PREFIX + keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(body);
    }

    private static byte[] gcm(int mode, SecretKey key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = CIPHERS.get();
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (AEADBadTagException e) {
            throw new SecretCipherException("The secret does not decrypt: wrong key, or bound to another org or config");
        } catch (GeneralSecurityException e) {
            throw new SecretCipherException("AES-GCM failed: " + e.getClass().getSimpleName());
        }
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** The parts of a {@code local:v1} envelope. */
    private record Parsed(String keyId, byte[] wrappedKey, byte[] dataNonce, byte[] ciphertext) {

        static Parsed of(String envelope) {
            if (envelope == null || !envelope.startsWith(PREFIX)) {
                throw new SecretCipherException("Not a local:v1 envelope");
            }
            String rest = envelope.substring(PREFIX.length());
            int colon = rest.indexOf(':');
            if (colon < 0 || !LocalKeyRing.KEY_ID.matcher(rest.substring(0, colon)).matches()) {
                throw new SecretCipherException("A local:v1 envelope names no valid key id");
            }
            byte[] body;
            try {
                body = Base64.getUrlDecoder().decode(rest.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new SecretCipherException("A local:v1 envelope is not base64url");
            }
            int wrapped = NONCE_BYTES + WRAPPED_KEY_BYTES;
            if (body.length < wrapped + NONCE_BYTES + TAG_BITS / 8) {
                throw new SecretCipherException("A local:v1 envelope is truncated");
            }
            return new Parsed(rest.substring(0, colon), Arrays.copyOfRange(body, 0, wrapped),
                    Arrays.copyOfRange(body, wrapped, wrapped + NONCE_BYTES),
                    Arrays.copyOfRange(body, wrapped + NONCE_BYTES, body.length));
        }
    }
}
