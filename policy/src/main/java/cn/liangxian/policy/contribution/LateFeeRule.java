package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/**
 * Late fee (滞纳金) on an overdue amount: amount × daily rate × days overdue (社会保险法 §86: 自欠缴之日起，按日加收万分之五).
 * Days run from the day after the due date up to and including the day of payment (or the date the fee is
 * reckoned to).
 */
public final class LateFeeRule {

    static final String RULE = "late-fee";

    private LateFeeRule() {
    }

    /** An amount that stayed unpaid for some days past its due date. */
    public record Overdue(BigDecimal amount, int days) {
    }

    /** Days from the day after {@code due} to {@code until}, both counted; 0 when paid on or before the due date. */
    public static int daysOverdue(LocalDate due, LocalDate until) {
        return (int) Math.max(0, ChronoUnit.DAYS.between(due, until));
    }

    public static BigDecimal compute(PolicyView view, BigDecimal overdueAmount, int days, Explanation ex) {
        if (days < 0) {
            throw new PolicyException("INVALID_OVERDUE_DAYS", "滞纳天数不能为负数", "Days overdue must not be negative");
        }
        ResolvedParam rate = ex.use(RULE, view.get("late_fee.daily_rate"));
        BigDecimal raw = overdueAmount.multiply(rate.decimal()).multiply(BigDecimal.valueOf(days));
        BigDecimal fee = Amounts.round(view, raw);
        ex.step(RULE, "lateFee", Amounts.fmt(fee), Amounts.fmt(overdueAmount) + " × " + rate.decimal().toPlainString()
                + " × " + days + " 天/days = " + raw.stripTrailingZeros().toPlainString() + " → " + Amounts.fmt(fee));
        return fee;
    }

    /**
     * The late fee of several overdue parts (amounts paid late on different days, and what is still unpaid up to
     * the reckoning date): each part × rate × its days, summed, and rounded once at the end.
     */
    public static BigDecimal compute(PolicyView view, List<Overdue> parts, Explanation ex) {
        ResolvedParam rate = ex.use(RULE, view.get("late_fee.daily_rate"));
        BigDecimal raw = BigDecimal.ZERO;
        StringBuilder sum = new StringBuilder();
        for (Overdue p : parts) {
            if (p.days() < 0 || p.amount().signum() < 0) {
                throw new PolicyException("INVALID_OVERDUE_DAYS", "滞纳天数和金额不能为负数", "Days and amounts overdue must not be negative");
            }
            if (p.days() == 0 || p.amount().signum() == 0) {
                continue;
            }
            BigDecimal part = p.amount().multiply(rate.decimal()).multiply(BigDecimal.valueOf(p.days()));
            raw = raw.add(part);
            ex.step(RULE, "overduePart", Amounts.fmt(p.amount()), Amounts.fmt(p.amount()) + " × "
                    + rate.decimal().toPlainString() + " × " + p.days() + " 天/days = " + part.stripTrailingZeros().toPlainString());
            sum.append(sum.isEmpty() ? "" : " + ").append(part.stripTrailingZeros().toPlainString());
        }
        BigDecimal fee = Amounts.round(view, raw);
        ex.step(RULE, "lateFee", Amounts.fmt(fee), (sum.isEmpty() ? "0" : sum) + " = "
                + raw.stripTrailingZeros().toPlainString() + " → " + Amounts.fmt(fee) + "（合计后舍入到分 / rounded once)");
        return fee;
    }
}
