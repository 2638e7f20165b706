package io.connectors.types.runtime;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keys and certificates from the credentials, in memory only. Every failure is a configuration error whose message
 * never quotes the material.
 */
public final class Pem {

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s:,-]+?)-----END \\1-----");
    /** DER prefix of a PKCS#8 wrapper around a PKCS#1 RSA key: version 0, algorithm rsaEncryption with NULL params. */
    private static final byte[] RSA_ALGORITHM = {0x02, 0x01, 0x00, 0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48,
            (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

    private Pem() {
    }

    /** Every certificate of a PEM text. */
    public static List<X509Certificate> certificates(String pem, String what) {
        try {
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw ConnectorException.configuration(what + " holds no certificate");
            }
            List<X509Certificate> list = new ArrayList<>();
            certificates.forEach(certificate -> list.add((X509Certificate) certificate));
            return list;
        } catch (GeneralSecurityException e) {
            throw ConnectorException.configuration(what + " is not a PEM certificate");
        }
    }

    /**
     * An RSA or EC private key: PKCS#8 ({@code PRIVATE KEY}), encrypted PKCS#8 ({@code ENCRYPTED PRIVATE KEY}, with
     * {@code password}) or PKCS#1 ({@code RSA PRIVATE KEY}).
     */
    public static PrivateKey privateKey(String pem, String password, String what) {
        Matcher block = BLOCK.matcher(pem);
        if (!block.find()) {
            throw ConnectorException.configuration(what + " is not a PEM private key");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(block.group(2).trim());
        } catch (IllegalArgumentException e) {
            throw ConnectorException.configuration(what + " is not a PEM private key");
        }
        try {
            PKCS8EncodedKeySpec spec = switch (block.group(1)) {
                case "PRIVATE KEY" -> new PKCS8EncodedKeySpec(der);
                case "RSA PRIVATE KEY" -> new PKCS8EncodedKeySpec(rsaPkcs8(der));
                case "ENCRYPTED PRIVATE KEY" -> decrypt(der, password, what);
                default -> throw ConnectorException.configuration(what + ": " + block.group(1) + " keys are not supported; use PKCS#8");
            };
            return generate(spec, what);
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw ConnectorException.configuration(what + " could not be read (wrong password or format)");
        }
    }

    /** A key manager for mutual TLS from a PEM certificate chain and its private key. */
    public static KeyManagerFactory keyManager(String certificatePem, String keyPem, String password) {
        List<X509Certificate> chain = certificates(certificatePem, "credentials.crt");
        PrivateKey key = privateKey(keyPem, password, "credentials.key");
        try {
            char[] secret = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("client", key, secret, chain.toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, secret);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw ConnectorException.configuration("credentials.crt and credentials.key do not form a client certificate");
        }
    }

    /** A key manager for mutual TLS from a PKCS#12 (PFX) bundle. */
    public static KeyManagerFactory pkcs12KeyManager(byte[] pfx, String password) {
        char[] secret = password == null ? new char[0] : password.toCharArray();
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pfx), secret);
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, secret);
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw ConnectorException.configuration("credentials.pfx could not be read (wrong password or format)");
        }
    }

    /** The system's trusted authorities plus {@code extraPem}'s certificates. */
    public static TrustManagerFactory trustWithSystem(String extraPem, String what) {
        List<X509Certificate> extra = certificates(extraPem, what);
        try {
            TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            system.init((KeyStore) null);
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int alias = 0;
            for (var manager : system.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    for (X509Certificate issuer : x509.getAcceptedIssuers()) {
                        store.setCertificateEntry("system-" + alias++, issuer);
                    }
                }
            }
            for (X509Certificate certificate : extra) {
                store.setCertificateEntry("extra-" + alias++, certificate);
            }
            TrustManagerFactory combined = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            combined.init(store);
            return combined;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("The system trust store could not be read", e);
        }
    }

    private static PKCS8EncodedKeySpec decrypt(byte[] der, String password, String what)
            throws GeneralSecurityException, java.io.IOException {
        if (password == null) {
            throw ConnectorException.configuration(what + " is encrypted and no password is configured");
        }
        EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
        // For PBES2 the name of the actual scheme (PBEWithHmacSHA256AndAES_256) is in the parameters.
        String algorithm = info.getAlgParameters() == null ? info.getAlgName() : info.getAlgParameters().toString();
        Cipher cipher = Cipher.getInstance(algorithm);
        cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm)
                .generateSecret(new PBEKeySpec(password.toCharArray())), info.getAlgParameters());
        return info.getKeySpec(cipher);
    }

    private static PrivateKey generate(PKCS8EncodedKeySpec spec, String what) throws GeneralSecurityException {
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (InvalidKeySpecException e) {
                // try the next algorithm
            }
        }
        throw ConnectorException.configuration(what + " is neither an RSA nor an EC key");
    }

    private static byte[] rsaPkcs8(byte[] pkcs1) {
        ByteArrayOutputStream key = new ByteArrayOutputStream();
        key.writeBytes(RSA_ALGORITHM);
        key.write(0x04);
        writeLength(key, pkcs1.length);
        key.writeBytes(pkcs1);
        ByteArrayOutputStream sequence = new ByteArrayOutputStream();
        sequence.write(0x30);
        writeLength(sequence, key.size());
        sequence.writeBytes(key.toByteArray());
        return sequence.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int length) {
        if (length < 0x80) {
            out.write(length);
            return;
        }
        int bytes = length > 0xffff ? 3 : length > 0xff ? 2 : 1;
        out.write(0x80 | bytes);
        for (int shift = (bytes - 1) * 8; shift >= 0; shift -= 8) {
            out.write((length >> shift) & 0xff);
        }
    }
}
