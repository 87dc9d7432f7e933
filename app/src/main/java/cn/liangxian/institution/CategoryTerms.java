package cn.liangxian.institution;

import java.math.BigDecimal;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;

/**
 * How an agreement pays one maternity category: the payment method and the agreement's own quota, which is
 * null when the method pays the actual cost or the region's policy standard applies.
 */
public record CategoryTerms(MaternityCategory category, MedicalPaymentMethod method, BigDecimal quota) {
}
