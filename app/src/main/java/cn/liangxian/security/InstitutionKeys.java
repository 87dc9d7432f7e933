package cn.liangxian.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
        forget(institutionCode);
        audit.record(regionCode, "INSTITUTION_KEY_ISSUED", "institution_key", institutionCode, null, null);
        return b64;
    }

    /**
     * The institution's active key, decrypted. Kept for {@link #CACHE_NANOS} (every hospital message needs it);
     * issuing a key drops the kept one at once, another server of the cluster sees a new key within that time.
     */
    Optional<byte[]> activeSecret(String institutionCode) {
        long now = System.nanoTime();
        Cached c = cache.get(institutionCode);
        if (c != null && now - c.loadedAt() < CACHE_NANOS) {
            return c.secret();
        }
        Optional<byte[]> secret = jdbc.sql("select secret_enc from institution_key where institution_code = ? and active")
                .param(institutionCode).query(String.class).optional()
                .map(enc -> Base64.getDecoder().decode(cipher.decrypt(enc, CONTEXT)));
        cache.put(institutionCode, new Cached(secret, now));
        return secret;
    }

    private static final long CACHE_NANOS = 30_000_000_000L;

    private record Cached(Optional<byte[]> secret, long loadedAt) {
    }

    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private void forget(String institutionCode) {
        cache.remove(institutionCode);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    cache.remove(institutionCode);
                }
            });
        }
    }
}
