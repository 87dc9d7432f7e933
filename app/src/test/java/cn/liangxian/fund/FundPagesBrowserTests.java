package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/**
 * Every fund page in Chromium, with a screenshot of each: a Chongqing-like region with district books (one cleared,
 * one waiting for approval), two years of pooled fund activity, a budget, district budgets with a deficit, the risk
 * chart and the public disclosure.
 */
@AppTest
class FundPagesBrowserTests {

    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChartOfAccounts chart;
    @Autowired
    Postings postings;
    @Autowired
    LegacyFundClearing clearing;
    @Autowired
    FundBudgets budgets;
    @Autowired
    FundLedger ledger;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    TestUsers users;
    @Autowired
    Environment env;

    @BeforeAll
    static void start() {
        browser = new Browser();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void everyFundPageInTheBrowser() {
        FundFixture fx = new FundFixture(jdbc, chart, postings);
        Map<String, String> districts = new LinkedHashMap<>();
        String d1 = FundFixture.district(21);
        String d2 = FundFixture.district(22);
        districts.put(d1, "渝中示例区");
        districts.put(d2, "江北示例区");
        String r = fx.region(FundFixture.CHONGQING, districts);
        LiangxianUser finance = users.staff(Role.FINANCE, r);

        // legacy district books before the merger (2017-07-01)
        String b1 = Book.maternityOfDistrict(d1);
        String b2 = Book.maternityOfDistrict(d2);
        fx.post(r, b1, LocalDate.of(2016, 12, 1), "1003", "400101", "862000.00");
        fx.post(r, b1, LocalDate.of(2017, 3, 1), "1002", "400101", "215300.00");
        fx.post(r, b1, LocalDate.of(2017, 4, 20), "50010301", "1003", "96320.40");
        fx.post(r, b1, LocalDate.of(2017, 5, 20), "50010302", "2202", "38210.00");
        fx.post(r, b1, LocalDate.of(2017, 6, 15), "110101", "400101", "12045.60");
        fx.post(r, b2, LocalDate.of(2017, 2, 1), "1003", "400101", "402500.00");
        fx.post(r, b2, LocalDate.of(2017, 6, 10), "50010301", "2201", "51880.25");
        approve(r, clearing.request(finance, r, b1, "各区县合并前结余并入统收统支").approvalId());
        clearing.request(finance, r, b2, "各区县合并前结余并入统收统支");

        // two years of the municipal pooled fund, by district
        String p = Book.POOLED;
        postings.post(new PostingRequest(r, p, SourceType.OPENING_BALANCE, "OPEN-" + UUID.randomUUID(),
                LocalDate.of(2022, 12, 31), LocalDate.of(2022, 12, 31), "期初余额",
                List.of(PostingLine.debit("1003", "3600000.00"), PostingLine.credit("3001", "3600000.00"))));
        for (int year = 2023; year <= 2024; year++) {
            for (int m = 1; m <= 12; m++) {
                LocalDate day = LocalDate.of(year, m, 10);
                BigDecimal grow = BigDecimal.valueOf(year == 2023 ? 100 : 104);
                String income = BigDecimal.valueOf(4000).multiply(grow).add(BigDecimal.valueOf(m * 1234L))
                        .setScale(2).toPlainString();
                String medical = BigDecimal.valueOf(3600).multiply(grow).add(BigDecimal.valueOf(m * 9876L))
                        .multiply(year == 2024 ? new BigDecimal("1.12") : BigDecimal.ONE).setScale(2,
                                java.math.RoundingMode.HALF_UP).toPlainString();
                fx.post(r, p, day, "1002", "400101", income);
                fx.post(r, p, day.plusDays(5), "50010101", "1004", medical, m % 2 == 0 ? d1 : d2);
                fx.post(r, p, day.plusDays(6), "5001010201", "2201", "31500.00", d1);
                fx.post(r, p, day.plusDays(7), "5001010202", "2202", "22800.50", d2);
                fx.post(r, p, day.plusDays(8), "1004", "1002", "300000.00");
            }
        }
        for (String m : FundFixture.months(2016).subList(11, 12)) {
            ledger.closeMonth(finance, r, m);
        }
        for (int y = 2017; y <= 2024; y++) {
            for (String m : FundFixture.months(y)) {
                ledger.closeMonth(finance, r, m);
            }
        }
        // a budget and district budgets
        budgets.saveDraft(finance, r, 2024, null, List.of(
                budgetItem("4001", "5200000.00", "以收定支、收支平衡", "渝府办发〔2017〕99号 二(三)", "2023年决算、2024年参保人数预测",
                        "2023年征缴收入 × (1 + 4%)"),
                budgetItem("50010101", "5000000.00", "保障基本、略有结余", "渝府办发〔2017〕99号 二(三)", "2023年决算、定点医疗机构总额",
                        "2023年支出 × (1 + 5%)"),
                budgetItem("50010102", "640000.00", "生育待遇不变", "渝府办发〔2017〕99号 二(六)", "2023年生育待遇享受人次",
                        "享受人次 × 次均费用")));
        approve(r, budgets.submit(finance, r, 2024, null, "2024年度预算").approvalId());
        budgets.saveDraft(finance, r, 2024, d1, List.of(budgetItem("50010101", "2300000.00", "区县总额预算", "渝府办发〔2017〕99号 一(二)",
                "区县2023年支出", "2023年支出 × 1.03"), budgetItem("50010102", "350000.00", "区县总额预算", "渝府办发〔2017〕99号 一(二)",
                        "区县2023年生育待遇", "享受人次 × 次均费用")));
        approve(r, budgets.submit(finance, r, 2024, d1, "区县总额预算").approvalId());
        budgets.saveDraft(finance, r, 2024, d2, List.of(budgetItem("50010101", "3000000.00", "区县总额预算",
                "渝府办发〔2017〕99号 一(二)", "区县2023年支出", "2023年支出 × 1.03")));
        approve(r, budgets.submit(finance, r, 2024, d2, "区县总额预算").approvalId());
        budgets.saveDraft(finance, r, 2025, null, List.of(budgetItem("4001", "5500000.00", "以收定支", "渝府办发〔2017〕99号",
                "2024年决算", "2024年收入 × 1.05")));

        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        d.get(base + "/login?lang=zh_CN");
        d.manage().deleteAllCookies();
        signIn(d, base, finance);

        d.get(base + "/ui/agency");
        assertThat(d.findElement(By.id("agency-fund-links")).getText()).contains("基金预算");
        browser.screenshot("fund-agency-portal");
        d.findElement(By.id("portal-fund")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("fund-home")));
        d.get(base + "/ui/agency/fund?region=" + r);
        browser.screenshot("fund-home");

        d.get(base + "/ui/agency/fund/statements/trial-balance?region=" + r + "&book=POOLED&period=202412");
        assertThat(d.findElement(By.id("balanced")).getText()).contains("平衡");
        browser.screenshot("fund-trial-balance");
        d.get(base + "/ui/agency/fund/statements/income-statement?region=" + r + "&book=POOLED&period=2024");
        assertThat(d.findElement(By.id("is-maternity-medical")).getText()).isEqualTo("378,000.00");
        browser.screenshot("fund-income-statement");
        d.get(base + "/ui/agency/fund/statements/income-statement?region=" + r + "&book=POOLED&period=2024&lang=en");
        browser.screenshot("fund-income-statement-en");
        d.get(base + "/ui/agency/fund/statements/balance-sheet?region=" + r + "&book=POOLED&period=2024&lang=zh_CN");
        assertThat(d.findElement(By.id("balanced")).getText()).contains("资产 = 负债 + 基金结余");
        browser.screenshot("fund-balance-sheet");

        d.get(base + "/ui/agency/fund/clearing?region=" + r + "&book=" + b1);
        assertThat(d.findElement(By.id("clearing-status")).getText()).isEqualTo("已清算");
        browser.screenshot("fund-clearing-cleared");
        d.get(base + "/ui/agency/fund/clearing?region=" + r + "&book=" + b2);
        assertThat(d.findElement(By.id("clearing-status")).getText()).isEqualTo("待审批");
        browser.screenshot("fund-clearing-pending");
        d.get(base + "/ui/agency/fund/clearing?region=" + r + "&book=MATERNITY");
        browser.screenshot("fund-clearing-open");

        d.get(base + "/ui/agency/fund/budget?region=" + r + "&year=2024&month=202406");
        assertThat(d.findElement(By.id("execution-table")).getText()).contains("4001");
        browser.screenshot("fund-budget");
        d.get(base + "/ui/agency/fund/budget?region=" + r + "&year=2025");
        browser.screenshot("fund-budget-draft");
        d.get(base + "/ui/agency/fund/districts?region=" + r + "&year=2024");
        browser.screenshot("fund-districts");
        d.findElement(By.id("settle-submit-" + d1)).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("district-" + d1)).getText()).contains("已记账");
        browser.screenshot("fund-districts-settled");

        d.get(base + "/ui/agency/fund/risk?region=" + r + "&month=202412");
        waitFor(d, ExpectedConditions.attributeToBe(By.id("risk-chart"), "data-rendered", "true"));
        assertThat(d.findElements(By.cssSelector("#risk-chart canvas"))).isNotEmpty();
        browser.screenshot("fund-risk");

        d.get(base + "/ui/agency/fund/statements/trial-balance?region=999998&period=202412");
        assertThat(d.findElement(By.id("error-code")).getText()).isEqualTo("NOT_FOUND");
        browser.screenshot("fund-problem");

        d.findElement(By.id("logout")).click();
        waitFor(d, ExpectedConditions.urlContains("loggedOut"));
        d.get(base + "/public/fund/" + r + "/2024");
        assertThat(d.findElement(By.id("through")).getText()).contains("2024");
        browser.screenshot("fund-disclosure");
        d.get(base + "/public/fund/" + r + "/2017");
        browser.screenshot("fund-disclosure-2017");
        assertThat(d.getPageSource()).doesNotContain("??");
    }

    static FundBudgets.ItemInput budgetItem(String account, String amount, String principle, String basis,
            String source, String calculation) {
        return new FundBudgets.ItemInput(account, new BigDecimal(amount), principle, basis, source, calculation, null);
    }

    void approve(String region, Long approvalId) {
        fourEyes.approve(users.staff(Role.AGENCY_APPROVER, region), approvalId, "已复核");
    }

    static void signIn(ChromeDriver d, String base, LiangxianUser u) {
        Browser.signIn(d, base, u);
    }

    static <T> T waitFor(ChromeDriver d, org.openqa.selenium.support.ui.ExpectedCondition<T> c) {
        return new WebDriverWait(d, Duration.ofSeconds(15)).until(c);
    }
}
