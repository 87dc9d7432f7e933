package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One person's contribution month.
 *
 * @param regionalAvgMonthlyWage the average monthly wage the base is clamped against; null means the
 *                               region's published value (a dated parameter)
 * @param overdueDays            days paid late; null or 0 means on time (no late fee)
 * @param employerAvgMonthlyWage the employer's average wage, where the region clamps the employer part on it
 *                               ({@code contribution.base.clamp_unit} = EMPLOYER_AVERAGE); null means the
 *                               person's own wage
 */
public record ContributionFacts(String regionCode, YearMonth period, BigDecimal monthlyWage, ContributionKind kind,
        BigDecimal regionalAvgMonthlyWage, Integer overdueDays, BigDecimal employerAvgMonthlyWage) {

    public ContributionFacts(String regionCode, YearMonth period, BigDecimal monthlyWage, ContributionKind kind,
            BigDecimal regionalAvgMonthlyWage, Integer overdueDays) {
        this(regionCode, period, monthlyWage, kind, regionalAvgMonthlyWage, overdueDays, null);
    }
}
