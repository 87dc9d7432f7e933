package cn.liangxian.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SM3Digest;

/**
 * The chain hash of an audit row: SM3 over the previous row's hash and every field, each written with
 * its length so that no two different rows can produce the same input.
 */
final class AuditHash {

    static final String GENESIS = "0".repeat(64);

    private AuditHash() {
    }

    static String of(String prevHash, Instant at, String actor, String role, String region, String action,
            String objectType, String objectId, String before, String after, String client) {
        StringBuilder b = new StringBuilder();
        for (String f : new String[] { prevHash, at.toString(), actor, role, region, action, objectType, objectId,
                before, after, client }) {
            if (f == null) {
                b.append("-1:;");
            } else {
                b.append(f.length()).append(':').append(f).append(';');
            }
        }
        byte[] in = b.toString().getBytes(StandardCharsets.UTF_8);
        SM3Digest d = new SM3Digest();
        d.update(in, 0, in.length);
        byte[] out = new byte[d.getDigestSize()];
        d.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    static String of(AuditEvent e) {
        return of(e.prevHash(), e.at(), e.actor(), e.role(), e.regionCode(), e.action(), e.objectType(), e.objectId(),
                e.before(), e.after(), e.clientAddress());
    }
}
