package cn.liangxian.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;

/**
 * API tokens for machine users: {@code lx_<prefix>_<secret>}. Only the SHA-256 of the token is stored;
 * the token itself is shown once, at issue. Revoked tokens stop working at once.
 */
@Service
public class ApiTokens {

    private final JdbcClient jdbc;
    private final UserAccounts accounts;
    private final AuditTrail audit;
    private final SecureRandom random = new SecureRandom();

    ApiTokens(JdbcClient jdbc, UserAccounts accounts, AuditTrail audit) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.audit = audit;
    }

    /** A token as listed: never its secret. */
    public record TokenInfo(long id, String name, String prefix, Instant createdAt, Instant lastUsedAt,
            Instant revokedAt) {
    }

    /** A freshly issued token: the only time its plain value exists. */
    public record IssuedToken(long id, String name, String token) {
    }

    @Transactional
    public IssuedToken issue(LiangxianUser owner, String name) {
        String prefix = random(6);
        String token = "lx_" + prefix + "_" + random(24);
        long id = jdbc.sql("insert into api_token (user_id, name, prefix, token_hash) values (?, ?, ?, ?) returning id")
                .params(owner.id(), name, prefix, sha256(token)).query(Long.class).single();
        audit.record(owner.regions().stream().findFirst().orElse(null), "API_TOKEN_ISSUED", "api_token", prefix, null,
                name);
        return new IssuedToken(id, name, token);
    }

    public List<TokenInfo> list(LiangxianUser owner) {
        return jdbc.sql("select * from api_token where user_id = ? order by id").param(owner.id())
                .query((rs, i) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), rs.getString("prefix"),
                        instant(rs.getObject("created_at", OffsetDateTime.class)),
                        instant(rs.getObject("last_used_at", OffsetDateTime.class)),
                        instant(rs.getObject("revoked_at", OffsetDateTime.class))))
                .list();
    }

    /** Revokes one of the owner's own tokens; false when she has no such token (another's is not hers). */
    @Transactional
    public boolean revoke(LiangxianUser owner, long tokenId) {
        int n = jdbc.sql("update api_token set revoked_at = now() where id = ? and user_id = ? and revoked_at is null")
                .params(tokenId, owner.id()).update();
        if (n > 0) {
            audit.record(owner.regions().stream().findFirst().orElse(null), "API_TOKEN_REVOKED", "api_token",
                    String.valueOf(tokenId), null, null);
        }
        return n > 0;
    }

    /** The user a presented token belongs to, if it is valid and not revoked. */
    @Transactional
    public Optional<LiangxianUser> authenticate(String token) {
        if (token == null || !token.matches("lx_[A-Za-z0-9_-]{8}_[A-Za-z0-9_-]{32}")) {
            return Optional.empty();
        }
        String prefix = token.substring(3, 11);
        Optional<Long> userId = jdbc.sql("""
                update api_token set last_used_at = now()
                where prefix = ? and token_hash = ? and revoked_at is null returning user_id""")
                .params(prefix, sha256(token)).query(Long.class).optional();
        return userId.flatMap(accounts::findById).filter(u -> u.isEnabled() && u.isAccountNonLocked());
    }

    private String random(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }
}
