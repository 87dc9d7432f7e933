package cn.liangxian.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Verifies signed requests from hospital systems. The institution signs
 * {@code <timestamp>\n<nonce>\n<hex SM3 of the body>} with HMAC-SM3 under its key and sends the
 * institution code, timestamp (epoch seconds), nonce and hex signature. A request is refused when the
 * institution is unknown, the time is outside the window, the signature does not match, or the nonce has
 * been seen before (replay). A nonce is recorded only after the signature checks out.
 */
@Service
public class RequestSignatureVerifier {

    /** Why a request was refused; {@code null} code means it was accepted. */
    public record Verdict(String code) {
        public boolean accepted() {
            return code == null;
        }
    }

    private final InstitutionKeys keys;
    private final JdbcClient jdbc;
    private final Duration window;

    /** Purges expired nonces once a minute, off the requests' path (and outside their transactions). */
    private final java.util.concurrent.ScheduledExecutorService purger;

    RequestSignatureVerifier(InstitutionKeys keys, JdbcClient jdbc,
            @Value("${liangxian.hospital.signature-window:PT5M}") Duration window) {
        this.keys = keys;
        this.jdbc = jdbc;
        this.window = window;
        this.purger = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "nonce-purge");
            t.setDaemon(true);
            return t;
        });
        purger.scheduleWithFixedDelay(this::purgeQuietly, 60, 60, java.util.concurrent.TimeUnit.SECONDS);
    }

    @jakarta.annotation.PreDestroy
    void stopPurging() {
        purger.shutdownNow();
    }

    /**
     * Checks a request and records its nonce (in the caller's transaction when there is one, so that a message's
     * nonce commits with the message).
     */
    public Verdict verify(String institutionCode, String timestamp, String nonce, String signatureHex, byte[] body,
            Instant now) {
        Verdict v = check(institutionCode, timestamp, nonce, signatureHex, body, now);
        if (!v.accepted()) {
            return v;
        }
        return claimNonce(institutionCode, nonce) ? v : new Verdict("REPLAYED_NONCE");
    }

    /** The checks that write nothing: the institution's key, the time window, the nonce's form and the signature. */
    public Verdict check(String institutionCode, String timestamp, String nonce, String signatureHex, byte[] body,
            Instant now) {
        if (institutionCode == null || timestamp == null || nonce == null || signatureHex == null) {
            return new Verdict("SIGNATURE_MISSING");
        }
        var secret = keys.activeSecret(institutionCode);
        if (secret.isEmpty()) {
            return new Verdict("UNKNOWN_INSTITUTION");
        }
        Instant at;
        try {
            at = Instant.ofEpochSecond(Long.parseLong(timestamp));
        } catch (NumberFormatException e) {
            return new Verdict("STALE_TIMESTAMP");
        }
        if (Duration.between(at, now).abs().compareTo(window) > 0) {
            return new Verdict("STALE_TIMESTAMP");
        }
        if (!nonce.matches("[A-Za-z0-9_-]{16,64}")) {
            return new Verdict("BAD_NONCE");
        }
        byte[] expected = sign(secret.get(), timestamp, nonce, body);
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signatureHex);
        } catch (IllegalArgumentException e) {
            return new Verdict("BAD_SIGNATURE");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            return new Verdict("BAD_SIGNATURE");
        }
        return new Verdict(null);
    }

    /**
     * Records a nonce of a request whose signature checked out; false when it was seen before (a replay). Nonces
     * older than twice the window are purged once a minute in the background ({@link #purgeExpired}), so the
     * table stays as small as a few minutes of traffic.
     */
    public boolean claimNonce(String institutionCode, String nonce) {
        int fresh = jdbc.sql("insert into request_nonce (institution_code, nonce) values (?, ?) on conflict do nothing")
                .params(institutionCode, nonce).update();
        return fresh == 1;
    }

    /**
     * Deletes the nonces older than twice the window: they can no longer be replayed, since a request carrying one
     * has a stale timestamp. Answers how many were deleted.
     */
    public int purgeExpired() {
        return jdbc.sql("delete from request_nonce where seen_at < now() - make_interval(secs => ?)")
                .param(window.multipliedBy(2).toSeconds()).update();
    }

    private void purgeQuietly() {
        try {
            purgeExpired();
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(RequestSignatureVerifier.class)
                    .warn("expired nonces not purged this time: {}", e.getClass().getSimpleName());
        }
    }

    /** The signature a client computes; public so that client libraries and tests share one definition. */
    public static byte[] sign(byte[] secret, String timestamp, String nonce, byte[] body) {
        SM3Digest bodyDigest = new SM3Digest();
        bodyDigest.update(body, 0, body.length);
        byte[] bodyHash = new byte[bodyDigest.getDigestSize()];
        bodyDigest.doFinal(bodyHash, 0);
        byte[] input = (timestamp + "\n" + nonce + "\n" + HexFormat.of().formatHex(bodyHash))
                .getBytes(StandardCharsets.UTF_8);
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(secret));
        mac.update(input, 0, input.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }
}
