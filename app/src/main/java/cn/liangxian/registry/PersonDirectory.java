package cn.liangxian.registry;

import java.time.LocalDate;
import java.util.Optional;

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
import cn.liangxian.security.pii.Masking;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;

/**
 * Insured people: ID number, name and phone are stored encrypted; found by ID number through the
 * blind index; shown masked; revealed in full only to roles that must see more, each time audited.
 */
@Service
public class PersonDirectory {

    static final String ID = "person.id_number";
    static final String NAME = "person.name";
    static final String PHONE = "person.phone";
    /** Roles that may reveal a person's full data (her own data is always hers to see). */
    static final java.util.Set<Role> MAY_UNMASK = java.util.EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER,
            Role.AGENCY_APPROVER, Role.INSURED);

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

    /** A person as shown by default: masked. */
    public record MaskedPerson(long id, String regionCode, String idNumber, String name, String phone) {
    }

    /** A person in full, for the few who must see it. */
    public record RevealedPerson(long id, String regionCode, String idNumber, String name, String phone) {
    }

    @Transactional
    public long register(String regionCode, String idNumber, String name, String phone, LocalDate today) {
        Identifiers.Check id = Identifiers.citizenId(idNumber, today);
        if (!id.valid()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, id.code());
        }
        if (phone != null && !Identifiers.mobile(phone).valid()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_PHONE");
        }
        String normalized = idNumber.toUpperCase(java.util.Locale.ROOT);
        long pid = jdbc.sql("""
                insert into person (region_code, id_number_enc, id_number_index, name_enc, phone_enc)
                values (?, ?, ?, ?, ?) returning id""")
                .params(regionCode, cipher.encrypt(normalized, ID), index.of("citizen-id", normalized),
                        cipher.encrypt(name, NAME), phone == null ? null : cipher.encrypt(phone, PHONE))
                .query(Long.class).single();
        audit.record(regionCode, "PERSON_REGISTERED", "person", String.valueOf(pid), null,
                Masking.idNumber(normalized) + " " + Masking.name(name));
        return pid;
    }

    /** Finds a person by ID number within a region, without decrypting anything. */
    public Optional<Long> findByIdNumber(String regionCode, String idNumber) {
        return jdbc.sql("select id from person where region_code = ? and id_number_index = ?")
                .params(regionCode, index.of("citizen-id", idNumber)).query(Long.class).optional();
    }

    public MaskedPerson masked(LiangxianUser viewer, long personId) {
        RevealedPerson p = load(personId);
        access.requireVisible(viewer, owner(p));
        return new MaskedPerson(p.id(), p.regionCode(), Masking.idNumber(p.idNumber()), Masking.name(p.name()),
                Masking.phone(p.phone()));
    }

    /** The full data, for a role that must see it; every reveal is audited with its reason. */
    @Transactional
    public RevealedPerson reveal(LiangxianUser viewer, long personId, String reason) {
        RevealedPerson p = load(personId);
        access.requireVisible(viewer, owner(p));
        access.requireRole(viewer, MAY_UNMASK);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REASON_REQUIRED");
        }
        audit.record(p.regionCode(), "PERSONAL_DATA_REVEALED", "person", String.valueOf(p.id()), null,
                "reason: " + reason.trim());
        return p;
    }

    private static AccessPolicy.Owner owner(RevealedPerson p) {
        return new AccessPolicy.Owner(p.regionCode(), null, p.id(), null);
    }

    private RevealedPerson load(long personId) {
        return jdbc.sql("select * from person where id = ?").param(personId)
                .query((rs, i) -> new RevealedPerson(rs.getLong("id"), rs.getString("region_code"),
                        cipher.decrypt(rs.getString("id_number_enc"), ID), cipher.decrypt(rs.getString("name_enc"), NAME),
                        cipher.decrypt(rs.getString("phone_enc"), PHONE)))
                .optional().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }
}
