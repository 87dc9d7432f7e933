package cn.liangxian.institution;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.PolicyBook;

/**
 * The catalogs of drugs, medical services and service facilities (药品目录、诊疗项目、医疗服务设施). Items are national
 * reference rows in dated versions (a version holds until the next one begins, or until its own end date);
 * a region may set its own self-pay share of a class B item, also dated; otherwise the region's default share
 * from the policy ({@code catalog.class_b.self_pay_share}) applies.
 */
@Service
public class Catalogs {

    /** The policy parameter with a region's default self-pay share of class B items. */
    public static final String SHARE_PARAMETER = "catalog.class_b.self_pay_share";

    private final JdbcClient jdbc;
    private final PolicyBook policy;

    Catalogs(JdbcClient jdbc, PolicyBook policy) {
        this.jdbc = jdbc;
        this.policy = policy;
    }

    /** The item as it applies in that region on that date, if the catalog holds it then. */
    public Optional<CatalogItem> item(String regionCode, String code, LocalDate date) {
        if (code == null || date == null) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select code, valid_from, valid_to, name, kind, item_class, unit, price_cap, maternity_relevant
                from catalog_item where code = ? and valid_from <= ? order by valid_from desc limit 1""")
                .params(code.strip(), date).query(Catalogs::row).optional()
                .filter(r -> r.validTo() == null || date.isBefore(r.validTo()))
                .map(r -> r.item(share(regionCode, r, date)));
    }

    /**
     * Items in force on the date whose code or name contains {@code text} (all when blank), optionally of one kind
     * and only maternity-relevant ones, by code; at most {@code limit}.
     */
    public List<CatalogItem> search(String regionCode, String text, ItemKind kind, boolean maternityOnly,
            LocalDate date, int limit) {
        String like = "%" + (text == null ? "" : text.strip().replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_")) + "%";
        List<Row> rows = jdbc.sql("""
                select * from (
                    select distinct on (code) code, valid_from, valid_to, name, kind, item_class, unit, price_cap,
                           maternity_relevant
                    from catalog_item where valid_from <= :date order by code, valid_from desc) v
                where (valid_to is null or valid_to > :date) and (code ilike :like or name ilike :like)
                  and (:kind::text is null or kind = :kind) and (not :maternity or maternity_relevant)
                order by code limit :limit""")
                .param("date", date).param("like", like).param("kind", kind == null ? null : kind.name())
                .param("maternity", maternityOnly).param("limit", Math.max(1, Math.min(limit, 1000)))
                .query(Catalogs::row).list();
        List<CatalogItem> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.item(share(regionCode, r, date)));
        }
        return out;
    }

    /** How many items are in force on the date. */
    public long countInForce(LocalDate date) {
        return jdbc.sql("""
                select count(*) from (select distinct on (code) valid_to from catalog_item where valid_from <= ?
                                      order by code, valid_from desc) v where valid_to is null or valid_to > ?""")
                .params(date, date).query(Long.class).single();
    }

    /** The region's default self-pay share of class B items on the date. */
    public BigDecimal defaultShare(String regionCode, LocalDate date) {
        return policy.at(regionCode, date).get(SHARE_PARAMETER).decimal();
    }

    private BigDecimal share(String regionCode, Row r, LocalDate date) {
        return switch (r.itemClass()) {
            case A -> BigDecimal.ZERO;
            case C -> BigDecimal.ONE;
            case B -> jdbc.sql("""
                    select self_pay_share, valid_to from catalog_region_share
                    where region_code = ? and code = ? and valid_from <= ? order by valid_from desc limit 1""")
                    .params(regionCode, r.code(), date)
                    .query((rs, n) -> {
                        java.sql.Date to = rs.getDate("valid_to");
                        return to == null || date.isBefore(to.toLocalDate()) ? rs.getBigDecimal("self_pay_share") : null;
                    }).optional().filter(java.util.Objects::nonNull).orElseGet(() -> defaultShare(regionCode, date));
        };
    }

    /** One stored version of an item. */
    record Row(String code, LocalDate validFrom, LocalDate validTo, String name, ItemKind kind, ItemClass itemClass,
            String unit, BigDecimal priceCap, boolean maternityRelevant) {
        CatalogItem item(BigDecimal share) {
            return new CatalogItem(code, name, kind, itemClass, share, unit, priceCap, maternityRelevant);
        }
    }

    static Row row(ResultSet rs, int n) throws SQLException {
        return new Row(rs.getString("code"), rs.getObject("valid_from", LocalDate.class),
                rs.getObject("valid_to", LocalDate.class), rs.getString("name"), ItemKind.valueOf(rs.getString("kind")),
                ItemClass.valueOf(rs.getString("item_class")), rs.getString("unit"), rs.getBigDecimal("price_cap"),
                rs.getBoolean("maternity_relevant"));
    }
}
