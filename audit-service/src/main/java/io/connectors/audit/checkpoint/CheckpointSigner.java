package io.connectors.audit.checkpoint;

import io.connectors.audit.AuditConfig;
import io.connectors.audit.trail.Checkpoint;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Ed25519 key that signs chain-head checkpoints. {@code keyId} (first 16 hex digits of the SHA-256 of the public
 * key) is stored with each checkpoint, so a key rotation simply starts a new series. The private key is never logged.
 */
@ApplicationScoped
public class CheckpointSigner {

    private static final Logger LOG = Logger.getLogger(CheckpointSigner.class);
    private static final String ALGORITHM = "Ed25519";
    private static final Pattern PEM = Pattern.compile("-----BEGIN ([A-Z ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

    private final PrivateKey privateKey;
    private final PublicKey publicKey;
    private final String keyId;

    @Inject
    public CheckpointSigner(AuditConfig config) {
        this(config.checkpoint().keyFile());
    }

    public CheckpointSigner(Optional<Path> keyFile) {
        KeyPair keys = keyFile.map(CheckpointSigner::load).orElseGet(CheckpointSigner::generate);
        this.privateKey = keys.getPrivate();
        this.publicKey = keys.getPublic();
        this.keyId = HexFormat.of().formatHex(sha256(publicKey.getEncoded())).substring(0, 16);
        String publicPem = Base64.getEncoder().encodeToString(publicKey.getEncoded());
        if (keyFile.isEmpty()) {
            LOG.infof("Audit checkpoints are signed with a key generated at start (set connectors.audit.checkpoint.key-file"
                    + " to keep one across restarts): key id %s, public key %s", keyId, publicPem);
        } else {
            LOG.infof("Audit checkpoints are signed with key id %s, public key %s", keyId, publicPem);
        }
    }

    public String keyId() {
        return keyId;
    }

    /** Signs the head {@code seq}/{@code hash} of {@code orgId}'s chain as of now. */
    public Checkpoint sign(String orgId, long seq, String hash) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Checkpoint unsigned = new Checkpoint(orgId, keyId, seq, hash, now, null);
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(unsigned.signedPayload().getBytes(StandardCharsets.UTF_8));
            return new Checkpoint(orgId, keyId, seq, hash, now, Base64.getEncoder().encodeToString(signature.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a checkpoint", e);
        }
    }

    /** Whether {@code checkpoint} carries a valid signature by this key. */
    public boolean verify(Checkpoint checkpoint) {
        if (!keyId.equals(checkpoint.keyId()) || checkpoint.signature() == null) {
            return false;
        }
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initVerify(publicKey);
            signature.update(checkpoint.signedPayload().getBytes(StandardCharsets.UTF_8));
            return signature.verify(Base64.getDecoder().decode(checkpoint.signature()));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A secret for another integrity purpose (e.g. paging cursors), derived from the private key and {@code purpose}:
     * one secret to provision, and different purposes never share a key.
     */
    public byte[] derivedKey(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(privateKey.getEncoded(), "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive a key", e);
        }
    }

    static KeyPair load(Path file) {
        String pem;
        try {
            pem = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the checkpoint key file " + file, e);
        }
        byte[] privateDer = null;
        byte[] publicDer = null;
        Matcher blocks = PEM.matcher(pem);
        while (blocks.find()) {
            byte[] der = Base64.getMimeDecoder().decode(blocks.group(2));
            if ("PRIVATE KEY".equals(blocks.group(1))) {
                privateDer = der;
            } else if ("PUBLIC KEY".equals(blocks.group(1))) {
                publicDer = der;
            }
        }
        if (privateDer == null || publicDer == null) {
            throw new IllegalStateException("The checkpoint key file " + file + " needs a PRIVATE KEY and a PUBLIC KEY block");
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            KeyPair keys = new KeyPair(factory.generatePublic(new X509EncodedKeySpec(publicDer)),
                    factory.generatePrivate(new PKCS8EncodedKeySpec(privateDer)));
            requireMatchingPair(keys, file);
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The checkpoint key file " + file + " does not hold an Ed25519 key pair", e);
        }
    }

    private static void requireMatchingPair(KeyPair keys, Path file) throws GeneralSecurityException {
        byte[] probe = "checkpoint-key-probe".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance(ALGORITHM);
        signer.initSign(keys.getPrivate());
        signer.update(probe);
        Signature verifier = Signature.getInstance(ALGORITHM);
        verifier.initVerify(keys.getPublic());
        verifier.update(probe);
        if (!verifier.verify(signer.sign())) {
            throw new IllegalStateException("The public key in " + file + " does not belong to its private key");
        }
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 is not available", e);
        }
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
