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
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;

/**
 * Insured people, each registered once per pooling region (found by certificate type and number through
 * the blind index). Certificate number, name and phone are stored encrypted; sex and birth date are read
 * from the certificate and cross-checked against what the form says. Shown masked; revealed in full only to
 * roles that must see more, each time audited.
 */
@Service
public class PersonDirectory {

    /** Contexts (associated data) of the encrypted columns, so a value cannot move to another column unnoticed. */
    public static final String ID = "person.id_number";
    public static final String NAME = "person.name";
    public static final String PHONE = "person.phone";
    /** Roles that may reveal a person's full data (her own data is always hers to see). */
    static final Set<Role> MAY_UNMASK = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER,
            Role.INSURED);
    /** Roles that register people at the window (employers register theirs by enrolling them). */
    static final Set<Role> REGISTRARS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER);

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final BlindIndex index;
    private final AuditTrail audit;
    private final AccessPolicy access;

    PersonDirectory(JdbcClient jdbc, PersonalDataCipher cipher, BlindIndex index, AuditTrail audit,
            AccessPolicy access) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.index = index;
        this.audit = audit;
        this.access = access;
    }

    /** What a registration form says; sex ("M"/"F") and birth date may be left out when the certificate tells them. */
    public record NewPerson(String regionCode, CertType certType, String certNumber, String name, String sex,
            LocalDate birthDate, String phone) {
    }

    /** A person as shown by default: masked. */
    public record MaskedPerson(long id, String regionCode, String certType, String idNumber, String name,
            String phone, String sex, Integer birthYear) {
    }

    /** A person in full, for the few who must see it. */
    public record RevealedPerson(long id, String regionCode, String certType, String idNumber, String name,
            String phone, String sex, LocalDate birthDate) {
    }

    /** Registers a resident-ID holder (the common case). */
    @Transactional
    public long register(String regionCode, String idNumber, String name, String phone, LocalDate today) {
        return register(new NewPerson(regionCode, CertType.RESIDENT_ID, idNumber, name, null, null, phone), today);
    }

    /** Registers a person at the window: agency staff of the person's region. */
    @Transactional
    public long register(LiangxianUser by, NewPerson p, LocalDate today) {
        access.requireRole(by, REGISTRARS);
        access.requireVisible(by, AccessPolicy.Owner.region(p.regionCode()));
        return register(p, today);
    }

    /**
     * Registers a person once: a second registration of the same certificate in the region is refused with
     * {@code DUPLICATE_PERSON} naming the existing record.
     */
    @Transactional
    public long register(NewPerson p, LocalDate today) {
        Validated v = validate(p, today);
        Optional<Long> existing = findByCertificate(p.regionCode(), v.type(), v.number());
        if (existing.isPresent()) {
            throw new ApiException(HttpStatus.CONFLICT, "DUPLICATE_PERSON", existing.get());
        }
        long pid;
        try {
            pid = jdbc.sql("""
                    insert into person (region_code, cert_type, id_number_enc, id_number_index, name_enc, name_index,
                                        phone_enc, sex, birth_date)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                    .params(p.regionCode(), v.type().name(), cipher.encrypt(v.number(), ID),
                            index.of(v.type().indexKind(), v.number()), cipher.encrypt(v.name(), NAME),
                            index.of("name", v.name()), v.phone() == null ? null : cipher.encrypt(v.phone(), PHONE),
                            v.sex(), v.birthDate())
                    .query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "DUPLICATE_PERSON",
                    findByCertificate(p.regionCode(), v.type(), v.number()).orElse(0L));
        }
        audit.record(p.regionCode(), "PERSON_REGISTERED", "person", String.valueOf(pid), null,
                Masking.idNumber(v.number()) + " " + Masking.name(v.name()));
        return pid;
    }

    /** A registration form after its checks: the certificate read, sex and birth date settled. */
    public record Validated(CertType type, String number, String name, String sex, LocalDate birthDate, String phone) {
    }

    /**
     * Checks a registration without writing: the certificate number by its type, the name, sex and birth date
     * against what the certificate tells, the mobile number. Throws {@link ApiException} with the first problem.
     */
    public Validated validate(NewPerson p, LocalDate today) {
        if (p.regionCode() == null || !p.regionCode().matches("[0-9]{6}")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_REGION");
        }
        CertType type = p.certType() == null ? CertType.RESIDENT_ID : p.certType();
        Identifiers.Check check = Identifiers.certificate(type, p.certNumber(), today);
        if (!check.valid()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, check.code().equals("INVALID_CITIZEN_ID")
                    ? "INVALID_CITIZEN_ID" : "INVALID_CERTIFICATE", check.reasonZh(), check.reasonEn());
        }
        Identifiers.Certificate cert = Identifiers.parseCertificate(type, p.certNumber(), today);
        String name = p.name() == null ? "" : p.name().strip();
        if (name.isEmpty() || name.codePointCount(0, name.length()) > 60) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_NAME");
        }
        String sex = p.sex() == null || p.sex().isBlank() ? null : p.sex().trim().toUpperCase(Locale.ROOT);
        if (sex != null && !sex.equals("M") && !sex.equals("F")) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_SEX");
        }
        String certSex = cert.male() == null ? null : cert.male() ? "M" : "F";
        if (sex != null && certSex != null && !sex.equals(certSex)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "SEX_MISMATCH");
        }
        if (p.birthDate() != null && !p.birthDate().equals(cert.birthDate())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BIRTH_DATE_MISMATCH", cert.birthDate().toString());
        }
        String phone = p.phone() == null || p.phone().isBlank() ? null : p.phone().trim();
        if (phone != null && !Identifiers.mobile(phone).valid()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PHONE");
        }
        return new Validated(type, cert.number(), name, sex != null ? sex : certSex, cert.birthDate(), phone);
    }

    /** Finds a person by resident ID number within a region, without decrypting anything. */
    public Optional<Long> findByIdNumber(String regionCode, String idNumber) {
        return findByCertificate(regionCode, CertType.RESIDENT_ID, idNumber);
    }

    /** Finds a person by certificate within a region, without decrypting anything. */
    public Optional<Long> findByCertificate(String regionCode, CertType type, String number) {
        return jdbc.sql("select id from person where region_code = ? and id_number_index = ?")
                .params(regionCode, index.of(type.indexKind(), number)).query(Long.class).optional();
    }

    /**
     * The clerk's search: by the full certificate number (any type) or by the exact name, within the
     * viewer's regions; answers are masked.
     */
    public List<MaskedPerson> search(LiangxianUser viewer, String regionCode, String query) {
        access.requireRole(viewer, Role.AGENCY);
        access.requireVisible(viewer, AccessPolicy.Owner.region(regionCode));
        String q = query == null ? "" : query.strip();
        if (q.isEmpty()) {
            return List.of();
        }
        List<String> keys = new java.util.ArrayList<>();
        for (CertType t : CertType.values()) {
            keys.add(index.of(t.indexKind(), q));
        }
        String nameKey = index.of("name", q);
        return jdbc.sql("""
                select * from person where region_code = ?
                   and (id_number_index = any(?::char(64)[]) or name_index = ?)
                 order by id limit 50""")
                .params(regionCode, "{" + String.join(",", keys) + "}", nameKey)
                .query((rs, i) -> masked(read(rs))).list();
    }

    public MaskedPerson masked(LiangxianUser viewer, long personId) {
        RevealedPerson p = load(personId);
        access.requireVisible(viewer, owner(viewer, p));
        return masked(p);
    }

    /** A person's record as shown by default (masked). */
    public static MaskedPerson masked(RevealedPerson p) {
        return new MaskedPerson(p.id(), p.regionCode(), p.certType(), Masking.idNumber(p.idNumber()),
                Masking.name(p.name()), Masking.phone(p.phone()), p.sex(),
                p.birthDate() == null ? null : p.birthDate().getYear());
    }

    /** The full data, for a role that must see it; every reveal is audited with its reason. */
    @Transactional
    public RevealedPerson reveal(LiangxianUser viewer, long personId, String reason) {
        RevealedPerson p = load(personId);
        access.requireVisible(viewer, owner(viewer, p));
        access.requireRole(viewer, MAY_UNMASK);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REASON_REQUIRED");
        }
        audit.record(p.regionCode(), "PERSONAL_DATA_REVEALED", "person", String.valueOf(p.id()), null,
                "reason: " + reason.trim());
        return p;
    }

    /** Whether the viewer may see this person: agency of her region, herself, or an employer she works or worked for. */
    public void requireVisible(LiangxianUser viewer, long personId) {
        RevealedPerson p = load(personId);
        access.requireVisible(viewer, owner(viewer, p));
    }

    private AccessPolicy.Owner owner(LiangxianUser viewer, RevealedPerson p) {
        String employer = null;
        if (viewer.role().binding() == Role.Binding.EMPLOYER && jdbc.sql("""
                select exists (select 1 from coverage where person_id = ? and employer_uscc = ?)""")
                .params(p.id(), viewer.employerUscc()).query(Boolean.class).single()) {
            employer = viewer.employerUscc();
        }
        return new AccessPolicy.Owner(p.regionCode(), employer, p.id(), null);
    }

    /** A person's full record, for services that check access themselves. */
    RevealedPerson load(long personId) {
        return jdbc.sql("select * from person where id = ?").param(personId).query((rs, i) -> read(rs)).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    /**
     * Several people's full records by id, for masked listings (rosters, census, bills) and for the few exports
     * that must carry full data (the tax bureau's hand-off); callers check access and audit such exports.
     */
    public List<RevealedPerson> loadAll(java.util.Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select * from person where id = any(?::bigint[]) order by id")
                .param("{" + ids.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(",")) + "}")
                .query((rs, i) -> read(rs)).list();
    }

    private RevealedPerson read(java.sql.ResultSet rs) throws java.sql.SQLException {
        java.sql.Date birth = rs.getDate("birth_date");
        String number = cipher.decrypt(rs.getString("id_number_enc"), ID);
        String sex = rs.getString("sex");
        LocalDate born = birth == null ? null : birth.toLocalDate();
        if (sex == null && "RESIDENT_ID".equals(rs.getString("cert_type"))) {
            // registered before sex and birth date had columns: read them from the ID number
            Identifiers.CitizenId id = Identifiers.parseCitizenId(number, LocalDate.now());
            sex = id.male() ? "M" : "F";
            born = id.birthDate();
        }
        return new RevealedPerson(rs.getLong("id"), rs.getString("region_code"), rs.getString("cert_type"), number,
                cipher.decrypt(rs.getString("name_enc"), NAME), cipher.decrypt(rs.getString("phone_enc"), PHONE), sex,
                born);
    }
}
