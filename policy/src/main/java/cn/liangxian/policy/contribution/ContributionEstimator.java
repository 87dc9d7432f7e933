package cn.liangxian.policy.contribution;

import java.math.BigDecimal;
import java.time.LocalDate;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/**
 * Monthly contribution: the wage clamped to [floor, ceiling] × the regional average wage; the employer
 * pays the merged rate (old 310 + old 510 employer rates, or the region's own merged rate once set);
 * the employee pays the 310 rate only; flexible workers pay their own rate on their base.
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
        LocalDate date = f.period().atDay(1);
        PolicyView view = book.at(f.regionCode(), date);
        Explanation ex = new Explanation();
        ex.step("region", "jurisdiction", view.region().code() + " " + view.region().nameZh(),
                "适用法规链 / jurisdiction chain: " + view.chainDisplay() + "；费款所属期 / period " + f.period());

        BigDecimal base = base(view, f, wage, ex);
        ResolvedParam merger = ex.use(RULE, view.get("merger.date"));
        boolean merged = !date.isBefore(merger.date());
        BigDecimal employerRate;
        BigDecimal employeeRate;
        BigDecimal employerAmount;
        BigDecimal employeeAmount;
        if (f.kind() == ContributionKind.FLEXIBLE) {
            ResolvedParam rate = ex.use(RULE, view.get("contribution.flexible_rate"));
            employerRate = BigDecimal.ZERO;
            employeeRate = rate.decimal();
            employerAmount = Amounts.ZERO;
            employeeAmount = Amounts.round(view, base.multiply(employeeRate));
            ex.step(RULE, "employeeAmount", Amounts.fmt(employeeAmount), "灵活就业人员个人缴纳 / flexible worker pays "
                    + Amounts.fmt(base) + " × " + employeeRate.toPlainString() + " = " + Amounts.fmt(employeeAmount));
        } else {
            ResolvedParam medical = view.get("contribution.employer_rate.medical");
            ResolvedParam maternity = view.get("contribution.employer_rate.maternity");
            var override = view.find("contribution.employer_rate.merged");
            if (merged && override.isPresent()) {
                ex.use(RULE, override.get());
                employerRate = override.get().decimal();
                employerAmount = Amounts.round(view, base.multiply(employerRate));
                ex.step(RULE, "employerAmount", Amounts.fmt(employerAmount), "合并后单位费率（本地核定） / merged employer rate: "
                        + Amounts.fmt(base) + " × " + employerRate.toPlainString() + " = " + Amounts.fmt(employerAmount));
            } else if (merged) {
                ex.use(RULE, medical);
                ex.use(RULE, maternity);
                employerRate = medical.decimal().add(maternity.decimal());
                employerAmount = Amounts.round(view, base.multiply(employerRate));
                ex.step(RULE, "employerRate", employerRate.toPlainString(), "合并后单位费率 = 原职工医保单位费率 + 原生育保险单位费率 / merged = "
                        + medical.decimal().toPlainString() + " + " + maternity.decimal().toPlainString() + " = " + employerRate.toPlainString());
                ex.step(RULE, "employerAmount", Amounts.fmt(employerAmount),
                        Amounts.fmt(base) + " × " + employerRate.toPlainString() + " = " + Amounts.fmt(employerAmount));
            } else {
                ex.use(RULE, medical, "合并实施前：职工医保（310）单位缴费 / before the merger: 310 employer part");
                ex.use(RULE, maternity, "合并实施前：生育保险（510）单位缴费，单独征缴 / before the merger: 510 collected separately");
                BigDecimal part310 = Amounts.round(view, base.multiply(medical.decimal()));
                BigDecimal part510 = Amounts.round(view, base.multiply(maternity.decimal()));
                employerRate = medical.decimal().add(maternity.decimal());
                employerAmount = part310.add(part510);
                ex.step(RULE, "employerAmount", Amounts.fmt(employerAmount), "310: " + Amounts.fmt(base) + " × "
                        + medical.decimal().toPlainString() + " = " + Amounts.fmt(part310) + "；510: " + Amounts.fmt(base) + " × "
                        + maternity.decimal().toPlainString() + " = " + Amounts.fmt(part510) + "；合计 / total "
                        + Amounts.fmt(employerAmount));
            }
            ResolvedParam employee = ex.use(RULE, view.get("contribution.employee_rate"),
                    "个人只缴职工医保，不缴生育保险费 / the employee pays 310 only, no 510");
            employeeRate = employee.decimal();
            employeeAmount = Amounts.round(view, base.multiply(employeeRate));
            ex.step(RULE, "employeeAmount", Amounts.fmt(employeeAmount),
                    Amounts.fmt(base) + " × " + employeeRate.toPlainString() + " = " + Amounts.fmt(employeeAmount));
        }
        BigDecimal lateFee = null;
        if (f.overdueDays() != null && f.overdueDays() != 0) {
            lateFee = LateFeeRule.compute(view, employerAmount.add(employeeAmount), f.overdueDays(), ex);
        }
        return new ContributionEstimate(view.region().code(), f.period(), f.kind(), wage, base, employerRate,
                employeeRate, employerAmount, employeeAmount, merged, lateFee, ex.steps());
    }

    private static BigDecimal base(PolicyView view, ContributionFacts f, BigDecimal wage, Explanation ex) {
        ex.step(RULE, "monthlyWage", Amounts.fmt(wage) + " CNY", "申报月工资（输入） / declared monthly wage (input)");
        BigDecimal avg;
        if (f.regionalAvgMonthlyWage() != null) {
            avg = Amounts.money("社会平均工资", "regional average wage", f.regionalAvgMonthlyWage(),
                    "INVALID_WAGE");
            if (avg.signum() == 0) {
                throw new PolicyException("INVALID_WAGE", "社平工资应大于零", "The regional average wage must be greater than zero");
            }
            ex.step(RULE, "regionalAvgMonthlyWage", Amounts.fmt(avg) + " CNY", "上年度社会平均工资（输入） / regional average wage (input)");
        } else {
            avg = ex.use(RULE, view.find("contribution.regional_avg_monthly_wage").orElseThrow(() -> new PolicyException(
                    "MISSING_REGIONAL_AVG_WAGE", view.region().nameZh() + "未收录 " + view.date() + " 适用的社会平均工资，请输入",
                    view.region().nameEn() + " has no regional average wage for " + view.date() + "; please give one"))).decimal();
        }
        ResolvedParam floorRatio = ex.use(RULE, view.get("contribution.base.floor_ratio"));
        ResolvedParam ceilingRatio = ex.use(RULE, view.get("contribution.base.ceiling_ratio"));
        ResolvedParam scale = ex.use(RULE, view.get("contribution.base.rounding_scale"));
        ResolvedParam mode = ex.use(RULE, view.get("contribution.base.rounding_mode"));
        java.math.RoundingMode rm = java.math.RoundingMode.valueOf(mode.text());
        BigDecimal floor = avg.multiply(floorRatio.decimal()).setScale(scale.integer(), rm).setScale(2);
        BigDecimal ceiling = avg.multiply(ceilingRatio.decimal()).setScale(scale.integer(), rm).setScale(2);
        BigDecimal base = wage.max(floor).min(ceiling);
        String why = wage.compareTo(floor) < 0 ? "低于下限，按下限 / below the floor: floor applies"
                : wage.compareTo(ceiling) > 0 ? "高于上限，按上限 / above the ceiling: ceiling applies"
                        : "在上下限之间，按实 / within the band: wage applies";
        ex.step(RULE, "base", Amounts.fmt(base), "下限 / floor " + Amounts.fmt(avg) + " × " + floorRatio.decimal().toPlainString()
                + " = " + Amounts.fmt(floor) + "；上限 / ceiling " + Amounts.fmt(avg) + " × " + ceilingRatio.decimal().toPlainString()
                + " = " + Amounts.fmt(ceiling) + "；" + why);
        return base;
    }
}
