package cn.liangxian.registry;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.Bilingual;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Speculative enrollment (投机参保: 临时参保、挂靠单位参保, 粤府办〔2019〕24号 二(三)7): each maternity event is
 * checked against two rules, and a hit raises a flag with its evidence into supervision's queue.
 * <ul>
 * <li>{@code ENROLLED_SHORTLY_BEFORE_MATERNITY}: the person's current continuous maternity coverage (510 as an
 * employee, 310 as a flexible worker, or a spouse registration; adjacent or overlapping periods, such as a
 * transfer between employers, count as one) began no earlier than {@code registry.speculative.window_months}
 * months before the event. The boundary is inclusive: coverage that began exactly N months before the event
 * is flagged, one day earlier is not.</li>
 * <li>{@code EMPLOYER_ENROLLEES_CLAIM_SOON}: the employer of the person's 510 coverage on the event date has, among
 * the people whose 510 with it began within {@code employer_claim_window_months} before the event (inclusive),
 * at least {@code employer_min_new_enrollees}, and the share of them who are women with a maternity event
 * within {@code employer_claim_window_months} of that start is at least {@code employer_claimant_share}.</li>
 * </ul>
 * One flag per rule and subject (person or employer). A flag, once raised, is not changed by later events:
 * its evidence is what was seen when it was raised, and a cleared or confirmed flag stays decided. Only
 * supervisors clear or confirm, with a reason, audited.
 */
@Service
public class EnrollmentFlags {

    static final String WINDOW = "registry.speculative.window_months";
    static final String EMPLOYER_MIN = "registry.speculative.employer_min_new_enrollees";
    static final String EMPLOYER_WINDOW = "registry.speculative.employer_claim_window_months";
    static final String EMPLOYER_SHARE = "registry.speculative.employer_claimant_share";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Who works the queue. */
    static final Set<Role> QUEUE = EnumSet.of(Role.SUPERVISOR, Role.AGENCY_CLERK, Role.AGENCY_REVIEWER,
            Role.AGENCY_APPROVER);
    /** Who decides a flag. */
    static final Set<Role> DECIDERS = EnumSet.of(Role.SUPERVISOR);

    /**
     * The rules. The third, employers with enrollees but no wage-base declaration for a contribution year, is
     * judged by the collection (which owns the declarations) through {@link #raiseEmployerWithoutWageBase}.
     */
    public enum Rule implements Bilingual {
        ENROLLED_SHORTLY_BEFORE_MATERNITY("参保后短期内即发生生育就医或申请", "Enrolled shortly before a maternity event"),
        EMPLOYER_ENROLLEES_CLAIM_SOON("单位新增参保人员多为参保后即生育的女性", "Employer's new enrollees mostly women claiming soon"),
        EMPLOYER_WITHOUT_WAGE_BASE("单位有参保人员但未申报缴费基数", "Employer with enrollees but no wage base declared");

        private final String zh;
        private final String en;

        Rule(String zh, String en) {
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

    public enum Status implements Bilingual {
        OPEN("待核查", "Open"), CLEARED("已排除", "Cleared"), CONFIRMED("已确认", "Confirmed");

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

    /** One line of a flag's evidence as a clerk reads it: a label key (flags.ev.KEY) and the value. */
    public record EvidenceLine(String key, String value) {
    }

    /** A person named in a flag, masked. */
    public record PersonRef(long id, String idNumber, String name, String sex) {
    }

    /** A flag as the queue shows it. */
    public record Flag(long id, String regionCode, Rule rule, String ruleZh, String ruleEn, Status status,
            String statusZh, String statusEn, String subjectKey, PersonRef person, String employerUscc,
            String employerName, OffsetDateTime raisedAt, Map<String, Object> evidence, List<EvidenceLine> lines,
            List<PersonRef> people, String decidedBy, OffsetDateTime decidedAt, String decisionReason) {
    }

    private final JdbcClient jdbc;
    private final Enrollments enrollments;
    private final PersonDirectory persons;
    private final AccessPolicy access;
    private final AuditTrail audit;

    EnrollmentFlags(JdbcClient jdbc, Enrollments enrollments, PersonDirectory persons, AccessPolicy access,
            AuditTrail audit) {
        this.jdbc = jdbc;
        this.enrollments = enrollments;
        this.persons = persons;
        this.access = access;
        this.audit = audit;
    }

    // ------------------------------------------------------------------ evaluation

    /** Evaluates both rules for a new event, in the caller's transaction; answers the ids of flags raised. */
    List<Long> evaluate(MaternityEvents.Event e) {
        PolicyView view = enrollments.view(e.regionCode(), e.eventDate());
        List<Long> raised = new ArrayList<>();
        shortlyBefore(e, view).ifPresent(raised::add);
        employerPattern(e, view).ifPresent(raised::add);
        return raised;
    }

    /** A period of maternity coverage of any kind. {@code end} null = open. */
    record Span(LocalDate start, LocalDate end, String basis, String employer) {
        boolean covers(LocalDate d) {
            return !start.isAfter(d) && (end == null || !end.isBefore(d));
        }
    }

    /** The continuous maternity coverage around a date: its start, the span it began with and the one on the date. */
    record Continuous(LocalDate start, Span first, Span onDate) {
    }

    /** The person's continuous maternity coverage on a date: adjacent or overlapping periods joined. */
    Optional<Continuous> continuousCoverage(long personId, LocalDate date) {
        List<Span> spans = jdbc.sql("""
                select start_date, end_date, basis, employer_uscc from coverage
                 where person_id = ? and (insurance_type = '510' or (insurance_type = '310' and basis = 'FLEXIBLE'))
                union all
                select start_date, end_date, 'SPOUSE', null from spouse_registration where wife_id = ?
                 order by 1, 2 nulls last""")
                .params(personId, personId)
                .query((rs, i) -> new Span(rs.getDate(1).toLocalDate(),
                        rs.getDate(2) == null ? null : rs.getDate(2).toLocalDate(), rs.getString(3), rs.getString(4)))
                .list();
        Span first = null;
        LocalDate end = null;
        boolean open = false;
        for (Span s : spans) {
            boolean joins = first != null && (open || !s.start().isAfter(end.plusDays(1)));
            if (!joins) {
                if (first != null && !first.start().isAfter(date) && (open || !end.isBefore(date))) {
                    break;
                }
                first = s;
                end = s.end();
                open = s.end() == null;
            } else if (s.end() == null) {
                open = true;
            } else if (!open && s.end().isAfter(end)) {
                end = s.end();
            }
        }
        if (first == null || first.start().isAfter(date) || (!open && end.isBefore(date))) {
            return Optional.empty();
        }
        LocalDate start = first.start();
        Span onDate = spans.stream().filter(s -> s.covers(date) && !s.start().isBefore(start))
                .sorted((a, b) -> Boolean.compare(!"EMPLOYEE".equals(a.basis()), !"EMPLOYEE".equals(b.basis())))
                .findFirst().orElse(first);
        return Optional.of(new Continuous(start, first, onDate));
    }

    private Optional<Long> shortlyBefore(MaternityEvents.Event e, PolicyView view) {
        Optional<Continuous> c = continuousCoverage(e.personId(), e.eventDate());
        if (c.isEmpty()) {
            return Optional.empty();
        }
        ResolvedParam window = view.get(WINDOW);
        LocalDate earliest = e.eventDate().minusMonths(window.integer());
        LocalDate start = c.get().start();
        if (start.isBefore(earliest)) {
            return Optional.empty();
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("event", event(e));
        ev.put("coverageStart", start.toString());
        ev.put("basisAtStart", c.get().first().basis());
        ev.put("employerAtStart", c.get().first().employer());
        ev.put("basisAtEvent", c.get().onDate().basis());
        ev.put("employerAtEvent", c.get().onDate().employer());
        ev.put("monthsBetween", ChronoUnit.MONTHS.between(start, e.eventDate()));
        ev.put("daysBetween", ChronoUnit.DAYS.between(start, e.eventDate()));
        ev.put("windowStart", earliest.toString());
        ev.put("parameters", List.of(param(window)));
        return raise(e.regionCode(), Rule.ENROLLED_SHORTLY_BEFORE_MATERNITY, "person:" + e.personId(), e.personId(),
                c.get().onDate().employer(), ev);
    }

    private Optional<Long> employerPattern(MaternityEvents.Event e, PolicyView view) {
        Optional<Enrollments.Period> m = enrollments.coverageOn(e.personId(), Enrollments.MATERNITY, e.eventDate())
                .filter(p -> "EMPLOYEE".equals(p.basis()));
        if (m.isEmpty()) {
            return Optional.empty();
        }
        String uscc = m.get().employerUscc();
        ResolvedParam min = view.get(EMPLOYER_MIN);
        ResolvedParam months = view.get(EMPLOYER_WINDOW);
        ResolvedParam share = view.get(EMPLOYER_SHARE);
        LocalDate from = e.eventDate().minusMonths(months.integer());
        List<Long> newcomers = jdbc.sql("""
                select distinct person_id from coverage
                 where region_code = ? and employer_uscc = ? and insurance_type = '510' and start_date between ? and ?
                 order by person_id""")
                .params(e.regionCode(), uscc, from, e.eventDate()).query(Long.class).list();
        if (newcomers.size() < min.integer()) {
            return Optional.empty();
        }
        List<Long> claimants = jdbc.sql("""
                select distinct c.person_id from coverage c
                  join person p on p.id = c.person_id
                  join maternity_event m on m.person_id = c.person_id and m.region_code = c.region_code
                   and m.withdrawn_at is null
                 where c.region_code = ? and c.employer_uscc = ? and c.insurance_type = '510'
                   and c.start_date between ? and ? and p.sex = 'F'
                   and m.event_date >= c.start_date
                   and m.event_date <= (c.start_date + make_interval(months => ?))::date
                 order by c.person_id""")
                .params(e.regionCode(), uscc, from, e.eventDate(), months.integer()).query(Long.class).list();
        BigDecimal n = BigDecimal.valueOf(newcomers.size());
        if (BigDecimal.valueOf(claimants.size()).compareTo(share.decimal().multiply(n)) < 0) {
            return Optional.empty();
        }
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("event", event(e));
        ev.put("personId", e.personId());
        ev.put("employer", uscc);
        ev.put("windowFrom", from.toString());
        ev.put("windowTo", e.eventDate().toString());
        ev.put("newEnrollees", newcomers.size());
        ev.put("claimants", claimants.size());
        // shown to four places; the comparison above is exact
        ev.put("share", BigDecimal.valueOf(claimants.size()).divide(n, 4, RoundingMode.HALF_UP).toPlainString());
        ev.put("newEnrolleeIds", newcomers);
        ev.put("claimantIds", claimants);
        ev.put("parameters", List.of(param(min), param(months), param(share)));
        return raise(e.regionCode(), Rule.EMPLOYER_ENROLLEES_CLAIM_SOON, "employer:" + uscc, null, uscc, ev);
    }

    /**
     * Raises {@code EMPLOYER_WITHOUT_WAGE_BASE} for an employer and contribution year with the evidence the
     * collection found (the employer, the year, its enrollees in the year, the declarations it has: none); one flag
     * per employer and year. Answers the flag's id when one was raised now.
     */
    @Transactional
    public Optional<Long> raiseEmployerWithoutWageBase(String region, String uscc, int year, Map<String, Object> evidence) {
        return raise(region, Rule.EMPLOYER_WITHOUT_WAGE_BASE, "employer:" + uscc + ":" + year, null, uscc, evidence);
    }

    private static Map<String, Object> event(MaternityEvents.Event e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("date", e.eventDate().toString());
        m.put("source", e.source());
        m.put("ref", e.sourceRef());
        return m;
    }

    private static Map<String, Object> param(ResolvedParam p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", p.key());
        m.put("value", p.value() instanceof BigDecimal d ? d.toPlainString() : p.value());
        m.put("display", p.display());
        m.put("reference", p.reference());
        m.put("confidence", p.confidence().label());
        if (p.note() != null) {
            m.put("note", p.note());
        }
        return m;
    }

    /** Raises a flag unless one exists for the rule and subject (which is then left as it is). */
    private Optional<Long> raise(String region, Rule rule, String subject, Long personId, String uscc,
            Map<String, Object> evidence) {
        Optional<Long> id = jdbc.sql("""
                insert into enrollment_flag (region_code, rule, subject_key, person_id, employer_uscc, evidence)
                values (?, ?, ?, ?, ?, ?::jsonb) on conflict (region_code, rule, subject_key) do nothing returning id""")
                .params(region, rule.name(), subject, personId, uscc, JSON.writeValueAsString(evidence))
                .query(Long.class).optional();
        id.ifPresent(i -> audit.record(new AuditTrail.Actor("system:enrollment-flags", null, region),
                "ENROLLMENT_FLAG_RAISED", "enrollment_flag", String.valueOf(i), null, rule.name() + " " + subject));
        return id;
    }

    // ------------------------------------------------------------------ the queue

    /** The flags of a region, newest first, optionally of one status. */
    public List<Flag> queue(LiangxianUser viewer, String regionCode, String status) {
        access.requireRole(viewer, QUEUE);
        if (regionCode == null || regionCode.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_REGION");
        }
        access.requireVisible(viewer, AccessPolicy.Owner.region(regionCode));
        Status s = null;
        if (status != null && !status.isBlank()) {
            s = Bilingual.parse(Status.class, status)
                    .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "FLAG_STATUS_INVALID", status));
        }
        List<Row> rows = jdbc.sql("""
                select * from enrollment_flag where region_code = ? and (?::text is null or status = ?::text)
                 order by raised_at desc, id desc""")
                .params(regionCode, s == null ? null : s.name(), s == null ? null : s.name())
                .query((rs, i) -> row(rs)).list();
        return views(rows);
    }

    /** One flag, for the queue's roles of its region. */
    public Flag get(LiangxianUser viewer, long id) {
        access.requireRole(viewer, QUEUE);
        Row r = load(id);
        access.requireVisible(viewer, AccessPolicy.Owner.region(r.regionCode()));
        return views(List.of(r)).get(0);
    }

    /** Supervision found nothing speculative: the flag is cleared, with the reason. */
    @Transactional
    public Flag clear(LiangxianUser by, long id, String reason) {
        return decide(by, id, Status.CLEARED, reason);
    }

    /** Supervision confirms speculative enrollment: the flag is confirmed, with the reason (a case follows). */
    @Transactional
    public Flag confirm(LiangxianUser by, long id, String reason) {
        return decide(by, id, Status.CONFIRMED, reason);
    }

    private Flag decide(LiangxianUser by, long id, Status to, String reason) {
        access.requireRole(by, QUEUE);
        Row r = load(id);
        access.requireVisible(by, AccessPolicy.Owner.region(r.regionCode()));
        access.requireRole(by, DECIDERS);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FLAG_REASON_REQUIRED");
        }
        int n = jdbc.sql("""
                update enrollment_flag set status = ?, decided_by = ?, decided_at = now(), decision_reason = ?
                 where id = ? and status = 'OPEN'""")
                .params(to.name(), by.getUsername(), reason.strip(), id).update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "FLAG_NOT_OPEN", r.status().zh(), r.status().en());
        }
        audit.record(r.regionCode(), "ENROLLMENT_FLAG_" + to.name(), "enrollment_flag", String.valueOf(id),
                Status.OPEN.name(), to.name() + ": " + reason.strip());
        return views(List.of(load(id))).get(0);
    }

    record Row(long id, String regionCode, Rule rule, String subjectKey, Long personId, String employerUscc,
            Map<String, Object> evidence, Status status, OffsetDateTime raisedAt, String decidedBy,
            OffsetDateTime decidedAt, String decisionReason) {
    }

    private Row load(long id) {
        return jdbc.sql("select * from enrollment_flag where id = ?").param(id).query((rs, i) -> row(rs)).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong("id"), rs.getString("region_code"), Rule.valueOf(rs.getString("rule")),
                rs.getString("subject_key"), rs.getObject("person_id", Long.class), rs.getString("employer_uscc"),
                JSON.readValue(rs.getString("evidence"), new TypeReference<Map<String, Object>>() {
                }), Status.valueOf(rs.getString("status")), rs.getObject("raised_at", OffsetDateTime.class),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class),
                rs.getString("decision_reason"));
    }

    /** The rows as shown: people masked (loaded once for the whole list), employers named, evidence in lines. */
    private List<Flag> views(List<Row> rows) {
        Set<Long> ids = new LinkedHashSet<>();
        Set<String> regions = new TreeSet<>();
        for (Row r : rows) {
            regions.add(r.regionCode());
            if (r.personId() != null) {
                ids.add(r.personId());
            }
            ids.addAll(longs(r.evidence().get("newEnrolleeIds")));
            ids.addAll(longs(r.evidence().get("personId")));
        }
        Map<Long, PersonRef> people = persons.loadAll(ids).stream().map(PersonDirectory::masked)
                .collect(Collectors.toMap(PersonDirectory.MaskedPerson::id,
                        p -> new PersonRef(p.id(), p.idNumber(), p.name(), p.sex())));
        Map<String, String> employerNames = new LinkedHashMap<>();
        for (String region : regions) {
            jdbc.sql("select uscc, name from employer where region_code = ?").param(region)
                    .query((rs, i) -> employerNames.put(region + rs.getString(1), rs.getString(2))).list();
        }
        List<Flag> out = new ArrayList<>();
        for (Row r : rows) {
            java.util.function.Function<Object, String> employer = u -> u == null ? "—"
                    : u + " " + employerNames.getOrDefault(r.regionCode() + u, "");
            List<EvidenceLine> lines = lines(r, people, employer);
            List<PersonRef> named = new ArrayList<>();
            Set<Long> mentioned = new LinkedHashSet<>();
            if (r.personId() != null) {
                mentioned.add(r.personId());
            }
            mentioned.addAll(longs(r.evidence().get("personId")));
            mentioned.addAll(longs(r.evidence().get("newEnrolleeIds")));
            mentioned.forEach(i -> Optional.ofNullable(people.get(i)).ifPresent(named::add));
            out.add(new Flag(r.id(), r.regionCode(), r.rule(), r.rule().zh(), r.rule().en(), r.status(),
                    r.status().zh(), r.status().en(), r.subjectKey(),
                    r.personId() == null ? null : people.get(r.personId()), r.employerUscc(),
                    r.employerUscc() == null ? null : employerNames.get(r.regionCode() + r.employerUscc()),
                    r.raisedAt(), r.evidence(), lines, named, r.decidedBy(), r.decidedAt(), r.decisionReason()));
        }
        return out;
    }

    private static List<EvidenceLine> lines(Row r, Map<Long, PersonRef> people,
            java.util.function.Function<Object, String> employer) {
        Map<String, Object> ev = r.evidence();
        List<EvidenceLine> lines = new ArrayList<>();
        if (ev.get("event") instanceof Map<?, ?> e) {
            lines.add(new EvidenceLine("event", e.get("date") + " · " + e.get("source") + " " + e.get("ref")));
        }
        if (r.rule() == Rule.ENROLLED_SHORTLY_BEFORE_MATERNITY) {
            lines.add(new EvidenceLine("coverageStart", ev.get("coverageStart") + " · " + basis(ev.get("basisAtStart"))));
            lines.add(new EvidenceLine("employerAtStart", employer.apply(ev.get("employerAtStart"))));
            lines.add(new EvidenceLine("employerAtEvent", employer.apply(ev.get("employerAtEvent"))));
            lines.add(new EvidenceLine("between", ev.get("monthsBetween") + " · " + ev.get("daysBetween")));
            lines.add(new EvidenceLine("windowStart", String.valueOf(ev.get("windowStart"))));
        } else if (r.rule() == Rule.EMPLOYER_WITHOUT_WAGE_BASE) {
            lines.add(new EvidenceLine("employer", employer.apply(ev.get("employer"))));
            lines.add(new EvidenceLine("contribYear", String.valueOf(ev.get("year"))));
            lines.add(new EvidenceLine("enrolleesInYear", ev.get("enrollees") + ": " + names(ev.get("newEnrolleeIds"), people)));
            lines.add(new EvidenceLine("coveredFrom", String.valueOf(ev.get("coveredFrom"))));
            lines.add(new EvidenceLine("declarations", String.valueOf(ev.get("declarations"))));
            lines.add(new EvidenceLine("checkedOn", String.valueOf(ev.get("checkedOn"))));
        } else {
            lines.add(new EvidenceLine("employer", employer.apply(ev.get("employer"))));
            lines.add(new EvidenceLine("window", ev.get("windowFrom") + " — " + ev.get("windowTo")));
            lines.add(new EvidenceLine("newEnrollees", ev.get("newEnrollees") + ": " + names(ev.get("newEnrolleeIds"), people)));
            lines.add(new EvidenceLine("claimants", ev.get("claimants") + ": " + names(ev.get("claimantIds"), people)));
            lines.add(new EvidenceLine("share", String.valueOf(ev.get("share"))));
        }
        if (ev.get("parameters") instanceof List<?> ps) {
            for (Object o : ps) {
                if (o instanceof Map<?, ?> p) {
                    lines.add(new EvidenceLine("parameter", p.get("key") + " = " + p.get("display") + " · "
                            + p.get("reference") + " (" + p.get("confidence") + ")"));
                }
            }
        }
        return lines;
    }

    private static String basis(Object b) {
        return switch (String.valueOf(b)) {
            case "EMPLOYEE" -> "职工参保 / employee (510)";
            case "FLEXIBLE" -> "灵活就业 / flexible worker (310)";
            case "SPOUSE" -> "配偶登记 / spouse registration";
            default -> String.valueOf(b);
        };
    }

    private static String names(Object ids, Map<Long, PersonRef> people) {
        return longs(ids).stream().map(i -> Optional.ofNullable(people.get(i))
                .map(p -> p.name() + " " + p.idNumber()).orElse("#" + i)).collect(Collectors.joining("; "));
    }

    private static List<Long> longs(Object o) {
        if (o instanceof Number n) {
            return List.of(n.longValue());
        }
        if (o instanceof Collection<?> c) {
            return c.stream().filter(Number.class::isInstance).map(x -> ((Number) x).longValue()).toList();
        }
        return List.of();
    }
}
