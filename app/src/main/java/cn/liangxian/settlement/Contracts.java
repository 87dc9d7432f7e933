package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;

/**
 * What settlement needs to know of contracted institutions, their agreements and the catalogs, read through
 * the institution feature's services.
 */
interface Contracts {

    /** A contracted institution as settlement sees it. */
    record Institution(String code, String regionCode, String name, String bankName, String bankAccountMasked,
            boolean active) {
    }

    /** How the institution's agreement in force pays a maternity category: method and amount (quota, cap, per head). */
    record Terms(String agreementRef, MedicalPaymentMethod method, BigDecimal amount) {
    }

    /** Catalog classes: 甲 (A) fully covered, 乙 (B) partly (a self-pay share first), 丙 (C) not covered. */
    enum ItemClass {
        A, B, C
    }

    /** A catalog item on a date. */
    record Item(String code, String name, String kind, ItemClass itemClass, BigDecimal selfPayShare,
            BigDecimal priceCap) {
    }

    /**
     * An indicator value recorded for an institution and period, with the limit of the agreement version in force on
     * the period's last day (null when none) and whether the value is within it.
     */
    record Measured(String indicator, LocalDate periodFrom, LocalDate periodTo, BigDecimal value, BigDecimal limit,
            Boolean withinLimit) {
    }

    Optional<Institution> institution(String code);

    /** The codes of the region's contracted institutions. */
    List<String> institutionsOf(String regionCode);

    /**
     * Records an agreement indicator (by its name, a ratio) computed by the system from settlements; the value is
     * compared with the limit of the agreement in force.
     */
    Measured recordIndicator(String institutionCode, String indicator, LocalDate from, LocalDate to, BigDecimal value,
            String source);

    Optional<Terms> terms(String institutionCode, LocalDate date, MaternityCategory category);

    Optional<Item> item(String regionCode, String code, LocalDate date);
}
