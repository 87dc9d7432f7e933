package cn.liangxian.policy.maternity;

import java.math.BigDecimal;
import java.math.MathContext;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/**
 * Maternity allowance: the employer's prior-year average monthly wage ÷ the divisor (30) × the days of
 * leave the fund pays for (社会保险法 §56). Regions whose fund pays no allowance say so by parameter.
 */
public final class AllowanceRule {

    static final String RULE = "allowance";
    /** Precision for the unrounded intermediate (well beyond the fen; rounding happens once, by parameter). */
    private static final MathContext EXACT = MathContext.DECIMAL128;

    private AllowanceRule() {
    }

    /** Whether the fund pays an allowance for this person's event at all (before counting days). */
    static boolean payableFor(PolicyView view, InsuredKind kind, Explanation ex) {
        ResolvedParam byFund = ex.use(RULE, view.get("allowance.paid_by_fund"));
        if (!byFund.bool()) {
            ex.step(RULE, "allowancePayable", "false",
                    "本统筹区基金不支付生育津贴，产假期间由用人单位照发工资 / the fund pays no allowance here; the employer keeps paying wages");
            return false;
        }
        boolean payable = switch (kind) {
            case EMPLOYEE -> true;
            case FLEXIBLE -> ex.use(RULE, view.get("allowance.flexible_worker_payable")).bool();
            case SPOUSE -> ex.use(RULE, view.get("allowance.spouse_payable")).bool();
        };
        if (!payable) {
            ex.step(RULE, "allowancePayable", "false", kind.zh() + "不享受生育津贴 / no allowance for " + kind.en());
        }
        return payable;
    }

    static Allowance compute(PolicyView view, boolean payable, int allowanceDays, BigDecimal employerAvgWage,
            Explanation ex) {
        if (!payable || allowanceDays == 0) {
            if (payable) {
                ex.step(RULE, "allowance", "0.00", "无基金支付津贴的假期 / no allowance days");
            }
            return new Allowance(payable, payable ? 0 : 0, Amounts.ZERO, Amounts.ZERO);
        }
        if (employerAvgWage == null) {
            throw new PolicyException("MISSING_EMPLOYER_AVG_WAGE", "计算生育津贴需要用人单位上年度职工月平均工资",
                    "The employer's prior-year average monthly wage is needed to compute the allowance");
        }
        BigDecimal wage = Amounts.money("用人单位上年度职工月平均工资", "employer's average monthly wage", employerAvgWage,
                "INVALID_WAGE");
        if (wage.signum() == 0) {
            throw new PolicyException("INVALID_WAGE", "用人单位上年度职工月平均工资应大于零",
                    "The employer's average monthly wage must be greater than zero");
        }
        ex.step(RULE, "employerAvgMonthlyWage", Amounts.fmt(wage) + " CNY",
                "用人单位上年度职工月平均工资（输入） / employer's prior-year average monthly wage (input)");
        ResolvedParam divisor = ex.use(RULE, view.get("allowance.divisor"));
        ResolvedParam method = ex.use(RULE, view.get("allowance.method"));
        BigDecimal div = BigDecimal.valueOf(divisor.integer());
        BigDecimal days = BigDecimal.valueOf(allowanceDays);
        BigDecimal daily = Amounts.round(view, wage.divide(div, EXACT));
        BigDecimal amount;
        String arithmetic;
        if (method.text().equals("DAILY_ROUNDED_TIMES_DAYS")) {
            amount = Amounts.round(view, daily.multiply(days));
            arithmetic = Amounts.fmt(wage) + " ÷ " + divisor.integer() + " = " + Amounts.fmt(daily) + "；" + Amounts.fmt(daily)
                    + " × " + allowanceDays + " = " + Amounts.fmt(amount);
        } else if (method.text().equals("WAGE_TIMES_DAYS_DIVIDED")) {
            amount = Amounts.round(view, wage.multiply(days).divide(div, EXACT));
            arithmetic = Amounts.fmt(wage) + " ÷ " + divisor.integer() + " × " + allowanceDays + " = " + Amounts.fmt(amount)
                    + "（一次舍入 / rounded once）";
        } else {
            throw new IllegalStateException("unknown allowance.method " + method.text());
        }
        ex.step(RULE, "allowanceDaily", Amounts.fmt(daily), Amounts.fmt(wage) + " ÷ " + divisor.integer() + " = " + Amounts.fmt(daily));
        ex.step(RULE, "allowance", Amounts.fmt(amount), arithmetic);
        return new Allowance(true, allowanceDays, daily, amount);
    }
}
