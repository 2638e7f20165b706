package io.connectors.platform.signing;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys in the formats the suite configures them in: private keys as PKCS#8 PEM ({@code BEGIN PRIVATE KEY},
 * what {@code openssl genpkey -algorithm ed25519} writes), public keys as base64 of their DER SubjectPublicKeyInfo
 * ({@code openssl pkey -pubout -outform DER | base64}) or of the raw 32-byte key. Errors name where the key came from
 * ({@code origin}) and what is wrong with it, never the key.
 */
public final class Ed25519Keys {

    public static final String ALGORITHM = "Ed25519";

    private static final String PEM_BEGIN = "-----BEGIN PRIVATE KEY-----";
    private static final String PEM_END = "-----END PRIVATE KEY-----";
    private static final int RAW_PUBLIC_KEY_BYTES = 32;
    /** The DER SubjectPublicKeyInfo prefix of an Ed25519 key (RFC 8410): algorithm 1.3.101.112, then the 32 bytes. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519Keys() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Ed25519 is part of every JRE since 15", e);
        }
    }

    /** The private key of a PKCS#8 PEM text. */
    public static PrivateKey privateKeyFromPem(String pem, String origin) {
        if (pem.contains("ENCRYPTED PRIVATE KEY")) {
            throw new SigningKeyException(origin + " holds an encrypted private key; an unencrypted PKCS#8 key is needed"
                    + " (protect the file instead: owner-only permissions, a Kubernetes Secret)");
        }
        int begin = pem.indexOf(PEM_BEGIN);
        int end = pem.indexOf(PEM_END);
        if (begin < 0 || end < begin) {
            throw new SigningKeyException(origin + " is not a PEM private key (" + PEM_BEGIN + " ... " + PEM_END
                    + "), as openssl genpkey -algorithm ed25519 writes");
        }
        byte[] der;
        try {
            der = Base64.getDecoder().decode(pem.substring(begin + PEM_BEGIN.length(), end).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new SigningKeyException(origin + " is not valid PEM: its body is not base64");
        }
        return privateKey(der, origin, origin + " is not an Ed25519 private key (PKCS#8)");
    }

    /** The private key of its PKCS#8 DER bytes; {@code refusal} is the whole error message when they are not one. */
    public static PrivateKey privateKey(byte[] pkcs8, String origin, String refusal) {
        try {
            return checked(KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(pkcs8)), refusal);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SigningKeyException(refusal);
        }
    }

    public static String privateKeyPem(PrivateKey key) {
        return Pem.block(Pem.PRIVATE_KEY, key.getEncoded());
    }

    /** The public key of base64 text: a DER SubjectPublicKeyInfo or the raw 32-byte key. */
    public static PublicKey publicKey(String base64, String origin) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new SigningKeyException(origin + " is not base64 (of a DER SubjectPublicKeyInfo or a raw 32-byte key)");
        }
        if (bytes.length == RAW_PUBLIC_KEY_BYTES) {
            byte[] spki = new byte[SPKI_PREFIX.length + bytes.length];
            System.arraycopy(SPKI_PREFIX, 0, spki, 0, SPKI_PREFIX.length);
            System.arraycopy(bytes, 0, spki, SPKI_PREFIX.length, bytes.length);
            bytes = spki;
        }
        return publicKey(bytes, origin + " is not an Ed25519 public key");
    }

    /** The public key of its DER SubjectPublicKeyInfo; {@code refusal} is the whole error message when it is not one. */
    public static PublicKey publicKey(byte[] spki, String refusal) {
        try {
            return checked(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(spki)), refusal);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SigningKeyException(refusal);
        }
    }

    /** Base64 of the DER SubjectPublicKeyInfo, the form {@link #publicKey} reads. */
    public static String publicKeyBase64(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    public static String publicKeyPem(PublicKey key) {
        return Pem.block(Pem.PUBLIC_KEY, key.getEncoded());
    }

    /**
     * A key id derived from the key itself: the first 16 hex digits of the SHA-256 of its DER SubjectPublicKeyInfo
     * (audit checkpoints store it; it must never change, or stored checkpoints no longer name their key).
     */
    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded())).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** The Ed25519 signature of {@code message}. */
    public static byte[] sign(PrivateKey key, byte[] message) {
        try {
            // Signature objects are stateful: one per call keeps callers thread-safe (Ed25519 set-up is cheap).
            Signature ed25519 = Signature.getInstance(ALGORITHM);
            ed25519.initSign(key);
            ed25519.update(message);
            return ed25519.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} is {@code key}'s over {@code message}; false for a malformed signature. */
    public static boolean verify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature ed25519 = Signature.getInstance(ALGORITHM);
            ed25519.initVerify(key);
            ed25519.update(message);
            return ed25519.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether {@code publicKey} is the public half of {@code privateKey}: it verifies what the private key signs. */
    public static boolean isPair(PublicKey publicKey, PrivateKey privateKey) {
        byte[] probe = "ed25519-pair-probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return verify(publicKey, probe, sign(privateKey, probe));
    }

    /** Whether {@code key} is an Ed25519 key (not Ed448, not another algorithm). */
    public static boolean isEd25519(Key key) {
        return key instanceof EdECKey edec && ALGORITHM.equalsIgnoreCase(edec.getParams().getName());
    }

    private static <K extends Key> K checked(K key, String refusal) {
        if (!isEd25519(key)) {
            throw new SigningKeyException(refusal);
        }
        return key;
    }
}
