package cn.liangxian.collection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.contribution.ContributionSchedule;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The rate-adjustment simulator (费率确定与动态调整机制): for a proposed merged employer rate, the employer income it
 * would bring on a period's assessed bases (the current versions of the period's employees), the difference to the
 * rate in force, and what a year of it does to the pooled fund's months of payment ({@link FundRunway}). It
 * changes nothing: a rate change itself is a dated policy parameter with its document.
 */
@Service
public class RateSimulator {

    public record Simulation(String regionCode, String period, LocalDate asOf, BigDecimal currentRate,
            BigDecimal proposedRate, long employees, BigDecimal employerBaseTotal, BigDecimal currentMonthlyIncome,
            BigDecimal proposedMonthlyIncome, BigDecimal monthlyDifference, BigDecimal annualDifference,
            FundRunway.Runway runway, BigDecimal monthsAfterYearAtCurrentRate, BigDecimal monthsAfterYearAtProposedRate,
            List<ExplanationStep> explanation) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final Schedules schedules;
    private final FundRunway runway;

    RateSimulator(JdbcClient jdbc, AccessPolicy access, Schedules schedules, FundRunway runway) {
        this.jdbc = jdbc;
        this.access = access;
        this.schedules = schedules;
        this.runway = runway;
    }

    public Simulation simulate(LiangxianUser viewer, String region, String period, BigDecimal proposedRate,
            LocalDate asOf) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region == null ? "" : region));
        if (proposedRate == null || proposedRate.signum() <= 0 || proposedRate.compareTo(BigDecimal.ONE) >= 0
                || proposedRate.stripTrailingZeros().scale() > 6) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_RATE",
                    proposedRate == null ? "-" : proposedRate.toPlainString());
        }
        YearMonth p = CollectionSupport.period(period);
        String key = CollectionSupport.key(p);
        ContributionSchedule s = schedules.forPeriod(region, p).schedule();
        Object[] totals = jdbc.sql("""
                select count(*), coalesce(sum(employer_base), 0), coalesce(sum(employer_amount), 0) from (
                    select distinct on (person_id) covered, kind, employer_base, employer_amount from assessment
                     where region_code = ? and period = ? order by person_id, version desc) x
                 where covered and kind = 'EMPLOYEE'""")
                .params(region, key).query((rs, i) -> new Object[] { rs.getLong(1), rs.getBigDecimal(2), rs.getBigDecimal(3) })
                .single();
        long n = (Long) totals[0];
        BigDecimal bases = ((BigDecimal) totals[1]).setScale(2);
        BigDecimal current = ((BigDecimal) totals[2]).setScale(2);
        if (n == 0) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "COLLECTION_NOTHING_ASSESSED", key);
        }
        BigDecimal proposed = s.round(bases.multiply(proposedRate));
        BigDecimal diff = proposed.subtract(current);
        BigDecimal annual = diff.multiply(BigDecimal.valueOf(12));
        FundRunway.Runway r = runway.at(region, asOf);
        BigDecimal twelve = BigDecimal.valueOf(12);
        BigDecimal afterCurrent = null;
        BigDecimal afterProposed = null;
        if (r.avgMonthlyExpenditure() != null && r.avgMonthlyExpenditure().signum() > 0) {
            BigDecimal yearEnd = r.reserves().add(twelve.multiply(r.avgMonthlyIncome().subtract(r.avgMonthlyExpenditure())));
            afterCurrent = yearEnd.divide(r.avgMonthlyExpenditure(), 2, RoundingMode.HALF_UP);
            afterProposed = yearEnd.add(annual).divide(r.avgMonthlyExpenditure(), 2, RoundingMode.HALF_UP);
        }
        Explanation ex = new Explanation();
        List<ExplanationStep> rules = new ArrayList<>(s.parameters());
        ex.step("simulation", "employees", String.valueOf(n), "费款所属期 " + p + " 在职职工核定人数 / employees assessed");
        ex.step("simulation", "employerBaseTotal", bases.toPlainString(), "单位缴费基数合计 / sum of employer bases");
        ex.step("simulation", "currentMonthlyIncome", current.toPlainString(),
                "现行费率 " + s.employerRate().toPlainString() + " 下核定的单位缴费合计 / employer amounts assessed");
        ex.step("simulation", "proposedMonthlyIncome", proposed.toPlainString(), bases.toPlainString() + " × "
                + proposedRate.toPlainString() + "（合计后舍入，不逐人舍入 / rounded once on the total）");
        ex.step("simulation", "annualDifference", annual.toPlainString(), "(" + proposed.toPlainString() + " − "
                + current.toPlainString() + ") × 12");
        ex.step("simulation", "fundFigures", r.asOf().toString(), String.join("；", r.notes()));
        if (afterCurrent != null) {
            ex.step("simulation", "monthsOfPayment", r.months().toPlainString(), "当前可支付月数 = 结余 "
                    + r.reserves().toPlainString() + " ÷ 月均支出 " + r.avgMonthlyExpenditure().toPlainString()
                    + "（" + r.asOf() + "，基金风险预警口径）/ months of payment now, as the fund's risk indicators reckon it");
            ex.step("simulation", "monthsAfterYear", afterCurrent + " → " + afterProposed,
                    "一年后可支付月数 = (结余 " + r.reserves().toPlainString() + " + 12 × (月均收入 "
                            + r.avgMonthlyIncome().toPlainString() + " − 月均支出 " + r.avgMonthlyExpenditure().toPlainString()
                            + ") [+ 年增收 " + annual.toPlainString() + "]) ÷ 月均支出 / months of payment after a year");
        }
        rules.addAll(ex.steps());
        return new Simulation(region, key, asOf, s.employerRate(), proposedRate, n, bases, current, proposed, diff,
                annual, r, afterCurrent, afterProposed, rules);
    }
}
