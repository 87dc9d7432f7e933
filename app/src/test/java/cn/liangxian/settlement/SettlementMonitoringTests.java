package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.institution.NewAgreement;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;

/**
 * Smart monitoring, each rule on both sides of its threshold with settlements made through the hospital
 * interface: a second delivery of one woman within the window (and one day outside it), a policy-scope cost at
 * and just over the multiple of the category standard, a month's caesarean rate below the fewest deliveries, at
 * the agreement's ceiling and over it; the batch finds what the settlement check would have and raises nothing
 * twice; clerks list alerts with people masked and close them with a note.
 */
@AppTest
class SettlementMonitoringTests {

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
    @Autowired SettlementMonitoring monitoring;

    SettlementFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
    }

    static List<HisFlows.Fee> fee(int units) {
        return List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", BigDecimal.valueOf(units), new BigDecimal("150.00")));
    }

    /** The alerts of a rule on a settlement. */
    List<Map<String, Object>> alertsOn(String setlId, String rule) {
        return jdbc.sql("select * from monitoring_alert where setl_id = ? and rule = ?").params(setlId, rule)
                .query().listOfRows();
    }

    @Test
    void aSecondDeliveryWithinTheWindowIsFlaggedAndOneDayOutsideItIsNot() {
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        LocalDate first = LocalDate.of(2024, 3, 1);
        int window = policy.at(CZ, first).get(SettlementMonitoring.WINDOW).integer();

        String woman = fx.employedWoman(CZ);
        var a1 = SettlementFixture.delivery(flows, woman, first, false, fee(10));
        assertThat(alertsOn(a1.setlId(), "REPEAT_DELIVERY")).isEmpty();
        var a2 = SettlementFixture.delivery(flows, woman, first.plusDays(window), true, fee(10));
        List<Map<String, Object>> flagged = alertsOn(a2.setlId(), "REPEAT_DELIVERY");
        assertThat(flagged).singleElement().satisfies(a -> {
            assertThat(a.get("related_setl_id")).isEqualTo(a1.setlId());
            assertThat((BigDecimal) a.get("measured")).isEqualByComparingTo(BigDecimal.valueOf(window));
            assertThat((BigDecimal) a.get("threshold")).isEqualByComparingTo(BigDecimal.valueOf(window));
            assertThat(a.get("detected_by")).isEqualTo("SETTLEMENT");
            assertThat(a.get("region_code")).isEqualTo(CZ);
            assertThat(a.get("parameter")).isEqualTo(SettlementMonitoring.WINDOW);
        });

        String other = fx.employedWoman(CZ);
        var b1 = SettlementFixture.delivery(flows, other, first, false, fee(10));
        var b2 = SettlementFixture.delivery(flows, other, first.plusDays(window + 1), false, fee(10));
        assertThat(alertsOn(b1.setlId(), "REPEAT_DELIVERY")).isEmpty();
        assertThat(alertsOn(b2.setlId(), "REPEAT_DELIVERY")).isEmpty();

        // a reversed first delivery does not count against a later one
        String third = fx.employedWoman(CZ);
        var c1 = SettlementFixture.delivery(flows, third, first, false, fee(10));
        assertThat(flows.reverse(c1, true).infcode()).isZero();
        var c2 = SettlementFixture.delivery(flows, third, first.plusDays(30), false, fee(10));
        assertThat(alertsOn(c2.setlId(), "REPEAT_DELIVERY")).isEmpty();
    }

    @Test
    void aDeliveryAlreadyReimbursedInCashWithinTheWindowIsFlaggedAndAClaimStillUnderReviewIsNot() {
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        LocalDate first = LocalDate.of(2024, 3, 1);
        int window = policy.at(CZ, first).get(SettlementMonitoring.WINDOW).integer();
        LiangxianUser clerk = users.clerk(CZ);

        // her first delivery was paid in cash and reimbursed (approved); the hospital then settles another
        String woman = fx.employedWoman(CZ);
        String reimbursed = reimbursed(clerk, woman, first, true);
        var settled = SettlementFixture.delivery(flows, woman, first.plusDays(window), false, fee(10));
        assertThat(alertsOn(settled.setlId(), "REPEAT_DELIVERY")).singleElement().satisfies(a -> {
            assertThat(a.get("related_setl_id")).isEqualTo(reimbursed);
            assertThat((BigDecimal) a.get("measured")).isEqualByComparingTo(BigDecimal.valueOf(window));
            assertThat(a.get("evidence").toString()).contains("\"otherKind\": \"REIMBURSEMENT\"")
                    .contains("\"otherCategory\": \"NORMAL_DELIVERY\"");
        });
        SettlementMonitoring.Alert shown = monitoring.alerts(clerk,
                new SettlementMonitoring.Filter(CZ, h.code(), "REPEAT_DELIVERY", true)).stream()
                .filter(a -> settled.setlId().equals(a.setlId())).findFirst().orElseThrow();
        assertThat(shown.findingZh()).contains("零星报销 " + reimbursed).contains(window + " 天");
        assertThat(shown.findingEn()).contains("reimbursed, claim " + reimbursed);

        // a claim still awaiting review proves nothing yet
        String other = fx.employedWoman(CZ);
        reimbursed(clerk, other, first, false);
        var settledToo = SettlementFixture.delivery(flows, other, first.plusDays(1), false, fee(10));
        assertThat(alertsOn(settledToo.setlId(), "REPEAT_DELIVERY")).isEmpty();
    }

    @Autowired cn.liangxian.reimbursement.Reimbursements reimbursements;
    @Autowired cn.liangxian.approval.FourEyes fourEyes;

    String reimbursed(LiangxianUser clerk, String idNumber, LocalDate day, boolean approve) {
        return fx.reimbursedDelivery(reimbursements, fourEyes, clerk, idNumber, day, approve);
    }

    @Test
    void aCostAtTheMultipleOfTheStandardPassesAndOneFenMoreIsFlagged() {
        // Erenhot pays deliveries at actual cost up to a cap: the cap is the category standard
        var h = fx.hospital(EH);
        HisFlows flows = new HisFlows(fx.client(h));
        LocalDate day = LocalDate.of(2025, 4, 10);
        BigDecimal standard = agreements.policyStandard(EH, day, MaternityCategory.NORMAL_DELIVERY).orElseThrow();
        BigDecimal multiple = policy.at(EH, day).get(SettlementMonitoring.MULTIPLE).decimal();
        BigDecimal limit = standard.multiply(multiple).setScale(2);

        var at = SettlementFixture.delivery(flows, fx.employedWoman(EH), day, false, SettlementFixture.classA(limit));
        assertThat(jdbc.sql("select inscp_scp_amt from settlement where setl_id = ?").param(at.setlId())
                .query(BigDecimal.class).single()).isEqualByComparingTo(limit);
        assertThat(alertsOn(at.setlId(), "COST_OVER_STANDARD")).isEmpty();

        var over = SettlementFixture.delivery(flows, fx.employedWoman(EH), day, false,
                SettlementFixture.classA(limit.add(new BigDecimal("0.01"))));
        assertThat(alertsOn(over.setlId(), "COST_OVER_STANDARD")).singleElement().satisfies(a -> {
            assertThat((BigDecimal) a.get("threshold")).isEqualByComparingTo(multiple);
            assertThat((BigDecimal) a.get("measured")).isEqualByComparingTo(
                    limit.add(new BigDecimal("0.01")).divide(standard, 4, java.math.RoundingMode.HALF_UP));
            assertThat(a.get("evidence").toString()).contains(standard.toPlainString());
        });
    }

    @Test
    void aMonthsCaesareanRateIsJudgedWithEnoughDeliveriesAndOnlyAboveTheCeiling() {
        var h = fx.hospital(CZ, new NewAgreement(LocalDate.of(2020, 1, 1), null, Map.of(), Map.of(), List.of(),
                Map.of("CAESAREAN_RATE", new BigDecimal("0.40"))));
        HisFlows flows = new HisFlows(fx.client(h));
        YearMonth june = YearMonth.of(2025, 6);
        int min = policy.at(CZ, june.atEndOfMonth()).get(SettlementMonitoring.MIN_DELIVERIES).integer();
        assertThat(min).as("the test builds the month around the fewest deliveries judged").isEqualTo(5);
        // 2 caesareans, 2 normal: 50 % but only 4 deliveries
        SettlementFixture.delivery(flows, fx.employedWoman(CZ), june.atDay(2), true, fee(10));
        SettlementFixture.delivery(flows, fx.employedWoman(CZ), june.atDay(3), true, fee(10));
        SettlementFixture.delivery(flows, fx.employedWoman(CZ), june.atDay(4), false, fee(10));
        SettlementFixture.delivery(flows, fx.employedWoman(CZ), june.atDay(5), false, fee(10));
        assertThat(monitoring.checkMonth(h.code(), june, "BATCH")).isZero();
        // a fifth, normal: 2 ÷ 5 = 40 %, at the ceiling
        SettlementFixture.delivery(flows, fx.employedWoman(CZ), june.atDay(6), false, fee(10));
        assertThat(monitoring.checkMonth(h.code(), june, "BATCH")).isZero();
        // a sixth, caesarean: 3 ÷ 6 = 50 %, over — found by the clerk's batch run over June
        SettlementFixture.delivery(flows, fx.employedWoman(CZ), june.atDay(7), true, fee(10));
        Http http = new Http(env);
        var scan = http.postJson("/api/v1/monitoring/scans", "{\"region\":\"" + CZ
                + "\",\"from\":\"2025-06-01\",\"to\":\"2025-06-30\"}", "Authorization", "Bearer "
                + users.tokenFor(users.clerk(CZ)));
        assertThat(scan.status()).as(scan.body()).isEqualTo(200);
        assertThat(scan.json().get("raised").get("CAESAREAN_RATE_OVER").asInt()).isPositive();
        List<Map<String, Object>> rows = jdbc.sql("""
                select * from monitoring_alert where institution_code = ? and rule = 'CAESAREAN_RATE_OVER'""")
                .param(h.code()).query().listOfRows();
        assertThat(rows).singleElement().satisfies(a -> {
            assertThat(a.get("period")).isEqualTo("202506");
            assertThat((BigDecimal) a.get("measured")).isEqualByComparingTo("0.5000");
            assertThat((BigDecimal) a.get("threshold")).isEqualByComparingTo("0.40");
            assertThat(a.get("detected_by")).isEqualTo("BATCH");
        });
        // raised once: a second run and the month's clearing add nothing
        assertThat(monitoring.checkMonth(h.code(), june, "CLEARING")).isZero();
        LiangxianUser clerk = users.clerk(CZ);
        var alert = monitoring.alerts(clerk, new SettlementMonitoring.Filter(CZ, h.code(), "CAESAREAN_RATE_OVER", true));
        assertThat(alert).singleElement().satisfies(a -> {
            assertThat(a.findingZh()).contains("分娩 6 例").contains("剖宫产 3 例").contains("50%").contains("40%");
            assertThat(a.findingEn()).contains("3 caesareans in 6 deliveries");
        });
    }

    @Test
    void theBatchFindsWhatTheSettlementCheckWouldHaveAndRaisesNothingTwice() {
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman(CZ);
        var d1 = SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 1, 5), false, fee(10));
        var d2 = SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 1, 25), false, fee(10));
        assertThat(alertsOn(d2.setlId(), "REPEAT_DELIVERY")).hasSize(1);
        // as if settled before monitoring existed
        jdbc.sql("delete from monitoring_alert where setl_id = ?").param(d2.setlId()).update();
        LiangxianUser clerk = users.clerk(CZ);
        LocalDate today = LocalDate.now(NhsaGateway.ZONE);
        var r = monitoring.scan(clerk, CZ, today, today, today);
        assertThat(r.raised().get("REPEAT_DELIVERY")).isPositive();
        assertThat(alertsOn(d2.setlId(), "REPEAT_DELIVERY")).singleElement()
                .satisfies(a -> assertThat(a.get("detected_by")).isEqualTo("BATCH"));
        assertThat(alertsOn(d1.setlId(), "REPEAT_DELIVERY")).as("the pair is flagged on the later one only").isEmpty();
        monitoring.scan(clerk, CZ, today, today, today);
        assertThat(alertsOn(d2.setlId(), "REPEAT_DELIVERY")).hasSize(1);
        assertThatThrownBy(() -> monitoring.scan(clerk, CZ, today, today.minusDays(1), today))
                .isInstanceOf(ApiException.class).hasMessage("MONITORING_INVALID_RANGE");
        assertThatThrownBy(() -> monitoring.scan(clerk, CZ, today.minusYears(2), today, today))
                .isInstanceOf(ApiException.class).hasMessage("MONITORING_INVALID_RANGE");
    }

    @Test
    void clerksListAlertsWithPeopleMaskedAndCloseThemWithANote() {
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman(CZ);
        SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 2, 1), false, fee(10));
        var d2 = SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 2, 8), false, fee(10));
        long id = ((Number) alertsOn(d2.setlId(), "REPEAT_DELIVERY").get(0).get("id")).longValue();

        Http http = new Http(env);
        String token = "Bearer " + users.tokenFor(users.clerk(CZ));
        var list = http.get("/api/v1/monitoring/alerts?region=" + CZ + "&institution=" + h.code() + "&rule=REPEAT_DELIVERY",
                "Authorization", token);
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json()).singleElement().satisfies(a -> {
            assertThat(a.get("setlId").asString()).isEqualTo(d2.setlId());
            assertThat(a.get("personName").asString()).isEqualTo("孙*");
            assertThat(a.get("personId").asString()).isEqualTo(woman.substring(0, 4) + "**********" + woman.substring(14));
            assertThat(a.get("findingZh").asString()).contains("相隔 7 天");
            assertThat(a.get("findingEn").asString()).contains("7 days apart");
        });
        assertThat(list.body()).doesNotContain(woman).doesNotContain("孙丽");
        var unknown = http.get("/api/v1/monitoring/alerts?region=" + CZ + "&rule=NO_SUCH_RULE", "Authorization", token);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("code").asString()).isEqualTo("MONITORING_UNKNOWN_RULE");

        var tooShort = http.postJson("/api/v1/monitoring/alerts/" + id + "/close", "{\"note\":\"x\"}", "Authorization", token);
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.json().get("code").asString()).isEqualTo("SETTLEMENT_REASON_REQUIRED");
        var closed = http.postJson("/api/v1/monitoring/alerts/" + id + "/close",
                "{\"note\":\"两次就诊为同一次分娩的重复结算，已通知医院撤销\"}", "Authorization", token);
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("closeNote").asString()).startsWith("两次就诊");
        var again = http.postJson("/api/v1/monitoring/alerts/" + id + "/close", "{\"note\":\"再次关闭\"}",
                "Authorization", token);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("MONITORING_ALERT_CLOSED");
        assertThat(http.get("/api/v1/monitoring/alerts?region=" + CZ + "&institution=" + h.code(), "Authorization", token)
                .json()).isEmpty();
        assertThat(http.get("/api/v1/monitoring/alerts?region=" + CZ + "&institution=" + h.code() + "&status=closed",
                "Authorization", token).json()).hasSize(1);
    }
}
