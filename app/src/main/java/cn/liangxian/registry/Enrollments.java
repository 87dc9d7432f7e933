package cn.liangxian.registry;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.web.ApiException;

/**
 * Enrollment (参保关系): one act enrolls an employee in employee medical insurance (310) and maternity
 * insurance (510) from the same date; leaving ends both; a move between employers leaves no gap and no
 * overlap. From the region's merger date on an employee cannot hold 310 without 510. Flexible workers
 * enroll in 310 themselves; an insured man may register his unemployed wife for maternity medical cover.
 * Coverage periods run from {@code startDate} to {@code endDate}, both inclusive; the database refuses two
 * periods of one person in one insurance type that overlap.
 */
@Service
public class Enrollments {

    public static final String MEDICAL = "310";
    public static final String MATERNITY = "510";
    static final Set<String> BOTH = Set.of(MEDICAL, MATERNITY);
    static final Set<Role> CLERKS = EmployerRegistry.CLERKS;

    /** Why a coverage period exists. */
    public enum Source {
        ENROLLMENT, LEGACY_IMPORT, CENSUS_FIX, ROSTER
    }

    /** One coverage period of one person in one insurance type. */
    public record Period(long id, String regionCode, long personId, String insuranceType, String basis,
            String employerUscc, LocalDate startDate, LocalDate endDate, String source, String endReason) {
        boolean covers(LocalDate d) {
            return !startDate.isAfter(d) && (endDate == null || !endDate.isBefore(d));
        }
    }

    /** A spouse registration: the wife is covered for maternity medical costs through her husband. */
    public record SpouseRegistration(long id, String regionCode, long wifeId, long husbandId, LocalDate startDate,
            LocalDate endDate) {
    }

    /** Who is being enrolled: an existing person by id (agency), or by certificate and name (found or registered). */
    public record Enrollee(Long personId, CertType certType, String certNumber, String name, String sex,
            String phone) {
        public static Enrollee of(long personId) {
            return new Enrollee(personId, null, null, null, null, null);
        }
    }

    private final JdbcClient jdbc;
    private final PersonDirectory persons;
    private final EmployerRegistry employers;
    private final PolicyBook policy;
    private final AccessPolicy access;
    private final AuditTrail audit;

    Enrollments(JdbcClient jdbc, PersonDirectory persons, EmployerRegistry employers, PolicyBook policy,
            AccessPolicy access, AuditTrail audit) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.employers = employers;
        this.policy = policy;
        this.access = access;
        this.audit = audit;
    }

    // ---------------------------------------------------------------- employees

    /**
     * Enrolls an employee with an employer from {@code start} (增员). From the merger date on both 310 and 510
     * are created in one transaction; before it (imported history) the types may be given separately.
     */
    @Transactional
    public List<Period> enrollEmployee(LiangxianUser by, Enrollee who, String uscc, LocalDate start,
            Set<String> types, Source source) {
        String region = employerRegion(by, uscc);
        long personId = resolve(by, region, who, start);
        requireDate(start);
        Set<String> wanted = types == null || types.isEmpty() ? BOTH : Set.copyOf(types);
        if (!BOTH.containsAll(wanted)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_INSURANCE_TYPE");
        }
        LocalDate merger = mergerDate(region, start);
        if (!start.isBefore(merger) && !wanted.equals(BOTH)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "MATERNITY_REQUIRED_AFTER_MERGER",
                    merger.toString(), mergerRef(region, start));
        }
        if (source == Source.LEGACY_IMPORT && !start.isBefore(merger)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "LEGACY_AFTER_MERGER", merger.toString());
        }
        if (source == Source.LEGACY_IMPORT) {
            access.requireRole(by, CLERKS);
        }
        requireActiveEmployer(region, uscc, start);
        List<Period> created = new ArrayList<>();
        for (String type : new java.util.TreeSet<>(wanted)) {
            requireFree(personId, type, start, null);
            created.add(insert(by, region, personId, type, "EMPLOYEE", uscc, start, null, source));
        }
        audit.record(region, "ENROLLED", "person", String.valueOf(personId), null,
                String.join("+", new java.util.TreeSet<>(wanted)) + " employer " + uscc + " from " + start);
        return created;
    }

    /**
     * Ends an employee's open coverage with her employer on {@code lastDay} (减员): 310 and 510 together.
     * An employer may end only its own employees' coverage.
     */
    @Transactional
    public List<Period> endEmployee(LiangxianUser by, long personId, String uscc, LocalDate lastDay, String reason) {
        String region = employerRegion(by, uscc);
        requireDate(lastDay);
        List<Period> open = open(personId).stream().filter(p -> uscc.equals(p.employerUscc())).toList();
        if (open.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "NOT_ENROLLED");
        }
        List<Period> ended = close(open, lastDay, reason == null || reason.isBlank() ? "减员" : reason.strip());
        audit.record(region, "ENROLLMENT_ENDED", "person", String.valueOf(personId), "employer " + uscc,
                "last day " + lastDay);
        return ended;
    }

    /**
     * Moves an employee to another employer from {@code start}: the old coverage ends the day before and
     * the new one begins that day, in one transaction (no gap, no overlap).
     */
    @Transactional
    public List<Period> transfer(LiangxianUser by, long personId, String toUscc, LocalDate start, String reason) {
        access.requireRole(by, CLERKS);
        person(by, personId);
        requireDate(start);
        List<Period> open = open(personId).stream().filter(p -> "EMPLOYEE".equals(p.basis())).toList();
        if (open.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "NOT_ENROLLED");
        }
        String from = open.get(0).employerUscc();
        if (from.equals(toUscc)) {
            throw new ApiException(HttpStatus.CONFLICT, "SAME_EMPLOYER");
        }
        String region = employerRegion(by, toUscc);
        requireActiveEmployer(region, toUscc, start);
        close(open, start.minusDays(1), reason == null || reason.isBlank() ? "转移至 " + toUscc : reason.strip());
        List<Period> created = enrollEmployee(by, Enrollee.of(personId), toUscc, start, BOTH, Source.ENROLLMENT);
        audit.record(region, "ENROLLMENT_TRANSFERRED", "person", String.valueOf(personId), "employer " + from,
                "employer " + toUscc + " from " + start);
        return created;
    }

    // ---------------------------------------------------------------- flexible workers and spouses

    /** A flexible worker enrolls in 310 herself (or at the window); her maternity cover follows the region's parameters. */
    @Transactional
    public Period enrollFlexible(LiangxianUser by, long personId, LocalDate start) {
        requireDate(start);
        PersonDirectory.RevealedPerson p = person(by, personId);
        if (by.role() != Role.INSURED) {
            access.requireRole(by, CLERKS);
        }
        requireFree(personId, MEDICAL, start, null);
        Period created = insert(by, p.regionCode(), personId, MEDICAL, "FLEXIBLE", null, start, null, Source.ENROLLMENT);
        audit.record(p.regionCode(), "ENROLLED_FLEXIBLE", "person", String.valueOf(personId), null, "310 from " + start);
        return created;
    }

    /** Ends a flexible worker's 310 coverage on {@code lastDay}. */
    @Transactional
    public List<Period> endFlexible(LiangxianUser by, long personId, LocalDate lastDay, String reason) {
        requireDate(lastDay);
        PersonDirectory.RevealedPerson p = person(by, personId);
        if (by.role() != Role.INSURED) {
            access.requireRole(by, CLERKS);
        }
        List<Period> open = open(personId).stream().filter(x -> "FLEXIBLE".equals(x.basis())).toList();
        if (open.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "NOT_ENROLLED");
        }
        List<Period> ended = close(open, lastDay, reason == null || reason.isBlank() ? "停保" : reason.strip());
        audit.record(p.regionCode(), "ENROLLMENT_ENDED", "person", String.valueOf(personId), "flexible",
                "last day " + lastDay);
        return ended;
    }

    /**
     * An insured man registers his unemployed wife for maternity medical coverage from {@code start}, where
     * the region provides it: he must hold 310 on that date, she none of her own.
     */
    @Transactional
    public SpouseRegistration registerSpouse(LiangxianUser by, long wifeId, long husbandId, LocalDate start) {
        requireDate(start);
        PersonDirectory.RevealedPerson husband = person(by, husbandId);
        if (by.role() != Role.INSURED) {
            access.requireRole(by, CLERKS);
        }
        PersonDirectory.RevealedPerson wife = persons.load(wifeId);
        if (!wife.regionCode().equals(husband.regionCode())) {
            throw new ApiException(HttpStatus.CONFLICT, "REGION_MISMATCH");
        }
        String region = husband.regionCode();
        ResolvedParam covered = view(region, start).get("maternity.spouse.medical_covered");
        if (!covered.bool()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "SPOUSE_NOT_PROVIDED", covered.reference());
        }
        if (!"M".equals(husband.sex()) || !"F".equals(wife.sex())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "SPOUSE_SEX");
        }
        if (coverageOn(husbandId, MEDICAL, start).isEmpty()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "HUSBAND_NOT_INSURED", start.toString());
        }
        Optional<Period> own = coverageOn(wifeId, MEDICAL, start).or(() -> coverageOn(wifeId, MATERNITY, start));
        if (own.isPresent()) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "SPOUSE_HAS_OWN_INSURANCE",
                    own.get().insuranceType(), own.get().startDate().toString());
        }
        long id;
        try {
            id = jdbc.sql("""
                    insert into spouse_registration (region_code, wife_id, husband_id, start_date, created_by)
                    values (?, ?, ?, ?, ?) returning id""")
                    .params(region, wifeId, husbandId, start, by.getUsername()).query(Long.class).single();
        } catch (DataIntegrityViolationException e) {
            throw new ApiException(HttpStatus.CONFLICT, "SPOUSE_ALREADY_REGISTERED");
        }
        audit.record(region, "SPOUSE_REGISTERED", "person", String.valueOf(wifeId), null,
                "husband " + husbandId + " from " + start);
        return spouse(id);
    }

    /** Ends a spouse registration on {@code lastDay} (she found work, or the marriage ended). */
    @Transactional
    public SpouseRegistration endSpouse(LiangxianUser by, long registrationId, LocalDate lastDay) {
        requireDate(lastDay);
        SpouseRegistration r = spouse(registrationId);
        person(by, r.husbandId());
        if (by.role() != Role.INSURED) {
            access.requireRole(by, CLERKS);
        }
        if (r.endDate() != null || lastDay.isBefore(r.startDate())) {
            throw new ApiException(HttpStatus.CONFLICT, "INVALID_END_DATE", r.startDate().toString());
        }
        jdbc.sql("update spouse_registration set end_date = ? where id = ?").params(lastDay, registrationId).update();
        audit.record(r.regionCode(), "SPOUSE_ENDED", "person", String.valueOf(r.wifeId()), null, "last day " + lastDay);
        return spouse(registrationId);
    }

    // ---------------------------------------------------------------- as-of queries

    /** One line of why a person is, or is not, maternity-covered on a date. */
    public record Reason(String rule, String value, String reference, String confidence) {
    }

    /**
     * Whether a person was covered for maternity on a date, how (as an employee in 510, a flexible worker in
     * 310, or a registered spouse) and under which employer — what settlement and benefits depend on.
     */
    public record MaternityCoverage(long personId, String regionCode, LocalDate date, boolean covered, String basis,
            String employerUscc, Long husbandId, LocalDate since, boolean medicalCovered, boolean allowanceCovered,
            List<Reason> reasons) {
    }

    public MaternityCoverage maternityCoverageOn(LiangxianUser viewer, long personId, LocalDate date) {
        person(viewer, personId);
        return maternityCoverageOn(personId, date);
    }

    /** The same for other services, which check access themselves. */
    public MaternityCoverage maternityCoverageOn(long personId, LocalDate date) {
        requireDate(date);
        return maternityCoverageOn(personId, persons.load(personId).regionCode(), date);
    }

    /**
     * The same for a caller that knows the person's region already (a hospital encounter records her insured
     * region): reads no personal data.
     */
    public MaternityCoverage maternityCoverageOn(long personId, String region, LocalDate date) {
        requireDate(date);
        List<Reason> why = new ArrayList<>();
        Optional<Period> m = coverageOn(personId, MATERNITY, date);
        if (m.isPresent()) {
            why.add(new Reason("510 生育保险参保 / enrolled in maternity insurance (510)",
                    m.get().startDate() + " — " + (m.get().endDate() == null ? "" : m.get().endDate()) + " "
                            + m.get().employerUscc(), "社会保险法 第五十四条", "law"));
            return new MaternityCoverage(personId, region, date, true, "EMPLOYEE", m.get().employerUscc(), null,
                    m.get().startDate(), true, true, why);
        }
        Optional<Period> med = coverageOn(personId, MEDICAL, date);
        if (med.isPresent() && "FLEXIBLE".equals(med.get().basis())) {
            PolicyView v = view(region, date);
            ResolvedParam medical = v.get("maternity.flexible.medical_covered");
            ResolvedParam allowance = v.get("allowance.flexible_worker_payable");
            why.add(new Reason("310 灵活就业人员参保 / flexible worker in 310", med.get().startDate().toString(), null, null));
            why.add(reason("灵活就业人员生育医疗费用 / flexible workers' maternity medical costs", medical));
            why.add(reason("灵活就业人员生育津贴 / flexible workers' allowance", allowance));
            return new MaternityCoverage(personId, region, date, medical.bool(), "FLEXIBLE", null, null,
                    med.get().startDate(), medical.bool(), allowance.bool(), why);
        }
        if (med.isPresent()) {
            why.add(new Reason("有310无510 / 310 without 510 on this date (census case)",
                    med.get().startDate() + " " + med.get().employerUscc(), "粤府办〔2019〕24号 二(一)1", "seed"));
            return new MaternityCoverage(personId, region, date, false, "EMPLOYEE", med.get().employerUscc(), null,
                    med.get().startDate(), false, false, why);
        }
        Optional<SpouseRegistration> s = spouseOn(personId, date);
        if (s.isPresent()) {
            PolicyView v = view(region, date);
            ResolvedParam provided = v.get("maternity.spouse.medical_covered");
            boolean husbandInsured = coverageOn(s.get().husbandId(), MEDICAL, date).isPresent();
            why.add(new Reason("配偶登记 / spouse registration", s.get().startDate() + " husband " + s.get().husbandId(),
                    null, null));
            why.add(reason("未就业配偶生育医疗费用 / unemployed spouse's maternity medical costs", provided));
            why.add(new Reason("丈夫当日参加职工医保 / husband insured in 310 on this date", String.valueOf(husbandInsured),
                    "社会保险法 第五十四条", "law"));
            boolean covered = provided.bool() && husbandInsured;
            return new MaternityCoverage(personId, region, date, covered, "SPOUSE", null, s.get().husbandId(),
                    s.get().startDate(), covered, false, why);
        }
        why.add(new Reason("当日无参保记录 / no coverage on this date", "-", null, null));
        return new MaternityCoverage(personId, region, date, false, "NONE", null, null, null, false, false, why);
    }

    /** A person's whole coverage history and spouse registrations, for the timeline view. */
    public record Timeline(PersonDirectory.MaskedPerson person, List<Period> periods,
            List<SpouseRegistration> spouseRegistrations) {
    }

    public Timeline timeline(LiangxianUser viewer, long personId) {
        PersonDirectory.RevealedPerson p = person(viewer, personId);
        List<Period> periods = jdbc.sql("select * from coverage where person_id = ? order by start_date, insurance_type")
                .param(personId).query(Enrollments::period).list();
        if (viewer.role() == Role.EMPLOYER_HR) {
            periods = periods.stream().filter(x -> viewer.employerUscc().equals(x.employerUscc())).toList();
        }
        List<SpouseRegistration> spouses = viewer.role() == Role.EMPLOYER_HR ? List.of()
                : jdbc.sql("select * from spouse_registration where wife_id = ? or husband_id = ? order by start_date")
                        .params(personId, personId).query(Enrollments::spouse).list();
        return new Timeline(PersonDirectory.masked(p), periods, spouses);
    }

    /** One employee on an employer's roster on a date, masked. */
    public record RosterLine(long personId, String idNumber, String name, String sex, LocalDate medicalSince,
            LocalDate maternitySince) {
    }

    /** The employer's employees covered on a date. */
    public List<RosterLine> roster(LiangxianUser viewer, String uscc, LocalDate date) {
        String region = employerRegion(viewer, uscc);
        access.requireVisible(viewer, new AccessPolicy.Owner(region, uscc, null, null));
        List<Period> on = jdbc.sql("""
                select * from coverage where region_code = ? and employer_uscc = ? and start_date <= ?
                   and (end_date is null or end_date >= ?) order by person_id, insurance_type""")
                .params(region, uscc, date, date).query(Enrollments::period).list();
        java.util.Map<Long, PersonDirectory.RevealedPerson> people = new java.util.HashMap<>();
        persons.loadAll(on.stream().map(Period::personId).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new)))
                .forEach(p -> people.put(p.id(), p));
        java.util.Map<Long, RosterLine> lines = new java.util.LinkedHashMap<>();
        for (Period x : on) {
            PersonDirectory.MaskedPerson mp = PersonDirectory.masked(people.get(x.personId()));
            RosterLine old = lines.get(x.personId());
            LocalDate med = MEDICAL.equals(x.insuranceType()) ? x.startDate() : old == null ? null : old.medicalSince();
            LocalDate mat = MATERNITY.equals(x.insuranceType()) ? x.startDate() : old == null ? null : old.maternitySince();
            lines.put(x.personId(), new RosterLine(x.personId(), mp.idNumber(), mp.name(), mp.sex(), med, mat));
        }
        return List.copyOf(lines.values());
    }

    // ---------------------------------------------------------------- helpers shared with the census and imports

    /** The period of one type covering a date, if any. */
    public Optional<Period> coverageOn(long personId, String type, LocalDate date) {
        return jdbc.sql("""
                select * from coverage where person_id = ? and insurance_type = ? and start_date <= ?
                   and (end_date is null or end_date >= ?)""")
                .params(personId, type, date, date).query(Enrollments::period).optional();
    }

    Optional<SpouseRegistration> spouseOn(long wifeId, LocalDate date) {
        return jdbc.sql("""
                select * from spouse_registration where wife_id = ? and start_date <= ?
                   and (end_date is null or end_date >= ?)""")
                .params(wifeId, date, date).query(Enrollments::spouse).optional();
    }

    /** The region's merger date (the value of {@code merger.date} as the region's rules stand on {@code date}). */
    public LocalDate mergerDate(String region, LocalDate date) {
        return view(region, date).get("merger.date").date();
    }

    private String mergerRef(String region, LocalDate date) {
        return view(region, date).get("merger.date").reference();
    }

    /** The region's rules on a date, or on the first date the region has rules for (old imported history). */
    PolicyView view(String region, LocalDate date) {
        LocalDate from = policy.jurisdiction(region).orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST,
                "UNKNOWN_REGION")).rulesFrom();
        return policy.at(region, date.isBefore(from) ? from : date);
    }

    Period insert(LiangxianUser by, String region, long personId, String type, String basis, String uscc,
            LocalDate start, LocalDate end, Source source) {
        try {
            return jdbc.sql("""
                    insert into coverage (region_code, person_id, insurance_type, basis, employer_uscc, start_date,
                                          end_date, source, created_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning *""")
                    .params(region, personId, type, basis, uscc, start, end, source.name(), by.getUsername())
                    .query(Enrollments::period).single();
        } catch (DataIntegrityViolationException e) {
            throw overlap(personId, type, start);
        }
    }

    private void requireFree(long personId, String type, LocalDate start, LocalDate end) {
        Optional<Period> clash = jdbc.sql("""
                select * from coverage where person_id = ? and insurance_type = ?
                   and daterange(start_date, end_date, '[]') && daterange(?, ?, '[]') order by start_date limit 1""")
                .params(personId, type, start, end).query(Enrollments::period).optional();
        if (clash.isPresent()) {
            throw overlap(clash.get());
        }
    }

    private ApiException overlap(long personId, String type, LocalDate start) {
        return coverageOn(personId, type, start).map(this::overlap)
                .orElseGet(() -> new ApiException(HttpStatus.CONFLICT, "COVERAGE_OVERLAP", type, "?", "?"));
    }

    private ApiException overlap(Period clash) {
        String with = clash.employerUscc() == null ? "灵活就业 / flexible" : clash.employerUscc();
        return new ApiException(HttpStatus.CONFLICT, "COVERAGE_OVERLAP", clash.insuranceType(), with,
                clash.startDate().toString());
    }

    private List<Period> open(long personId) {
        return jdbc.sql("select * from coverage where person_id = ? and end_date is null order by insurance_type")
                .param(personId).query(Enrollments::period).list();
    }

    private List<Period> close(List<Period> open, LocalDate lastDay, String reason) {
        List<Period> ended = new ArrayList<>();
        for (Period p : open) {
            if (lastDay.isBefore(p.startDate())) {
                throw new ApiException(HttpStatus.CONFLICT, "INVALID_END_DATE", p.startDate().toString());
            }
            ended.add(jdbc.sql("update coverage set end_date = ?, end_reason = ? where id = ? and end_date is null returning *")
                    .params(lastDay, reason, p.id()).query(Enrollments::period).single());
        }
        return ended;
    }

    private void requireActiveEmployer(String region, String uscc, LocalDate date) {
        EmployerRegistry.Status s = employers.statusOn(region, uscc, date).orElse(null);
        if (s != EmployerRegistry.Status.ACTIVE) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "EMPLOYER_NOT_ACTIVE", uscc, date.toString(),
                    s == null ? "-" : s.zh(), s == null ? "-" : s.en());
        }
    }

    /** The employer's region, after checking that the actor may act for it (agency of the region, or its own HR). */
    private String employerRegion(LiangxianUser by, String uscc) {
        if (uscc == null || uscc.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_USCC");
        }
        String u = uscc.trim().toUpperCase(Locale.ROOT);
        String region = employers.regionOf(u).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        if (by.role() == Role.EMPLOYER_HR) {
            access.requireVisible(by, new AccessPolicy.Owner(region, u, null, null));
        } else {
            access.requireRole(by, Role.AGENCY);
            access.requireVisible(by, AccessPolicy.Owner.region(region));
        }
        return region;
    }

    /** Finds (or registers) the enrollee in the employer's region; an existing person's name must match. */
    private long resolve(LiangxianUser by, String region, Enrollee who, LocalDate today) {
        if (who.personId() != null) {
            access.requireRole(by, CLERKS);
            PersonDirectory.RevealedPerson p = persons.load(who.personId());
            if (!p.regionCode().equals(region)) {
                throw new ApiException(HttpStatus.CONFLICT, "REGION_MISMATCH");
            }
            return p.id();
        }
        if (by.role() != Role.EMPLOYER_HR) {
            access.requireRole(by, CLERKS);
        }
        PersonDirectory.NewPerson form = new PersonDirectory.NewPerson(region, who.certType(), who.certNumber(),
                who.name(), who.sex(), null, who.phone());
        PersonDirectory.Validated v = persons.validate(form, LocalDate.now());
        Optional<Long> existing = persons.findByCertificate(region, v.type(), v.number());
        if (existing.isPresent()) {
            if (!persons.load(existing.get()).name().equals(v.name())) {
                throw new ApiException(HttpStatus.CONFLICT, "NAME_MISMATCH");
            }
            return existing.get();
        }
        return persons.register(form, LocalDate.now());
    }

    /** The person, if the actor may see her (agency of her region, or herself). */
    private PersonDirectory.RevealedPerson person(LiangxianUser by, long personId) {
        PersonDirectory.RevealedPerson p = persons.load(personId);
        persons.requireVisible(by, personId);
        return p;
    }

    private static void requireDate(LocalDate d) {
        if (d == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
    }

    private static Reason reason(String rule, ResolvedParam p) {
        return new Reason(rule + " [" + p.key() + "]", p.display(), p.reference(), p.confidence().label());
    }

    private SpouseRegistration spouse(long id) {
        return jdbc.sql("select * from spouse_registration where id = ?").param(id).query(Enrollments::spouse)
                .optional().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    static Period period(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        java.sql.Date end = rs.getDate("end_date");
        return new Period(rs.getLong("id"), rs.getString("region_code"), rs.getLong("person_id"),
                rs.getString("insurance_type"), rs.getString("basis"), rs.getString("employer_uscc"),
                rs.getDate("start_date").toLocalDate(), end == null ? null : end.toLocalDate(), rs.getString("source"),
                rs.getString("end_reason"));
    }

    static SpouseRegistration spouse(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        java.sql.Date end = rs.getDate("end_date");
        return new SpouseRegistration(rs.getLong("id"), rs.getString("region_code"), rs.getLong("wife_id"),
                rs.getLong("husband_id"), rs.getDate("start_date").toLocalDate(), end == null ? null : end.toLocalDate());
    }
}
