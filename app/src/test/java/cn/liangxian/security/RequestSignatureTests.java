package cn.liangxian.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import cn.liangxian.testsupport.AppTest;

@AppTest
class RequestSignatureTests {

    @Autowired
    InstitutionKeys keys;
    @Autowired
    RequestSignatureVerifier verifier;
    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
    static final byte[] BODY = "{\"infno\":\"2207\",\"msgid\":\"H32040000001202611230800001\"}"
            .getBytes(StandardCharsets.UTF_8);

    record Signed(String institution, String ts, String nonce, String sig) {
    }

    Signed sign(String institution, String secretB64, Instant at, byte[] body) {
        String ts = String.valueOf(at.getEpochSecond());
        String nonce = UUID.randomUUID().toString().replace("-", "");
        byte[] sig = RequestSignatureVerifier.sign(Base64.getDecoder().decode(secretB64), ts, nonce, body);
        return new Signed(institution, ts, nonce, HexFormat.of().formatHex(sig));
    }

    String institution() {
        return "H" + UUID.randomUUID().toString().replace("-", "").substring(0, 11).toUpperCase();
    }

    @Test
    void aCorrectlySignedRequestIsAcceptedOnceAndItsReplayRefused() {
        String inst = institution();
        String secret = keys.issue(inst, "320400");
        Signed s = sign(inst, secret, NOW, BODY);
        assertThat(verifier.verify(inst, s.ts(), s.nonce(), s.sig(), BODY, NOW).accepted()).isTrue();
        assertThat(verifier.verify(inst, s.ts(), s.nonce(), s.sig(), BODY, NOW).code()).isEqualTo("REPLAYED_NONCE");
    }

    @Test
    void expiredNoncesArePurgedAndFreshOnesStillRefuseAReplay() {
        String inst = institution();
        String secret = keys.issue(inst, "320400");
        jdbc.sql("insert into request_nonce (institution_code, nonce, seen_at) values (?, 'old-nonce-000000001', now() - interval '11 minutes')")
                .param(inst).update();
        jdbc.sql("insert into request_nonce (institution_code, nonce, seen_at) values (?, 'old-nonce-000000002', now() - interval '9 minutes')")
                .param(inst).update();
        Signed s = sign(inst, secret, NOW, BODY);
        assertThat(verifier.verify(inst, s.ts(), s.nonce(), s.sig(), BODY, NOW).accepted()).isTrue();

        assertThat(verifier.purgeExpired()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("select nonce from request_nonce where institution_code = ? order by nonce").param(inst)
                .query(String.class).list()).as("older than twice the five-minute window: gone")
                .containsExactlyInAnyOrder("old-nonce-000000002", s.nonce());
        assertThat(verifier.verify(inst, s.ts(), s.nonce(), s.sig(), BODY, NOW).code()).isEqualTo("REPLAYED_NONCE");
    }

    @Test
    void aChangedBodyOrAWrongKeyFailsTheSignature() {
        String inst = institution();
        String secret = keys.issue(inst, "320400");
        Signed s = sign(inst, secret, NOW, BODY);
        byte[] tampered = new String(BODY, StandardCharsets.UTF_8).replace("2207", "2208").getBytes(StandardCharsets.UTF_8);
        assertThat(verifier.verify(inst, s.ts(), s.nonce(), s.sig(), tampered, NOW).code()).isEqualTo("BAD_SIGNATURE");
        String other = institution();
        String otherSecret = keys.issue(other, "320400");
        Signed wrongKey = sign(inst, otherSecret, NOW, BODY);
        assertThat(verifier.verify(inst, wrongKey.ts(), wrongKey.nonce(), wrongKey.sig(), BODY, NOW).code())
                .isEqualTo("BAD_SIGNATURE");
        // a failed signature does not burn the nonce: the genuine request still goes through
        assertThat(verifier.verify(inst, s.ts(), s.nonce(), s.sig(), BODY, NOW).accepted()).isTrue();
    }

    @Test
    void oldOrFutureTimestampsAreRefused() {
        String inst = institution();
        String secret = keys.issue(inst, "320400");
        Signed old = sign(inst, secret, NOW.minusSeconds(301), BODY);
        assertThat(verifier.verify(inst, old.ts(), old.nonce(), old.sig(), BODY, NOW).code()).isEqualTo("STALE_TIMESTAMP");
        Signed future = sign(inst, secret, NOW.plusSeconds(301), BODY);
        assertThat(verifier.verify(inst, future.ts(), future.nonce(), future.sig(), BODY, NOW).code())
                .isEqualTo("STALE_TIMESTAMP");
        Signed edge = sign(inst, secret, NOW.minusSeconds(300), BODY);
        assertThat(verifier.verify(inst, edge.ts(), edge.nonce(), edge.sig(), BODY, NOW).accepted()).isTrue();
    }

    @Test
    void unknownInstitutionsAndMissingPartsAreRefused() {
        Signed s = sign("H00000000000", Base64.getEncoder().encodeToString(new byte[32]), NOW, BODY);
        assertThat(verifier.verify("H00000000000", s.ts(), s.nonce(), s.sig(), BODY, NOW).code())
                .isEqualTo("UNKNOWN_INSTITUTION");
        assertThat(verifier.verify(null, s.ts(), s.nonce(), s.sig(), BODY, NOW).code()).isEqualTo("SIGNATURE_MISSING");
        String inst = institution();
        String secret = keys.issue(inst, "320400");
        Signed shortNonce = new Signed(inst, String.valueOf(NOW.getEpochSecond()), "abc", sign(inst, secret, NOW, BODY).sig());
        assertThat(verifier.verify(inst, shortNonce.ts(), shortNonce.nonce(), shortNonce.sig(), BODY, NOW).code())
                .isEqualTo("BAD_NONCE");
    }
}
