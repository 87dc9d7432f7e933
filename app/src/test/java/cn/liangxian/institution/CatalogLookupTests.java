package cn.liangxian.institution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.testsupport.AppTest;

/** Catalog items as they apply in a region on a date: class, region share of 乙 items, dated versions. */
@AppTest
class CatalogLookupTests {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    Catalogs catalogs;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PolicyBook policy;

    String code() {
        return "TST" + System.nanoTime() % 1_000_000 + "-" + SEQ.incrementAndGet();
    }

    void item(String code, LocalDate from, LocalDate to, String name, String cls, String cap) {
        jdbc.sql("""
                insert into catalog_item (code, valid_from, valid_to, name, kind, item_class, unit, price_cap,
                                          maternity_relevant, recorded_by)
                values (?, ?, ?, ?, 'DRUG', ?, '支', ?, true, 'test')""")
                .params(code, from, to, name, cls, cap == null ? null : new BigDecimal(cap)).update();
    }

    void share(String region, String code, LocalDate from, String share) {
        jdbc.sql("""
                insert into catalog_region_share (region_code, code, valid_from, self_pay_share, recorded_by)
                values (?, ?, ?, ?, 'test')""").params(region, code, from, new BigDecimal(share)).update();
    }

    @Test
    void classAPaysNothingClassCEverythingAndClassBTheRegionsDefaultShare() {
        LocalDate on = LocalDate.of(2024, 6, 1);
        String a = code();
        String b = code();
        String c = code();
        item(a, LocalDate.of(2020, 1, 1), null, "缩宫素注射液", "A", "12.50");
        item(b, LocalDate.of(2020, 1, 1), null, "头孢呋辛酯片", "B", null);
        item(c, LocalDate.of(2020, 1, 1), null, "自费营养剂", "C", null);
        assertThat(catalogs.item("320400", a, on).orElseThrow().selfPayShare()).isEqualByComparingTo("0");
        assertThat(catalogs.item("320400", a, on).orElseThrow().priceCap()).isEqualByComparingTo("12.50");
        assertThat(catalogs.item("320400", c, on).orElseThrow().selfPayShare()).isEqualByComparingTo("1");
        for (String region : AgreementTests.SEED_REGIONS) {
            CatalogItem item = catalogs.item(region, b, on).orElseThrow();
            assertThat(item.itemClass()).isEqualTo(ItemClass.B);
            assertThat(item.selfPayShare()).as(region)
                    .isEqualByComparingTo(policy.at(region, on).get(Catalogs.SHARE_PARAMETER).decimal());
        }
        // the regions' facts differ (Jiangsu and Inner Mongolia set other shares than Guangdong)
        assertThat(catalogs.item("320400", b, on).orElseThrow().selfPayShare())
                .isNotEqualByComparingTo(catalogs.item("152501", b, on).orElseThrow().selfPayShare());
    }

    @Test
    void aRegionsOwnShareOfAClassBItemAppliesFromItsDateInThatRegionOnly() {
        String b = code();
        item(b, LocalDate.of(2020, 1, 1), null, "地屈孕酮片", "B", null);
        share("440100", b, LocalDate.of(2023, 1, 1), "0.2000");
        share("440100", b, LocalDate.of(2025, 1, 1), "0.0500");
        BigDecimal gzDefault = policy.at("440100", LocalDate.of(2022, 6, 1)).get(Catalogs.SHARE_PARAMETER).decimal();
        assertThat(catalogs.item("440100", b, LocalDate.of(2022, 12, 31)).orElseThrow().selfPayShare())
                .isEqualByComparingTo(gzDefault);
        assertThat(catalogs.item("440100", b, LocalDate.of(2023, 1, 1)).orElseThrow().selfPayShare())
                .isEqualByComparingTo("0.20");
        assertThat(catalogs.item("440100", b, LocalDate.of(2025, 3, 1)).orElseThrow().selfPayShare())
                .isEqualByComparingTo("0.05");
        assertThat(catalogs.item("440300", b, LocalDate.of(2025, 3, 1)).orElseThrow().selfPayShare())
                .isEqualByComparingTo(policy.at("440300", LocalDate.of(2025, 3, 1)).get(Catalogs.SHARE_PARAMETER).decimal());
    }

    @Test
    void theItemVersionInForceOnTheDateAnswersAndAWithdrawnItemIsGone() {
        String x = code();
        item(x, LocalDate.of(2019, 1, 1), null, "产前检查（旧）", "B", "100.00");
        item(x, LocalDate.of(2023, 1, 1), LocalDate.of(2025, 1, 1), "产前检查", "A", "120.00");
        assertThat(catalogs.item("320400", x, LocalDate.of(2018, 12, 31))).isEmpty();
        CatalogItem old = catalogs.item("320400", x, LocalDate.of(2022, 12, 31)).orElseThrow();
        assertThat(old.name()).isEqualTo("产前检查（旧）");
        assertThat(old.itemClass()).isEqualTo(ItemClass.B);
        CatalogItem now = catalogs.item("320400", x, LocalDate.of(2023, 1, 1)).orElseThrow();
        assertThat(now.itemClass()).isEqualTo(ItemClass.A);
        assertThat(now.priceCap()).isEqualByComparingTo("120.00");
        assertThat(catalogs.item("320400", x, LocalDate.of(2025, 1, 1))).isEmpty();
        assertThat(catalogs.item("320400", "NO-SUCH-ITEM", LocalDate.of(2024, 1, 1))).isEmpty();
        assertThat(catalogs.search("320400", "产前检查", null, true, LocalDate.of(2024, 1, 1), 50))
                .extracting(CatalogItem::code).contains(x);
        assertThat(catalogs.search("320400", x, null, false, LocalDate.of(2025, 6, 1), 50)).isEmpty();
    }
}
