package cn.liangxian.collection;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;

/**
 * A person's contribution record for eligibility: the months that count (assessed for her, and the bill that
 * carries them paid in full by the date asked about), cumulative and continuous, and whether arrears suspend her
 * benefits on a date (the region's {@code arrears.suspend_benefits} after {@code arrears.suspend_after_months}
 * consecutive months unpaid past their due dates). Settlement and benefits ask {@link #months} and
 * {@link #benefitStatus}.
 */
@Service
public class ContributionRecords {

    /** Months that count as of a date. {@code continuous}: the run of consecutive counted months ending at the last. */
    public record Months(long personId, LocalDate asOf, int cumulative, int continuous, String firstPeriod,
            String lastPeriod, List<String> periods, List<String> unpaidPeriods) {
    }

    /** Whether arrears suspend a person's benefits on a date, from when, why. */
    public record BenefitStatus(long personId, LocalDate date, boolean suspended, LocalDate suspendedFrom,
            List<String> periodsInArrears, List<ExplanationStep> reasons) {
    }

    /** A month of the person's record: its bill, due date and whether it was paid in full by the date. */
    record Month(YearMonth period, String payer, LocalDate dueDate, boolean paid) {
    }

    private final JdbcClient jdbc;
    private final PersonDirectory persons;
    private final AccessPolicy access;
    private final PolicyBook policy;

    ContributionRecords(JdbcClient jdbc, PersonDirectory persons, AccessPolicy access, PolicyBook policy) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.access = access;
        this.policy = policy;
    }

    /** The months as of a date: agency readers of her region, or the person herself. */
    public Months months(LiangxianUser viewer, long personId, LocalDate asOf) {
        String region = visible(viewer, personId);
        return months(region, personId, asOf);
    }

    /** The same without an access check, for services that check it themselves (eligibility). */
    public Months months(String region, long personId, LocalDate asOf) {
        List<Month> all = record(region, personId, asOf);
        YearMonth until = YearMonth.from(asOf);
        List<String> counted = new ArrayList<>();
        List<String> unpaid = new ArrayList<>();
        YearMonth prev = null;
        int run = 0;
        for (Month m : all) {
            if (m.period().isAfter(until)) {
                continue;
            }
            if (m.paid()) {
                counted.add(CollectionSupport.key(m.period()));
                run = prev != null && prev.plusMonths(1).equals(m.period()) ? run + 1 : 1;
                prev = m.period();
            } else {
                unpaid.add(CollectionSupport.key(m.period()));
            }
        }
        return new Months(personId, asOf, counted.size(), run, counted.isEmpty() ? null : counted.get(0),
                counted.isEmpty() ? null : counted.get(counted.size() - 1), counted, unpaid);
    }

    /** Whether arrears suspend her benefits on a date: agency readers of her region, or the person herself. */
    public BenefitStatus benefitStatus(LiangxianUser viewer, long personId, LocalDate date) {
        String region = visible(viewer, personId);
        return benefitStatus(region, personId, date);
    }

    public BenefitStatus benefitStatus(String region, long personId, LocalDate date) {
        PolicyView view = policy.at(region, date);
        Explanation ex = new Explanation();
        ResolvedParam suspends = ex.use("arrears", view.get("arrears.suspend_benefits"));
        ResolvedParam after = ex.use("arrears", view.get("arrears.suspend_after_months"));
        List<String> inArrears = new ArrayList<>();
        LocalDate from = null;
        YearMonth prev = null;
        int run = 0;
        for (Month m : record(region, personId, date)) {
            boolean overdue = !m.paid() && date.isAfter(m.dueDate());
            if (!overdue) {
                run = 0;
                prev = null;
                continue;
            }
            inArrears.add(CollectionSupport.key(m.period()));
            run = prev != null && prev.plusMonths(1).equals(m.period()) ? run + 1 : 1;
            prev = m.period();
            if (run == after.integer()) {
                from = m.dueDate().plusDays(1);
            }
        }
        boolean suspended = suspends.bool() && from != null && !from.isAfter(date);
        ex.step("arrears", "periodsInArrears", inArrears.isEmpty() ? "—" : String.join(", ", inArrears),
                "截至 / as of " + date + " 逾期未缴清的费款所属期 / periods unpaid past their due dates");
        ex.step("arrears", "suspended", suspended ? "是 / yes" : "否 / no", suspended
                ? "连续欠缴达到 " + after.integer() + " 个月，自 " + from + " 起暂停享受待遇 / suspended from " + from
                : suspends.bool() ? "未连续欠缴 " + after.integer() + " 个月 / fewer consecutive months in arrears"
                        : "本统筹区欠缴不暂停待遇 / arrears do not suspend benefits here");
        return new BenefitStatus(personId, date, suspended, suspended ? from : null, inArrears, ex.steps());
    }

    private String visible(LiangxianUser viewer, long personId) {
        PersonDirectory.MaskedPerson p = persons.masked(viewer, personId);
        if (viewer.role() == Role.EMPLOYER_HR) {
            throw Assessments.notFound();
        }
        if (viewer.role().isAgency()) {
            access.requireRole(viewer, CollectionSupport.READERS);
        }
        return p.regionCode();
    }

    /** The person's assessed months in order: the current version of each, with its bill paid by the date or not. */
    private List<Month> record(String region, long personId, LocalDate asOf) {
        List<Object[]> rows = jdbc.sql("""
                select period, payer from (select distinct on (period) period, payer, covered,
                                                  employer_amount + employee_amount as total
                                             from assessment where region_code = ? and person_id = ?
                                            order by period, version desc) x
                 where covered and total > 0 order by period""")
                .params(region, personId).query((rs, i) -> new Object[] { rs.getString(1), rs.getString(2) }).list();
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, Object[]> bills = new HashMap<>();
        jdbc.sql("""
                select b.period, b.payer, b.employer_due + b.employee_due, b.due_date,
                       coalesce((select sum(l.applied) from payment_line l where l.region_code = b.region_code
                                   and l.period = b.period and l.payer = b.payer and l.paid_on <= ?), 0)
                  from collection_bill b
                 where b.region_code = ? and (b.period, b.payer) in (select x.period, x.payer from unnest(?::text[], ?::text[]) as x(period, payer))""")
                .params(asOf, region, "{" + String.join(",", rows.stream().map(r -> (String) r[0]).toList()) + "}",
                        "{" + String.join(",", rows.stream().map(r -> (String) r[1]).toList()) + "}")
                .query((rs, i) -> bills.put(rs.getString(1) + rs.getString(2), new Object[] { rs.getBigDecimal(3),
                        rs.getDate(4).toLocalDate(), rs.getBigDecimal(5) }))
                .list();
        List<Month> out = new ArrayList<>();
        for (Object[] r : rows) {
            Object[] b = bills.get((String) r[0] + r[1]);
            if (b == null) {
                continue;
            }
            boolean paid = ((BigDecimal) b[2]).compareTo((BigDecimal) b[0]) >= 0;
            out.add(new Month(CollectionSupport.fromKey((String) r[0]), (String) r[1], (LocalDate) b[1], paid));
        }
        return out;
    }
}
