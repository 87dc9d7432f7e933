package cn.liangxian.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Sheet;
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

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/**
 * The report's page, case page and Excel workbook: agency staff see their own regions only, everyone sees the
 * public disclosure, the workbook holds every case with the same verdicts as the page; screenshots of each page.
 */
@AppTest
class BenefitsUnchangedPagesTests {

    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

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
    void agencyStaffSeeTheirRegionsReportAndNoOtherRegions() {
        LiangxianUser clerk = users.clerk("152501");
        WebSession web = new WebSession(new Http(env).base());
        web.login(clerk.getUsername(), TestUsers.PASSWORD);
        BenefitsUnchanged.Report expected = new BenefitsUnchanged(PolicyBook.standard()).report("152501", null);

        WebSession.Page page = web.get("/ui/agency/benefits-unchanged?lang=zh_CN");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("二连浩特市生育待遇合并前后对照")
                .contains("id=\"bu-count\">" + expected.rows().size() + "<")
                .contains("id=\"bu-equal\">" + expected.count(BenefitsUnchanged.Verdict.EQUAL) + "<")
                .contains(expected.mergerReference());
        assertThat(web.get("/ui/agency/benefits-unchanged?region=320400").status()).isEqualTo(404);
        assertThat(web.get("/ui/agency/benefits-unchanged.xlsx?region=320400").status()).isEqualTo(404);
        assertThat(web.get("/ui/agency/benefits-unchanged?region=152501&after=2019-06-01").body())
                .contains("BENEFITS_AFTER_BEFORE_MERGER");
        assertThat(web.get("/ui/agency/benefits-unchanged?region=152501&after=notadate").status()).isEqualTo(400);
        assertThat(web.get("/ui/agency/benefits-unchanged/case/C999?region=152501").status()).isEqualTo(404);

        WebSession hr = new WebSession(new Http(env).base());
        hr.login(users.employer(TestUsers.uscc("152501")).getUsername(), TestUsers.PASSWORD);
        assertThat(hr.get("/ui/agency/benefits-unchanged?region=152501").status()).isEqualTo(403);
    }

    @Test
    void theWorkbookHoldsEveryCaseWithItsVerdictAndCause() throws Exception {
        BenefitsUnchanged.Report expected = new BenefitsUnchanged(PolicyBook.standard()).report("320400",
                java.time.LocalDate.of(2022, 3, 1));
        HttpResponse<byte[]> res = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(new Http(env).base() + "/public/benefits-unchanged.xlsx?region=320400&after=2022-03-01&lang=zh_CN"))
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(res.body()))) {
            List<Sheet> sheets = wb.getSheets().toList();
            assertThat(sheets).hasSize(2);
            List<org.dhatim.fastexcel.reader.Row> rows = sheets.get(0).read();
            int header = 0;
            while (!"案例".equals(rows.get(header).getCellText(0))) {
                header++;
            }
            List<org.dhatim.fastexcel.reader.Row> data = rows.subList(header + 1, rows.size());
            assertThat(data).hasSize(expected.rows().size());
            int last = rows.get(header).getCellCount() - 1;
            for (int i = 0; i < data.size(); i++) {
                BenefitsUnchanged.Row r = expected.rows().get(i);
                assertThat(data.get(i).getCellText(0)).isEqualTo(r.benefitCase().code());
                assertThat(data.get(i).getCellText(last - 1)).isEqualTo(BenefitsWorkbook.verdict(r.verdict(), true));
                if (r.verdict() == BenefitsUnchanged.Verdict.EXPLAINED) {
                    assertThat(data.get(i).getCellText(last)).contains("leave.extension.days").contains("苏发〔2022〕8号");
                }
            }
            String changed = sheets.get(1).read().stream().map(r -> r.getCellText(0)).collect(Collectors.joining(","));
            assertThat(changed).contains("leave.extension.days");
        }
    }

    @Test
    void everyPageInTheBrowser() {
        String base = new Http(env).base();
        LiangxianUser clerk = users.staff(Role.AGENCY_REVIEWER, "152501");
        ChromeDriver d = browser.driver();
        d.get(base + "/login?lang=zh_CN");
        d.findElement(By.id("username")).sendKeys(clerk.getUsername());
        d.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        d.findElement(By.id("login-submit")).click();
        wait(d).until(ExpectedConditions.urlContains("/ui/"));

        d.get(base + "/ui/agency");
        d.findElement(By.id("portal-benefits-unchanged")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("benefits-unchanged")));
        assertThat(d.findElement(By.id("bu-changes")).getText()).contains("maternity.medical.normal_delivery.amount");
        browser.screenshot("benefits-unchanged-agency");
        d.findElement(By.cssSelector("#case-C010 a")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("benefits-case")));
        assertThat(d.findElement(By.id("bu-explanation-before")).getText()).contains("二连浩特实施细则");
        browser.screenshot("benefits-unchanged-case");
        d.get(base + "/ui/agency/benefits-unchanged?region=152501&lang=en");
        browser.screenshot("benefits-unchanged-agency-en");

        d.manage().deleteAllCookies();
        d.get(base + "/public/benefits-unchanged?region=320400&after=2022-03-01&show=differences&lang=zh_CN");
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("bu-cases")));
        assertThat(d.findElement(By.id("bu-cases")).getText()).contains("leave.extension.days").contains("苏发〔2022〕8号");
        assertThat(d.findElements(By.cssSelector("#bu-cases tbody tr"))).allSatisfy(
                tr -> assertThat(tr.findElement(By.cssSelector(".verdict")).getText()).isEqualTo("有差异，已说明"));
        browser.screenshot("benefits-unchanged-public-changzhou-2022");
        d.findElement(By.cssSelector("#bu-cases tbody tr a")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("bu-case-causes")));
        browser.screenshot("benefits-unchanged-public-case");
        browser.screenshotAt("benefits-unchanged-public-case-phone", 390);
    }

    private static WebDriverWait wait(ChromeDriver d) {
        return new WebDriverWait(d, Duration.ofSeconds(15));
    }
}
