package cn.liangxian.analytics;

import java.math.BigDecimal;

import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;

/**
 * One case of the comparison: what happened (category, babies), to whom (insured kind), what it cost and the
 * employer's prior-year average monthly wage. {@code number} orders the cases and names them on the page.
 */
public record BenefitCase(int number, MaternityCategory category, int fetusCount, InsuredKind insuredKind,
        BigDecimal medicalCost, BigDecimal employerAvgMonthlyWage) {

    public String code() {
        return String.format("C%03d", number);
    }
}
