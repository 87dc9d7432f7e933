package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.policy.maternity.MedicalEstimate;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The people and categories settlement serves beyond an employed woman's delivery, each through the interface:
 * 1101 answers a flexible worker as psn_type 12 and an insured man's registered unemployed wife as 13, and each is
 * settled by her kind's rules; a miscarriage is under four months one week below the region's gestation boundary
 * and four months or more at it; family-planning surgery (IUD insertion, sterilisation) is settled by
 * birctrl_type. Each settlement's category and fund payment equal the policy engine's estimate for the same facts.
 */
@AppTest
class CoverageKindsAndCategoriesTests {

    static final String CZ = "320400";
    static final String EH = "152501";

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;
    @Autowired PolicyBook policy;

    SettlementFixture fx;
    MaternityEstimator estimator;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
        estimator = new MaternityEstimator(policy);
    }

    record Row(String region, String category, String insuredKind, LocalDate serviceDate, BigDecimal inscp,
            BigDecimal fund, BigDecimal cash, BigDecimal medfee) {
    }

    Row row(String setlId) {
        return jdbc.sql("""
                select region_code, category, insured_kind, service_date, inscp_scp_amt, fund_pay, psn_cash_pay,
                       medfee_sumamt from settlement where setl_id = ?""").param(setlId)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getDate(4).toLocalDate(),
                        rs.getBigDecimal(5), rs.getBigDecimal(6), rs.getBigDecimal(7), rs.getBigDecimal(8)))
                .single();
    }

    /** The settlement agrees with the policy engine on the same facts: category, kind and the fund's payment. */
    MedicalEstimate agreesWithTheEstimate(HisFlows.Encounter e, MaternityCategory category, InsuredKind kind) {
        assertThat(e.settled()).as(e.steps().toString()).isTrue();
        Row r = row(e.setlId());
        assertThat(r.category()).isEqualTo(category.name());
        assertThat(r.insuredKind()).isEqualTo(kind.name());
        MedicalEstimate est = estimator.estimateMedical(new MaternityFacts(r.region(), r.serviceDate(), category, 1,
                kind, r.inscp(), null, null, null));
        assertThat(est.category()).isEqualTo(category);
        assertThat(r.fund()).isEqualByComparingTo(est.medicalBenefit());
        assertThat(r.cash()).isEqualByComparingTo(r.medfee().subtract(r.fund()));
        JsonNode info = e.settlement().output().path("setlinfo");
        assertThat(info.path("fund_pay_sumamt").decimalValue()).isEqualByComparingTo(est.medicalBenefit());
        return est;
    }

    static List<HisFlows.Fee> fees(int units) {
        return List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", BigDecimal.valueOf(units), new BigDecimal("180.00")));
    }

    /** The 510 row of a 1101 answer. */
    static JsonNode maternityRow(HisClient.Answer a) {
        for (JsonNode row : a.output().path("insuinfo")) {
            if ("510".equals(row.path("insutype").asString())) {
                return row;
            }
        }
        throw new AssertionError("no 510 row in " + a.output());
    }

    @Test
    void aFlexibleWorkerIsPsnType12AndIsSettledAsOne() {
        // Changzhou covers flexible workers' maternity medical costs (常政办发〔2019〕111号 二(五))
        String id = TestUsers.womanId("320402");
        long p = users.person(CZ, id, "周敏");
        enrollments.enrollFlexible(users.clerk(CZ), p, LocalDate.of(2022, 1, 1));
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        HisClient.Answer who = flows.lookup(id, LocalDateTime.of(2025, 3, 1, 9, 0));
        assertThat(who.infcode()).as(who.errMsg()).isZero();
        assertThat(maternityRow(who).path("psn_type").asString()).isEqualTo("12");
        assertThat(maternityRow(who).path("insuplc_admdvs").asString()).isEqualTo(CZ);
        assertThat(who.output().path("baseinfo").path("psn_no").asString()).isNotEqualTo(id);

        var birth = SettlementFixture.delivery(flows, id, LocalDate.of(2025, 3, 2), false, fees(12));
        agreesWithTheEstimate(birth, MaternityCategory.NORMAL_DELIVERY, InsuredKind.FLEXIBLE);
        assertThat(birth.settlement().output().path("setlinfo").path("psn_type").asString()).isEqualTo("12");
    }

    @Test
    void anInsuredMansRegisteredUnemployedWifeIsPsnType13AndIsSettledAsASpouse() {
        String employer = users.employerIn(EH, LocalDate.of(2019, 1, 1));
        LiangxianUser clerk = users.clerk(EH);
        long husband = users.person(EH, TestUsers.manId("152502"), "赵强");
        String wifeId = TestUsers.womanId("152502");
        long wife = users.person(EH, wifeId, "钱芳");
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(husband), employer, LocalDate.of(2020, 1, 1), null,
                Enrollments.Source.ENROLLMENT);
        enrollments.registerSpouse(clerk, wife, husband, LocalDate.of(2021, 1, 1));
        var h = fx.hospital(EH);
        HisFlows flows = new HisFlows(fx.client(h));
        HisClient.Answer who = flows.lookup(wifeId, LocalDateTime.of(2025, 6, 1, 9, 0));
        assertThat(who.infcode()).as(who.errMsg()).isZero();
        assertThat(maternityRow(who).path("psn_type").asString()).isEqualTo("13");
        // she is not insured in 310 herself: only the 510 row
        assertThat(who.output().path("insuinfo")).hasSize(1);

        var birth = SettlementFixture.delivery(flows, wifeId, LocalDate.of(2025, 6, 2), false, fees(16));
        MedicalEstimate est = agreesWithTheEstimate(birth, MaternityCategory.NORMAL_DELIVERY, InsuredKind.SPOUSE);
        assertThat(est.insuredKind()).isEqualTo(InsuredKind.SPOUSE);
        assertThat(birth.settlement().output().path("setlinfo").path("psn_type").asString()).isEqualTo("13");
    }

    @Test
    void aMiscarriageIsUnderFourMonthsBelowTheGestationBoundaryAndFourMonthsOrMoreAtIt() {
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        LocalDate day = LocalDate.of(2025, 4, 8);
        int weeks = policy.at(CZ, day).get("maternity.miscarriage.four_months_weeks").integer();
        var under = flows.inpatient(fx.employedWoman(CZ), "M" + System.nanoTime() % 100000000, day.atTime(8, 0),
                new HisFlows.Maternity("52", "5", null, weeks - 1, null, day.atTime(14, 0)), fees(5));
        agreesWithTheEstimate(under, MaternityCategory.MISCARRIAGE_UNDER_4_MONTHS, InsuredKind.EMPLOYEE);
        var over = flows.inpatient(fx.employedWoman(CZ), "M" + System.nanoTime() % 100000000, day.atTime(8, 0),
                new HisFlows.Maternity("52", "5", null, weeks, null, day.atTime(14, 0)), fees(8));
        agreesWithTheEstimate(over, MaternityCategory.MISCARRIAGE_4_MONTHS_OR_MORE, InsuredKind.EMPLOYEE);
        // the two categories are paid differently (Changzhou's per-disease standards)
        assertThat(row(under.setlId()).fund()).isNotEqualByComparingTo(row(over.setlId()).fund());
    }

    @Test
    void familyPlanningSurgeryIsSettledByItsBirthControlType() {
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        LocalDate day = LocalDate.of(2025, 9, 15);
        var iud = flows.inpatient(fx.employedWoman(CZ), "F" + System.nanoTime() % 100000000, day.atTime(8, 0),
                new HisFlows.Maternity("53", null, "1", null, null, day.atTime(10, 0)), fees(2));
        agreesWithTheEstimate(iud, MaternityCategory.IUD_INSERTION, InsuredKind.EMPLOYEE);
        var sterilisation = flows.inpatient(fx.employedWoman(CZ), "F" + System.nanoTime() % 100000000,
                day.atTime(8, 0), new HisFlows.Maternity("53", null, "5", null, null, day.atTime(10, 0)), fees(9));
        agreesWithTheEstimate(sterilisation, MaternityCategory.STERILIZATION, InsuredKind.EMPLOYEE);
        // judged on the surgery date the hospital sends (birctrl_matn_date)
        assertThat(row(sterilisation.setlId()).serviceDate()).isEqualTo(day);
    }
}
