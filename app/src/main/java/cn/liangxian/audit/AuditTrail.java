package cn.liangxian.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Appends audit rows. Appends are serialised (a transaction-scoped advisory lock) so that each row
 * chains to the one before it; the table refuses updates and deletes. An audit row commits or rolls
 * back with the change it records.
 */
@Service
public class AuditTrail {

    /** Arbitrary constant naming the advisory lock of the audit chain. */
    private static final long CHAIN_LOCK = 510_310L;

    private final JdbcClient jdbc;

    public AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Who did it, in which role and region. */
    public record Actor(String name, String role, String regionCode) {
        public static Actor system(String what) {
            return new Actor("system:" + what, null, null);
        }
    }

    /** Records an action of the signed-in user (or "anonymous"). */
    @Transactional
    public AuditEvent record(String regionCode, String action, String objectType, String objectId, String before,
            String after) {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        String name = a == null || !a.isAuthenticated() ? "anonymous" : a.getName();
        String role = a == null ? null
                : a.getAuthorities().stream().map(g -> g.getAuthority().replaceFirst("^ROLE_", "")).findFirst()
                        .orElse(null);
        return record(new Actor(name, role, regionCode), action, objectType, objectId, before, after);
    }

    @Transactional
    public AuditEvent record(Actor actor, String action, String objectType, String objectId, String before,
            String after) {
        jdbc.sql("select pg_advisory_xact_lock(?)").param(CHAIN_LOCK).query().singleValue();
        String prev = jdbc.sql("select hash from audit_event order by id desc limit 1").query(String.class).optional()
                .orElse(AuditHash.GENESIS);
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String client = clientAddress().orElse(null);
        String hash = AuditHash.of(prev, at, actor.name(), actor.role(), actor.regionCode(), action, objectType,
                objectId, before, after, client);
        long id = jdbc.sql("""
                insert into audit_event (at, actor, role, region_code, action, object_type, object_id, before_masked,
                                         after_masked, client_address, prev_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(OffsetDateTime.ofInstant(at, ZoneOffset.UTC), actor.name(), actor.role(), actor.regionCode(),
                        action, objectType, objectId, before, after, client, prev, hash)
                .query(Long.class).single();
        return new AuditEvent(id, at, actor.name(), actor.role(), actor.regionCode(), action, objectType, objectId,
                before, after, client, prev, hash);
    }

    private static Optional<String> clientAddress() {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes s) {
            return Optional.ofNullable(s.getRequest().getRemoteAddr());
        }
        return Optional.empty();
    }
}
