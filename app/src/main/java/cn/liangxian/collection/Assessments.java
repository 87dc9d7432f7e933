package cn.liangxian.collection;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.contribution.ContributionKind;
import cn.liangxian.policy.contribution.ContributionSchedule;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * Reading assessments: one person's versions per period with the explanation of each (re-derived from what the row
 * stores and the rules its run recorded, so it is the explanation of the stored figures), and the lines of a
 * payer's bill (masked).
 */
@Service
public class Assessments {

    /** One version of one person's assessment for a period. {@code type}: ASSESSMENT, SUPPLEMENT or REFUND. */
    public record Version(String regionCode, String period, long personId, int version, long runId, String type,
            boolean covered, String kind, String payer, boolean declared, BigDecimal wage, BigDecimal base,
            String clamp, BigDecimal employerBase, String employerClamp, BigDecimal employerRate,
            BigDecimal employeeRate, BigDecimal employerAmount, BigDecimal employeeAmount, BigDecimal employerDelta,
            BigDecimal employeeDelta, List<ExplanationStep> explanation) {
        public BigDecimal total() {
            return employerAmount.add(employeeAmount);
        }
    }

    /** One person on a payer's bill (her current version), masked. */
    public record BillLine(long personId, String idNumber, String name, int version, String kind, BigDecimal wage,
            boolean declared, BigDecimal base, String clamp, BigDecimal employerBase, BigDecimal employerRate,
            BigDecimal employeeRate, BigDecimal employerAmount, BigDecimal employeeAmount) {
        public BigDecimal total() {
            return employerAmount.add(employeeAmount);
        }
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final PersonDirectory persons;
    private final Schedules schedules;

    Assessments(JdbcClient jdbc, AccessPolicy access, PersonDirectory persons, Schedules schedules) {
        this.jdbc = jdbc;
        this.access = access;
        this.persons = persons;
        this.schedules = schedules;
    }

    /** A person's assessments (every version, newest period first), for agency readers, herself or her employer. */
    public List<Version> ofPerson(LiangxianUser viewer, long personId, String period) {
        PersonDirectory.MaskedPerson p = persons.masked(viewer, personId);
        if (viewer.role().isAgency()) {
            access.requireRole(viewer, CollectionSupport.READERS);
        }
        String key = period == null || period.isBlank() ? null : CollectionSupport.key(CollectionSupport.period(period));
        List<Object[]> rows = jdbc.sql("""
                select a.*, r.avg_wage as run_avg, r.avg_source as run_source from assessment a
                  join assessment_run r on r.region_code = a.region_code and r.id = a.run_id
                 where a.region_code = ? and a.person_id = ? and (?::text is null or a.period = ?::text)
                 order by a.period desc, a.version desc""")
                .params(p.regionCode(), personId, key, key)
                .query((rs, i) -> new Object[] { AssessmentJob.row(rs), rs.getString("period"), rs.getLong("run_id"),
                        rs.getString("prev_payer"), rs.getBigDecimal("prev_employer"), rs.getBigDecimal("prev_employee"),
                        rs.getBigDecimal("run_avg"), rs.getString("run_source") })
                .list();
        List<Version> out = new ArrayList<>();
        for (Object[] o : rows) {
            AssessmentJob.Row r = (AssessmentJob.Row) o[0];
            if (viewer.role() == Role.EMPLOYER_HR && !viewer.employerUscc().equals(r.payer())) {
                continue;
            }
            out.add(version(p.regionCode(), (String) o[1], (long) o[2], r, (BigDecimal) o[4], (BigDecimal) o[5],
                    (BigDecimal) o[6], (String) o[7]));
        }
        return out;
    }

    private Version version(String region, String period, long runId, AssessmentJob.Row r, BigDecimal prevEmployer,
            BigDecimal prevEmployee, BigDecimal runAvg, String runSource) {
        BigDecimal de = r.employerAmount().subtract(prevEmployer);
        BigDecimal dp = r.employeeAmount().subtract(prevEmployee);
        String type = r.version() == 1 ? "ASSESSMENT" : de.add(dp).signum() < 0 ? "REFUND" : "SUPPLEMENT";
        List<ExplanationStep> steps;
        if (r.covered()) {
            ContributionSchedule s = schedules.replay(region, CollectionSupport.fromKey(period), runAvg, runSource);
            steps = s.explain(ContributionKind.valueOf(r.kind()), r.declared() ? r.wage() : null, r.employerAvg(),
                    r.with510());
        } else {
            steps = List.of(new ExplanationStep("assessment", "covered", "—",
                    null, null, "当月已无职工医保参保记录，原核定全额冲减 / no longer insured in the month: the earlier assessment is reversed"));
        }
        return new Version(region, period, r.personId(), r.version(), runId, type, r.covered(), r.kind(), r.payer(),
                r.declared(), r.wage(), r.base(), r.clamp(), r.employerBase(), r.employerClamp(), r.employerRate(),
                r.employeeRate(), r.employerAmount(), r.employeeAmount(), de, dp, steps);
    }

    /** The people on a payer's bill for a period: their current versions (agency readers of the region, or the employer). */
    public List<BillLine> billLines(LiangxianUser viewer, String region, String payer, String period) {
        Bills.requirePayerVisible(access, viewer, region, payer);
        String key = CollectionSupport.key(CollectionSupport.period(period));
        List<AssessmentJob.Row> rows = jdbc.sql("""
                select * from (select distinct on (person_id) * from assessment
                                where region_code = ? and period = ?
                                  and person_id in (select person_id from assessment
                                                     where region_code = ? and period = ? and payer = ?)
                                order by person_id, version desc) x
                 where payer = ? and covered order by person_id""")
                .params(region, key, region, key, payer, payer).query((rs, i) -> AssessmentJob.row(rs)).list();
        Map<Long, PersonDirectory.MaskedPerson> people = persons.loadAll(rows.stream().map(AssessmentJob.Row::personId)
                .toList()).stream().map(PersonDirectory::masked)
                .collect(Collectors.toMap(PersonDirectory.MaskedPerson::id, x -> x));
        return rows.stream().map(r -> {
            PersonDirectory.MaskedPerson m = people.get(r.personId());
            return new BillLine(r.personId(), m == null ? "—" : m.idNumber(), m == null ? "—" : m.name(), r.version(),
                    r.kind(), r.wage(), r.declared(), r.base(), r.clamp(), r.employerBase(), r.employerRate(),
                    r.employeeRate(), r.employerAmount(),
                    r.employeeAmount());
        }).toList();
    }

    /**
     * The rules a payer's bill of a period was assessed by: those of the newest run that wrote one of its lines, as
     * that run recorded them (rates, band, rounding, due date, each with its source). Readers of the bill only.
     */
    public List<ExplanationStep> billRules(LiangxianUser viewer, String region, String payer, String period) {
        Bills.requirePayerVisible(access, viewer, region, payer);
        String key = CollectionSupport.key(CollectionSupport.period(period));
        return jdbc.sql("""
                select r.avg_wage, r.avg_source from assessment_run r
                 where r.region_code = ? and r.id = (select max(run_id) from assessment
                                                      where region_code = ? and period = ? and payer = ?)""")
                .params(region, region, key, payer)
                .query((rs, i) -> schedules.replay(region, CollectionSupport.fromKey(key), rs.getBigDecimal(1),
                        rs.getString(2)).parameters())
                .optional().orElse(List.of());
    }

    /** The period's schedule a region's readers look at (the rules a new run would use). */
    public List<ExplanationStep> rules(LiangxianUser viewer, String region, String period) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region == null ? "" : region));
        YearMonth p = CollectionSupport.period(period);
        return schedules.forPeriod(region, p).schedule().parameters();
    }

    static ApiException notFound() {
        return new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
    }
}
