package cn.liangxian.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/** An employer's HR signs in, uploads a roster on the page, follows its progress and sees the result, in Chinese. */
@AppTest
class RosterUploadBrowserTests {

    static final String REGION = "320400";
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    TestUsers users;
    @Autowired
    Environment env;
    @Autowired
    EmployerRegistry employers;

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

    static Object[] row(Object... cells) {
        return Arrays.copyOf(cells, RosterSheet.COLUMNS);
    }

    @Test
    void anEmployerUploadsARosterOnThePageFollowsItsProgressAndSeesTheRefusedRow(@TempDir Path dir) throws Exception {
        LiangxianUser clerk = users.clerk(REGION);
        String uscc = RosterFiles.uscc(REGION);
        employers.register(clerk, new EmployerRegistry.NewEmployer(REGION, uscc, "常州页面测试单位",
                EmployerRegistry.EmployerType.ENTERPRISE, null, null, null, null, null, null, LocalDate.of(2020, 1, 1)));
        LiangxianUser hr = users.employer(uscc);
        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        WebDriverWait wait = new WebDriverWait(d, Duration.ofSeconds(60));
        d.manage().deleteAllCookies();
        d.get(base + "/login?lang=zh_CN");
        d.findElement(By.id("username")).sendKeys(hr.getUsername());
        d.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        d.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.urlContains("/ui/employer"));

        d.get(base + "/ui/employer/roster/upload");
        assertThat(d.findElement(By.tagName("h1")).getText()).isEqualTo("职工增减员");
        assertThat(d.findElement(By.id("roster-uscc")).getText()).isEqualTo(uscc);
        assertThat(d.findElement(By.id("template-link")).getText()).isEqualTo("下载模板（.xlsx）");
        assertThat(d.findElement(By.id("mode-ALL_OR_NOTHING")).findElement(By.xpath("..")).getText())
                .contains("全部正确才导入");
        assertThat(d.findElement(By.id("mode-ALL_OR_NOTHING")).isSelected()).isTrue();
        assertThat(d.findElements(By.id("import-result"))).isEmpty();
        browser.screenshot("roster-upload-empty");

        // the template downloads with the session (asked from the page itself)
        Object templateStatus = d.executeAsyncScript(
                "fetch(arguments[0]).then(r => r.arrayBuffer().then(b => arguments[1](r.status + ' ' + b.byteLength)))",
                base + "/ui/employer/roster/template.xlsx");
        assertThat(templateStatus.toString()).startsWith("200 ");

        // a file that is not a roster is refused at once, on the page, in Chinese
        Path text = dir.resolve("名单.txt");
        Files.writeString(text, "姓名,证件号码\n");
        d.findElement(By.id("upload-file")).sendKeys(text.toAbsolutePath().toString());
        d.findElement(By.id("upload-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("upload-problem")));
        assertThat(d.findElement(By.id("upload-problem")).getText()).contains("文件未被接受")
                .contains("不是 Excel 工作簿").contains("ROSTER_NOT_XLSX");
        browser.screenshot("roster-upload-refused");

        // a roster big enough to be watched: many new employees and one bad phone number
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String id = RosterFiles.citizenId();
            rows.add(row("增员", "居民身份证", id, "页面" + i, RosterFiles.sexOf(id), "13912345678", "2024-03-01"));
        }
        rows.add(row("增员", "居民身份证", RosterFiles.citizenId(), "错号", null, "12345", "2024-03-01"));
        Path file = dir.resolve("花名册.xlsx");
        Files.write(file, RosterFiles.xlsx(rows));
        d.findElement(By.id("upload-file")).sendKeys(file.toAbsolutePath().toString());
        d.findElement(By.id("mode-VALID_ROWS_ONLY")).click();
        d.findElement(By.id("upload-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-result")));
        assertThat(d.getCurrentUrl()).contains("/ui/employer/roster/upload?import=");
        if ("RUNNING".equals(d.findElement(By.id("import-result")).getAttribute("data-status"))) {
            assertThat(d.findElement(By.id("import-status")).getText()).isEqualTo("处理中");
            browser.screenshot("roster-upload-running");
        }
        wait.until(ExpectedConditions.textToBe(By.id("import-status"), "已完成"));
        assertThat(d.findElement(By.id("import-total")).getText()).isEqualTo("3001");
        assertThat(d.findElement(By.id("import-checked")).getText()).isEqualTo("3001");
        assertThat(d.findElement(By.id("import-applied")).getText()).isEqualTo("3000");
        assertThat(d.findElement(By.id("import-errors")).getText()).isEqualTo("1");
        assertThat(d.findElement(By.id("import-added")).getText()).isEqualTo("3000");
        assertThat(d.findElement(By.id("import-percent")).getText()).isEqualTo("100%");
        assertThat(d.findElement(By.id("error-preview")).getText()).contains("3002").contains("手机号码无效");
        String errors = d.findElement(By.id("errors-link")).getAttribute("href");
        assertThat(errors).endsWith("/errors.xlsx");
        assertThat(d.findElement(By.id("recent-imports")).getText()).contains("花名册.xlsx").contains("已完成");
        browser.screenshot("roster-upload-done");

        Object errorsStatus = d.executeAsyncScript(
                "fetch(arguments[0]).then(r => arguments[1](r.status + ' ' + r.headers.get('Content-Type')))", errors);
        assertThat(errorsStatus.toString()).startsWith("200 application/vnd.openxmlformats");
        browser.screenshotAt("roster-upload-mobile", 390);
    }
}
