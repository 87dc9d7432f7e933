package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import cn.liangxian.policy.ExplanationStep;

/**
 * Contribution base, rates and amounts for one person-month, with the explanation. {@code base} is the person's
 * own base; {@code employerBase} the employer part's (different only where the region clamps the employer's
 * average wage); {@code dueDate} the last day to pay without a late fee.
 */
public record ContributionEstimate(String regionCode, YearMonth period, ContributionKind kind, BigDecimal monthlyWage,
        BigDecimal base, BigDecimal employerRate, BigDecimal employeeRate, BigDecimal employerAmount,
        BigDecimal employeeAmount, boolean merged, BigDecimal lateFee, List<ExplanationStep> explanation,
        BigDecimal employerBase, LocalDate dueDate) {

    public BigDecimal total() {
        return employerAmount.add(employeeAmount);
    }
}
