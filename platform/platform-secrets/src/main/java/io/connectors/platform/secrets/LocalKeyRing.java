package io.connectors.platform.secrets;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * The local provider's key-encryption keys by id, and the active one. Loaded once; a rotation adds a key, makes it
 * active and restarts, while the old keys stay until every envelope was rewrapped.
 */
final class LocalKeyRing {

    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int KEY_BYTES = 32;

    private final Map<String, SecretKey> keys;
    private final String activeKeyId;

    LocalKeyRing(Map<String, SecretKey> keys, String activeKeyId) {
        this.keys = Collections.unmodifiableMap(new LinkedHashMap<>(keys));
        this.activeKeyId = activeKeyId;
    }

    static LocalKeyRing load(SecretsConfig.Local config) {
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        config.keyFile().ifPresent(file -> keys.putAll(fromFile(file)));
        config.key().ifPresent(entry -> {
            int colon = entry.indexOf(':');
            if (colon < 0) {
                throw new SecretCipherException("connectors.secrets.local.key must be <key-id>:<base64 key>");
            }
            add(keys, entry.substring(0, colon).trim(), entry.substring(colon + 1).trim(), "connectors.secrets.local.key");
        });
        if (keys.isEmpty()) {
            throw new SecretCipherException("The local secret cipher has no key: set connectors.secrets.local.key-file"
                    + " or connectors.secrets.local.key (env CONNECTORS_SECRETS_LOCAL_KEY)");
        }
        String active = config.activeKeyId().orElseGet(() -> {
            if (keys.size() > 1) {
                throw new SecretCipherException("Several local keys are configured: name the one that encrypts with"
                        + " connectors.secrets.local.active-key-id");
            }
            return keys.keySet().iterator().next();
        });
        if (!keys.containsKey(active)) {
            throw new SecretCipherException("connectors.secrets.local.active-key-id names no configured key: " + active);
        }
        return new LocalKeyRing(keys, active);
    }

    String activeKeyId() {
        return activeKeyId;
    }

    SecretKey active() {
        return keys.get(activeKeyId);
    }

    SecretKey key(String keyId) {
        SecretKey key = keys.get(keyId);
        if (key == null) {
            throw new SecretCipherException("The secret was encrypted under local key " + keyId + ", which is not configured");
        }
        return key;
    }

    private static Map<String, SecretKey> fromFile(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new SecretCipherException("Cannot read the local key file " + file + ": " + e.getClass().getSimpleName());
        }
        Map<String, SecretKey> keys = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted()
                .forEach(id -> add(keys, id.trim(), properties.getProperty(id).trim(), "key file " + file));
        return keys;
    }

    private static void add(Map<String, SecretKey> keys, String id, String base64, String origin) {
        if (!KEY_ID.matcher(id).matches()) {
            throw new SecretCipherException("A local key id in " + origin + " is not " + KEY_ID.pattern());
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SecretCipherException("Local key " + id + " in " + origin + " is not base64");
        }
        if (material.length != KEY_BYTES) {
            throw new SecretCipherException("Local key " + id + " in " + origin + " must be " + KEY_BYTES + " bytes (AES-256)");
        }
        if (keys.put(id, new SecretKeySpec(material, "AES")) != null) {
            throw new SecretCipherException("Local key " + id + " is configured twice");
        }
    }
}
