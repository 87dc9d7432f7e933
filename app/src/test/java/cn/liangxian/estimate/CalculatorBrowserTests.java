package cn.liangxian.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;

/** A person at the calculator page, in a real browser. */
@AppTest
class CalculatorBrowserTests {

    static Browser browser;

    @Autowired
    Environment env;
    @Autowired
    EstimateService service;

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

    String base() {
        return new Http(env).base();
    }

    static void type(ChromeDriver d, String id, String value) {
        WebElement e = d.findElement(By.id(id));
        // date inputs take their value through script, independent of the browser's date format
        d.executeScript("arguments[0].value = arguments[1];", e, value);
    }

    @Test
    void aMotherInGuangzhouFillsTheFormAndSeesTheSameNumbersAsTheApiWithTheExplanation() {
        ChromeDriver d = browser.driver();
        d.get(base() + "/ui/calculator?lang=zh_CN");
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("生育待遇与缴费测算");
        new Select(d.findElement(By.id("region"))).selectByValue("440100");
        type(d, "date", "2024-05-10");
        new Select(d.findElement(By.id("category"))).selectByValue("DIFFICULT_DELIVERY");
        type(d, "fetuses", "2");
        type(d, "cost", "6200.00");
        type(d, "employerAvgWage", "9000.00");
        d.findElement(By.id("submit")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("result")));

        MaternityEstimateResponse expected = service.maternity(new MaternityEstimateRequest("440100", "2024-05-10",
                "DIFFICULT_DELIVERY", "2", "EMPLOYEE", "6200.00", "9000.00", null, null));
        assertThat(text(d, "medicalBenefit")).isEqualTo(expected.medicalBenefit());
        assertThat(text(d, "selfPay")).isEqualTo(expected.selfPay());
        assertThat(text(d, "leaveDays")).isEqualTo(String.valueOf(expected.leaveDays()));
        assertThat(text(d, "allowanceDays")).isEqualTo(String.valueOf(expected.allowanceDays()));
        assertThat(text(d, "allowance")).isEqualTo(expected.allowance());
        // Guangdong: 98 + 30 (difficult) + 15 (twins) paid; the 80 reward days are leave without allowance
        assertThat(text(d, "leaveDays")).isEqualTo("223");
        assertThat(text(d, "allowanceDays")).isEqualTo("143");
        assertThat(text(d, "allowance")).isEqualTo("42900.00");
        assertThat(d.findElement(By.id("leave-segments")).getText()).contains("奖励假").contains("否");
        assertThat(d.findElement(By.id("explanation")).getText()).contains("粤府令第227号").contains("unverified");
        browser.screenshot("calculator-guangzhou-zh");

        d.findElement(By.id("lang-switch")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("lang=en"));
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("Maternity and contribution calculator");
        assertThat(text(d, "allowance")).isEqualTo("42900.00");
        browser.screenshot("calculator-guangzhou-en");
        d.get(base() + "/ui/calculator?lang=zh_CN");
    }

    @Test
    void badInputShowsTheErrorCodeAndMessageInsteadOfAResult() {
        ChromeDriver d = browser.driver();
        d.get(base() + "/ui/calculator?lang=zh_CN");
        new Select(d.findElement(By.id("region"))).selectByValue("152501");
        type(d, "date", "2020-06-01");
        type(d, "cost", "-3000");
        d.findElement(By.id("submit")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertThat(text(d, "error-code")).isEqualTo("INVALID_COST");
        assertThat(text(d, "error-message")).isEqualTo("医疗费用不能为负数：-3000");
        assertThat(d.findElements(By.id("result"))).isEmpty();
        browser.screenshot("calculator-error-zh");
    }

    @Test
    void anEmployerChecksAContributionOnTheSecondTab() {
        ChromeDriver d = browser.driver();
        d.get(base() + "/ui/calculator?lang=zh_CN");
        d.findElement(By.id("tab-contribution")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("cRegion")));
        new Select(d.findElement(By.id("cRegion"))).selectByValue("152501");
        type(d, "cPeriod", "2020-03");
        type(d, "cMonthlyWage", "3000.00");
        type(d, "cRegionalAvg", "5000.00");
        type(d, "cOverdueDays", "10");
        d.findElement(By.id("cSubmit")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("cresult")));
        // base = floor 5000 × 80% = 4000.00; employer 4000 × 6.2% = 248.00; employee 80.00; late fee 328 × 0.0005 × 10 = 1.64
        assertThat(text(d, "base")).isEqualTo("4000.00");
        assertThat(text(d, "employerAmount")).isEqualTo("248.00");
        assertThat(text(d, "employeeAmount")).isEqualTo("80.00");
        assertThat(text(d, "lateFee")).isEqualTo("1.64");
        browser.screenshot("calculator-contribution-zh");
    }

    private static String text(ChromeDriver d, String id) {
        return d.findElement(By.id(id)).getText().trim();
    }
}
