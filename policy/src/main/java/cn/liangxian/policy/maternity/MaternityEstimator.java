package cn.liangxian.policy.maternity;

import java.math.BigDecimal;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/** Computes a maternity estimate from the facts and the law in force on the service date. */
public final class MaternityEstimator {

    private final PolicyBook book;

    public MaternityEstimator(PolicyBook book) {
        this.book = book;
    }

    public MaternityEstimate estimate(MaternityFacts facts) {
        validate(facts);
        PolicyView view = book.at(facts.regionCode(), facts.serviceDate());
        Explanation ex = new Explanation();
        ex.step("region", "jurisdiction", view.region().code() + " " + view.region().nameZh(),
                "适用法规链 / jurisdiction chain: " + view.chainDisplay() + "；适用日期 / law as of " + facts.serviceDate());
        ex.step("facts", "event", facts.category().name(), facts.category().zh() + "，" + facts.insuredKind().zh()
                + (facts.category().isDelivery() ? "，胎儿数 " + facts.fetusCount() : ""));
        BigDecimal cost = Amounts.money("医疗费用", "medical cost", facts.medicalCost(), "INVALID_COST");

        PayingFund fund = payingFund(view, facts, ex);
        DeliveryClass dc = facts.category().isDelivery() ? DeliveryClass.of(view, facts.category(), ex) : null;
        MaternityFacts exact = new MaternityFacts(facts.regionCode(), facts.serviceDate(), facts.category(),
                facts.fetusCount(), facts.insuredKind(), cost, facts.employerAvgMonthlyWage(), facts.prenatalUnits(),
                facts.leaveStart());
        MedicalBenefit medical = MedicalBenefitRule.compute(view, exact, dc, ex);
        boolean payable = AllowanceRule.payableFor(view, facts.insuredKind(), ex);
        LeavePlan leave = LeaveRule.compute(view, exact, dc, payable, ex);
        Allowance allowance = AllowanceRule.compute(view, payable, leave.allowanceDays(),
                facts.employerAvgMonthlyWage(), ex);
        return new MaternityEstimate(view.region().code(), facts.serviceDate(), facts.category(), facts.fetusCount(),
                facts.insuredKind(), cost, medical.benefit(), medical.selfPay(), medical.method(), fund, leave, allowance,
                ex.steps());
    }

    /**
     * The medical benefit alone (no leave, no allowance, so no wage is needed): the same steps and rules as
     * {@link #estimate} for the medical cost.
     */
    public MedicalEstimate estimateMedical(MaternityFacts facts) {
        validate(facts);
        PolicyView view = book.at(facts.regionCode(), facts.serviceDate());
        Explanation ex = new Explanation();
        ex.step("region", "jurisdiction", view.region().code() + " " + view.region().nameZh(),
                "适用法规链 / jurisdiction chain: " + view.chainDisplay() + "；适用日期 / law as of " + facts.serviceDate());
        ex.step("facts", "event", facts.category().name(), facts.category().zh() + "，" + facts.insuredKind().zh()
                + (facts.category().isDelivery() ? "，胎儿数 " + facts.fetusCount() : ""));
        BigDecimal cost = Amounts.money("医疗费用", "medical cost", facts.medicalCost(), "INVALID_COST");
        PayingFund fund = payingFund(view, facts, ex);
        DeliveryClass dc = facts.category().isDelivery() ? DeliveryClass.of(view, facts.category(), ex) : null;
        MaternityFacts exact = new MaternityFacts(facts.regionCode(), facts.serviceDate(), facts.category(),
                facts.fetusCount(), facts.insuredKind(), cost, null, facts.prenatalUnits(), facts.leaveStart());
        MedicalBenefit medical = MedicalBenefitRule.compute(view, exact, dc, ex);
        return new MedicalEstimate(view.region().code(), facts.serviceDate(), facts.category(), facts.fetusCount(),
                facts.insuredKind(), cost, medical.benefit(), medical.selfPay(), medical.method(), medical.standard(),
                fund, ex.steps());
    }

    private static PayingFund payingFund(PolicyView view, MaternityFacts facts, Explanation ex) {
        ResolvedParam merger = ex.use("paying-fund", view.get("merger.date"));
        PayingFund fund = facts.serviceDate().isBefore(merger.date()) ? PayingFund.MATERNITY_FUND
                : PayingFund.EMPLOYEE_MEDICAL_MATERNITY_ITEM;
        ex.step("paying-fund", "payingFund", fund.name(), facts.serviceDate()
                + (fund == PayingFund.MATERNITY_FUND ? " 早于合并实施日 " : " 不早于合并实施日 ") + merger.date() + " → " + fund.zh());
        return fund;
    }

    private static void validate(MaternityFacts f) {
        if (f.category() == null) {
            throw new PolicyException("UNKNOWN_CATEGORY", "缺少生育类别", "A maternity category is required");
        }
        if (f.insuredKind() == null) {
            throw new PolicyException("UNKNOWN_INSURED_KIND", "缺少参保人类别", "An insured kind is required");
        }
        if (f.fetusCount() < 1 || f.fetusCount() > 9) {
            throw new PolicyException("INVALID_FETUS_COUNT", "胎儿数应为 1 至 9：" + f.fetusCount(),
                    "The fetus count must be between 1 and 9: " + f.fetusCount());
        }
        if (!f.category().isDelivery() && f.fetusCount() != 1) {
            throw new PolicyException("INVALID_FETUS_COUNT", "胎儿数只适用于分娩", "A fetus count applies to deliveries only");
        }
        if (f.serviceDate() == null) {
            throw new PolicyException("INVALID_DATE", "缺少就医（分娩、手术）日期", "A service date is required");
        }
    }
}
