package cn.liangxian.collection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.contribution.LateFeeRule;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * Bills (what a payer owes for a period: the sum of its people's current assessments), what was paid on them by a
 * date, arrears (unpaid after the due date) with the late fee up to a date (社会保险法 §86, the region's
 * {@code late_fee.daily_rate}), and the collection rate of a region by period.
 */
@Service
public class Bills {

    /** A bill as of a date. {@code status}: SETTLED, PART_PAID, UNPAID, NOTHING_DUE. */
    public record Bill(String regionCode, String period, String payer, String payerName, int persons,
            BigDecimal employerDue, BigDecimal employeeDue, BigDecimal due, LocalDate dueDate, BigDecimal paid,
            BigDecimal outstanding, String status, boolean overdue, BigDecimal lateFee, BigDecimal lateFeePaid,
            LocalDate asOf) {
    }

    /** A late fee with the steps it was computed by. */
    public record LateFee(BigDecimal amount, LocalDate dueDate, LocalDate asOf, List<ExplanationStep> explanation) {
    }

    /** Collection of one period: what was due, what was paid by the date, and the rate. */
    public record Rate(String period, int bills, BigDecimal due, BigDecimal paid, BigDecimal rate) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final EmployerRegistry employers;
    private final PolicyBook policy;

    Bills(JdbcClient jdbc, AccessPolicy access, EmployerRegistry employers, PolicyBook policy) {
        this.jdbc = jdbc;
        this.access = access;
        this.employers = employers;
        this.policy = policy;
    }

    /** 404 unless the viewer may see the payer's bills: agency readers of the region, the employer, the person. */
    static void requirePayerVisible(AccessPolicy access, LiangxianUser viewer, String region, String payer) {
        if (payer == null || region == null) {
            throw Assessments.notFound();
        }
        if (viewer.role() == Role.EMPLOYER_HR) {
            access.requireVisible(viewer, new AccessPolicy.Owner(region, CollectionSupport.isPersonPayer(payer) ? null
                    : payer, null, null));
        } else if (viewer.role() == Role.INSURED) {
            access.requireVisible(viewer, new AccessPolicy.Owner(region, null,
                    CollectionSupport.isPersonPayer(payer) ? CollectionSupport.payerPerson(payer) : null, null));
        } else {
            access.requireRole(viewer, CollectionSupport.READERS);
            access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        }
    }

    /** The region an employer's (or a person's own) bills are kept in. */
    String regionOfPayer(String payer) {
        if (CollectionSupport.isPersonPayer(payer)) {
            return jdbc.sql("select region_code from person where id = ?").param(CollectionSupport.payerPerson(payer))
                    .query(String.class).optional().orElseThrow(Assessments::notFound);
        }
        return employers.regionOf(payer).orElseThrow(Assessments::notFound);
    }

    /** A payer's bills, newest period first, as of a date. */
    public List<Bill> ofPayer(LiangxianUser viewer, String payer, LocalDate asOf) {
        String region = regionOfPayer(payer);
        requirePayerVisible(access, viewer, region, payer);
        List<Stored> stored = jdbc.sql("select * from collection_bill where region_code = ? and payer = ? order by period desc")
                .params(region, payer).query((rs, i) -> stored(rs)).list();
        return asOf(region, stored, asOf);
    }

    /** One bill as of a date. */
    public Bill bill(LiangxianUser viewer, String payer, String period, LocalDate asOf) {
        String region = regionOfPayer(payer);
        requirePayerVisible(access, viewer, region, payer);
        String key = CollectionSupport.key(CollectionSupport.period(period));
        Stored s = jdbc.sql("select * from collection_bill where region_code = ? and period = ? and payer = ?")
                .params(region, key, payer).query((rs, i) -> stored(rs)).optional().orElseThrow(Assessments::notFound);
        return asOf(region, List.of(s), asOf).get(0);
    }

    /** A bill's late fee up to a date, with its explanation. */
    public LateFee lateFee(LiangxianUser viewer, String payer, String period, LocalDate asOf) {
        String region = regionOfPayer(payer);
        requirePayerVisible(access, viewer, region, payer);
        String key = CollectionSupport.key(CollectionSupport.period(period));
        Stored s = jdbc.sql("select * from collection_bill where region_code = ? and period = ? and payer = ?")
                .params(region, key, payer).query((rs, i) -> stored(rs)).optional().orElseThrow(Assessments::notFound);
        Explanation ex = new Explanation();
        BigDecimal fee = lateFee(region, s, payments(region, List.of(s), asOf).getOrDefault(s.period() + s.payer(),
                List.of()), asOf, ex);
        return new LateFee(fee, s.dueDate(), asOf, ex.steps());
    }

    /** The region's bills in arrears on a date (unpaid after their due date), oldest first, with late fees. */
    public List<Bill> arrears(LiangxianUser viewer, String region, LocalDate asOf, int limit) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region == null ? "" : region));
        List<Stored> stored = jdbc.sql("""
                select b.* from collection_bill b
                  left join (select period, payer, sum(applied) as paid from payment_line
                              where region_code = ? and paid_on <= ? group by period, payer) p
                         on p.period = b.period and p.payer = b.payer
                 where b.region_code = ? and b.due_date < ?
                   and b.employer_due + b.employee_due > coalesce(p.paid, 0)
                 order by b.period, b.payer limit ?""")
                .params(region, asOf, region, asOf, limit).query((rs, i) -> stored(rs)).list();
        return asOf(region, stored, asOf);
    }

    /** The collection rate of a region's periods: paid by {@code asOf} ÷ due, per period (oldest first). */
    public List<Rate> rates(LiangxianUser viewer, String region, String from, String to, LocalDate asOf) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region == null ? "" : region));
        String f = CollectionSupport.key(CollectionSupport.period(from));
        String t = CollectionSupport.key(CollectionSupport.period(to));
        return jdbc.sql("""
                select b.period, count(*), sum(b.employer_due + b.employee_due), coalesce(sum(p.paid), 0)
                  from collection_bill b
                  left join (select period, payer, sum(applied) as paid from payment_line
                              where region_code = ? and paid_on <= ? group by period, payer) p
                         on p.period = b.period and p.payer = b.payer
                 where b.region_code = ? and b.period between ? and ?
                 group by b.period order by b.period""")
                .params(region, asOf, region, f, t)
                .query((rs, i) -> {
                    BigDecimal due = rs.getBigDecimal(3);
                    BigDecimal paid = rs.getBigDecimal(4);
                    BigDecimal rate = due.signum() == 0 ? BigDecimal.ONE.setScale(4)
                            : paid.divide(due, 4, RoundingMode.HALF_UP);
                    return new Rate(rs.getString(1), rs.getInt(2), due, paid, rate);
                }).list();
    }

    // ------------------------------------------------------------------ internals

    record Stored(String region, String period, String payer, int persons, BigDecimal employerDue,
            BigDecimal employeeDue, LocalDate dueDate, BigDecimal lateFeePaid) {
        BigDecimal due() {
            return employerDue.add(employeeDue);
        }
    }

    /** A payment applied to a bill: the amount and the day it was paid. */
    record Applied(BigDecimal amount, LocalDate paidOn) {
    }

    static Stored stored(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Stored(rs.getString("region_code"), rs.getString("period"), rs.getString("payer"),
                rs.getInt("persons"), rs.getBigDecimal("employer_due"), rs.getBigDecimal("employee_due"),
                rs.getDate("due_date").toLocalDate(), rs.getBigDecimal("late_fee_paid"));
    }

    /** The payments applied to the bills by a date, by period + payer, in date order. */
    Map<String, List<Applied>> payments(String region, List<Stored> bills, LocalDate asOf) {
        Map<String, List<Applied>> out = new HashMap<>();
        if (bills.isEmpty()) {
            return out;
        }
        List<String> periods = bills.stream().map(Stored::period).distinct().toList();
        List<String> payers = bills.stream().map(Stored::payer).distinct().toList();
        jdbc.sql("""
                select period, payer, applied, paid_on from payment_line
                 where region_code = ? and period = any(?::text[]) and payer = any(?::text[]) and paid_on <= ?
                   and applied > 0 order by paid_on, file_id, line_no""")
                .params(region, "{" + String.join(",", periods) + "}", "{" + String.join(",", payers) + "}", asOf)
                .query((rs, i) -> out.computeIfAbsent(rs.getString(1) + rs.getString(2), k -> new ArrayList<>())
                        .add(new Applied(rs.getBigDecimal(3), rs.getDate(4).toLocalDate())))
                .list();
        return out;
    }

    private List<Bill> asOf(String region, List<Stored> bills, LocalDate asOf) {
        Map<String, List<Applied>> paid = payments(region, bills, asOf);
        Map<String, String> names = employers.names(region, bills.stream().map(Stored::payer)
                .filter(p -> !CollectionSupport.isPersonPayer(p)).distinct().toList());
        List<Bill> out = new ArrayList<>();
        for (Stored s : bills) {
            List<Applied> lines = paid.getOrDefault(s.period() + s.payer(), List.of());
            BigDecimal p = lines.stream().map(Applied::amount).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
            BigDecimal due = s.due();
            BigDecimal outstanding = due.subtract(p).max(BigDecimal.ZERO.setScale(2));
            String status = due.signum() <= 0 ? "NOTHING_DUE" : p.compareTo(due) >= 0 ? "SETTLED"
                    : p.signum() > 0 ? "PART_PAID" : "UNPAID";
            BigDecimal fee = lateFee(region, s, lines, asOf, null);
            out.add(new Bill(region, s.period(), s.payer(), CollectionSupport.isPersonPayer(s.payer())
                    ? "灵活就业人员 / flexible worker #" + CollectionSupport.payerPerson(s.payer()) : names.getOrDefault(s.payer(),
                            s.payer()),
                    s.persons(), s.employerDue(), s.employeeDue(), due, s.dueDate(), p, outstanding, status,
                    outstanding.signum() > 0 && asOf.isAfter(s.dueDate()), fee, s.lateFeePaid(), asOf));
        }
        return out;
    }

    /**
     * The late fee of a bill up to {@code asOf}: every payment made after the due date for the days it was late,
     * and what is still unpaid on {@code asOf} for the days since the due date; rounded once (the policy engine's
     * {@link LateFeeRule}).
     */
    BigDecimal lateFee(String region, Stored s, List<Applied> lines, LocalDate asOf, Explanation ex) {
        List<LateFeeRule.Overdue> parts = new ArrayList<>();
        BigDecimal remaining = s.due();
        for (Applied a : lines) {
            if (a.paidOn().isAfter(asOf)) {
                continue;
            }
            BigDecimal counted = a.amount().min(remaining.max(BigDecimal.ZERO));
            remaining = remaining.subtract(a.amount());
            if (a.paidOn().isAfter(s.dueDate()) && counted.signum() > 0) {
                parts.add(new LateFeeRule.Overdue(counted, LateFeeRule.daysOverdue(s.dueDate(), a.paidOn())));
            }
        }
        if (remaining.signum() > 0 && asOf.isAfter(s.dueDate())) {
            parts.add(new LateFeeRule.Overdue(remaining, LateFeeRule.daysOverdue(s.dueDate(), asOf)));
        }
        if (parts.isEmpty() && ex == null) {
            return BigDecimal.ZERO.setScale(2);
        }
        YearMonth p = CollectionSupport.fromKey(s.period());
        PolicyView view = policy.at(region, s.dueDate());
        Explanation e = ex == null ? new Explanation() : ex;
        e.step("late-fee", "dueDate", s.dueDate().toString(), "费款所属期 / period " + p + " 的缴费期限 / due date; 计至 / up to "
                + asOf);
        return LateFeeRule.compute(view, parts, e);
    }

    Optional<Stored> find(String region, String period, String payer) {
        return jdbc.sql("select * from collection_bill where region_code = ? and period = ? and payer = ?")
                .params(region, period, payer).query((rs, i) -> stored(rs)).optional();
    }

    static ApiException badRequest(String code, Object... args) {
        return new ApiException(HttpStatus.BAD_REQUEST, code, args);
    }
}
