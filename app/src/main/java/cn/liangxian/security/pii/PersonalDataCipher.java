package cn.liangxian.security.pii;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * SM4-GCM encryption of personal data. A stored value reads {@code <keyId>:<base64(iv ‖ ciphertext ‖ tag)>}:
 * the key id stands beside the ciphertext, so old values stay readable after the current key changes.
 * An optional context (e.g. the column name) is bound as associated data, so a value cannot be moved to
 * another column unnoticed.
 */
public final class PersonalDataCipher {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final KeyRing ring;
    private final SecureRandom random = new SecureRandom();

    public PersonalDataCipher(KeyRing ring) {
        this.ring = ring;
    }

    public String encrypt(String plaintext, String context) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] out = crypt(true, ring.key(ring.currentKeyId()), iv, context, plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] stored = new byte[IV_BYTES + out.length];
        System.arraycopy(iv, 0, stored, 0, IV_BYTES);
        System.arraycopy(out, 0, stored, IV_BYTES, out.length);
        return ring.currentKeyId() + ":" + Base64.getEncoder().encodeToString(stored);
    }

    public String decrypt(String stored, String context) {
        if (stored == null) {
            return null;
        }
        int colon = stored.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not an encrypted value");
        }
        byte[] all = Base64.getDecoder().decode(stored.substring(colon + 1));
        byte[] iv = new byte[IV_BYTES];
        System.arraycopy(all, 0, iv, 0, IV_BYTES);
        byte[] body = new byte[all.length - IV_BYTES];
        System.arraycopy(all, IV_BYTES, body, 0, body.length);
        return new String(crypt(false, ring.key(stored.substring(0, colon)), iv, context, body), StandardCharsets.UTF_8);
    }

    /**
     * Encrypts a file (a scanned certificate, say) for a bytea column: the key id in ASCII, a colon, then
     * {@code iv ‖ ciphertext ‖ tag}, so old files stay readable after the current key changes.
     */
    public byte[] encryptBytes(byte[] plaintext, String context) {
        if (plaintext == null) {
            return null;
        }
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        byte[] out = crypt(true, ring.key(ring.currentKeyId()), iv, context, plaintext);
        byte[] prefix = (ring.currentKeyId() + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] stored = new byte[prefix.length + IV_BYTES + out.length];
        System.arraycopy(prefix, 0, stored, 0, prefix.length);
        System.arraycopy(iv, 0, stored, prefix.length, IV_BYTES);
        System.arraycopy(out, 0, stored, prefix.length + IV_BYTES, out.length);
        return stored;
    }

    /** The file {@link #encryptBytes} stored; refused when the key, the context or a byte is not the original's. */
    public byte[] decryptBytes(byte[] stored, String context) {
        if (stored == null) {
            return null;
        }
        int colon = -1;
        for (int i = 0; i < Math.min(stored.length, 64); i++) {
            if (stored[i] == ':') {
                colon = i;
                break;
            }
        }
        if (colon < 1 || stored.length < colon + 1 + IV_BYTES) {
            throw new IllegalArgumentException("not an encrypted file");
        }
        String keyId = new String(stored, 0, colon, StandardCharsets.US_ASCII);
        byte[] iv = new byte[IV_BYTES];
        System.arraycopy(stored, colon + 1, iv, 0, IV_BYTES);
        byte[] body = new byte[stored.length - colon - 1 - IV_BYTES];
        System.arraycopy(stored, colon + 1 + IV_BYTES, body, 0, body.length);
        return crypt(false, ring.key(keyId), iv, context, body);
    }

    /** The key id a stored value was encrypted with (for re-encryption after a rotation). */
    public static String keyIdOf(String stored) {
        return stored.substring(0, stored.indexOf(':'));
    }

    public String currentKeyId() {
        return ring.currentKeyId();
    }

    private static byte[] crypt(boolean encrypt, byte[] key, byte[] iv, String context, byte[] input) {
        GCMModeCipher gcm = GCMBlockCipher.newInstance(new SM4Engine());
        byte[] aad = context == null ? null : context.getBytes(StandardCharsets.UTF_8);
        gcm.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, iv, aad));
        byte[] out = new byte[gcm.getOutputSize(input.length)];
        int n = gcm.processBytes(input, 0, input.length, out, 0);
        try {
            n += gcm.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("personal data failed its integrity check (wrong key, context or tampered)", e);
        }
        if (n == out.length) {
            return out;
        }
        byte[] exact = new byte[n];
        System.arraycopy(out, 0, exact, 0, n);
        return exact;
    }
}
