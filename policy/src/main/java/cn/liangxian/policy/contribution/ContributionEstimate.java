package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

import cn.liangxian.policy.ExplanationStep;

/** Contribution base, rates and amounts for one person-month, with the explanation. */
public record ContributionEstimate(String regionCode, YearMonth period, ContributionKind kind, BigDecimal monthlyWage,
        BigDecimal base, BigDecimal employerRate, BigDecimal employeeRate, BigDecimal employerAmount,
        BigDecimal employeeAmount, boolean merged, BigDecimal lateFee, List<ExplanationStep> explanation) {

    public BigDecimal total() {
        return employerAmount.add(employeeAmount);
    }
}
