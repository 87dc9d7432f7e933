package cn.liangxian.security.pii;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A keyed blind index (HMAC-SM3) of an identifier, so that "find the person with this ID number" needs
 * neither the plaintext in the database nor decrypting every row. Without the key the index reveals nothing.
 */
public final class BlindIndex {

    private final byte[] key;

    public BlindIndex(KeyRing ring) {
        this.key = ring.indexKey().clone();
    }

    /** Index of a value within a kind (e.g. "citizen-id"); the value is trimmed and upper-cased first. */
    public String of(String kind, String value) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        byte[] in = (kind + "\u0000" + value.trim().toUpperCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8);
        mac.update(in, 0, in.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
