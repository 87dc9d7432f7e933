package cn.liangxian.institution;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;

/**
 * The contracted institutions (定点医疗机构). A code is unique across regions; the bank account is stored
 * encrypted and shown masked. Lookups by code answer for any region: callers that act for a user check the
 * user's view with {@link #visible}.
 */
@Service
public class Institutions {

    /** Who registers institutions and their agreements. */
    static final Set<Role> CLERKS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER);
    static final String BANK_ACCOUNT = "institution.bank_account";

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final AuditTrail audit;
    private final AccessPolicy access;

    Institutions(JdbcClient jdbc, PersonalDataCipher cipher, AuditTrail audit, AccessPolicy access) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.access = access;
    }

    /** The institution with this code, in any region. */
    public Optional<Institution> find(String code) {
        if (code == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select code, region_code, name, level, institution_type, bank_name, bank_account_enc, active
                from institution where code = ?""").param(normalise(code)).query(this::map).optional();
    }

    /** The institutions of a region, by name. */
    public List<Institution> inRegion(String regionCode) {
        return jdbc.sql("""
                select code, region_code, name, level, institution_type, bank_name, bank_account_enc, active
                from institution where region_code = ? order by name""").param(regionCode).query(this::map).list();
    }

    /**
     * Registers an institution in a region as the signed-in clerk of that region: a code of 12 to 30 letters and
     * digits starting with a letter (e.g. {@code H32040000001}), a name, level and type, and optionally a bank.
     */
    @Transactional
    public Institution register(String regionCode, NewInstitution n) {
        LiangxianUser by = Current.required();
        access.requireRole(by, CLERKS);
        access.requireVisible(by, AccessPolicy.Owner.region(regionCode));
        String code = normalise(n.code());
        if (code == null || !code.matches("[A-Z][A-Z0-9]{11,29}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_INSTITUTION_CODE");
        }
        String name = n.name() == null ? "" : n.name().strip();
        if (name.length() < 2 || name.length() > 100 || n.level() == null || n.type() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_INSTITUTION");
        }
        String account = blank(n.bankAccount());
        if (account != null && !Identifiers.bankAccount(account).valid()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_BANK_ACCOUNT");
        }
        if (find(code).isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "DUPLICATE_INSTITUTION", code);
        }
        try {
            jdbc.sql("""
                    insert into institution (code, region_code, name, level, institution_type, bank_name,
                                             bank_account_enc, registered_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(code, regionCode, name, n.level().name(), n.type().name(), blank(n.bankName()),
                            account == null ? null : cipher.encrypt(account, BANK_ACCOUNT), by.getUsername())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "DUPLICATE_INSTITUTION", code);
        }
        audit.record(regionCode, "INSTITUTION_REGISTERED", "institution", code, null,
                name + " " + n.level().name() + " " + n.type().name());
        return find(code).orElseThrow();
    }

    /**
     * Suspends or restores an institution's contract (e.g. after a sanction), as the signed-in clerk of its region,
     * with a reason; audited. An inactive institution keeps its agreements and history.
     */
    @Transactional
    public Institution setActive(String code, boolean active, String reason) {
        LiangxianUser by = Current.required();
        access.requireRole(by, CLERKS);
        Institution i = visible(by, code);
        if (reason == null || reason.isBlank() || reason.strip().length() > 500) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INSTITUTION_REASON_REQUIRED");
        }
        if (i.active() == active) {
            throw new ApiException(HttpStatus.CONFLICT, "INSTITUTION_STATUS_UNCHANGED");
        }
        jdbc.sql("update institution set active = ? where code = ?").params(active, i.code()).update();
        audit.record(i.regionCode(), active ? "INSTITUTION_RESTORED" : "INSTITUTION_SUSPENDED", "institution",
                i.code(), String.valueOf(i.active()), active + ": " + reason.strip());
        return find(i.code()).orElseThrow();
    }

    /** The institution if the viewer may see it (agency staff of its region, or the institution itself); else 404. */
    public Institution visible(LiangxianUser viewer, String code) {
        Institution i = find(code).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(viewer, owner(i));
        return i;
    }

    /** The institutions of a region, for its agency staff. */
    public List<Institution> list(LiangxianUser viewer, String regionCode) {
        access.requireRole(viewer, Role.AGENCY);
        access.requireVisible(viewer, AccessPolicy.Owner.region(regionCode));
        return inRegion(regionCode);
    }

    static AccessPolicy.Owner owner(Institution i) {
        return new AccessPolicy.Owner(i.regionCode(), null, null, i.code());
    }

    static String normalise(String code) {
        return code == null ? null : code.strip().toUpperCase(Locale.ROOT);
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private Institution map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        String enc = rs.getString("bank_account_enc");
        return new Institution(rs.getString("code"), rs.getString("region_code"), rs.getString("name"),
                rs.getString("level"), rs.getString("institution_type"), rs.getString("bank_name"),
                enc == null ? null : Masking.bankAccount(cipher.decrypt(enc, BANK_ACCOUNT)), rs.getBoolean("active"));
    }
}
