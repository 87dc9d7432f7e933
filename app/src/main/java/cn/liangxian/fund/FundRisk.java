package cn.liangxian.fund;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * Risk indicators of a region's pooled fund (基金风险预警), month by month: months of payment (累计结余可支付月数 =
 * the fund balance at the month's end ÷ the average monthly expenditure of the last {@code fund.risk.averaging_months}
 * months, or of the months the book has existed when fewer), year-on-year growth of income and expenditure (this
 * year's to the month against last year's to the same month) and the maternity benefits' share of expenditure
 * (year to date). Each is judged against dated parameters: months of payment below {@code .alert} is an alert,
 * below {@code .warning} a warning, above {@code .excess} an excessive balance; expenditure growing faster than
 * income by {@code fund.risk.growth_gap.warning} and a maternity share at {@code fund.risk.maternity_share.warning}
 * are warnings.
 */
@Service
public class FundRisk {

    /** How an indicator stands. */
    public enum Level {
        NORMAL, EXCESS, WARNING, ALERT
    }

    /** The indicators of one month. Ratios are fractions (0.1234 = 12.34 %), months of payment in months. */
    public record MonthRisk(YearMonth month, BigDecimal balance, BigDecimal income, BigDecimal expenditure,
            BigDecimal averageExpenditure, int monthsAveraged, BigDecimal monthsOfPayment, Level monthsLevel,
            BigDecimal incomeYtd, BigDecimal incomeYtdLastYear, BigDecimal incomeGrowth, BigDecimal expenditureYtd,
            BigDecimal expenditureYtdLastYear, BigDecimal expenditureGrowth, BigDecimal maternityYtd,
            BigDecimal maternityShare) {
    }

    /** One warning: which indicator, in which month, its value and the threshold it crossed with its source. */
    public record Warning(YearMonth month, String indicator, Level level, BigDecimal value, BigDecimal threshold,
            String parameter, String reference, boolean unverified) {
    }

    /** A threshold as in force at the report's last month. */
    public record Threshold(String parameter, BigDecimal value, String reference, boolean unverified) {
    }

    /** The indicators of the months up to {@code to}, the warnings among them and the thresholds. */
    public record RiskReport(String regionCode, String bookCode, YearMonth from, YearMonth to, List<MonthRisk> months,
            List<Warning> warnings, List<Threshold> thresholds) {
    }

    static final String MONTHS = "fund.risk.months_of_payment";
    private static final MathContext MC = MathContext.DECIMAL128;

    private final JdbcClient jdbc;
    private final FundPolicy policy;
    private final FundAccess access;

    FundRisk(JdbcClient jdbc, FundPolicy policy, FundAccess access) {
        this.jdbc = jdbc;
        this.policy = policy;
        this.access = access;
    }

    /** The indicators of the {@code count} months (1–60, default 12) up to {@code month} (default: last month). */
    public RiskReport report(LiangxianUser viewer, String region, String month, Integer count) {
        access.requireReader(viewer, region);
        YearMonth to = month == null || month.isBlank() ? YearMonth.now(FundLedger.ZONE).minusMonths(1)
                : FundLedger.period(month);
        int n = count == null ? 12 : count;
        if (n < 1 || n > 60) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_RISK_MONTHS_INVALID", String.valueOf(n));
        }
        return report(region, to.minusMonths(n - 1L), to);
    }

    RiskReport report(String region, YearMonth from, YearMonth to) {
        Monthly m = monthly(region, to);
        List<MonthRisk> months = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        for (YearMonth ym = from; !ym.isAfter(to); ym = ym.plusMonths(1)) {
            MonthRisk r = month(region, m, ym);
            months.add(r);
            warnings.addAll(judge(region, r));
        }
        PolicyView v = policy.at(region, to.atEndOfMonth());
        List<Threshold> thresholds = new ArrayList<>();
        for (String key : List.of(MONTHS + ".alert", MONTHS + ".warning", MONTHS + ".excess",
                "fund.risk.growth_gap.warning", "fund.risk.maternity_share.warning", "fund.risk.averaging_months")) {
            ResolvedParam p = v.get(key);
            thresholds.add(new Threshold(key, p.value() instanceof Integer i ? BigDecimal.valueOf(i) : p.decimal(),
                    p.reference(), p.confidence().isUnverified()));
        }
        return new RiskReport(region, Book.POOLED, from, to, months, warnings, thresholds);
    }

    /** The indicators of one month. */
    MonthRisk month(String region, Monthly m, YearMonth ym) {
        PolicyView v = policy.at(region, ym.atEndOfMonth());
        int window = v.get("fund.risk.averaging_months").integer();
        BigDecimal balance = m.cumulative(ym, Monthly.BALANCE);
        int existed = m.first == null || m.first.isAfter(ym) ? 0
                : (int) Math.min(window, java.time.temporal.ChronoUnit.MONTHS.between(m.first, ym) + 1);
        BigDecimal spent = BigDecimal.ZERO;
        for (int k = 0; k < existed; k++) {
            spent = spent.add(m.get(ym.minusMonths(k), Monthly.EXPENDITURE));
        }
        BigDecimal average = existed == 0 ? null : spent.divide(BigDecimal.valueOf(existed), 2, RoundingMode.HALF_UP);
        BigDecimal months = null;
        Level level = Level.NORMAL;
        if (existed > 0 && spent.signum() > 0) {
            BigDecimal exact = balance.multiply(BigDecimal.valueOf(existed)).divide(spent, MC);
            months = exact.setScale(2, RoundingMode.HALF_UP);
            level = levelOf(v, exact);
        }
        BigDecimal incomeYtd = m.yearToDate(ym, Monthly.INCOME);
        BigDecimal incomePrev = m.yearToDate(ym.minusYears(1), Monthly.INCOME);
        BigDecimal expYtd = m.yearToDate(ym, Monthly.EXPENDITURE);
        BigDecimal expPrev = m.yearToDate(ym.minusYears(1), Monthly.EXPENDITURE);
        BigDecimal maternity = m.yearToDate(ym, Monthly.MATERNITY);
        return new MonthRisk(ym, balance, m.get(ym, Monthly.INCOME), m.get(ym, Monthly.EXPENDITURE), average, existed,
                months, level, incomeYtd, incomePrev, growth(incomeYtd, incomePrev), expYtd, expPrev,
                growth(expYtd, expPrev), maternity, ratio(maternity, expYtd));
    }

    private static Level levelOf(PolicyView v, BigDecimal months) {
        if (months.compareTo(v.get(MONTHS + ".alert").decimal()) < 0) {
            return Level.ALERT;
        }
        if (months.compareTo(v.get(MONTHS + ".warning").decimal()) < 0) {
            return Level.WARNING;
        }
        if (months.compareTo(v.get(MONTHS + ".excess").decimal()) > 0) {
            return Level.EXCESS;
        }
        return Level.NORMAL;
    }

    /** The warnings of one month. */
    List<Warning> judge(String region, MonthRisk r) {
        PolicyView v = policy.at(region, r.month().atEndOfMonth());
        List<Warning> out = new ArrayList<>();
        if (r.monthsLevel() != Level.NORMAL) {
            String key = MONTHS + switch (r.monthsLevel()) {
            case ALERT -> ".alert";
            case WARNING -> ".warning";
            default -> ".excess";
            };
            ResolvedParam p = v.get(key);
            out.add(new Warning(r.month(), "MONTHS_OF_PAYMENT", r.monthsLevel(), r.monthsOfPayment(), p.decimal(), key,
                    p.reference(), p.confidence().isUnverified()));
        }
        if (r.incomeGrowth() != null && r.expenditureGrowth() != null) {
            // judged on the exact figures; the report shows them to four decimals
            ResolvedParam gap = v.get("fund.risk.growth_gap.warning");
            BigDecimal diff = exactGrowth(r.expenditureYtd(), r.expenditureYtdLastYear())
                    .subtract(exactGrowth(r.incomeYtd(), r.incomeYtdLastYear()));
            if (diff.compareTo(gap.decimal()) >= 0) {
                out.add(new Warning(r.month(), "GROWTH_GAP", Level.WARNING, diff.setScale(4, RoundingMode.HALF_UP),
                        gap.decimal(), gap.key(), gap.reference(), gap.confidence().isUnverified()));
            }
        }
        if (r.maternityShare() != null) {
            ResolvedParam share = v.get("fund.risk.maternity_share.warning");
            if (r.maternityYtd().divide(r.expenditureYtd(), MC).compareTo(share.decimal()) >= 0) {
                out.add(new Warning(r.month(), "MATERNITY_SHARE", Level.WARNING, r.maternityShare(), share.decimal(),
                        share.key(), share.reference(), share.confidence().isUnverified()));
            }
        }
        return out;
    }

    /**
     * The pooled fund's paying capacity at the end of a month, by the same rule as the months-of-payment indicator:
     * the fund balance, and income and expenditure averaged over the last {@code fund.risk.averaging_months} months
     * (or the months the book has existed, when fewer).
     */
    public record PaymentCapacity(String regionCode, YearMonth month, BigDecimal balance, BigDecimal averageIncome,
            BigDecimal averageExpenditure, int monthsAveraged, BigDecimal monthsOfPayment, Threshold averaging) {
    }

    /** The paying capacity of a region's pooled fund at a month's end (no access check: callers check theirs). */
    public PaymentCapacity paymentCapacity(String region, YearMonth ym) {
        Monthly m = monthly(region, ym);
        MonthRisk r = month(region, m, ym);
        BigDecimal income = BigDecimal.ZERO;
        for (int k = 0; k < r.monthsAveraged(); k++) {
            income = income.add(m.get(ym.minusMonths(k), Monthly.INCOME));
        }
        BigDecimal averageIncome = r.monthsAveraged() == 0 ? null
                : income.divide(BigDecimal.valueOf(r.monthsAveraged()), 2, RoundingMode.HALF_UP);
        ResolvedParam window = policy.at(region, ym.atEndOfMonth()).get("fund.risk.averaging_months");
        return new PaymentCapacity(region, ym, r.balance(), averageIncome, r.averageExpenditure(), r.monthsAveraged(),
                r.monthsOfPayment(), new Threshold(window.key(), BigDecimal.valueOf(window.integer()), window.reference(),
                        window.confidence().isUnverified()));
    }

    /** Months of payment at the end of a month (for the disclosure); null without expenditure. */
    BigDecimal monthsOfPayment(String region, YearMonth ym) {
        return month(region, monthly(region, ym), ym).monthsOfPayment();
    }

    // ------------------------------------------------------------------ the monthly sums

    /** Per month of the pooled book: fund-balance movement, income, expenditure, maternity expenditure. */
    static final class Monthly {
        static final int BALANCE = 0;
        static final int INCOME = 1;
        static final int EXPENDITURE = 2;
        static final int MATERNITY = 3;

        final TreeMap<YearMonth, BigDecimal[]> byMonth = new TreeMap<>();
        YearMonth first;

        BigDecimal get(YearMonth m, int what) {
            BigDecimal[] v = byMonth.get(m);
            return v == null ? BigDecimal.ZERO.setScale(2) : v[what];
        }

        BigDecimal cumulative(YearMonth to, int what) {
            return byMonth.headMap(to, true).values().stream().map(v -> v[what]).reduce(BigDecimal.ZERO.setScale(2),
                    BigDecimal::add);
        }

        BigDecimal yearToDate(YearMonth to, int what) {
            return byMonth.subMap(YearMonth.of(to.getYear(), 1), true, to, true).values().stream().map(v -> v[what])
                    .reduce(BigDecimal.ZERO.setScale(2), BigDecimal::add);
        }
    }

    Monthly monthly(String region, YearMonth to) {
        Monthly m = new Monthly();
        Map<String, BigDecimal[]> rows = new LinkedHashMap<>();
        jdbc.sql("""
                select to_char(e.accounting_date, 'YYYYMM') as month,
                       coalesce(sum(case when a.account_class in ('ASSET', 'LIABILITY') then
                                    case when l.side = 'DEBIT' then l.amount else -l.amount end end), 0),
                       coalesce(sum(case when a.account_class = 'INCOME' then
                                    case when l.side = 'CREDIT' then l.amount else -l.amount end end), 0),
                       coalesce(sum(case when a.account_class = 'EXPENDITURE' then
                                    case when l.side = 'DEBIT' then l.amount else -l.amount end end), 0),
                       coalesce(sum(case when a.account_class = 'EXPENDITURE' and starts_with(a.code, ?) then
                                    case when l.side = 'DEBIT' then l.amount else -l.amount end end), 0)
                  from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                  join fund_account a on a.region_code = l.region_code and a.book_code = l.book_code
                                     and a.code = l.account_code
                 where e.region_code = ? and e.book_code = ? and e.accounting_date <= ?
                 group by 1 order by 1""")
                .params(FundAccounts.POOLED_MATERNITY_ITEM, region, Book.POOLED, to.atEndOfMonth())
                .query((rs, i) -> rows.put(rs.getString(1), new BigDecimal[] { rs.getBigDecimal(2), rs.getBigDecimal(3),
                        rs.getBigDecimal(4), rs.getBigDecimal(5) }))
                .list();
        rows.forEach((k, v) -> m.byMonth.put(YearMonth.parse(k, JdbcPostings.PERIOD), v));
        m.first = m.byMonth.isEmpty() ? null : m.byMonth.firstKey();
        return m;
    }

    /** (current − previous) ÷ previous, to four decimals; none without a previous figure. */
    static BigDecimal growth(BigDecimal current, BigDecimal previous) {
        if (previous == null || previous.signum() <= 0) {
            return null;
        }
        return current.subtract(previous).divide(previous, 4, RoundingMode.HALF_UP);
    }

    static BigDecimal ratio(BigDecimal part, BigDecimal whole) {
        if (whole == null || whole.signum() <= 0) {
            return null;
        }
        return part.divide(whole, 4, RoundingMode.HALF_UP);
    }

    private static BigDecimal exactGrowth(BigDecimal current, BigDecimal previous) {
        return current.subtract(previous).divide(previous, MC);
    }
}
