package cn.liangxian.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.pii.PersonalDataCipher;

/** Per-institution signing keys for the hospital interface, stored encrypted; a new key is shown once. */
@Service
public class InstitutionKeys {

    static final String CONTEXT = "institution_key.secret";

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final AuditTrail audit;
    private final SecureRandom random = new SecureRandom();

    InstitutionKeys(JdbcClient jdbc, PersonalDataCipher cipher, AuditTrail audit) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
    }

    /** Issues (or replaces) an institution's key and returns it once, base64. */
    @Transactional
    public String issue(String institutionCode, String regionCode) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String b64 = Base64.getEncoder().encodeToString(secret);
        jdbc.sql("""
                insert into institution_key (institution_code, region_code, secret_enc) values (?, ?, ?)
                on conflict (institution_code) do update set secret_enc = excluded.secret_enc, active = true""")
                .params(institutionCode, regionCode, cipher.encrypt(b64, CONTEXT)).update();
        audit.record(regionCode, "INSTITUTION_KEY_ISSUED", "institution_key", institutionCode, null, null);
        return b64;
    }

    Optional<byte[]> activeSecret(String institutionCode) {
        return jdbc.sql("select secret_enc from institution_key where institution_code = ? and active")
                .param(institutionCode).query(String.class).optional()
                .map(enc -> Base64.getDecoder().decode(cipher.decrypt(enc, CONTEXT)));
    }
}
