package cn.liangxian.institution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;

/**
 * A new agreement version: in force from {@code validFrom}, optionally until {@code termEnd} (the last day of
 * the agreed term, inclusive). Payment methods default to the region's policy on {@code validFrom}; {@code methods}
 * overrides some, {@code quotas} sets the agreement's own quota for some categories (others follow the policy
 * standard). Indicator limits default to the policy and may be set per {@link Indicator} name. Null maps and
 * lists mean none.
 */
public record NewAgreement(LocalDate validFrom, LocalDate termEnd, Map<MaternityCategory, MedicalPaymentMethod> methods,
        Map<MaternityCategory, BigDecimal> quotas, List<String> maternityClauses, Map<String, BigDecimal> indicatorLimits) {

    /** A version with the region's methods and limits, no quotas of its own. */
    public static NewAgreement withDefaults(LocalDate validFrom, LocalDate termEnd, List<String> clauses) {
        return new NewAgreement(validFrom, termEnd, Map.of(), Map.of(), clauses, Map.of());
    }
}
