package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Risk indicators on both sides of every threshold: months of payment (alert below 3, warning below 6, excessive
 * above 15, national parameters), expenditure growing faster than income (5 points), the maternity share (10 %).
 */
@AppTest
class FundRiskTests {

    static final YearMonth DEC = YearMonth.of(2024, 12);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChartOfAccounts chart;
    @Autowired
    Postings postings;
    @Autowired
    FundRisk risk;
    @Autowired
    TestUsers users;
    @Autowired
    Environment env;

    FundFixture fx;

    @BeforeEach
    void setUp() {
        fx = new FundFixture(jdbc, chart, postings);
    }

    /** A region whose pooled fund opens 2024 with {@code opening} and spends 1,000.00 every month of 2024. */
    String spending(String opening) {
        String r = fx.region(FundFixture.CHANGZHOU);
        postings.post(new PostingRequest(r, Book.POOLED, SourceType.OPENING_BALANCE, "OPEN-" + UUID.randomUUID(),
                LocalDate.of(2023, 12, 31), LocalDate.of(2023, 12, 31), "期初余额",
                List.of(PostingLine.debit("1003", opening), PostingLine.credit("3001", opening))));
        for (int m = 1; m <= 12; m++) {
            fx.post(r, Book.POOLED, LocalDate.of(2024, m, 15), "50010101", "1003", "1000.00");
        }
        return r;
    }

    FundRisk.MonthRisk december(String region) {
        FundRisk.RiskReport report = risk.report(region, DEC, DEC);
        return report.months().get(0);
    }

    @Test
    void monthsOfPaymentAreJudgedOnBothSidesOfEachThreshold() {
        record Case(String opening, String months, FundRisk.Level level) {
        }
        for (Case c : List.of(new Case("18000.00", "6.00", FundRisk.Level.NORMAL),
                new Case("17990.00", "5.99", FundRisk.Level.WARNING),
                new Case("15000.00", "3.00", FundRisk.Level.WARNING),
                new Case("14990.00", "2.99", FundRisk.Level.ALERT),
                new Case("27000.00", "15.00", FundRisk.Level.NORMAL),
                new Case("27010.00", "15.01", FundRisk.Level.EXCESS))) {
            String r = spending(c.opening());
            FundRisk.MonthRisk m = december(r);
            assertThat(m.averageExpenditure()).isEqualByComparingTo("1000.00");
            assertThat(m.monthsAveraged()).isEqualTo(12);
            assertThat(m.monthsOfPayment()).as(c.opening()).isEqualByComparingTo(c.months());
            assertThat(m.monthsLevel()).as(c.opening()).isEqualTo(c.level());
            List<FundRisk.Warning> w = risk.report(r, DEC, DEC).warnings().stream()
                    .filter(x -> x.indicator().equals("MONTHS_OF_PAYMENT")).toList();
            if (c.level() == FundRisk.Level.NORMAL) {
                assertThat(w).isEmpty();
            } else {
                assertThat(w).singleElement().satisfies(x -> {
                    assertThat(x.level()).isEqualTo(c.level());
                    assertThat(x.parameter()).startsWith("fund.risk.months_of_payment.");
                    assertThat(x.reference()).contains("人社部发〔2009〕67号");
                    assertThat(x.unverified()).isTrue();
                });
            }
        }
    }

    @Test
    void aYoungFundAveragesTheMonthsItHasAndAFundWithoutExpenditureHasNoMonthsOfPayment() {
        String r = fx.region(FundFixture.CHANGZHOU);
        fx.post(r, Book.POOLED, LocalDate.of(2024, 10, 1), "1002", "400101", "9000.00");
        FundRisk.MonthRisk october = risk.report(r, YearMonth.of(2024, 10), YearMonth.of(2024, 10)).months().get(0);
        assertThat(october.monthsOfPayment()).isNull();
        assertThat(october.monthsLevel()).isEqualTo(FundRisk.Level.NORMAL);
        fx.post(r, Book.POOLED, LocalDate.of(2024, 11, 1), "50010101", "1002", "1000.00");
        fx.post(r, Book.POOLED, LocalDate.of(2024, 12, 1), "50010101", "1002", "500.00");
        FundRisk.MonthRisk dec = december(r);
        assertThat(dec.monthsAveraged()).isEqualTo(3); // October to December
        assertThat(dec.averageExpenditure()).isEqualByComparingTo("500.00");
        assertThat(dec.balance()).isEqualByComparingTo("7500.00");
        assertThat(dec.monthsOfPayment()).isEqualByComparingTo("15.00");
    }

    /** A region with January income and expenditure in 2023 and 2024. */
    String growing(String income2023, String expenditure2023, String income2024, String expenditure2024,
            String maternity2024) {
        String r = fx.region(FundFixture.CHANGZHOU);
        fx.post(r, Book.POOLED, LocalDate.of(2023, 1, 5), "1002", "400101", income2023);
        fx.post(r, Book.POOLED, LocalDate.of(2023, 1, 20), "50010101", "1002", expenditure2023);
        fx.post(r, Book.POOLED, LocalDate.of(2024, 1, 5), "1002", "400101", income2024);
        fx.post(r, Book.POOLED, LocalDate.of(2024, 1, 20), "50010101", "1002", expenditure2024);
        if (maternity2024 != null) {
            fx.post(r, Book.POOLED, LocalDate.of(2024, 1, 21), "5001010202", "1002", maternity2024);
        }
        return r;
    }

    List<FundRisk.Warning> warnings(String region, String indicator) {
        YearMonth jan = YearMonth.of(2024, 1);
        return risk.report(region, jan, jan).warnings().stream().filter(w -> w.indicator().equals(indicator))
                .toList();
    }

    @Test
    void expenditureGrowingFasterThanIncomeWarnsFromTheGapOn() {
        // income flat, expenditure +5.00 %: a gap of exactly five points warns
        String at = growing("100000.00", "1000.00", "100000.00", "1050.00", null);
        FundRisk.MonthRisk m = risk.report(at, YearMonth.of(2024, 1), YearMonth.of(2024, 1)).months().get(0);
        assertThat(m.incomeGrowth()).isEqualByComparingTo("0");
        assertThat(m.expenditureGrowth()).isEqualByComparingTo("0.05");
        assertThat(warnings(at, "GROWTH_GAP")).singleElement().satisfies(w -> {
            assertThat(w.value()).isEqualByComparingTo("0.0500");
            assertThat(w.threshold()).isEqualByComparingTo("0.05");
        });
        // +4.999 %: below the gap (the judgement uses the exact figures, not the rounded ones)
        String below = growing("100000.00", "1000.00", "100000.00", "1049.99", null);
        assertThat(warnings(below, "GROWTH_GAP")).isEmpty();
        // both growing alike: no warning
        String alike = growing("100000.00", "1000.00", "110000.00", "1100.00", null);
        assertThat(warnings(alike, "GROWTH_GAP")).isEmpty();
        // no previous year: no growth, no warning
        String r = fx.region(FundFixture.CHANGZHOU);
        fx.post(r, Book.POOLED, LocalDate.of(2024, 1, 5), "1002", "400101", "100.00");
        assertThat(risk.report(r, YearMonth.of(2024, 1), YearMonth.of(2024, 1)).months().get(0).incomeGrowth())
                .isNull();
    }

    @Test
    void theMaternityShareOfExpenditureWarnsFromTenPercentOn() {
        String at = growing("100000.00", "1000.00", "100000.00", "900.00", "100.00");
        FundRisk.MonthRisk m = risk.report(at, YearMonth.of(2024, 1), YearMonth.of(2024, 1)).months().get(0);
        assertThat(m.maternityYtd()).isEqualByComparingTo("100.00");
        assertThat(m.maternityShare()).isEqualByComparingTo("0.1");
        assertThat(warnings(at, "MATERNITY_SHARE")).singleElement()
                .satisfies(w -> assertThat(w.threshold()).isEqualByComparingTo("0.1"));
        String below = growing("100000.00", "1000.00", "100000.00", "900.01", "99.99");
        assertThat(warnings(below, "MATERNITY_SHARE")).isEmpty();
    }

    @Test
    void theIndicatorsOverRestAreForFinanceAndSupervisorsOfTheRegion() {
        String r = spending("14990.00");
        Http http = new Http(env);
        JsonNode report = http.get("/api/v1/fund/" + r + "/risk?month=202412&months=12", "Authorization",
                "Bearer " + users.tokenFor(users.staff(Role.SUPERVISOR, r))).json();
        assertThat(report.get("months")).hasSize(12);
        assertThat(report.get("months").get(11).get("monthsLevel").asString()).isEqualTo("ALERT");
        assertThat(report.get("warnings").valueStream().map(w -> w.get("month").asString() + " "
                + w.get("level").asString())).contains("2024-12 ALERT");
        assertThat(report.get("thresholds").valueStream().map(t -> t.get("parameter").asString()))
                .contains("fund.risk.months_of_payment.warning", "fund.risk.months_of_payment.alert");
        String finance = "Bearer " + users.tokenFor(users.staff(Role.FINANCE, r));
        assertThat(http.get("/api/v1/fund/" + r + "/risk?month=202412&months=61", "Authorization", finance).json()
                .get("code").asString()).isEqualTo("FUND_RISK_MONTHS_INVALID");
        assertThat(http.get("/api/v1/fund/" + r + "/risk?month=202412", "Authorization",
                "Bearer " + users.tokenFor(users.clerk(r))).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/fund/" + r + "/risk?month=202412", "Authorization",
                "Bearer " + users.tokenFor(users.staff(Role.FINANCE, FundFixture.CHANGZHOU))).status())
                .isEqualTo(404);
    }
}
