package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;

/**
 * Monthly contribution: the wage clamped to [floor, ceiling] × the regional average wage; the employer
 * pays the merged rate (old 310 + old 510 employer rates, or the region's own merged rate once set);
 * the employee pays the 310 rate only; flexible workers pay their own rate on their base. The rules of the
 * period are resolved by {@link ContributionSchedule}, which the monthly assessment uses too.
 */
public final class ContributionEstimator {

    static final String RULE = "contribution";

    private final PolicyBook book;

    public ContributionEstimator(PolicyBook book) {
        this.book = book;
    }

    public ContributionEstimate estimate(ContributionFacts f) {
        if (f.period() == null) {
            throw new PolicyException("INVALID_PERIOD", "缺少费款所属期", "A contribution period is required");
        }
        if (f.kind() == null) {
            throw new PolicyException("UNKNOWN_CONTRIBUTION_KIND", "缺少缴费人员类别", "A contribution kind is required");
        }
        BigDecimal wage = Amounts.money("月工资", "monthly wage", f.monthlyWage(), "INVALID_WAGE");
        BigDecimal employerAvg = f.employerAvgMonthlyWage() == null ? null
                : Amounts.money("单位平均工资", "employer average wage", f.employerAvgMonthlyWage(), "INVALID_WAGE");
        ContributionSchedule s = ContributionSchedule.resolve(book, f.regionCode(), f.period(),
                f.regionalAvgMonthlyWage(), null);
        ContributionSchedule.PersonMonth m = s.assess(f.kind(), wage, employerAvg, true);
        List<ExplanationStep> steps = new ArrayList<>(s.explain(f.kind(), wage, employerAvg, true));
        BigDecimal lateFee = null;
        if (f.overdueDays() != null && f.overdueDays() != 0) {
            Explanation ex = new Explanation();
            lateFee = LateFeeRule.compute(s.view(), m.total(), f.overdueDays(), ex);
            steps.addAll(ex.steps());
        }
        return new ContributionEstimate(s.regionCode(), f.period(), f.kind(), wage, m.base(), m.employerRate(),
                m.employeeRate(), m.employerAmount(), m.employeeAmount(), s.merged(), lateFee, List.copyOf(steps),
                m.employerBase(), s.dueDate());
    }
}
