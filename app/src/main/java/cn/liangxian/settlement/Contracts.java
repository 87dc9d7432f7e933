package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
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

    Optional<Institution> institution(String code);

    Optional<Terms> terms(String institutionCode, LocalDate date, MaternityCategory category);

    Optional<Item> item(String regionCode, String code, LocalDate date);
}
