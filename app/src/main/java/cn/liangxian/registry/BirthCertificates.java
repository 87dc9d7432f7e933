package cn.liangxian.registry;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.TableFile;

/**
 * The health commission's birth service certificates (《生育服务证》 and 《再生育服务证》), which Chongqing
 * requires the agency to check (渝府办发〔2017〕99号 三(一)). Imported from a file or pushed by the health
 * commission's system; each batch is checked row by row and written all or nothing. The parents' certificate
 * numbers and names are stored encrypted, with the same blind index as a person's own certificate number,
 * so that a person's record finds her certificates without decrypting anything. A certificate, once
 * recorded, is never overwritten: the same content again changes nothing, different content is refused.
 */
@Service
public class BirthCertificates {

    static final String MOTHER_ID = "birth_certificate.mother_id";
    static final String MOTHER_NAME = "birth_certificate.mother_name";
    static final String FATHER_ID = "birth_certificate.father_id";
    static final String FATHER_NAME = "birth_certificate.father_name";
    static final String REQUIRED = "registry.birth_certificate.required";

    /** Who may import or push certificates: the agency's clerks, and the system administrator who runs the link. */
    static final Set<Role> IMPORTERS = EnumSet.of(Role.AGENCY_CLERK, Role.SYSTEM_ADMIN);
    /** Agency staff who may look a person's certificates up (the person herself may too). */
    static final Set<Role> READERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER,
            Role.SUPERVISOR);

    /** 证号: letters, digits, CJK and the punctuation certificate numbers use; no spaces. */
    private static final Pattern CERT_NO = Pattern.compile("[\\p{L}\\p{N}()（）〔〕\\[\\]【】#/._-]+");
    /** The length bounds of free text, as for a person's name in the registry. */
    private static final int MAX_CERT_NO = 40;
    private static final int MAX_NAME = 60;
    private static final int MAX_ISSUER = 100;
    private static final List<DateTimeFormatter> DATES = List.of(DateTimeFormatter.ISO_LOCAL_DATE,
            DateTimeFormatter.ofPattern("uuuu/M/d"), DateTimeFormatter.ofPattern("uuuuMMdd"),
            DateTimeFormatter.ofPattern("uuuu年M月d日"), DateTimeFormatter.ofPattern("uuuu.M.d"))
            .stream().map(f -> f.withResolverStyle(ResolverStyle.STRICT)).toList();

    /** The two certificates (证件种类). */
    public enum Kind implements Bilingual {
        FIRST("生育服务证", "Birth service certificate"),
        SUBSEQUENT("再生育服务证", "Certificate for a further birth");

        private final String zh;
        private final String en;

        Kind(String zh, String en) {
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

        static Optional<Kind> read(String text) {
            return Bilingual.parse(Kind.class, text)
                    .or(() -> java.util.Arrays.stream(values()).filter(k -> k.zh.equals(text.strip())).findFirst());
        }
    }

    /** Where a batch came from. */
    public enum Source {
        UPLOAD, PUSH
    }

    /** What became of one row. {@code VALID}: it passed its checks, but the batch was refused for other rows. */
    public enum RowResult {
        ACCEPTED, UNCHANGED, VALID, ERROR
    }

    /** One reason a row is refused, with the field it concerns, in Chinese and English. */
    public record Problem(String field, String code, String zh, String en) {
    }

    public record RowOutcome(int row, String certNo, RowResult result, List<Problem> problems) {
    }

    /**
     * The answer to a batch: {@code ACCEPTED} (everything written or already there) or {@code REJECTED} (nothing
     * written; every bad row listed with its reasons).
     */
    public record ImportResult(String regionCode, Source source, String status, int total, int accepted,
            int unchanged, int errors, String code, String message, String messageZh, String messageEn,
            List<RowOutcome> rows) {
        public boolean rejected() {
            return "REJECTED".equals(status);
        }
    }

    /** A certificate as shown: the parents' numbers and names masked; {@code relation} is the person's part in it. */
    public record CertificateView(long id, String regionCode, String certNo, Kind kind, String kindZh, String kindEn,
            String relation, String motherCertType, String motherCertNumber, String motherName, String fatherCertType,
            String fatherCertNumber, String fatherName, LocalDate issuedOn, Integer childOrder, String issuer,
            String source) {
    }

    /** Whether the region requires the check on a date, and why (the parameter's reference). */
    public record Requirement(String regionCode, LocalDate date, boolean required, String reference,
            String confidence, String note) {
    }

    /** A row after its checks. */
    record Valid(String certNo, Kind kind, CertType motherType, String motherNumber, String motherName,
            CertType fatherType, String fatherNumber, String fatherName, LocalDate issuedOn, Integer childOrder,
            String issuer) {
    }

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final BlindIndex index;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final PolicyBook policy;
    private final MessageSource messages;

    BirthCertificates(JdbcClient jdbc, PersonalDataCipher cipher, BlindIndex index, AccessPolicy access,
            AuditTrail audit, PolicyBook policy, MessageSource messages) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.index = index;
        this.access = access;
        this.audit = audit;
        this.policy = policy;
        this.messages = messages;
    }

    // ------------------------------------------------------------------ import

    /** Imports an uploaded file (xlsx or UTF-8 CSV with a header row). */
    @Transactional
    public ImportResult upload(LiangxianUser by, String regionCode, String fileName, byte[] content, LocalDate today) {
        String region = importRegion(by, regionCode);
        return importRows(by, region, Source.UPLOAD, CertificateFile.read(fileName, content), today);
    }

    /** Imports certificates pushed by the health commission's system as JSON objects. */
    @Transactional
    public ImportResult push(LiangxianUser by, String regionCode, List<Map<String, Object>> items, LocalDate today) {
        String region = importRegion(by, regionCode);
        return importRows(by, region, Source.PUSH, CertificateFile.fromJson(items), today);
    }

    private ImportResult importRows(LiangxianUser by, String region, Source source, List<TableFile.RawRow> rows,
            LocalDate today) {
        Map<String, Existing> existing = existing(region, rows);
        Map<String, Integer> firstRowOf = new HashMap<>();
        List<RowOutcome> outcomes = new ArrayList<>();
        List<Valid> toInsert = new ArrayList<>();
        int errors = 0;
        int unchanged = 0;
        for (TableFile.RawRow raw : rows) {
            List<Problem> problems = new ArrayList<>();
            Valid v = check(raw.fields(), today, problems);
            String certNo = raw.fields().get("certNo");
            if (v != null) {
                Integer first = firstRowOf.putIfAbsent(v.certNo(), raw.row());
                if (first != null) {
                    problems.add(problem("certNo", "CERT_DUPLICATE_IN_FILE", first));
                    v = null;
                }
            }
            RowResult result;
            if (v == null) {
                result = RowResult.ERROR;
            } else if (existing.containsKey(v.certNo())) {
                List<String> differs = existing.get(v.certNo()).differences(v, index);
                if (differs.isEmpty()) {
                    result = RowResult.UNCHANGED;
                } else {
                    problems.add(problem("certNo", "CERT_CONFLICT", v.certNo(), String.join(", ", differs)));
                    result = RowResult.ERROR;
                }
            } else {
                result = RowResult.ACCEPTED;
                toInsert.add(v);
            }
            if (result == RowResult.ERROR) {
                errors++;
            } else if (result == RowResult.UNCHANGED) {
                unchanged++;
            }
            outcomes.add(new RowOutcome(raw.row(), certNo, result, List.copyOf(problems)));
        }
        if (errors > 0) {
            List<RowOutcome> marked = outcomes.stream().map(o -> o.result() == RowResult.ACCEPTED
                    ? new RowOutcome(o.row(), o.certNo(), RowResult.VALID, o.problems()) : o).toList();
            return result(region, source, "REJECTED", marked, 0, unchanged, errors, "CERT_IMPORT_REJECTED",
                    errors, rows.size());
        }
        for (Valid v : toInsert) {
            insert(by, region, source, v);
        }
        audit.record(region, "BIRTH_CERTIFICATES_IMPORTED", "birth_certificate_batch", source.name(), null,
                rows.size() + " rows: " + toInsert.size() + " accepted, " + unchanged + " unchanged");
        return result(region, source, "ACCEPTED", outcomes, toInsert.size(), unchanged, 0, "CERT_IMPORT_ACCEPTED",
                toInsert.size(), unchanged);
    }

    private ImportResult result(String region, Source source, String status, List<RowOutcome> rows, int accepted,
            int unchanged, int errors, String code, Object... args) {
        String zh = messages.getMessage("error." + code, args, code, Locale.SIMPLIFIED_CHINESE);
        String en = messages.getMessage("error." + code, args, code, Locale.ENGLISH);
        boolean english = "en".equals(org.springframework.context.i18n.LocaleContextHolder.getLocale().getLanguage());
        return new ImportResult(region, source, status, rows.size(), accepted, unchanged, errors, code,
                english ? en : zh, zh, en, rows);
    }

    private void insert(LiangxianUser by, String region, Source source, Valid v) {
        int n = jdbc.sql("""
                insert into birth_certificate (region_code, cert_no, cert_kind, mother_cert_type, mother_index,
                       mother_id_enc, mother_name_enc, father_cert_type, father_index, father_id_enc, father_name_enc,
                       issued_on, child_order, issuer, source, created_by)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                on conflict (region_code, cert_no) do nothing""")
                .params(region, v.certNo(), v.kind().name(), v.motherType().name(),
                        index.of(v.motherType().indexKind(), v.motherNumber()), cipher.encrypt(v.motherNumber(), MOTHER_ID),
                        cipher.encrypt(v.motherName(), MOTHER_NAME),
                        v.fatherType() == null ? null : v.fatherType().name(),
                        v.fatherType() == null ? null : index.of(v.fatherType().indexKind(), v.fatherNumber()),
                        cipher.encrypt(v.fatherNumber(), FATHER_ID), cipher.encrypt(v.fatherName(), FATHER_NAME),
                        v.issuedOn(), v.childOrder(), v.issuer(), source.name(), by.getUsername())
                .update();
        if (n == 0) {
            // recorded by another batch since this one was checked: refuse the batch rather than overwrite
            throw new ApiException(HttpStatus.CONFLICT, "CERT_CONCURRENT_IMPORT", v.certNo());
        }
    }

    /** The region a batch goes to: the one named, or the importer's only region. */
    private String importRegion(LiangxianUser by, String regionCode) {
        access.requireRole(by, IMPORTERS);
        String region = regionCode == null || regionCode.isBlank() ? null : regionCode.strip();
        if (region == null) {
            if (by.regions().size() != 1) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "CERT_REGION_REQUIRED");
            }
            region = by.regions().iterator().next();
        }
        if (policy.jurisdiction(region).isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_REGION");
        }
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        return region;
    }

    // ------------------------------------------------------------------ lookup

    /**
     * A person's certificates (as mother or father), masked: for agency staff of her region and for the person
     * herself. Anyone else gets 404 for a person outside their scope, 403 for a role this family is closed to.
     */
    public List<CertificateView> lookup(LiangxianUser viewer, long personId) {
        Optional<PersonKey> person = personKey(personId);
        if (viewer.role() == Role.INSURED) {
            if (person.isEmpty() || !Long.valueOf(personId).equals(viewer.personId())) {
                throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
            }
        } else {
            access.requireRole(viewer, READERS);
            if (person.isEmpty()) {
                throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
            }
            access.requireVisible(viewer, AccessPolicy.Owner.region(person.get().regionCode()));
        }
        return certificates(person.get());
    }

    /** The same for other services (benefits), which check access themselves; an unknown person has none. */
    public List<CertificateView> forPerson(long personId) {
        return personKey(personId).map(this::certificates).orElse(List.of());
    }

    /**
     * Whether the region requires the health commission's certificate to be checked on a date
     * ({@code registry.birth_certificate.required}), with the reference the answer rests on.
     */
    public Requirement requiredOn(String regionCode, LocalDate date) {
        ResolvedParam p = policy.at(regionCode, date).get(REQUIRED);
        return new Requirement(regionCode, date, p.bool(), p.reference(), p.confidence().label(), p.note());
    }

    private record PersonKey(long id, String regionCode, String index) {
    }

    private Optional<PersonKey> personKey(long personId) {
        return jdbc.sql("select id, region_code, id_number_index from person where id = ?").param(personId)
                .query((rs, i) -> new PersonKey(rs.getLong(1), rs.getString(2), rs.getString(3))).optional();
    }

    private List<CertificateView> certificates(PersonKey p) {
        return jdbc.sql("""
                select * from birth_certificate where region_code = ? and (mother_index = ? or father_index = ?)
                 order by issued_on, id""")
                .params(p.regionCode(), p.index(), p.index())
                .query((rs, i) -> {
                    Kind kind = Kind.valueOf(rs.getString("cert_kind"));
                    String fatherType = rs.getString("father_cert_type");
                    return new CertificateView(rs.getLong("id"), rs.getString("region_code"), rs.getString("cert_no"),
                            kind, kind.zh(), kind.en(),
                            p.index().equals(rs.getString("mother_index")) ? "MOTHER" : "FATHER",
                            rs.getString("mother_cert_type"),
                            Masking.idNumber(cipher.decrypt(rs.getString("mother_id_enc"), MOTHER_ID)),
                            Masking.name(cipher.decrypt(rs.getString("mother_name_enc"), MOTHER_NAME)), fatherType,
                            Masking.idNumber(cipher.decrypt(rs.getString("father_id_enc"), FATHER_ID)),
                            Masking.name(cipher.decrypt(rs.getString("father_name_enc"), FATHER_NAME)),
                            rs.getDate("issued_on").toLocalDate(), rs.getObject("child_order", Integer.class),
                            rs.getString("issuer"), rs.getString("source"));
                }).list();
    }

    // ------------------------------------------------------------------ row checks

    /** Checks one row; adds every problem found and answers null if there was any. */
    Valid check(Map<String, String> f, LocalDate today, List<Problem> problems) {
        if (f.containsKey("_unknown")) {
            problems.add(problem("-", "CERT_UNKNOWN_FIELD", f.get("_unknown")));
        }
        if (f.containsKey("_extra")) {
            problems.add(problem("-", "CERT_EXTRA_CELLS"));
        }
        String certNo = f.get("certNo");
        if (certNo == null) {
            problems.add(problem("certNo", "CERT_NO_MISSING"));
        } else if (certNo.length() > MAX_CERT_NO || !CERT_NO.matcher(certNo).matches()) {
            problems.add(problem("certNo", "CERT_NO_INVALID", certNo));
            certNo = null;
        }
        Kind kind = null;
        if (f.get("kind") == null) {
            problems.add(problem("kind", "CERT_KIND_INVALID", "-"));
        } else {
            kind = Kind.read(f.get("kind")).orElse(null);
            if (kind == null) {
                problems.add(problem("kind", "CERT_KIND_INVALID", f.get("kind")));
            }
        }
        Parent mother = parent("mother", f, today, problems, true);
        Parent father = f.containsKey("fatherCertNumber") || f.containsKey("fatherName") || f.containsKey("fatherCertType")
                ? parent("father", f, today, problems, false) : null;
        if (mother != null && father != null && mother.type() == father.type()
                && mother.number().equals(father.number())) {
            problems.add(problem("fatherCertNumber", "CERT_PARENTS_SAME"));
        }
        LocalDate issued = null;
        String issuedText = f.get("issuedOn");
        if (issuedText == null) {
            problems.add(problem("issuedOn", "CERT_ISSUED_ON_INVALID", "-"));
        } else {
            issued = date(issuedText);
            if (issued == null) {
                problems.add(problem("issuedOn", "CERT_ISSUED_ON_INVALID", issuedText));
            } else if (issued.isAfter(today)) {
                problems.add(problem("issuedOn", "CERT_ISSUED_ON_FUTURE", issued));
                issued = null;
            } else if (mother != null && mother.birthDate() != null && !issued.isAfter(mother.birthDate())) {
                problems.add(problem("issuedOn", "CERT_ISSUED_BEFORE_MOTHER_BORN", issued));
                issued = null;
            }
        }
        Integer childOrder = null;
        if (f.get("childOrder") != null) {
            // 孩次 1 to 9, the range the table admits
            if (!f.get("childOrder").matches("[1-9]")) {
                problems.add(problem("childOrder", "CERT_CHILD_ORDER_INVALID", f.get("childOrder")));
            } else {
                childOrder = Integer.valueOf(f.get("childOrder"));
            }
        }
        String issuer = f.get("issuer");
        if (issuer != null && issuer.codePointCount(0, issuer.length()) > MAX_ISSUER) {
            problems.add(problem("issuer", "CERT_ISSUER_TOO_LONG", MAX_ISSUER));
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new Valid(certNo, kind, mother.type(), mother.number(), mother.name(),
                father == null ? null : father.type(), father == null ? null : father.number(),
                father == null ? null : father.name(), issued, childOrder, issuer);
    }

    private record Parent(CertType type, String number, String name, LocalDate birthDate) {
    }

    /** The mother's (required) or father's (optional, but complete when given) certificate and name. */
    private Parent parent(String who, Map<String, String> f, LocalDate today, List<Problem> problems, boolean mother) {
        String typeField = who + "CertType";
        String numberField = who + "CertNumber";
        String nameField = who + "Name";
        String prefix = mother ? "CERT_MOTHER_" : "CERT_FATHER_";
        boolean ok = true;
        CertType type = CertType.RESIDENT_ID;
        String typeText = f.get(typeField);
        if (typeText != null) {
            Optional<CertType> t = Bilingual.parse(CertType.class, typeText).or(() -> java.util.Arrays
                    .stream(CertType.values()).filter(c -> c.zh().equals(typeText)).findFirst());
            if (t.isEmpty()) {
                problems.add(problem(typeField, prefix + "CERT_TYPE_INVALID", typeText));
                ok = false;
            } else {
                type = t.get();
            }
        }
        String number = f.get(numberField);
        String name = f.get(nameField);
        if (!mother && (number == null || name == null)) {
            problems.add(problem(number == null ? numberField : nameField, "CERT_FATHER_INCOMPLETE"));
            return null;
        }
        Identifiers.Certificate cert = null;
        if (ok) {
            Identifiers.Check c = Identifiers.certificate(type, number, today);
            if (!c.valid()) {
                problems.add(problem(numberField, prefix + "ID_INVALID", c.reasonZh(), c.reasonEn()));
                ok = false;
            } else {
                cert = Identifiers.parseCertificate(type, number, today);
                if (cert.male() != null && cert.male() == mother) {
                    problems.add(problem(numberField, mother ? "CERT_MOTHER_NOT_FEMALE" : "CERT_FATHER_NOT_MALE"));
                    ok = false;
                }
            }
        }
        if (name == null || name.codePointCount(0, name.length()) > MAX_NAME) {
            problems.add(problem(nameField, prefix + "NAME_INVALID", MAX_NAME));
            ok = false;
        }
        return ok ? new Parent(type, cert.number(), name, cert.birthDate()) : null;
    }

    private static LocalDate date(String text) {
        for (DateTimeFormatter f : DATES) {
            try {
                return LocalDate.parse(text, f);
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return null;
    }

    private Problem problem(String field, String code, Object... args) {
        String key = "error." + code;
        return new Problem(field, code, messages.getMessage(key, args, code, Locale.SIMPLIFIED_CHINESE),
                messages.getMessage(key, args, code, Locale.ENGLISH));
    }

    // ------------------------------------------------------------------ what is already recorded

    /** A recorded certificate, decrypted only to compare it with a row that carries the same number. */
    private record Existing(Kind kind, CertType motherType, String motherIndex, String motherName, CertType fatherType,
            String fatherIndex, String fatherName, LocalDate issuedOn, Integer childOrder, String issuer) {

        List<String> differences(Valid v, BlindIndex index) {
            List<String> d = new ArrayList<>();
            diff(d, "kind", kind, v.kind());
            diff(d, "motherCertType", motherType, v.motherType());
            diff(d, "motherCertNumber", motherIndex, index.of(v.motherType().indexKind(), v.motherNumber()));
            diff(d, "motherName", motherName, v.motherName());
            diff(d, "fatherCertType", fatherType, v.fatherType());
            diff(d, "fatherCertNumber", fatherIndex,
                    v.fatherType() == null ? null : index.of(v.fatherType().indexKind(), v.fatherNumber()));
            diff(d, "fatherName", fatherName, v.fatherName());
            diff(d, "issuedOn", issuedOn, v.issuedOn());
            diff(d, "childOrder", childOrder, v.childOrder());
            diff(d, "issuer", issuer, v.issuer());
            return d;
        }

        private static void diff(List<String> d, String field, Object a, Object b) {
            if (!Objects.equals(a, b)) {
                d.add(field);
            }
        }
    }

    private Map<String, Existing> existing(String region, List<TableFile.RawRow> rows) {
        List<String> numbers = rows.stream().map(r -> r.fields().get("certNo")).filter(Objects::nonNull).distinct()
                .toList();
        Map<String, Existing> out = new LinkedHashMap<>();
        if (numbers.isEmpty()) {
            return out;
        }
        jdbc.sql("select * from birth_certificate where region_code = ? and cert_no = any(?)")
                .params(region, numbers.toArray(String[]::new))
                .query((rs, i) -> {
                    String fatherType = rs.getString("father_cert_type");
                    out.put(rs.getString("cert_no"), new Existing(Kind.valueOf(rs.getString("cert_kind")),
                            CertType.valueOf(rs.getString("mother_cert_type")), rs.getString("mother_index"),
                            cipher.decrypt(rs.getString("mother_name_enc"), MOTHER_NAME),
                            fatherType == null ? null : CertType.valueOf(fatherType), rs.getString("father_index"),
                            cipher.decrypt(rs.getString("father_name_enc"), FATHER_NAME),
                            rs.getDate("issued_on").toLocalDate(), rs.getObject("child_order", Integer.class),
                            rs.getString("issuer")));
                    return null;
                }).list();
        return out;
    }
}
