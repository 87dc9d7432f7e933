package cn.liangxian.policy.maternity;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import cn.liangxian.policy.ExplanationStep;

/**
 * The medical part of a maternity estimate alone: what the fund pays for the medical cost of the event and why,
 * without leave or allowance (a reimbursement or a settlement of medical costs needs no wage).
 */
public record MedicalEstimate(String regionCode, LocalDate serviceDate, MaternityCategory category, int fetusCount,
        InsuredKind insuredKind, BigDecimal medicalCost, BigDecimal medicalBenefit, BigDecimal selfPay,
        MedicalPaymentMethod medicalMethod, BigDecimal standard, PayingFund payingFund,
        List<ExplanationStep> explanation) {
}
