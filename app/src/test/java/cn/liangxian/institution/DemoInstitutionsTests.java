package cn.liangxian.institution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.UserAccounts;
import cn.liangxian.testsupport.TestDatabase;

/**
 * The demo's institutions, agreements, measurements, keys and catalog, loaded once through the services. On a
 * database of its own.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.data-dir=target/demo-test/pgdata")
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("demo")
class DemoInstitutionsTests {

    @Autowired
    Institutions institutions;
    @Autowired
    Agreements agreements;
    @Autowired
    Catalogs catalogs;
    @Autowired
    UserAccounts accounts;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PolicyBook policy;
    @Autowired
    DemoInstitutions demo;

    @Test
    void theDemoHospitalUserIsBoundToChangzhouMaternityHospitalWithAnAgreementInForce() {
        Institution h = institutions.find("H32040000001").orElseThrow();
        assertThat(h.regionCode()).isEqualTo("320400");
        assertThat(h.name()).isEqualTo("常州市妇幼保健院");
        assertThat(accounts.find("hospital.changzhou").orElseThrow().institutionCode()).isEqualTo(h.code());
        Agreement a = agreements.inForce(h.code(), LocalDate.of(2024, 6, 1)).orElseThrow();
        assertThat(a.version()).isEqualTo(2);
        assertThat(a.maternityClauses()).anyMatch(c -> c.contains("生育医疗服务窗口"));
        assertThat(a.indicatorLimits()).containsKeys("MATERNITY_COST_GROWTH_RATE", "CAESAREAN_RATE");
        assertThat(agreements.measurements(h.code())).anyMatch(m -> Boolean.FALSE.equals(m.withinLimit()));
    }

    @Test
    void eachDemoHospitalSettledThroughTheInterfaceReversedOneAndCancelledAMistakenAdmission() {
        record Hospital(String code, int settled, int reversed, int cancelled, int cancelledWithFees) {
        }
        List<Hospital> hospitals = jdbc.sql("""
                select e.institution_code,
                       (select count(*) from settlement s where s.institution_code = e.institution_code and s.status = 'SETTLED'),
                       (select count(*) from settlement s where s.institution_code = e.institution_code and s.status = 'REVERSED'),
                       count(*) filter (where e.status = 'CANCELLED' and e.hospital_serial like 'DEMO-IP-%-X'),
                       count(*) filter (where e.status = 'CANCELLED'
                                          and exists (select 1 from fee_detail f where f.encounter_id = e.id))
                  from encounter e group by e.institution_code order by 1""")
                .query((rs, i) -> new Hospital(rs.getString(1), rs.getInt(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)))
                .list();
        assertThat(hospitals).extracting(Hospital::code).contains("H32040000001");
        assertThat(hospitals).hasSizeGreaterThanOrEqualTo(4).allSatisfy(h -> {
            assertThat(h.settled()).as(h.code()).isGreaterThanOrEqualTo(3);
            assertThat(h.reversed()).as(h.code()).isEqualTo(1);
            assertThat(h.cancelled()).as(h.code()).isEqualTo(1);
            assertThat(h.cancelledWithFees()).as(h.code()).isZero();
        });
    }

    @Test
    void everySeedRegionHasTwoOrThreeInstitutionsWithVersionedAgreementsAndSigningKeys() {
        for (String region : AgreementTests.SEED_REGIONS) {
            List<Institution> list = institutions.inRegion(region);
            assertThat(list).as(region).hasSizeBetween(2, 3);
            for (Institution i : list) {
                assertThat(agreements.versions(i.code())).hasSize(2);
                assertThat(agreements.inForce(i.code(), LocalDate.of(2021, 1, 1)).orElseThrow().version()).isEqualTo(1);
                assertThat(i.bankAccountMasked()).startsWith("*");
                assertThat(jdbc.sql("select count(*) from institution_key where institution_code = ? and active")
                        .param(i.code()).query(Integer.class).single()).isEqualTo(1);
            }
        }
    }

    @Test
    void theCatalogHoldsAtLeastTwoHundredMaternityItemsOfEveryKindAndGuangzhouHasItsOwnShares() {
        LocalDate on = LocalDate.of(2024, 6, 1);
        List<CatalogItem> items = catalogs.search("320400", "", null, true, on, 1000);
        assertThat(items.size()).isGreaterThanOrEqualTo(200);
        for (ItemKind k : ItemKind.values()) {
            assertThat(items).as(k.name()).anyMatch(i -> i.kind() == k);
        }
        for (ItemClass c : ItemClass.values()) {
            assertThat(items).as(c.name()).anyMatch(i -> i.itemClass() == c);
        }
        assertThat(items).extracting(CatalogItem::name).contains("缩宫素注射液（1ml:10U）", "叶酸片（0.4mg）",
                "子宫下段剖宫产术", "阴式分娩（单胎顺产接生）", "胎心监测（电子胎心监护）", "新生儿护理", "床位费（普通病房，三人间）");
        CatalogItem gz = catalogs.item("440100", "311201029", on).orElseThrow();
        assertThat(gz.selfPayShare()).isEqualByComparingTo("0.20");
        assertThat(catalogs.item("440300", "311201029", on).orElseThrow().selfPayShare())
                .isEqualByComparingTo(policy.at("440300", on).get(Catalogs.SHARE_PARAMETER).decimal());
    }

    @Test
    void runningTheDemoAgainChangesNothing() throws Exception {
        int before = jdbc.sql("select (select count(*) from institution) + (select count(*) from agreement) "
                + "+ (select count(*) from catalog_item) + (select count(*) from indicator_measurement)")
                .query(Integer.class).single();
        String key = jdbc.sql("select secret_enc from institution_key where institution_code = 'H32040000001'")
                .query(String.class).single();
        demo.run(null);
        assertThat(jdbc.sql("select (select count(*) from institution) + (select count(*) from agreement) "
                + "+ (select count(*) from catalog_item) + (select count(*) from indicator_measurement)")
                .query(Integer.class).single()).isEqualTo(before);
        assertThat(jdbc.sql("select secret_enc from institution_key where institution_code = 'H32040000001'")
                .query(String.class).single()).isEqualTo(key);
    }
}
