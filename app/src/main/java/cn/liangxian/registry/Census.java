package cn.liangxian.registry;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.approval.ApprovalDecided;
import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * 摸清底数: the employees who hold employee medical insurance (310) but not maternity insurance (510) on a
 * date, by employer, and the bulk fix that enrolls them in 510 from that date. The fix goes through the
 * four-eyes mechanism when the region's threshold says so; it is applied when an approver approves it.
 */
@Service
public class Census {

    static final String KIND = "census_fix";
    static final Set<Role> VIEWERS = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER,
            Role.SUPERVISOR);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final PersonDirectory persons;
    private final Enrollments enrollments;
    private final EmployerRegistry employers;
    private final FourEyes fourEyes;
    private final AccessPolicy access;
    private final AuditTrail audit;

    Census(JdbcClient jdbc, PersonDirectory persons, Enrollments enrollments, EmployerRegistry employers,
            FourEyes fourEyes, AccessPolicy access, AuditTrail audit) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.enrollments = enrollments;
        this.employers = employers;
        this.fourEyes = fourEyes;
        this.access = access;
        this.audit = audit;
    }

    /** One person with 310 and no 510 on the census date. */
    public record Line(long personId, String idNumber, String name, String sex, LocalDate medicalSince) {
    }

    /** The people of one employer in the census. */
    public record EmployerGroup(String employerUscc, String employerName, List<Line> people) {
    }

    public record Report(String regionCode, LocalDate date, int total, List<EmployerGroup> employers) {
    }

    record Gap(long personId, String employerUscc, LocalDate medicalSince, LocalDate medicalUntil) {
    }

    public Report report(LiangxianUser viewer, String regionCode, LocalDate date) {
        requireViewer(viewer, regionCode);
        if (date == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
        List<Gap> gaps = gaps(regionCode, date);
        Map<Long, PersonDirectory.RevealedPerson> people = persons.loadAll(gaps.stream().map(Gap::personId).toList())
                .stream().collect(Collectors.toMap(PersonDirectory.RevealedPerson::id, p -> p));
        Map<String, String> names = employers.names(regionCode, gaps.stream().map(Gap::employerUscc).toList());
        Map<String, List<Line>> byEmployer = new LinkedHashMap<>();
        for (Gap g : gaps) {
            PersonDirectory.MaskedPerson m = PersonDirectory.masked(people.get(g.personId()));
            byEmployer.computeIfAbsent(g.employerUscc(), k -> new ArrayList<>())
                    .add(new Line(g.personId(), m.idNumber(), m.name(), m.sex(), g.medicalSince()));
        }
        List<EmployerGroup> groups = byEmployer.entrySet().stream()
                .map(e -> new EmployerGroup(e.getKey(), names.get(e.getKey()), e.getValue())).toList();
        return new Report(regionCode, date, gaps.size(), groups);
    }

    /** What a fix request did: filed for approval, or applied at once where the threshold allows. */
    public record FixOutcome(Long approvalId, String status, int people, int enrolled) {
    }

    /**
     * Files the bulk fix for everyone in the census on {@code date}: a four-eyes request (the usual case), or
     * the fix itself when the region's threshold does not call for a second person.
     */
    @Transactional
    public FixOutcome requestFix(LiangxianUser maker, String regionCode, LocalDate date, String reason) {
        requireViewer(maker, regionCode);
        access.requireRole(maker, EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER));
        if (date == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
        LocalDate merger = enrollments.mergerDate(regionCode, date);
        if (date.isBefore(merger)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "CENSUS_BEFORE_MERGER", merger.toString());
        }
        List<Gap> gaps = gaps(regionCode, date);
        if (gaps.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "CENSUS_EMPTY");
        }
        String payload = JSON.writeValueAsString(Map.of("date", date.toString(),
                "personIds", gaps.stream().map(Gap::personId).toList()));
        if (!fourEyes.requiresApproval(regionCode, date, KIND, BigDecimal.valueOf(gaps.size()))) {
            int n = apply(maker.getUsername(), regionCode, date, gaps.stream().map(Gap::personId).toList());
            return new FixOutcome(null, "APPLIED", gaps.size(), n);
        }
        ApprovalRequest r = fourEyes.request(maker, regionCode, KIND,
                "摸清底数：" + gaps.size() + " 人自 " + date + " 补登生育保险 / census fix: " + gaps.size()
                        + " people enrolled in 510 from " + date,
                payload, BigDecimal.valueOf(gaps.size()), reason);
        return new FixOutcome(r.id(), r.status().name(), gaps.size(), 0);
    }

    /** Applies an approved fix, in the approver's transaction. */
    @EventListener
    void on(ApprovalDecided decided) {
        ApprovalRequest r = decided.request();
        if (!KIND.equals(r.kind()) || r.status() != ApprovalRequest.Status.APPROVED) {
            return;
        }
        JsonNode p = JSON.readTree(r.payload());
        LocalDate date = LocalDate.parse(p.get("date").asString());
        List<Long> ids = new ArrayList<>();
        p.get("personIds").forEach(n -> ids.add(n.asLong()));
        apply(r.checker(), r.regionCode(), date, ids);
    }

    /**
     * Enrolls the listed people in 510 from the date with the employer of their 310, up to the end of that 310
     * period (or the day before a later 510 period). People no longer in the census are skipped.
     */
    int apply(String actor, String regionCode, LocalDate date, List<Long> personIds) {
        Map<Long, Gap> byPerson = gaps(regionCode, date).stream().collect(Collectors.toMap(Gap::personId, g -> g));
        int n = 0;
        for (long id : personIds) {
            Gap g = byPerson.get(id);
            if (g == null) {
                continue;
            }
            LocalDate from = date;
            LocalDate until = g.medicalUntil();
            Optional<LocalDate> next510 = jdbc.sql("""
                    select min(start_date) from coverage where person_id = ? and insurance_type = '510' and start_date > ?""")
                    .params(id, from).query(LocalDate.class).optional();
            if (next510.isPresent() && (until == null || !next510.get().minusDays(1).isAfter(until))) {
                until = next510.get().minusDays(1);
            }
            jdbc.sql("""
                    insert into coverage (region_code, person_id, insurance_type, basis, employer_uscc, start_date,
                                          end_date, source, created_by)
                    values (?, ?, '510', 'EMPLOYEE', ?, ?, ?, 'CENSUS_FIX', ?)""")
                    .params(regionCode, id, g.employerUscc(), from, until, actor).update();
            n++;
        }
        audit.record(new AuditTrail.Actor(actor, null, regionCode), "CENSUS_FIX_APPLIED", "region", regionCode, null,
                n + " people enrolled in 510 from " + date);
        return n;
    }

    private List<Gap> gaps(String regionCode, LocalDate date) {
        return jdbc.sql("""
                select c.person_id, c.employer_uscc, c.start_date, c.end_date from coverage c
                 where c.region_code = ? and c.insurance_type = '310' and c.basis = 'EMPLOYEE'
                   and c.start_date <= ? and (c.end_date is null or c.end_date >= ?)
                   and not exists (select 1 from coverage m where m.person_id = c.person_id and m.insurance_type = '510'
                                      and m.start_date <= ? and (m.end_date is null or m.end_date >= ?))
                 order by c.employer_uscc, c.person_id""")
                .params(regionCode, date, date, date, date)
                .query((rs, i) -> new Gap(rs.getLong(1), rs.getString(2), rs.getDate(3).toLocalDate(),
                        rs.getDate(4) == null ? null : rs.getDate(4).toLocalDate()))
                .list();
    }

    private void requireViewer(LiangxianUser viewer, String regionCode) {
        access.requireRole(viewer, VIEWERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(regionCode));
    }
}
