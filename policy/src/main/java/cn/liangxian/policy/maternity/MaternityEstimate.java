package cn.liangxian.policy.maternity;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import cn.liangxian.policy.ExplanationStep;

/** The answer to "what will the fund pay for this maternity event, how much leave and allowance, and why". */
public record MaternityEstimate(String regionCode, LocalDate serviceDate, MaternityCategory category, int fetusCount,
        InsuredKind insuredKind, BigDecimal medicalCost, BigDecimal medicalBenefit, BigDecimal selfPay,
        MedicalPaymentMethod medicalMethod, PayingFund payingFund, LeavePlan leave, Allowance allowance,
        List<ExplanationStep> explanation) {

    public int leaveDays() {
        return leave.leaveDays();
    }

    public int allowanceDays() {
        return allowance.payable() ? leave.allowanceDays() : 0;
    }
}
