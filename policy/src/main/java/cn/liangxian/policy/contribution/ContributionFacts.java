package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.time.YearMonth;

/**
 * One person's contribution month.
 *
 * @param regionalAvgMonthlyWage the average monthly wage the base is clamped against; null means the
 *                               region's published value (a dated parameter)
 * @param overdueDays            days paid late; null or 0 means on time (no late fee)
 */
public record ContributionFacts(String regionCode, YearMonth period, BigDecimal monthlyWage, ContributionKind kind,
        BigDecimal regionalAvgMonthlyWage, Integer overdueDays) {
}
