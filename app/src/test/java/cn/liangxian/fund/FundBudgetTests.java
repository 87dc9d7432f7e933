package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Budgets: every item explained, approved by a second person, executed against the ledger to the cent; district
 * budgets of a Chongqing-like region and the year-end sharing of a district's deficit between city and district.
 */
@AppTest
class FundBudgetTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChartOfAccounts chart;
    @Autowired
    Postings postings;
    @Autowired
    FundBudgets budgets;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    TestUsers users;
    @Autowired
    Environment env;

    FundFixture fx;

    @BeforeEach
    void setUp() {
        fx = new FundFixture(jdbc, chart, postings);
    }

    static FundBudgets.ItemInput item(String account, String amount) {
        return new FundBudgets.ItemInput(account, new BigDecimal(amount), "以收定支、收支平衡、略有结余",
                "常政办发〔2019〕111号 二(二)", "上年决算与本年1—9月执行数", "上年实际 × (1 + 增长率)", null);
    }

    void approve(String region, Long approvalId) {
        fourEyes.approve(users.staff(Role.AGENCY_APPROVER, region), approvalId, "预算已审核");
    }

    @Test
    void aBudgetNeedsItsFourExplanationsAndASecondPersonAndIsExecutedAgainstTheLedger() {
        String r = fx.region(FundFixture.CHANGZHOU);
        LiangxianUser finance = users.staff(Role.FINANCE, r);
        // refusals write nothing
        FundBudgets.ItemInput noSource = new FundBudgets.ItemInput("4001", new BigDecimal("1.00"), "原则", "依据", " ",
                "测算", null);
        assertThat(LegacyFundClearingTests.code(() -> budgets.saveDraft(finance, r, 2024, null, List.of(noSource))))
                .isEqualTo("FUND_BUDGET_ITEM_INCOMPLETE");
        assertThat(LegacyFundClearingTests.code(() -> budgets.saveDraft(finance, r, 2024, null,
                List.of(item("5001", "1.00"), item("50010101", "1.00"))))).isEqualTo("FUND_BUDGET_NESTED_ITEM");
        assertThat(LegacyFundClearingTests.code(() -> budgets.saveDraft(finance, r, 2024, null,
                List.of(item("1002", "1.00"))))).isEqualTo("FUND_BUDGET_ACCOUNT_CLASS");
        assertThat(LegacyFundClearingTests.code(() -> budgets.saveDraft(finance, r, 2024, null,
                List.of(item("4001", "-1.00"))))).isEqualTo("FUND_BUDGET_AMOUNT_INVALID");
        assertThat(LegacyFundClearingTests.code(() -> budgets.saveDraft(finance, r, 2024, null,
                List.of(item("4001", "1.001"))))).isEqualTo("FUND_BUDGET_AMOUNT_INVALID");
        assertThat(LegacyFundClearingTests.code(() -> budgets.saveDraft(users.staff(Role.SUPERVISOR, r), r, 2024,
                null, List.of(item("4001", "1.00"))))).isEqualTo("FORBIDDEN");
        assertThat(jdbc.sql("select count(*) from fund_budget where region_code = ?").param(r).query(Long.class)
                .single()).isZero();

        FundBudgets.Budget draft = budgets.saveDraft(finance, r, 2024, null, List.of(item("4001", "1200000.00"),
                item("50010101", "900000.00"), item("50010102", "150000.00")));
        assertThat(draft.status()).isEqualTo(FundBudgets.Status.DRAFT);
        assertThat(draft.version()).isEqualTo(1);
        assertThat(draft.totalIncome()).isEqualByComparingTo("1200000.00");
        assertThat(draft.totalExpenditure()).isEqualByComparingTo("1050000.00");
        assertThat(draft.items()).allSatisfy(i -> assertThat(List.of(i.principle(), i.policyBasis(), i.dataSource(),
                i.calculationBasis())).allMatch(t -> !t.isBlank()));
        assertThat(budgets.execution(finance, r, 2024, null, null).budget()).isNull();

        assertThat(LegacyFundClearingTests.code(() -> budgets.submit(finance, r, 2024, null, ""))).isEqualTo(
                "FUND_BUDGET_REASON_REQUIRED");
        FundBudgets.Budget pending = budgets.submit(finance, r, 2024, null, "年度预算编制完成");
        assertThat(pending.status()).isEqualTo(FundBudgets.Status.PENDING);
        assertThat(LegacyFundClearingTests.code(() -> budgets.saveItem(finance, r, 2024, null,
                item("4004", "1.00")))).isEqualTo("FUND_BUDGET_PENDING");
        approve(r, pending.approvalId());

        String p = Book.POOLED;
        fx.post(r, p, LocalDate.of(2024, 3, 1), "1002", "400101", "333333.33");
        fx.post(r, p, LocalDate.of(2024, 4, 1), "50010101", "1004", "300000.01");
        fx.post(r, p, LocalDate.of(2024, 5, 1), "5001010201", "1004", "50000.00");
        fx.post(r, p, LocalDate.of(2024, 7, 1), "5001010202", "1004", "9999.99"); // after the month asked for
        FundBudgets.Execution e = budgets.execution(users.staff(Role.SUPERVISOR, r), r, 2024, null, "202406");
        assertThat(e.asOf()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(e.budget().status()).isEqualTo(FundBudgets.Status.APPROVED);
        Map<String, FundBudgets.ExecutionLine> lines = new LinkedHashMap<>();
        e.lines().forEach(l -> lines.put(l.accountCode(), l));
        assertThat(lines.get("4001").actual()).isEqualByComparingTo("333333.33");
        assertThat(lines.get("4001").executedPercent()).isEqualByComparingTo("27.78");
        assertThat(lines.get("4001").remaining()).isEqualByComparingTo("866666.67");
        assertThat(lines.get("50010101").executedPercent()).isEqualByComparingTo("33.33");
        assertThat(lines.get("50010102").actual()).isEqualByComparingTo("50000.00");
        assertThat(e.expenditureActual()).isEqualByComparingTo("350000.01");
        assertThat(e.expenditureBudget()).isEqualByComparingTo("1050000.00");
        assertThat(budgets.execution(finance, r, 2024, null, null).lines()).filteredOn(l -> l.accountCode()
                .equals("50010102")).singleElement().satisfies(l -> assertThat(l.actual())
                        .isEqualByComparingTo("59999.99"));

        // a second version, rejected: the first stays in force
        budgets.saveDraft(finance, r, 2024, null, List.of(item("4001", "1300000.00")));
        FundBudgets.Budget v2 = budgets.submit(finance, r, 2024, null, "预算调整");
        assertThat(v2.version()).isEqualTo(2);
        fourEyes.reject(users.staff(Role.AGENCY_APPROVER, r), v2.approvalId(), "依据不足");
        assertThat(budgets.versions(finance, r, 2024, null)).extracting(FundBudgets.Budget::status)
                .containsExactly(FundBudgets.Status.REJECTED, FundBudgets.Status.APPROVED);
        assertThat(budgets.execution(finance, r, 2024, null, null).budget().version()).isEqualTo(1);

        // over REST
        Http http = new Http(env);
        String token = "Bearer " + users.tokenFor(finance);
        JsonNode ex = http.get("/api/v1/fund/" + r + "/budgets/2024/execution?month=202406", "Authorization", token)
                .json();
        assertThat(ex.get("expenditureActual").decimalValue()).isEqualByComparingTo("350000.01");
        java.net.http.HttpResponse<String> put = put(http.base() + "/api/v1/fund/" + r + "/budgets/2025", token,
                "{\"items\":[{\"accountCode\":\"4001\",\"amount\":\"10.00\",\"principle\":\"p\","
                        + "\"policyBasis\":\"b\",\"dataSource\":\"s\"}]}");
        assertThat(put.statusCode()).isEqualTo(400);
        assertThat(put.body()).contains("FUND_BUDGET_ITEM_INCOMPLETE", "测算依据");
        put = put(http.base() + "/api/v1/fund/" + r + "/budgets/2025", token,
                "{\"items\":[{\"accountCode\":\"4001\",\"amount\":\"10.00\",\"principle\":\"p\","
                        + "\"policyBasis\":\"b\",\"dataSource\":\"s\",\"calculationBasis\":\"c\"}]}");
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(Http.JSON.readTree(put.body()).get("status").asString()).isEqualTo("DRAFT");
        Http.Response missing = http.postJson("/api/v1/fund/" + r + "/budgets/2026/submit", "{\"reason\":\"x\"}",
                "Authorization", token);
        assertThat(missing.status()).isEqualTo(409);
        assertThat(missing.json().get("code").asString()).isEqualTo("FUND_BUDGET_NO_DRAFT");
        assertThat(missing.json().get("message_zh").asString()).contains("2026");
    }

    @Test
    void aDistrictOverItsBudgetSharesTheDeficitWithTheCityToTheFen() {
        Map<String, String> districts = new LinkedHashMap<>();
        String d1 = FundFixture.district(11);
        String d2 = FundFixture.district(12);
        districts.put(d1, "甲区");
        districts.put(d2, "乙县");
        String r = fx.region(FundFixture.CHONGQING, districts);
        LiangxianUser finance = users.staff(Role.FINANCE, r);
        budgets.saveDraft(finance, r, 2023, d1, List.of(item("50010101", "100000.00"), item("50010102", "20000.00")));
        approve(r, budgets.submit(finance, r, 2023, d1, "区县总额预算").approvalId());
        budgets.saveDraft(finance, r, 2023, d2, List.of(item("50010101", "50000.00")));
        approve(r, budgets.submit(finance, r, 2023, d2, "区县总额预算").approvalId());

        String p = Book.POOLED;
        fx.post(r, p, LocalDate.of(2023, 3, 1), "50010101", "1004", "110000.00", d1);
        fx.post(r, p, LocalDate.of(2023, 6, 1), "5001010201", "1004", "10000.01", d1);
        fx.post(r, p, LocalDate.of(2023, 9, 1), "5001010202", "1004", "1000.00", d1);
        fx.post(r, p, LocalDate.of(2023, 9, 1), "50010101", "1004", "49999.99", d2);
        fx.post(r, p, LocalDate.of(2023, 9, 1), "50010101", "1004", "5000.00"); // the city's own: no district
        fx.post(r, p, LocalDate.of(2024, 1, 5), "50010101", "1004", "7777.00", d1); // next year

        Map<String, FundBudgets.DeficitSettlement> all = new LinkedHashMap<>();
        budgets.deficits(users.staff(Role.SUPERVISOR, r), r, 2023).forEach(s -> all.put(s.districtCode(), s));
        FundBudgets.DeficitSettlement s1 = all.get(d1);
        assertThat(s1.status()).isEqualTo(FundBudgets.SettlementStatus.DEFICIT);
        assertThat(s1.budget()).isEqualByComparingTo("120000.00");
        assertThat(s1.actual()).isEqualByComparingTo("121000.01");
        assertThat(s1.deficit()).isEqualByComparingTo("1000.01");
        assertThat(s1.districtShareRate()).isEqualByComparingTo("0.5");
        assertThat(s1.districtShare()).isEqualByComparingTo("500.01"); // 500.005, half up to the fen
        assertThat(s1.cityShare()).isEqualByComparingTo("500.00");
        assertThat(s1.cityShare().add(s1.districtShare())).isEqualByComparingTo(s1.deficit());
        assertThat(s1.steps()).anySatisfy(st -> {
            assertThat(st.parameter()).isEqualTo("fund.deficit_share.district");
            assertThat(st.reference()).contains("渝府办发〔2017〕99号");
            assertThat(st.unverified()).isTrue();
            assertThat(st.zh()).contains("1000.01 × 0.5 = 500.01");
        });
        assertThat(all.get(d2).status()).isEqualTo(FundBudgets.SettlementStatus.NO_DEFICIT);
        assertThat(all.get(d2).deficit()).isEqualByComparingTo("0");

        long before = fx.entries(r);
        FundBudgets.DeficitSettlement settled = budgets.settle(finance, r, d1, 2023);
        assertThat(settled.status()).isEqualTo(FundBudgets.SettlementStatus.SETTLED);
        JournalEntry e = postings.findBySource(r, SourceType.FUND_TRANSACTION, "DEFICIT/" + r + "/" + d1 + "/2023")
                .orElseThrow();
        assertThat(e.entryNo()).isEqualTo(settled.entryNo());
        assertThat(e.accountingDate()).isEqualTo(LocalDate.of(2023, 12, 31));
        assertThat(e.districtCode()).isEqualTo(d1);
        assertThat(e.legs()).extracting(l -> l.accountCode() + " " + l.side() + " " + l.amount().toPlainString())
                .containsExactlyInAnyOrder("110103 DEBIT 500.01", "4002 CREDIT 500.01");
        assertThat(fx.entries(r)).isEqualTo(before + 1);
        // once
        assertThat(budgets.settle(finance, r, d1, 2023).entryNo()).isEqualTo(settled.entryNo());
        assertThat(fx.entries(r)).isEqualTo(before + 1);
        assertThat(budgets.deficits(finance, r, 2023)).filteredOn(s -> s.districtCode().equals(d1)).singleElement()
                .satisfies(s -> assertThat(s.status()).isEqualTo(FundBudgets.SettlementStatus.SETTLED));
        assertThat(LegacyFundClearingTests.code(() -> budgets.settle(finance, r, d2, 2023))).isEqualTo(
                "FUND_NO_DEFICIT");
        assertThat(LegacyFundClearingTests.code(() -> budgets.settle(finance, r, d2, 2022))).isEqualTo(
                "FUND_BUDGET_NONE");
        assertThat(LegacyFundClearingTests.code(() -> budgets.settle(finance, r, d1, 2100))).isEqualTo(
                "FUND_YEAR_NOT_ENDED");
        assertThat(LegacyFundClearingTests.code(() -> budgets.settle(finance, r, "989999", 2023))).isEqualTo(
                "FUND_UNKNOWN_DISTRICT");
        assertThat(LegacyFundClearingTests.code(() -> budgets.settle(users.staff(Role.SUPERVISOR, r), r, d1, 2023)))
                .isEqualTo("FORBIDDEN");

        // a district's execution counts its own entries only
        FundBudgets.Execution ex = budgets.execution(finance, r, 2023, d1, null);
        assertThat(ex.districtCode()).isEqualTo(d1);
        assertThat(ex.expenditureActual()).isEqualByComparingTo("121000.01");

        // a Changzhou-like region has no districts
        String cz = fx.region(FundFixture.CHANGZHOU);
        assertThat(budgets.deficits(users.staff(Role.FINANCE, cz), cz, 2023)).isEmpty();
    }

    static java.net.http.HttpResponse<String> put(String url, String token, String body) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url)).header("Authorization", token).header("Content-Type", "application/json")
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
