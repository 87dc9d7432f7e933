package cn.liangxian.policy;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Money helpers. Amounts are CNY with two decimals; rounding happens only where a rule's parameters say. */
public final class Amounts {

    public static final BigDecimal ZERO = new BigDecimal("0.00");

    private Amounts() {
    }

    /** Rounds an amount by the region's money-rounding parameters (to the fen, half up, unless the region says otherwise). */
    public static BigDecimal round(PolicyView view, BigDecimal raw) {
        ResolvedParam scale = view.get("rounding.amount.scale");
        ResolvedParam mode = view.get("rounding.amount.mode");
        return raw.setScale(scale.integer(), RoundingMode.valueOf(mode.text()));
    }

    /** Reads a money input: non-negative, at most two decimals (to the fen). */
    public static BigDecimal money(String fieldZh, String fieldEn, BigDecimal value, String code) {
        if (value == null) {
            throw new PolicyException(code, "缺少" + fieldZh, "The " + fieldEn + " is required");
        }
        if (value.signum() < 0) {
            throw new PolicyException(code, fieldZh + "不能为负数：" + value.toPlainString(),
                    "The " + fieldEn + " must not be negative: " + value.toPlainString());
        }
        if (value.stripTrailingZeros().scale() > 2) {
            throw new PolicyException(code, fieldZh + "最多两位小数（计至分）：" + value.toPlainString(),
                    "The " + fieldEn + " has more than two decimals (fen): " + value.toPlainString());
        }
        return value.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static String fmt(BigDecimal v) {
        return v.setScale(Math.max(2, v.stripTrailingZeros().scale()), RoundingMode.UNNECESSARY).toPlainString();
    }
}
