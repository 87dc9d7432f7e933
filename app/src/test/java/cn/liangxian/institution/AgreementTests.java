package cn.liangxian.institution;

import static cn.liangxian.institution.InstitutionFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;

/** Institutions and agreement versions: registration, defaults per region, versions in force by date, indicators. */
@AppTest
class AgreementTests {

    static final List<String> SEED_REGIONS = List.of("440100", "440300", "500000", "320400", "152501");

    @Autowired
    Institutions institutions;
    @Autowired
    Agreements agreements;
    @Autowired
    TestUsers users;
    @Autowired
    PolicyBook policy;
    @Autowired
    JdbcClient jdbc;

    Institution registered(LiangxianUser clerk, String region) {
        String code = InstitutionFixtures.code(region);
        return as(clerk, () -> institutions.register(region, InstitutionFixtures.hospital(code, "测试妇幼保健院" + code)));
    }

    int rows(String table, String code) {
        return jdbc.sql("select count(*) from " + table + " where " + (table.equals("institution") ? "code" : "institution_code")
                + " = ?").param(code).query(Integer.class).single();
    }

    @Test
    void shouldRegisterAnInstitutionWithItsBankAccountMaskedAndFindItByCodeInAnyRegion() {
        LiangxianUser clerk = users.clerk("320400");
        Institution i = registered(clerk, "320400");
        Institution found = institutions.find(i.code().toLowerCase()).orElseThrow();
        assertThat(found.regionCode()).isEqualTo("320400");
        assertThat(found.levelValue()).isEqualTo(InstitutionLevel.GRADE_3A);
        assertThat(found.bankAccountMasked()).endsWith("4567").doesNotContain("110502010900");
        assertThat(found.active()).isTrue();
        assertThat(institutions.inRegion("320400")).extracting(Institution::code).contains(i.code());
        assertThat(institutions.inRegion("152501")).extracting(Institution::code).doesNotContain(i.code());
        String stored = jdbc.sql("select bank_account_enc from institution where code = ?").param(i.code())
                .query(String.class).single();
        assertThat(stored).doesNotContain("1105020109001234567");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'INSTITUTION_REGISTERED' and object_id = ?")
                .param(i.code()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void shouldRefuseBadOrDuplicateInstitutionsAndOtherRegionsWritingNothing() {
        LiangxianUser clerk = users.clerk("320400");
        Institution i = registered(clerk, "320400");
        assertThatThrownBy(() -> as(clerk, () -> institutions.register("320400",
                InstitutionFixtures.hospital(i.code(), "另一家医院")))).isInstanceOf(ApiException.class)
                .hasMessage("DUPLICATE_INSTITUTION");
        String bad = "H3204";
        assertThatThrownBy(() -> as(clerk, () -> institutions.register("320400",
                InstitutionFixtures.hospital(bad, "短编码医院")))).hasMessage("INVALID_INSTITUTION_CODE");
        String other = InstitutionFixtures.code("152501");
        assertThatThrownBy(() -> as(clerk, () -> institutions.register("152501",
                InstitutionFixtures.hospital(other, "二连浩特市医院")))).hasMessage("NOT_FOUND");
        String noBank = InstitutionFixtures.code("320400");
        assertThatThrownBy(() -> as(clerk, () -> institutions.register("320400", new NewInstitution(noBank, "坏账号医院",
                InstitutionLevel.GRADE_2, InstitutionType.GENERAL_HOSPITAL, "银行", "12ab")))).hasMessage("INVALID_BANK_ACCOUNT");
        LiangxianUser hospital = users.hospital(i.code());
        String byHospital = InstitutionFixtures.code("320400");
        assertThatThrownBy(() -> as(hospital, () -> institutions.register("320400",
                InstitutionFixtures.hospital(byHospital, "自行登记医院")))).hasMessage("FORBIDDEN");
        for (String c : List.of(bad, other, noBank, byHospital)) {
            assertThat(rows("institution", c)).isZero();
        }
        assertThatThrownBy(() -> institutions.register("320400", InstitutionFixtures.hospital(noBank, "匿名医院")))
                .hasMessage("UNAUTHORIZED");
    }

    @Test
    void aClerkSuspendsAndRestoresAnInstitutionWithAReasonAndItsAgreementsStay() {
        LiangxianUser clerk = users.clerk("500000");
        Institution i = registered(clerk, "500000");
        as(clerk, () -> agreements.create(i.code(), NewAgreement.withDefaults(LocalDate.of(2024, 1, 1), null, List.of())));
        assertThatThrownBy(() -> as(clerk, () -> institutions.setActive(i.code(), false, " ")))
                .hasMessage("INSTITUTION_REASON_REQUIRED");
        assertThat(institutions.find(i.code()).orElseThrow().active()).isTrue();
        Institution suspended = as(clerk, () -> institutions.setActive(i.code(), false, "违规收费，暂停协议"));
        assertThat(suspended.active()).isFalse();
        assertThat(agreements.inForce(i.code(), LocalDate.of(2024, 6, 1))).isPresent();
        assertThatThrownBy(() -> as(clerk, () -> institutions.setActive(i.code(), false, "again")))
                .hasMessage("INSTITUTION_STATUS_UNCHANGED");
        LiangxianUser stranger = users.clerk("152501");
        assertThatThrownBy(() -> as(stranger, () -> institutions.setActive(i.code(), true, "x"))).hasMessage("NOT_FOUND");
        assertThat(as(clerk, () -> institutions.setActive(i.code(), true, "整改完成")).active()).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_event where object_id = ? and action in "
                + "('INSTITUTION_SUSPENDED', 'INSTITUTION_RESTORED')").param(i.code()).query(Integer.class).single())
                .isEqualTo(2);
    }

    @Test
    void aNewAgreementInEachSeedRegionCarriesTheRegionsPaymentMethodsAndLimits() {
        LocalDate from = LocalDate.of(2024, 1, 1);
        MaternityEstimator estimator = new MaternityEstimator(policy);
        for (String region : SEED_REGIONS) {
            LiangxianUser clerk = users.clerk(region);
            Institution i = registered(clerk, region);
            Agreement a = as(clerk, () -> agreements.create(i.code(), NewAgreement.withDefaults(from, null,
                    List.of("设置生育医疗服务窗口"))));
            assertThat(a.terms()).hasSize(MaternityCategory.values().length);
            for (MaternityCategory c : MaternityCategory.values()) {
                // the method the policy engine pays this category by, in this region on that date
                MedicalPaymentMethod engine = estimator.estimate(new MaternityFacts(region, from, c, 1,
                        InsuredKind.EMPLOYEE, new BigDecimal("1000.00"), new BigDecimal("8000.00"), null, null))
                        .medicalMethod();
                assertThat(a.terms().get(c).method()).as(region + " " + c).isEqualTo(engine);
                assertThat(a.terms().get(c).quota()).as(region + " " + c).isNull();
            }
            for (Indicator ind : Indicator.values()) {
                assertThat(a.indicatorLimits().get(ind.name())).as(region + " " + ind)
                        .isEqualByComparingTo(policy.at(region, from).get(ind.limitParameter()).decimal());
            }
            assertThat(a.maternityClauses()).containsExactly("设置生育医疗服务窗口");
        }
    }

    @Test
    void theSeedsPaymentMethodsShowInTheAgreements() {
        LocalDate from = LocalDate.of(2024, 1, 1);
        // Changzhou: delivery per disease, prenatal care per unit (常政办发〔2019〕111号 二(三))
        Map<MaternityCategory, CategoryTerms> changzhou = agreements.defaults("320400", from);
        assertThat(changzhou.get(MaternityCategory.PRENATAL_CARE).method()).isEqualTo(MedicalPaymentMethod.PER_UNIT);
        assertThat(changzhou.get(MaternityCategory.NORMAL_DELIVERY).method())
                .isEqualTo(MedicalPaymentMethod.PER_DISEASE_QUOTA);
        // Guangdong: prenatal care per head (粤府办〔2019〕24号 二(三)6)
        assertThat(agreements.defaults("440100", from).get(MaternityCategory.PRENATAL_CARE).method())
                .isEqualTo(MedicalPaymentMethod.PER_HEAD);
        // Erenhot: capped actual cost (二连浩特实施细则 三(五)1)
        assertThat(agreements.defaults("152501", from).get(MaternityCategory.NORMAL_DELIVERY).method())
                .isEqualTo(MedicalPaymentMethod.CAPPED_ACTUAL);
    }

    @Test
    void versionsAreAppendedAndTheVersionInForceDependsOnTheDate() {
        LiangxianUser clerk = users.clerk("320400");
        Institution i = registered(clerk, "320400");
        Agreement v1 = as(clerk, () -> agreements.create(i.code(), NewAgreement.withDefaults(LocalDate.of(2022, 1, 1),
                null, List.of("第一版条款"))));
        Agreement v2 = as(clerk, () -> agreements.create(i.code(), new NewAgreement(LocalDate.of(2024, 1, 1),
                LocalDate.of(2025, 12, 31), Map.of(), Map.of(MaternityCategory.NORMAL_DELIVERY, new BigDecimal("3500")),
                List.of("第二版条款一", "第二版条款二"), Map.of("CAESAREAN_RATE", new BigDecimal("0.35")))));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.terms().get(MaternityCategory.NORMAL_DELIVERY).quota()).isEqualByComparingTo("3500.00");
        assertThat(v2.indicatorLimits().get("CAESAREAN_RATE")).isEqualByComparingTo("0.35");

        assertThat(agreements.inForce(i.code(), LocalDate.of(2021, 12, 31))).isEmpty();
        Agreement before = agreements.inForce(i.code(), LocalDate.of(2023, 12, 31)).orElseThrow();
        assertThat(before.version()).isEqualTo(1);
        assertThat(before.validTo()).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(before.maternityClauses()).containsExactly("第一版条款");
        assertThat(before.terms().get(MaternityCategory.NORMAL_DELIVERY).quota()).isNull();
        assertThat(agreements.inForce(i.code(), LocalDate.of(2024, 1, 1)).orElseThrow().version()).isEqualTo(2);
        assertThat(agreements.inForce(i.code(), LocalDate.of(2025, 12, 31)).orElseThrow().version()).isEqualTo(2);
        assertThat(agreements.inForce(i.code(), LocalDate.of(2026, 1, 1))).isEmpty();

        // a version that does not begin after the latest is refused, and nothing changes
        assertThatThrownBy(() -> as(clerk, () -> agreements.create(i.code(),
                NewAgreement.withDefaults(LocalDate.of(2023, 6, 1), null, List.of())))).isInstanceOf(ApiException.class)
                .hasMessage("AGREEMENT_NOT_AFTER_LATEST");
        assertThat(rows("agreement", i.code())).isEqualTo(2);
        assertThat(agreements.versions(i.code())).extracting(Agreement::validFrom)
                .containsExactly(LocalDate.of(2022, 1, 1), LocalDate.of(2024, 1, 1));

        // a third version ends the second before its agreed term
        as(clerk, () -> agreements.create(i.code(), NewAgreement.withDefaults(LocalDate.of(2025, 7, 1), null, List.of())));
        List<Agreement> all = agreements.versions(i.code());
        assertThat(all.get(1).validTo()).isEqualTo(LocalDate.of(2025, 7, 1));
        assertThat(all.get(2).validTo()).isNull();
        assertThat(agreements.inForce(i.code(), LocalDate.of(2030, 1, 1)).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void anAgreementMaySetItsOwnQuotaButNotForActualCostAndOnlyItsOwnRegionsClerkMayAddOne() {
        LiangxianUser clerk = users.clerk("152501");
        Institution i = registered(clerk, "152501");
        LocalDate from = LocalDate.of(2024, 1, 1);
        MaternityCategory actual = agreements.defaults("152501", from).values().stream()
                .filter(t -> t.method() == MedicalPaymentMethod.ACTUAL_COST).map(CategoryTerms::category).findFirst()
                .orElse(null);
        if (actual != null) {
            assertThatThrownBy(() -> as(clerk, () -> agreements.create(i.code(), new NewAgreement(from, null, Map.of(),
                    Map.of(actual, new BigDecimal("100")), List.of(), Map.of())))).hasMessage("QUOTA_NOT_APPLICABLE");
        }
        assertThatThrownBy(() -> as(clerk, () -> agreements.create(i.code(), new NewAgreement(from, null,
                Map.of(MaternityCategory.PRENATAL_CARE, MedicalPaymentMethod.ACTUAL_COST),
                Map.of(MaternityCategory.PRENATAL_CARE, new BigDecimal("100")), List.of(), Map.of()))))
                .hasMessage("QUOTA_NOT_APPLICABLE");
        assertThatThrownBy(() -> as(clerk, () -> agreements.create(i.code(), new NewAgreement(from, null, Map.of(),
                Map.of(MaternityCategory.NORMAL_DELIVERY, new BigDecimal("-5")), List.of(), Map.of()))))
                .hasMessage("INVALID_QUOTA");
        assertThatThrownBy(() -> as(clerk, () -> agreements.create(i.code(), new NewAgreement(from, null, Map.of(),
                Map.of(), List.of(), Map.of("NO_SUCH_THING", BigDecimal.ONE))))).hasMessage("UNKNOWN_INDICATOR");
        // before the region's law is encoded there is no default to take
        assertThatThrownBy(() -> as(clerk, () -> agreements.create(i.code(), NewAgreement.withDefaults(
                LocalDate.of(2010, 1, 1), null, List.of())))).hasMessage("NO_POLICY_AT_DATE");
        LiangxianUser stranger = users.clerk("320400");
        assertThatThrownBy(() -> as(stranger, () -> agreements.create(i.code(), NewAgreement.withDefaults(from, null,
                List.of())))).hasMessage("NOT_FOUND");
        assertThat(rows("agreement", i.code())).isZero();
        Agreement ok = as(clerk, () -> agreements.create(i.code(), new NewAgreement(from, null, Map.of(),
                Map.of(MaternityCategory.NORMAL_DELIVERY, new BigDecimal("2600.50")), List.of(), Map.of())));
        assertThat(ok.terms().get(MaternityCategory.NORMAL_DELIVERY))
                .isEqualTo(new CategoryTerms(MaternityCategory.NORMAL_DELIVERY, MedicalPaymentMethod.CAPPED_ACTUAL,
                        new BigDecimal("2600.50")));
    }

    @Test
    void measuredIndicatorsAreComparedWithTheLimitOfTheVersionInForce() {
        LiangxianUser clerk = users.clerk("440100");
        Institution i = registered(clerk, "440100");
        as(clerk, () -> agreements.create(i.code(), new NewAgreement(LocalDate.of(2024, 1, 1), null, Map.of(), Map.of(),
                List.of(), Map.of("CAESAREAN_RATE", new BigDecimal("0.30")))));
        BigDecimal growthCap = policy.at("440100", LocalDate.of(2024, 1, 1))
                .get(Indicator.MATERNITY_COST_GROWTH_RATE.limitParameter()).decimal();
        // fed by settlement (no user signed in)
        Measurement over = agreements.recordMeasurement(i.code(), Indicator.CAESAREAN_RATE, LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 12, 31), new BigDecimal("0.3512"), "settlement");
        assertThat(over.limit()).isEqualByComparingTo("0.30");
        assertThat(over.withinLimit()).isFalse();
        Measurement growth = as(clerk, () -> agreements.recordMeasurement(i.code(), Indicator.MATERNITY_COST_GROWTH_RATE,
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31), growthCap.subtract(new BigDecimal("0.01")), null));
        assertThat(growth.withinLimit()).isTrue();
        // a correction of the same period counts instead, the first stays recorded
        as(clerk, () -> agreements.recordMeasurement(i.code(), Indicator.CAESAREAN_RATE, LocalDate.of(2024, 1, 1),
                LocalDate.of(2024, 12, 31), new BigDecimal("0.2950"), "复核更正"));
        List<Measurement> all = agreements.measurements(i.code());
        assertThat(all).hasSize(2);
        Measurement corrected = all.stream().filter(m -> m.indicator() == Indicator.CAESAREAN_RATE).findFirst().orElseThrow();
        assertThat(corrected.value()).isEqualByComparingTo("0.2950");
        assertThat(corrected.withinLimit()).isTrue();
        assertThat(jdbc.sql("select count(*) from indicator_measurement where institution_code = ?").param(i.code())
                .query(Integer.class).single()).isEqualTo(3);
        // before any agreement: no limit to compare with
        Measurement early = agreements.recordMeasurement(i.code(), Indicator.CAESAREAN_RATE, LocalDate.of(2023, 1, 1),
                LocalDate.of(2023, 12, 31), new BigDecimal("0.5"), "settlement");
        assertThat(early.limit()).isNull();
        assertThat(early.withinLimit()).isNull();
        assertThatThrownBy(() -> agreements.recordMeasurement(i.code(), Indicator.CAESAREAN_RATE, LocalDate.of(2024, 2, 1),
                LocalDate.of(2024, 1, 1), BigDecimal.ONE, "x")).hasMessage("INVALID_PERIOD");
        LiangxianUser stranger = users.clerk("320400");
        assertThatThrownBy(() -> as(stranger, () -> agreements.recordMeasurement(i.code(), Indicator.CAESAREAN_RATE,
                LocalDate.of(2024, 1, 1), LocalDate.of(2024, 3, 31), BigDecimal.ONE, "x"))).hasMessage("NOT_FOUND");
    }
}
