package cn.liangxian.policy.contribution;

import java.math.BigDecimal;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/** Late fee (滞纳金) on an overdue amount: amount × daily rate × days overdue (社会保险法 §86). */
public final class LateFeeRule {

    private LateFeeRule() {
    }

    public static BigDecimal compute(PolicyView view, BigDecimal overdueAmount, int days, Explanation ex) {
        if (days < 0) {
            throw new PolicyException("INVALID_OVERDUE_DAYS", "滞纳天数不能为负数", "Days overdue must not be negative");
        }
        ResolvedParam rate = ex.use("late-fee", view.get("late_fee.daily_rate"));
        BigDecimal raw = overdueAmount.multiply(rate.decimal()).multiply(BigDecimal.valueOf(days));
        BigDecimal fee = Amounts.round(view, raw);
        ex.step("late-fee", "lateFee", Amounts.fmt(fee), Amounts.fmt(overdueAmount) + " × " + rate.decimal().toPlainString()
                + " × " + days + " 天/days = " + raw.stripTrailingZeros().toPlainString() + " → " + Amounts.fmt(fee));
        return fee;
    }
}
