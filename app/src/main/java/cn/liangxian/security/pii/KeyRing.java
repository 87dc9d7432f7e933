package cn.liangxian.security.pii;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keys for personal data: SM4 keys by id (the current one encrypts, all decrypt, so keys can rotate)
 * and the separate key of the blind index.
 */
public record KeyRing(Map<String, byte[]> keys, String currentKeyId, byte[] indexKey) {

    public KeyRing {
        if (keys.isEmpty() || !keys.containsKey(currentKeyId)) {
            throw new IllegalStateException("the personal-data key ring has no current key '" + currentKeyId + "'");
        }
        keys.forEach((id, k) -> {
            if (k.length != 16) {
                throw new IllegalStateException("personal-data key " + id + " must be 16 bytes (SM4), is " + k.length);
            }
            if (!id.matches("[A-Za-z0-9_-]{1,16}")) {
                throw new IllegalStateException("personal-data key id '" + id + "' must be 1-16 letters or digits");
            }
        });
        if (indexKey.length < 32) {
            throw new IllegalStateException("the blind-index key must be at least 32 bytes");
        }
        keys = Map.copyOf(new TreeMap<>(keys));
    }

    /** Reads keys given as base64 text. */
    public static KeyRing fromBase64(Map<String, String> keys, String current, String indexKey) {
        Map<String, byte[]> decoded = new TreeMap<>();
        keys.forEach((id, b64) -> decoded.put(id, Base64.getDecoder().decode(b64.trim())));
        return new KeyRing(decoded, current, Base64.getDecoder().decode(indexKey.trim()));
    }

    byte[] key(String id) {
        byte[] k = keys.get(id);
        if (k == null) {
            throw new IllegalStateException("no personal-data key '" + id + "' in the key ring");
        }
        return k;
    }
}
