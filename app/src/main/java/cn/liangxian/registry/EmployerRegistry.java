package cn.liangxian.registry;

import java.time.LocalDate;
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
import cn.liangxian.policy.Bilingual;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;

/**
 * Employers (参保单位) of a pooling region, identified by their unified social credit code, with a dated
 * status history (active, suspended, cancelled). Contact and bank account are stored encrypted.
 */
@Service
public class EmployerRegistry {

    static final Set<Role> CLERKS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER);
    /** Contexts (associated data) of the encrypted columns. */
    public static final String CONTACT_NAME = "employer.contact_name";
    public static final String CONTACT_PHONE = "employer.contact_phone";
    public static final String BANK_ACCOUNT = "employer.bank_account";

    /** The kinds of employer (单位类型). */
    public enum EmployerType implements Bilingual {
        ENTERPRISE("企业", "Enterprise"),
        PUBLIC_INSTITUTION("事业单位", "Public institution"),
        GOVERNMENT_ORGAN("机关", "Government organ"),
        SOCIAL_ORGANISATION("社会团体", "Social organisation"),
        INDIVIDUAL_BUSINESS("个体工商户", "Individual business"),
        OTHER("其他", "Other");

        private final String zh;
        private final String en;

        EmployerType(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }
    }

    /** An employer's status (单位参保状态). */
    public enum Status implements Bilingual {
        ACTIVE("正常参保", "Active"),
        SUSPENDED("暂停缴费", "Suspended"),
        CANCELLED("注销", "Cancelled");

        private final String zh;
        private final String en;

        Status(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }
    }

    public record NewEmployer(String regionCode, String uscc, String name, EmployerType type, String industry,
            String address, String contactName, String contactPhone, String bankName, String bankAccount,
            LocalDate activeFrom) {
    }

    /** An employer as shown: contact and bank account masked. */
    public record Employer(String regionCode, String uscc, String name, EmployerType type, String industry,
            String address, String contactName, String contactPhone, String bankName, String bankAccount,
            List<StatusPeriod> statusHistory) {
    }

    /** One period of an employer's status: from a date (inclusive) until {@code validTo} (exclusive) or open. */
    public record StatusPeriod(Status status, LocalDate validFrom, LocalDate validTo, String reason) {
    }

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final AuditTrail audit;
    private final AccessPolicy access;

    EmployerRegistry(JdbcClient jdbc, PersonalDataCipher cipher, AuditTrail audit, AccessPolicy access) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.access = access;
    }

    @Transactional
    public Employer register(LiangxianUser by, NewEmployer e) {
        access.requireRole(by, CLERKS);
        access.requireVisible(by, AccessPolicy.Owner.region(e.regionCode()));
        String uscc = e.uscc() == null ? null : e.uscc().trim().toUpperCase(Locale.ROOT);
        Identifiers.Check c = Identifiers.uscc(uscc);
        if (!c.valid()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_USCC");
        }
        if (e.name() == null || e.name().isBlank() || e.type() == null || e.activeFrom() == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_EMPLOYER");
        }
        if (e.contactPhone() != null && !e.contactPhone().isBlank() && !Identifiers.mobile(e.contactPhone()).valid()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PHONE");
        }
        if (e.bankAccount() != null && !e.bankAccount().isBlank()) {
            Identifiers.Check b = Identifiers.bankAccount(e.bankAccount());
            if (!b.valid()) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_BANK_ACCOUNT");
            }
        }
        try {
            jdbc.sql("""
                    insert into employer (region_code, uscc, name, employer_type, industry, address, contact_name_enc,
                                          contact_phone_enc, bank_name, bank_account_enc)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(e.regionCode(), uscc, e.name().strip(), e.type().name(), e.industry(), e.address(),
                            enc(e.contactName(), CONTACT_NAME), enc(e.contactPhone(), CONTACT_PHONE),
                            e.bankName(), enc(e.bankAccount(), BANK_ACCOUNT))
                    .update();
        } catch (DuplicateKeyException ex) {
            throw new ApiException(HttpStatus.CONFLICT, "DUPLICATE_EMPLOYER");
        }
        jdbc.sql("""
                insert into employer_status (region_code, uscc, status, valid_from, reason, recorded_by)
                values (?, ?, 'ACTIVE', ?, ?, ?)""")
                .params(e.regionCode(), uscc, e.activeFrom(), "参保登记 / registered", by.getUsername()).update();
        audit.record(e.regionCode(), "EMPLOYER_REGISTERED", "employer", uscc, null, e.name().strip());
        return load(e.regionCode(), uscc).orElseThrow();
    }

    /**
     * Changes an employer's status from a date on: the status in force then ends that day and the new one
     * begins. Later statuses already recorded are refused (history is appended in date order).
     */
    @Transactional
    public Employer changeStatus(LiangxianUser by, String regionCode, String uscc, Status status, LocalDate from,
            String reason) {
        access.requireRole(by, CLERKS);
        Employer e = visible(by, regionCode, uscc);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REASON_REQUIRED");
        }
        StatusPeriod current = e.statusHistory().get(e.statusHistory().size() - 1);
        if (status == null || from == null || !from.isAfter(current.validFrom()) || current.validTo() != null) {
            throw new ApiException(HttpStatus.CONFLICT, "INVALID_STATUS_CHANGE", current.validFrom().toString());
        }
        if (current.status() == status) {
            throw new ApiException(HttpStatus.CONFLICT, "STATUS_UNCHANGED");
        }
        jdbc.sql("update employer_status set valid_to = ? where region_code = ? and uscc = ? and valid_to is null")
                .params(from, regionCode, uscc).update();
        jdbc.sql("""
                insert into employer_status (region_code, uscc, status, valid_from, reason, recorded_by)
                values (?, ?, ?, ?, ?, ?)""")
                .params(regionCode, uscc, status.name(), from, reason.strip(), by.getUsername()).update();
        audit.record(regionCode, "EMPLOYER_STATUS_CHANGED", "employer", uscc, current.status().name(),
                status.name() + " from " + from + ": " + reason.strip());
        return load(regionCode, uscc).orElseThrow();
    }

    /** The employer if the viewer may see it: agency staff of its region, or its own HR. 404 otherwise. */
    public Employer visible(LiangxianUser viewer, String regionCode, String uscc) {
        Employer e = load(regionCode, uscc).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(viewer, new AccessPolicy.Owner(e.regionCode(), e.uscc(), null, null));
        return e;
    }

    /** The employer, for services that check access themselves (e.g. paying a benefit to its bank account). */
    public Optional<Employer> find(String regionCode, String uscc) {
        return load(regionCode, uscc);
    }

    /**
     * The employer's full bank account, for a service that pays it (a benefit paid to the employer's account); the
     * caller checks access and keeps the number out of pages and logs.
     */
    public Optional<String> bankAccountForPayment(String regionCode, String uscc) {
        return jdbc.sql("select bank_account_enc from employer where region_code = ? and uscc = ?")
                .params(regionCode, uscc).query(String.class).optional().filter(v -> v != null && !v.isBlank())
                .map(v -> dec(v, BANK_ACCOUNT));
    }

    /** One line of a region's employer list: no personal data, the status on the asked date. */
    public record Summary(String uscc, String name, EmployerType type, String industry, Status status) {
    }

    /**
     * The employers of a region with their status on a date, for agency staff, in one query, by name; at most
     * {@code limit} from {@code offset} (a city has tens of thousands).
     */
    public List<Summary> list(LiangxianUser viewer, String regionCode, LocalDate date, int offset, int limit) {
        access.requireRole(viewer, Role.AGENCY);
        access.requireVisible(viewer, AccessPolicy.Owner.region(regionCode));
        return jdbc.sql("""
                select e.uscc, e.name, e.employer_type, e.industry, s.status from employer e
                  left join employer_status s on s.region_code = e.region_code and s.uscc = e.uscc
                       and s.valid_from <= ? and (s.valid_to is null or s.valid_to > ?)
                 where e.region_code = ? order by e.name, e.uscc offset ? limit ?""")
                .params(date, date, regionCode, Math.max(0, offset), Math.min(Math.max(1, limit), 1000))
                .query((rs, i) -> new Summary(rs.getString(1), rs.getString(2), EmployerType.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getString(5) == null ? null : Status.valueOf(rs.getString(5))))
                .list();
    }

    /** The region an employer is registered in (an employer HR user knows only the code). */
    public Optional<String> regionOf(String uscc) {
        return jdbc.sql("select region_code from employer where uscc = ? order by region_code limit 1").param(uscc)
                .query(String.class).optional();
    }

    /** The employer's status on a date, if it was registered then. */
    public Optional<Status> statusOn(String regionCode, String uscc, LocalDate date) {
        return jdbc.sql("""
                select status from employer_status where region_code = ? and uscc = ?
                   and valid_from <= ? and (valid_to is null or valid_to > ?)""")
                .params(regionCode, uscc, date, date).query(String.class).optional().map(Status::valueOf);
    }

    /**
     * The registered names of employers of a region by code, for showing next to a code (an insured person's
     * own employers, a census group). A name is public registration data, so no access check; codes not
     * registered in the region are left out.
     */
    public java.util.Map<String, String> names(String regionCode, java.util.Collection<String> usccs) {
        java.util.Set<String> codes = usccs.stream().filter(java.util.Objects::nonNull)
                .filter(u -> u.matches("[0-9A-Z]{18}")).collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        if (codes.isEmpty()) {
            return java.util.Map.of();
        }
        java.util.Map<String, String> names = new java.util.HashMap<>();
        jdbc.sql("select uscc, name from employer where region_code = ? and uscc = any(?::char(18)[])")
                .params(regionCode, "{" + String.join(",", codes) + "}")
                .query((rs, i) -> names.put(rs.getString(1), rs.getString(2))).list();
        return names;
    }

    Optional<Employer> load(String regionCode, String uscc) {
        List<StatusPeriod> history = jdbc.sql("""
                select status, valid_from, valid_to, reason from employer_status
                 where region_code = ? and uscc = ? order by valid_from""")
                .params(regionCode, uscc)
                .query((rs, i) -> new StatusPeriod(Status.valueOf(rs.getString(1)), rs.getDate(2).toLocalDate(),
                        rs.getDate(3) == null ? null : rs.getDate(3).toLocalDate(), rs.getString(4)))
                .list();
        return jdbc.sql("select * from employer where region_code = ? and uscc = ?").params(regionCode, uscc)
                .query((rs, i) -> new Employer(rs.getString("region_code"), rs.getString("uscc"), rs.getString("name"),
                        EmployerType.valueOf(rs.getString("employer_type")), rs.getString("industry"),
                        rs.getString("address"),
                        Masking.name(dec(rs.getString("contact_name_enc"), CONTACT_NAME)),
                        Masking.phone(dec(rs.getString("contact_phone_enc"), CONTACT_PHONE)),
                        rs.getString("bank_name"),
                        Masking.bankAccount(dec(rs.getString("bank_account_enc"), BANK_ACCOUNT)), history))
                .optional();
    }

    private String enc(String value, String context) {
        return value == null || value.isBlank() ? null : cipher.encrypt(value.strip(), context);
    }

    private String dec(String value, String context) {
        return value == null ? null : cipher.decrypt(value, context);
    }
}
