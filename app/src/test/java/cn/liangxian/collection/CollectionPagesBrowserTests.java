package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
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

import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/**
 * Every collection page in Chromium, with a screenshot of each: an employer in Changzhou with three assessed months
 * (one paid, one partly paid, one unpaid and in arrears), its HR officer's bills, one bill and one person explained;
 * the agency clerk's runs (one started from the page and followed to the end), declarations (a refused and an
 * accepted upload), the tax hand-off (a payment file imported from the page), the exception queue (a refused and a
 * done resolution), arrears and the collection-rate chart.
 */
@AppTest
class CollectionPagesBrowserTests {

    static final String CHANGZHOU = "320400";
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AssessmentJob job;
    @Autowired
    Bills bills;
    @Autowired
    TaxExchange tax;
    @Autowired
    JdbcClient jdbc;

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
    void everyCollectionPageInTheBrowser() throws Exception {
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, CHANGZHOU);
        LocalDate from = LocalDate.of(2023, 6, 1);
        String e = fx.employer(LocalDate.of(2020, 1, 1));
        String other = fx.employer(LocalDate.of(2020, 1, 1));
        List<String> ids = new ArrayList<>();
        List<Long> people = new ArrayList<>();
        String[] names = { "王芳", "李娜", "张伟" };
        for (String name : names) {
            String id = fx.idNumber();
            long p = users.person(CHANGZHOU, id, name);
            enrollments.enrollEmployee(fx.clerk, Enrollments.Enrollee.of(p), e, from, null, Enrollments.Source.ENROLLMENT);
            ids.add(id);
            people.add(p);
        }
        fx.employee(other, from);
        fx.declare(e, 2024, people, "8200.00", "3000.00", "45000.00");
        for (int m = 1; m <= 3; m++) {
            AssessmentJob.Run r = job.start("test", CHANGZHOU, YearMonth.of(2024, m), 500);
            assertThat(job.execute(CHANGZHOU, r.id(), 1, null).finished()).isTrue();
        }
        LocalDate today = CollectionSupport.today();
        BigDecimal jan = bills.bill(fx.clerk, e, "2024-01", today).due();
        BigDecimal feb = bills.bill(fx.clerk, e, "2024-02", today).due();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        String unknown = TestUsers.uscc(CHANGZHOU);
        tax.importPayments(fx.clerk, CHANGZHOU, "到账-2024-02.csv", ("serial_no,period,payer_kind,payer_id,amount,late_fee,paid_on\r\n"
                + "A1-" + tag + ",2024-01,EMPLOYER," + e + "," + jan.toPlainString() + ",0,2024-02-10\r\n"
                + "A2-" + tag + ",2024-02,EMPLOYER," + e + "," + feb.subtract(new BigDecimal("500.00")).toPlainString()
                + ",0,2024-03-20\r\n"
                + "A3-" + tag + ",2024-02,EMPLOYER," + unknown + ",800.00,0,2024-03-12\r\n")
                .getBytes(StandardCharsets.UTF_8));

        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        LiangxianUser hr = users.employer(e);

        // ---------------------------------------------------------------- the employer's HR officer
        signIn(d, base, hr);
        d.get(base + "/ui/employer?lang=zh_CN");
        d.findElement(By.id("employer-collection")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("employer-bills")));
        assertThat(d.findElement(By.id("bill-202401")).getText()).contains("已缴清");
        assertThat(d.findElement(By.id("bill-202402")).getText()).contains("欠费");
        assertThat(d.findElement(By.id("bill-202403")).getText()).contains("欠费");
        assertThat(new BigDecimal(d.findElement(By.id("total-late-fees")).getText().replace(",", "")))
                .isPositive();
        browser.screenshot("collection-employer-bills");

        d.findElement(By.id("bill-link-202403")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("employer-bill")));
        assertThat(d.findElement(By.id("bill-persons")).getText()).isEqualTo("3");
        assertThat(d.findElement(By.id("bill-lines")).getText()).doesNotContain(ids.get(0)).contains("王*");
        assertThat(d.findElement(By.id("bill-explanation")).getText()).contains("employer_rate");
        assertThat(d.findElement(By.id("bill-rules")).getText()).contains("contribution.");
        assertThat(d.findElement(By.id("late-fee-explanation")).getText()).contains("dueDate");
        browser.screenshot("collection-employer-bill");

        d.findElement(By.cssSelector("#line-" + people.get(2) + " a")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("employer-person")));
        assertThat(d.findElement(By.id("explanation-1")).getText()).contains("ceiling");
        browser.screenshot("collection-employer-person");

        d.get(base + "/ui/employer/collection/bills/" + e + "/202402?lang=en");
        assertThat(d.findElement(By.id("bill-outstanding")).getText()).isEqualTo("500.00");
        browser.screenshot("collection-employer-bill-en");

        d.get(base + "/ui/employer/collection/bills/" + other + "/202401?lang=zh_CN");
        assertThat(d.findElement(By.id("error-code")).getText()).isEqualTo("NOT_FOUND");
        browser.screenshot("collection-problem");
        signOut(d);

        // ---------------------------------------------------------------- the agency clerk
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        signIn(d, base, clerk);
        d.get(base + "/ui/agency?lang=zh_CN");
        assertThat(d.findElement(By.id("agency-collection-links")).getText()).contains("月度核定").contains("征缴率");
        browser.screenshot("collection-agency-portal");
        d.findElement(By.id("portal-collection-runs")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("collection-runs")));
        d.get(base + "/ui/agency/collection/runs?region=" + CHANGZHOU);
        browser.screenshot("collection-runs");

        // a bad period: a clear message in both languages, no run written
        long runsBefore = count("select count(*) from assessment_run where region_code = ?", CHANGZHOU);
        d.findElement(By.id("run-period")).clear();
        d.findElement(By.id("run-period")).sendKeys("2024-13");
        d.findElement(By.id("start-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("error-start")));
        assertThat(d.findElement(By.id("error-start")).getText()).contains("2024-13").contains("YYYY-MM")
                .contains("COLLECTION_INVALID_PERIOD");
        assertThat(count("select count(*) from assessment_run where region_code = ?", CHANGZHOU)).isEqualTo(runsBefore);
        browser.screenshot("collection-runs-refused");

        d.findElement(By.id("run-period")).clear();
        d.findElement(By.id("run-period")).sendKeys("2024-04");
        d.findElement(By.id("start-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("collection-run")));
        new WebDriverWait(d, Duration.ofSeconds(60)).until(ExpectedConditions.textToBe(By.id("run-status"), "已完成"));
        assertThat(d.findElement(By.id("run-first")).getText()).isNotEqualTo("0");
        browser.screenshot("collection-run");
        d.get(base + "/ui/agency/collection/runs?region=" + CHANGZHOU);
        assertThat(d.findElements(By.cssSelector("#runs-table tbody tr"))).hasSizeGreaterThanOrEqualTo(4);

        // declarations: a file with a bad line is refused whole; a good one is recorded
        d.get(base + "/ui/agency/collection/declarations?region=" + CHANGZHOU);
        long declarationsBefore = count("select count(*) from wage_declaration where region_code = ?", CHANGZHOU);
        Path bad = csvFile("证件号码,姓名,月工资\r\n" + ids.get(0) + ",王芳,9000.00\r\n" + ids.get(1) + ",李娜,九千\r\n");
        d.findElement(By.id("upload-uscc")).sendKeys(e);
        d.findElement(By.id("upload-year")).clear();
        d.findElement(By.id("upload-year")).sendKeys("2025");
        d.findElement(By.id("upload-file")).sendKeys(bad.toString());
        d.findElement(By.id("upload-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("error-upload")));
        assertThat(d.findElement(By.id("error-upload")).getText()).contains("COLLECTION_FILE_ROWS");
        assertThat(count("select count(*) from wage_declaration where region_code = ?", CHANGZHOU))
                .isEqualTo(declarationsBefore);
        browser.screenshot("collection-declarations-refused");
        Path good = csvFile("证件号码,姓名,月工资\r\n" + ids.get(0) + ",王芳,9000.00\r\n" + ids.get(1) + ",李娜,3100.00\r\n"
                + ids.get(2) + ",张伟,52000.00\r\n");
        d.findElement(By.id("upload-uscc")).clear();
        d.findElement(By.id("upload-uscc")).sendKeys(e);
        d.findElement(By.id("upload-year")).clear();
        d.findElement(By.id("upload-year")).sendKeys("2025");
        d.findElement(By.id("upload-file")).sendKeys(good.toString());
        d.findElement(By.id("upload-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("collection-declaration")));
        assertThat(d.findElement(By.id("notice")).getText()).contains("3");
        assertThat(d.findElement(By.id("declaration-lines")).getText()).contains("李*");
        browser.screenshot("collection-declaration");
        d.get(base + "/ui/agency/collection/declarations?region=" + CHANGZHOU);
        browser.screenshot("collection-declarations");

        // the tax hand-off: a payment file imported from the page
        d.get(base + "/ui/agency/collection/tax?region=" + CHANGZHOU);
        BigDecimal mar = bills.bill(clerk, e, "2024-03", today).due();
        Path pay = csvFile("serial_no,period,payer_kind,payer_id,amount,late_fee,paid_on\r\n"
                + "B1-" + tag + ",2024-03,EMPLOYER," + e + "," + mar.subtract(new BigDecimal("200.00")).toPlainString()
                + ",0,2024-04-12\r\n" + "B2-" + tag + ",2024-03,EMPLOYER," + TestUsers.uscc(CHANGZHOU)
                + ",300.00,0,2024-04-13\r\n");
        d.findElement(By.id("import-file")).sendKeys(pay.toString());
        d.findElement(By.id("import-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("import-counts")));
        assertThat(d.findElement(By.id("count-lines")).getText()).isEqualTo("2");
        assertThat(d.findElement(By.id("count-under")).getText()).isEqualTo("1");
        assertThat(d.findElement(By.id("count-unknown")).getText()).isEqualTo("1");
        browser.screenshot("collection-tax");

        // the exception queue: a resolution without a note is refused, with one it is done
        d.get(base + "/ui/agency/collection/exceptions?region=" + CHANGZHOU);
        browser.screenshot("collection-exceptions");
        long fileId = jdbc.sql("select file_id from payment_line where region_code = ? and serial_no = ?")
                .params(CHANGZHOU, "A3-" + tag).query(Long.class).single();
        int lineNo = jdbc.sql("select line_no from payment_line where region_code = ? and serial_no = ?")
                .params(CHANGZHOU, "A3-" + tag).query(Integer.class).single();
        String key = fileId + "-" + lineNo;
        d.findElement(By.id("ack-" + key)).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("error-line-" + key)));
        assertThat(d.findElement(By.id("error-line-" + key)).getText()).contains("COLLECTION_NOTE_REQUIRED").contains("处理说明");
        assertThat(jdbc.sql("select resolution from payment_line where region_code = ? and serial_no = ?")
                .params(CHANGZHOU, "A3-" + tag).query(String.class).optional().orElse(null)).isNull();
        browser.screenshot("collection-exceptions-refused");
        d.findElement(By.id("assign-period-" + key)).sendKeys("2024-02");
        d.findElement(By.id("assign-payer-" + key)).sendKeys(e);
        d.findElement(By.id("assign-note-" + key)).sendKeys("税务确认为本单位误填代码");
        d.findElement(By.id("assign-" + key)).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElements(By.id("exception-" + key))).isEmpty();
        assertThat(bills.bill(clerk, e, "2024-02", today).status()).isEqualTo("SETTLED");
        browser.screenshot("collection-exceptions-assigned");

        // arrears and the collection rate
        d.get(base + "/ui/agency/collection/arrears?region=" + CHANGZHOU);
        assertThat(d.findElement(By.id("arrears-202403-" + e)).getText()).contains("200.00");
        browser.screenshot("collection-arrears");
        d.get(base + "/ui/agency/collection/rates?region=" + CHANGZHOU + "&from=2024-01&to=2024-04");
        waitFor(d, ExpectedConditions.attributeToBe(By.id("rate-chart"), "data-rendered", "true"));
        assertThat(d.findElements(By.cssSelector("#rate-chart canvas"))).isNotEmpty();
        assertThat(d.findElement(By.id("rate-202401")).getText()).contains("%");
        browser.screenshot("collection-rates");
        d.get(base + "/ui/agency/collection/rates?region=" + CHANGZHOU + "&from=2024-01&to=2024-04&lang=en");
        waitFor(d, ExpectedConditions.attributeToBe(By.id("rate-chart"), "data-rendered", "true"));
        browser.screenshot("collection-rates-en");
        assertThat(d.getPageSource()).doesNotContain("??");
        signOut(d);
    }

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    static Path csvFile(String content) throws java.io.IOException {
        Path dir = Files.createDirectories(Path.of("target", "collection-uploads"));
        Path f = dir.resolve(UUID.randomUUID() + ".csv").toAbsolutePath();
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    static void signIn(ChromeDriver d, String base, LiangxianUser u) {
        Browser.signIn(d, base, u);
    }

    static void signOut(ChromeDriver d) {
        d.findElement(By.id("logout")).click();
        waitFor(d, ExpectedConditions.urlContains("loggedOut"));
    }

    static <T> T waitFor(ChromeDriver d, org.openqa.selenium.support.ui.ExpectedCondition<T> c) {
        return new WebDriverWait(d, Duration.ofSeconds(15)).until(c);
    }
}
