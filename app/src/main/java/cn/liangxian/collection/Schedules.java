package cn.liangxian.collection;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.Optional;

import org.springframework.stereotype.Component;

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.contribution.ContributionSchedule;

/**
 * The contribution rules of a region and period as the collection uses them: the policy engine's schedule with
 * the average wage the agency approved for the year (or, where it entered none, the policy pack's parameter).
 */
@Component
class Schedules {

    /** Marks a run whose average wage came from the policy pack's parameter. */
    static final String FROM_PARAMETER = "parameter:contribution.regional_avg_monthly_wage";

    /** A schedule and where its average wage came from, as a run records it. */
    record Resolved(ContributionSchedule schedule, BigDecimal avgWage, String avgSource) {
    }

    private final PolicyBook book;
    private final AvgWages avgWages;

    Schedules(PolicyBook book, AvgWages avgWages) {
        this.book = book;
        this.avgWages = avgWages;
    }

    PolicyBook book() {
        return book;
    }

    /** The rules of a period as they stand now. */
    Resolved forPeriod(String region, YearMonth period) {
        Optional<AvgWages.InForce> entered = avgWages.forContributionYear(region, period.getYear());
        if (entered.isPresent()) {
            ContributionSchedule s = ContributionSchedule.resolve(book, region, period, entered.get().monthlyWage(),
                    entered.get().note());
            return new Resolved(s, entered.get().monthlyWage(), entered.get().note());
        }
        ContributionSchedule s = ContributionSchedule.resolve(book, region, period, null, null);
        return new Resolved(s, s.regionalAvgMonthlyWage(), FROM_PARAMETER);
    }

    /** The rules a run used, from what it recorded (the same explanation as when it ran). */
    ContributionSchedule replay(String region, YearMonth period, BigDecimal avgWage, String avgSource) {
        if (FROM_PARAMETER.equals(avgSource)) {
            return ContributionSchedule.resolve(book, region, period, null, null);
        }
        return ContributionSchedule.resolve(book, region, period, avgWage, avgSource);
    }
}
