package cn.liangxian.policy.maternity;

import java.math.BigDecimal;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/**
 * Maternity medical benefit: the region's standard for the category (a cap, a per-disease quota, a
 * per-head or per-unit amount, plus any multiple-birth supplement); the fund pays the actual cost up to
 * that standard; the rest is the insured's own share.
 */
public final class MedicalBenefitRule {

    static final String RULE = "medical";

    private MedicalBenefitRule() {
    }

    static MedicalBenefit compute(PolicyView view, MaternityFacts facts, DeliveryClass deliveryClass, Explanation ex) {
        BigDecimal cost = facts.medicalCost();
        if (!covered(view, facts.insuredKind(), ex)) {
            ex.step(RULE, "medicalBenefit", "0.00", "不在生育医疗费用支付范围，费用 " + Amounts.fmt(cost) + " 元由个人负担 / not covered");
            return new MedicalBenefit(false, null, Amounts.ZERO, Amounts.ZERO, cost);
        }
        String cls = facts.category() == MaternityCategory.CAESAREAN_DELIVERY
                ? (deliveryClass == DeliveryClass.DIFFICULT ? "difficult_delivery" : "normal_delivery")
                : facts.category().paramName();
        String prefix = "maternity.medical." + cls + ".";
        ResolvedParam methodParam = ex.use(RULE, view.get(prefix + "method"));
        MedicalPaymentMethod method = MedicalPaymentMethod.valueOf(methodParam.text());
        BigDecimal standard = null;
        String standardNote;
        switch (method) {
            case ACTUAL_COST -> standardNote = "无生育专项限额，据实支付 / no maternity cap: actual cost";
            case PER_UNIT -> {
                ResolvedParam unit = ex.use(RULE, view.get(prefix + "amount"));
                ResolvedParam pkg = ex.use(RULE, view.get(prefix + "units_in_package"));
                int units = facts.prenatalUnits() == null ? pkg.integer() : facts.prenatalUnits();
                if (units < 1 || units > pkg.integer()) {
                    throw new PolicyException("INVALID_UNITS", "产前检查单元数应在 1 至 " + pkg.integer() + " 之间",
                            "Prenatal units must be between 1 and " + pkg.integer());
                }
                standard = unit.decimal().multiply(BigDecimal.valueOf(units));
                standardNote = Amounts.fmt(unit.decimal()) + " × " + units + " = " + Amounts.fmt(standard);
            }
            default -> {
                ResolvedParam amount = ex.use(RULE, view.get(prefix + "amount"));
                standard = amount.decimal();
                standardNote = Amounts.fmt(standard);
                if (facts.category().isDelivery() && facts.fetusCount() > 1) {
                    ResolvedParam extra = ex.use(RULE, view.get(prefix + "extra_per_additional_fetus"));
                    BigDecimal add = extra.decimal().multiply(BigDecimal.valueOf(facts.fetusCount() - 1L));
                    standard = standard.add(add);
                    standardNote = Amounts.fmt(amount.decimal()) + " + " + Amounts.fmt(extra.decimal()) + " × ("
                            + facts.fetusCount() + " − 1) = " + Amounts.fmt(standard);
                }
            }
        }
        if (standard != null) {
            standard = standard.setScale(2, java.math.RoundingMode.UNNECESSARY);
        }
        BigDecimal benefit = standard == null ? cost : cost.min(standard);
        String arithmetic = standard == null ? Amounts.fmt(cost)
                : "min(" + Amounts.fmt(cost) + ", " + Amounts.fmt(standard) + ") = " + Amounts.fmt(benefit);
        if (standard != null) {
            ex.step(RULE, "standard", Amounts.fmt(standard), method.zh() + "标准 / " + method.en() + ": " + standardNote);
        }
        if (facts.insuredKind() == InsuredKind.SPOUSE) {
            ResolvedParam ratio = ex.use(RULE, view.get("maternity.spouse.medical_ratio"));
            BigDecimal raw = benefit.multiply(ratio.decimal());
            BigDecimal rounded = Amounts.round(view, raw);
            arithmetic = arithmetic + "；× " + ratio.decimal().toPlainString() + " = " + Amounts.fmt(rounded);
            benefit = rounded;
        }
        BigDecimal self = cost.subtract(benefit);
        ex.step(RULE, "medicalBenefit", Amounts.fmt(benefit), "基金支付 / fund pays " + arithmetic);
        ex.step(RULE, "selfPay", Amounts.fmt(self),
                "个人负担 / insured pays " + Amounts.fmt(cost) + " − " + Amounts.fmt(benefit) + " = " + Amounts.fmt(self));
        return new MedicalBenefit(true, method, standard, benefit, self);
    }

    private static boolean covered(PolicyView view, InsuredKind kind, Explanation ex) {
        return switch (kind) {
            case EMPLOYEE -> true;
            case FLEXIBLE -> ex.use(RULE, view.get("maternity.flexible.medical_covered")).bool();
            case SPOUSE -> ex.use(RULE, view.get("maternity.spouse.medical_covered")).bool();
        };
    }

}
