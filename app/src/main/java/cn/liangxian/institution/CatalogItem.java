package cn.liangxian.institution;

import java.math.BigDecimal;

/**
 * A catalog item as it applies in one region on one date. {@code selfPayShare} is the share of the price the
 * insured pays first herself: 0 for 甲, 1 for 丙, and for 乙 the region's share (its own for the item, else
 * the region's default from the policy). {@code priceCap} is null when the catalog sets none.
 */
public record CatalogItem(String code, String name, ItemKind kind, ItemClass itemClass, BigDecimal selfPayShare,
        String unit, BigDecimal priceCap, boolean maternityRelevant) {
}
