package cn.liangxian.policy.maternity;

import java.math.BigDecimal;

/** The maternity allowance (生育津贴) the fund pays, or why it pays none. */
public record Allowance(boolean payable, int days, BigDecimal daily, BigDecimal amount) {
}
