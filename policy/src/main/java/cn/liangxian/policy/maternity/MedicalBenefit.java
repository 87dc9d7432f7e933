package cn.liangxian.policy.maternity;

import java.math.BigDecimal;

/** What the fund pays for the medical cost of the event, and what is left to the insured. */
public record MedicalBenefit(boolean covered, MedicalPaymentMethod method, BigDecimal standard, BigDecimal benefit,
        BigDecimal selfPay) {
}
