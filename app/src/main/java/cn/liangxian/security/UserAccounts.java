package cn.liangxian.security;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * Accounts of everyone who signs in. Display names are personal data and stored encrypted; passwords
 * are hashed with the delegating encoder. Repeated failures lock an account for a while.
 */
@Service
public class UserAccounts implements UserDetailsService {

    static final String NAME_CONTEXT = "app_user.display_name";

    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final PersonalDataCipher cipher;
    private final AuditTrail audit;
    private final int maxFailures;
    private final Duration lockFor;

    UserAccounts(JdbcClient jdbc, PasswordEncoder passwords, PersonalDataCipher cipher, AuditTrail audit,
            @Value("${liangxian.security.lockout.max-failures:5}") int maxFailures,
            @Value("${liangxian.security.lockout.duration:PT15M}") Duration lockFor) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.cipher = cipher;
        this.audit = audit;
        this.maxFailures = maxFailures;
        this.lockFor = lockFor;
    }

    /** What a new account is bound to. */
    public record NewAccount(String username, String password, String displayName, Role role, Set<String> regions,
            String employerUscc, Long personId, String institutionCode) {
    }

    @Transactional
    public long create(NewAccount a) {
        long id = jdbc.sql("""
                insert into app_user (username, password_hash, display_name_enc, role, region_codes, employer_uscc,
                                      person_id, institution_code)
                values (?, ?, ?, ?, ?::char(6)[], ?, ?, ?) returning id""")
                .params(a.username(), passwords.encode(a.password()), cipher.encrypt(a.displayName(), NAME_CONTEXT),
                        a.role().name(), "{" + String.join(",", a.regions()) + "}", a.employerUscc(), a.personId(),
                        a.institutionCode())
                .query(Long.class).single();
        audit.record(a.regions().stream().findFirst().orElse(null), "ACCOUNT_CREATED", "app_user", a.username(), null,
                a.role().name());
        return id;
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from app_user where username = ?").param(username).query(Integer.class)
                .single() > 0;
    }

    @Override
    public LiangxianUser loadUserByUsername(String username) {
        return find(username).orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }

    public Optional<LiangxianUser> find(String username) {
        return jdbc.sql("select * from app_user where username = ?").param(username).query(this::map).optional();
    }

    public Optional<LiangxianUser> findById(long id) {
        return jdbc.sql("select * from app_user where id = ?").param(id).query(this::map).optional();
    }

    LiangxianUser map(ResultSet rs, int row) throws SQLException {
        Array regions = rs.getArray("region_codes");
        Set<String> set = new TreeSet<>();
        if (regions != null) {
            Arrays.stream((Object[]) regions.getArray()).map(o -> o.toString().trim()).forEach(set::add);
        }
        OffsetDateTime locked = rs.getObject("locked_until", OffsetDateTime.class);
        long person = rs.getLong("person_id");
        Long personId = rs.wasNull() ? null : person;
        return new LiangxianUser(rs.getLong("id"), rs.getString("username"), rs.getString("password_hash"),
                cipher.decrypt(rs.getString("display_name_enc"), NAME_CONTEXT), Role.valueOf(rs.getString("role")), set,
                rs.getString("employer_uscc"), personId, rs.getString("institution_code"),
                rs.getBoolean("enabled"), locked == null ? null : locked.toInstant());
    }

    /** A failed password: counts, and locks the account after too many in a row. */
    @Transactional
    public void recordFailure(String username) {
        Integer failures = jdbc.sql("""
                update app_user set failed_attempts = failed_attempts + 1 where username = ? returning failed_attempts""")
                .param(username).query(Integer.class).optional().orElse(null);
        audit.record(new AuditTrail.Actor(username, null, null), "LOGIN_FAILED", "app_user", username, null, null);
        if (failures != null && failures >= maxFailures) {
            jdbc.sql("update app_user set locked_until = ?, failed_attempts = 0 where username = ?")
                    .params(OffsetDateTime.ofInstant(Instant.now().plus(lockFor), ZoneOffset.UTC), username).update();
            audit.record(new AuditTrail.Actor("system:lockout", null, null), "ACCOUNT_LOCKED", "app_user", username,
                    null, "locked for " + lockFor);
        }
    }

    @Transactional
    public void recordSuccess(LiangxianUser u) {
        jdbc.sql("update app_user set failed_attempts = 0, locked_until = null where id = ?").param(u.id()).update();
        audit.record(new AuditTrail.Actor(u.getUsername(), u.role().name(), u.regions().stream().findFirst()
                .orElse(null)), "LOGIN", "app_user", u.getUsername(), null, null);
    }

}
