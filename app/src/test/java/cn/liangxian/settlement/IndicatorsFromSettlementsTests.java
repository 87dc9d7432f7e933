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
import cn.liangxian.institution.Indicator;
import cn.liangxian.institution.Institutions;
import cn.liangxian.institution.Measurement;
import cn.liangxian.institution.NewAgreement;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;

/**
 * The agreement indicators measured from an institution's live settlements (settled through the interface):
 * the caesarean rate and the maternity cost growth rate are exact ratios, reversed settlements and prenatal
 * visits count nowhere, the values are recorded so the institution's measurements compare them with the
 * agreement's limits (within / over), and the monthly clearing measures its month.
 */
@AppTest
class IndicatorsFromSettlementsTests {

    static final String CZ = "320400";
    static final BigDecimal PRICE = new BigDecimal("190.00");

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;
    @Autowired SettlementIndicators indicators;
    @Autowired InstitutionClearings clearings;

    SettlementFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
    }

    /** A Changzhou hospital whose agreement caps the caesarean rate at 40 % and the cost growth at 10 %. */
    SettlementFixture.Hospital hospital() {
        return fx.hospital(CZ, new NewAgreement(LocalDate.of(2020, 1, 1), null, Map.of(), Map.of(),
                List.of("剖宫产率、生育医疗费用增长率不得超过本协议指标"),
                Map.of("CAESAREAN_RATE", new BigDecimal("0.40"), "MATERNITY_COST_GROWTH_RATE", new BigDecimal("0.10"))));
    }

    /** A delivery of a new woman costing {@code units} × 190.00. */
    HisFlows.Encounter deliver(HisFlows flows, LocalDate day, boolean caesarean, int units) {
        return SettlementFixture.delivery(flows, fx.employedWoman(CZ), day, caesarean,
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", BigDecimal.valueOf(units), PRICE)));
    }

    Measurement measured(String code, Indicator i, LocalDate from, LocalDate to) {
        return agreements.measurements(code).stream()
                .filter(m -> m.indicator() == i && m.periodFrom().equals(from) && m.periodTo().equals(to)).findFirst()
                .orElseThrow();
    }

    @Test
    void theCaesareanRateAndTheCostGrowthAreExactRatiosOfLiveDeliverySettlements() {
        var h = hospital();
        HisFlows flows = new HisFlows(fx.client(h));
        // June 2024: two deliveries at 8 × 190 = 1,520.00 each
        deliver(flows, LocalDate.of(2024, 6, 10), false, 8);
        deliver(flows, LocalDate.of(2024, 6, 20), false, 8);
        // June 2025: three normal deliveries and two caesareans at 10 × 190 = 1,900.00 each
        for (int i = 0; i < 3; i++) {
            deliver(flows, LocalDate.of(2025, 6, 2 + i), false, 10);
        }
        deliver(flows, LocalDate.of(2025, 6, 10), true, 10);
        deliver(flows, LocalDate.of(2025, 6, 11), true, 10);
        // counted nowhere: a caesarean reversed, a prenatal visit, a delivery in July
        var reversed = deliver(flows, LocalDate.of(2025, 6, 12), true, 20);
        assertThat(flows.reverse(reversed, true).infcode()).isZero();
        assertThat(flows.prenatal(fx.employedWoman(CZ), "P" + System.nanoTime() % 100000000,
                LocalDate.of(2025, 6, 15).atTime(9, 0), SettlementFixture.fees("100.00", "0", "0")).settled()).isTrue();
        deliver(flows, LocalDate.of(2025, 7, 1), true, 30);

        var clerk = users.clerk(CZ);
        SettlementIndicators.Result r = indicators.measure(clerk, h.code(), "2025-06", LocalDate.of(2026, 1, 1));
        assertThat(r.figures().deliveries()).isEqualTo(5);
        assertThat(r.figures().caesareans()).isEqualTo(2);
        assertThat(r.figures().averageCost()).isEqualByComparingTo("1900.00");
        assertThat(r.figures().priorAverageCost()).isEqualByComparingTo("1520.00");
        // 2 ÷ 5 = 0.4000, exactly the ceiling: within; 1900 ÷ 1520 − 1 = 0.2500, over the 10 % cap
        LocalDate from = LocalDate.of(2025, 6, 1);
        LocalDate to = LocalDate.of(2025, 6, 30);
        Measurement rate = measured(h.code(), Indicator.CAESAREAN_RATE, from, to);
        assertThat(rate.value()).isEqualByComparingTo("0.4000");
        assertThat(rate.withinLimit()).isTrue();
        assertThat(rate.source()).isEqualTo(SettlementIndicators.SOURCE);
        Measurement growth = measured(h.code(), Indicator.MATERNITY_COST_GROWTH_RATE, from, to);
        assertThat(growth.value()).isEqualByComparingTo("0.2500");
        assertThat(growth.limit()).isEqualByComparingTo("0.10");
        assertThat(growth.withinLimit()).isFalse();

        // one more caesarean in June: 3 ÷ 6 = 0.5000, over the ceiling; the later value counts
        deliver(flows, LocalDate.of(2025, 6, 20), true, 10);
        indicators.measure(clerk, h.code(), "2025-06", LocalDate.of(2026, 1, 1));
        Measurement again = measured(h.code(), Indicator.CAESAREAN_RATE, from, to);
        assertThat(again.value()).isEqualByComparingTo("0.5000");
        assertThat(again.withinLimit()).isFalse();

        // the year: June's six and July's caesarean (30 × 190) against 2024's two
        SettlementIndicators.Result year = indicators.measure(clerk, h.code(), "2025", LocalDate.of(2026, 1, 1));
        assertThat(year.figures().deliveries()).isEqualTo(7);
        assertThat(year.figures().caesareans()).isEqualTo(4);
        assertThat(year.figures().caesareanRate()).isEqualByComparingTo("0.5714");
        // (6 × 1900 + 5700) ÷ 7 = 2442.857…; ÷ 1520 − 1 = 0.6071 (rounded once)
        assertThat(year.figures().growthRate()).isEqualByComparingTo("0.6071");
        assertThat(measured(h.code(), Indicator.CAESAREAN_RATE, LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31))
                .value()).isEqualByComparingTo("0.5714");
    }

    @Test
    void aPeriodWithoutDeliveriesRecordsNothingAndBadPeriodsAreRefused() {
        var h = hospital();
        var clerk = users.clerk(CZ);
        SettlementIndicators.Result r = indicators.measure(clerk, h.code(), "2023-02", LocalDate.of(2026, 1, 1));
        assertThat(r.recorded()).isEmpty();
        assertThat(agreements.measurements(h.code())).isEmpty();
        for (String bad : List.of("2025-13", "25-06", "2025/06", "")) {
            assertThatThrownBy(() -> indicators.measure(clerk, h.code(), bad, LocalDate.of(2026, 1, 1)))
                    .isInstanceOf(ApiException.class).hasMessage("INDICATOR_INVALID_PERIOD");
        }
        assertThatThrownBy(() -> indicators.measure(clerk, h.code(), "2026-02", LocalDate.of(2026, 1, 31)))
                .isInstanceOf(ApiException.class).hasMessage("INDICATOR_INVALID_PERIOD");
        // finance may not measure; a clerk of another region does not see the institution
        assertThatThrownBy(() -> indicators.measure(users.staff(Role.FINANCE, CZ), h.code(), "2025", LocalDate.now()))
                .isInstanceOf(ApiException.class).hasMessage("FORBIDDEN");
        assertThatThrownBy(() -> indicators.measure(users.clerk("152501"), h.code(), "2025", LocalDate.now()))
                .isInstanceOf(ApiException.class).hasMessage("NOT_FOUND");
    }

    @Test
    void theClerkMeasuresOverRestAndTheMonthlyClearingMeasuresItsMonth() {
        var h = hospital();
        HisFlows flows = new HisFlows(fx.client(h));
        deliver(flows, LocalDate.of(2025, 3, 3), true, 10);
        deliver(flows, LocalDate.of(2025, 3, 4), false, 10);
        deliver(flows, LocalDate.of(2025, 3, 5), false, 10);
        deliver(flows, LocalDate.of(2025, 3, 6), false, 10);

        Http http = new Http(env);
        String token = users.tokenFor(users.clerk(CZ));
        var ok = http.postJson("/api/v1/institutions/" + h.code() + "/indicators/from-settlements",
                "{\"period\":\"2025-03\"}", "Authorization", "Bearer " + token);
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().get("deliveries").asInt()).isEqualTo(4);
        assertThat(ok.json().get("caesareanRate").decimalValue()).isEqualByComparingTo("0.2500");
        assertThat(ok.json().get("growthRate").isNull()).isTrue();
        assertThat(ok.json().get("recorded")).hasSize(1);
        var bad = http.postJson("/api/v1/institutions/" + h.code() + "/indicators/from-settlements",
                "{\"period\":\"March\"}", "Authorization", "Bearer " + token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).startsWith("application/problem+json");
        assertThat(bad.json().get("code").asString()).isEqualTo("INDICATOR_INVALID_PERIOD");
        assertThat(bad.json().get("message_zh").asString()).contains("统计期间");
        assertThat(bad.json().get("message_en").asString()).contains("a year (2025) or a month");

        // clearing May 2025 measures May from its settlements: one delivery there, a caesarean
        deliver(flows, LocalDate.of(2025, 5, 20), true, 10);
        clearings.clear(users.staff(Role.FINANCE, CZ), h.code(), YearMonth.of(2025, 5), LocalDate.now(NhsaGateway.ZONE));
        Measurement may = measured(h.code(), Indicator.CAESAREAN_RATE, LocalDate.of(2025, 5, 1),
                LocalDate.of(2025, 5, 31));
        assertThat(may.value()).isEqualByComparingTo("1.0000");
        assertThat(may.withinLimit()).isFalse();
    }
}
