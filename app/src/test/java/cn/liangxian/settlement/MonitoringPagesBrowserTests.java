package cn.liangxian.settlement;

import static cn.liangxian.settlement.ClearingAndPagesTests.signIn;
import static cn.liangxian.settlement.ClearingAndPagesTests.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.institution.NewAgreement;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/**
 * The smart-monitoring page and the institution page's measuring from settlements, in Chromium: a clerk finds a
 * repeat delivery among the open alerts (the woman masked), filters, closes it with a note, runs the batch, and
 * measures the institution's month from its settlements, which then shows over its ceiling in the indicator table.
 */
@AppTest
class MonitoringPagesBrowserTests {

    static final String CZ = "320400";
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;

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
    void aClerkWorksTheAlertsAndMeasuresAnInstitutionFromItsSettlements() {
        SettlementFixture fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
        var h = fx.hospital(CZ, new NewAgreement(LocalDate.of(2020, 1, 1), null, Map.of(), Map.of(),
                List.of("剖宫产率不得超过本协议指标"), Map.of("CAESAREAN_RATE", new BigDecimal("0.30"))));
        HisFlows flows = new HisFlows(fx.client(h));
        List<HisFlows.Fee> fee = List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", BigDecimal.TEN,
                new BigDecimal("150.00")));
        String woman = fx.employedWoman(CZ);
        SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 2, 3), true, fee);
        var repeat = SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 2, 17), false, fee);
        SettlementFixture.delivery(flows, fx.employedWoman(CZ), LocalDate.of(2025, 2, 20), false, fee);
        LiangxianUser clerk = users.clerk(CZ);
        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        d.get(base + "/login?lang=zh_CN");
        d.manage().deleteAllCookies();
        signIn(d, base, clerk);

        d.get(base + "/ui/agency");
        d.findElement(By.id("portal-settlement-alerts")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("alert-filter")));
        new Select(d.findElement(By.id("alert-institution"))).selectByValue(h.code());
        new Select(d.findElement(By.id("alert-rule"))).selectByValue("REPEAT_DELIVERY");
        d.findElement(By.id("alert-filter-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("alert-table")));
        assertThat(d.findElements(By.cssSelector(".alert-row"))).hasSize(1);
        String row = d.findElement(By.cssSelector(".alert-row")).getText();
        assertThat(row).contains(repeat.setlId()).contains("疑似重复分娩结算").contains("相隔 14 天").contains("孙*")
                .doesNotContain("孙丽").doesNotContain(woman);
        browser.screenshot("monitoring-alerts");
        d.get(base + "/ui/agency/settlements/alerts?region=" + CZ + "&institution=" + h.code() + "&lang=en");
        assertThat(d.findElement(By.cssSelector(".alert-row")).getText()).contains("14 days apart");
        browser.screenshot("monitoring-alerts-en");
        d.get(base + "/ui/agency/settlements/alerts?region=" + CZ + "&institution=" + h.code() + "&lang=zh_CN");
        d.findElement(By.cssSelector(".alert-row input[name=note]")).sendKeys("同一孕妇两次分娩相隔过短，已调阅病历核查");
        d.findElement(By.cssSelector(".alert-row button.close-alert")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("notice")).getText()).isEqualTo("预警已关闭。");
        assertThat(d.findElements(By.cssSelector(".alert-row"))).isEmpty();
        d.get(base + "/ui/agency/settlements/alerts?region=" + CZ + "&institution=" + h.code() + "&show=closed");
        assertThat(d.findElement(By.cssSelector(".alert-closed")).getText()).contains("已调阅病历核查");
        browser.screenshot("monitoring-alerts-closed");
        d.findElement(By.id("scan-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("notice")).getText()).startsWith("已检查");
        browser.screenshot("monitoring-scan");

        // the institution page: February 2025 from its settlements — 1 caesarean in 3 deliveries, over the 30 % ceiling
        d.get(base + "/ui/agency/institutions/" + h.code());
        d.findElement(By.id("compute-period")).clear();
        d.findElement(By.id("compute-period")).sendKeys("2025-13");
        d.findElement(By.id("compute-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("error-compute")));
        assertThat(d.findElement(By.id("error-compute")).getText()).contains("INDICATOR_INVALID_PERIOD");
        d.findElement(By.id("compute-period")).clear();
        d.findElement(By.id("compute-period")).sendKeys("2025-02");
        d.findElement(By.id("compute-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("notice")).getText()).contains("2025-02").contains("分娩 3 例");
        String table = d.findElement(By.id("indicator-values")).getText();
        assertThat(table).contains("剖宫产率").contains("33.33%").contains("30%").contains("settlements");
        assertThat(d.findElement(By.cssSelector("#indicator-values .inst-over")).isDisplayed()).isTrue();
        assertThat(d.findElement(By.id("indicator-chart")).isDisplayed()).isTrue();
        browser.screenshot("institution-indicators-from-settlements");

        // a delivery settled here after one of hers was paid in cash and reimbursed: the alert leads to the claim
        String reimbursedWoman = fx.employedWoman(CZ);
        String claim = fx.reimbursedDelivery(reimbursements, fourEyes, clerk, reimbursedWoman, LocalDate.of(2025, 3, 1),
                true);
        var afterClaim = SettlementFixture.delivery(flows, reimbursedWoman, LocalDate.of(2025, 3, 20), false, fee);
        d.get(base + "/ui/agency/settlements/alerts?region=" + CZ + "&institution=" + h.code() + "&rule=REPEAT_DELIVERY");
        WebElement claimRow = d.findElements(By.cssSelector(".alert-row")).stream()
                .filter(r -> r.getText().contains(afterClaim.setlId())).findFirst().orElseThrow();
        assertThat(claimRow.getText()).contains(claim).contains("零星报销 " + claim).contains("相隔 19 天");
        WebElement toClaim = claimRow.findElement(By.linkText(claim));
        assertThat(toClaim.getAttribute("href")).endsWith("/ui/agency/reimbursements/" + claim);
        browser.screenshot("monitoring-alert-reimbursed");
        toClaim.click();
        waitFor(d, ExpectedConditions.titleContains(claim));
        assertThat(d.findElement(By.tagName("h1")).getText()).contains(claim);
    }

    @Autowired
    cn.liangxian.reimbursement.Reimbursements reimbursements;
    @Autowired
    cn.liangxian.approval.FourEyes fourEyes;
}
