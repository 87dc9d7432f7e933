package cn.liangxian.registry;

import static cn.liangxian.registry.CertificateFixtures.femaleId;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

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
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/** The agency's pages for birth service certificates and for the flag queue, in a real browser. */
@AppTest
class CertificateFlagPagesBrowserTests {

    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    TestUsers users;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MaternityEvents events;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment env;

    @TempDir
    Path dir;

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

    ChromeDriver signIn(LiangxianUser u) {
        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        d.manage().deleteAllCookies();
        Browser.signIn(d, base, u);
        return d;
    }

    /** Waits until the page a form led to has loaded, so that a full-height screenshot measures it. */
    static void settle(ChromeDriver d) {
        new WebDriverWait(d, Duration.ofSeconds(10))
                .until(x -> "complete".equals(d.executeScript("return document.readyState")));
    }

    Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void aClerkUploadsAFileSeesEveryBadRowThenImportsAndLooksAMotherUp() throws IOException {
        LiangxianUser clerk = users.clerk("500000");
        String motherId = femaleId("500103");
        long mother = users.person("500000", motherId, "刘晓燕");
        String a = CertificateFixtures.certNo();
        String header = "cert_no,kind,mother_cert_number,mother_name,issued_on,child_order,issuer";
        String base = new Http(env).base();
        ChromeDriver d = signIn(clerk);
        d.get(base + "/ui/agency/birth-certificates");
        assertThat(d.findElement(By.id("cert-requirement")).getText()).contains("500000");

        d.findElement(By.id("cert-file")).sendKeys(file("bad.csv", CertificateFixtures.csv(header,
                String.join(",", a, "FIRST", motherId, "刘晓燕", "2018-05-04", "1", "重庆市渝中区卫生计生委"),
                String.join(",", CertificateFixtures.certNo(), "THIRD", femaleId("500103"), "周", "2018-13-01", "", "")))
                .toString());
        d.findElement(By.id("cert-upload-submit")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("cert-result")));
        assertThat(d.findElement(By.id("cert-result-status")).getText()).contains("全部未写入");
        assertThat(d.findElement(By.id("cert-row-3")).getText()).contains("证件种类“THIRD”").contains("2018-13-01");
        assertThat(d.findElement(By.id("cert-row-2")).getText()).contains("校验通过");
        settle(d);
        browser.screenshot("birth-certificates-rejected");
        assertThat(jdbc.sql("select count(*) from birth_certificate where cert_no = ?").param(a).query(Integer.class)
                .single()).isZero();

        d.findElement(By.id("cert-file")).sendKeys(file("good.csv", CertificateFixtures.csv(header,
                String.join(",", a, "FIRST", motherId, "刘晓燕", "2018-05-04", "1", "重庆市渝中区卫生计生委"))).toString());
        d.findElement(By.id("cert-upload-submit")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("cert-result-status"), "新登记生育服务证 1 份"));

        d.findElement(By.id("cert-person-id")).sendKeys(String.valueOf(mother));
        d.findElement(By.id("cert-lookup-submit")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("cert-list")));
        String table = d.findElement(By.id("cert-list")).getText();
        assertThat(table).contains(a).contains("生育服务证").contains("刘**").contains("母亲")
                .doesNotContain(motherId).doesNotContain("刘晓燕");
        assertThat(d.findElement(By.id("cert-person")).getText()).contains("刘**");
        settle(d);
        browser.screenshot("birth-certificates");

        d.get(base + "/ui/agency/birth-certificates?personId=" + mother + "&lang=en");
        assertThat(d.findElement(By.id("cert-list")).getText()).contains("Birth service certificate").contains("Mother");
        d.get(base + "/ui/agency/birth-certificates?lang=zh_CN");
    }

    @Test
    void aClerkOfAnotherRegionFindsNothingOnThePage() {
        long mother = users.person("500000", femaleId("500103"), "马丽");
        WebSession web = new WebSession(new Http(env).base());
        web.login(users.clerk("440100").getUsername(), TestUsers.PASSWORD);
        WebSession.Page p = web.get("/ui/agency/birth-certificates?personId=" + mother);
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).contains("id=\"cert-error\"").doesNotContain("id=\"cert-list\"");
    }

    @Test
    void aSupervisorReadsTheEvidenceAndClearsAFlagAndAClerkOnlyReads() {
        String region = "440100";
        LiangxianUser clerk = users.clerk(region);
        String uscc = CertificateFixtures.uscc(region);
        employers.register(clerk, new EmployerRegistry.NewEmployer(region, uscc, "广州页面测试有限公司",
                EmployerRegistry.EmployerType.ENTERPRISE, null, null, null, null, null, null, LocalDate.of(2015, 1, 1)));
        long[] women = new long[5];
        for (int i = 0; i < 5; i++) {
            women[i] = users.person(region, femaleId("440106"), "黄美" + "玲丽娟芳婷".charAt(i));
            enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(women[i]), uscc, LocalDate.of(2024, 2, 1), null,
                    Enrollments.Source.ENROLLMENT);
        }
        long personFlag = 0;
        for (int i = 0; i < 3; i++) {
            MaternityEvents.Event e = events.record(region, women[i], LocalDate.of(2024, 6, 1 + i), "SETTLEMENT",
                    "MDTRT-" + UUID.randomUUID());
            if (i == 0) {
                personFlag = e.flagIds().get(0);
            }
        }
        long employerFlag = jdbc.sql("select id from enrollment_flag where rule = 'EMPLOYER_ENROLLEES_CLAIM_SOON' "
                + "and subject_key = ?").param("employer:" + uscc).query(Long.class).single();
        String base = new Http(env).base();

        ChromeDriver d = signIn(users.staff(Role.SUPERVISOR, region));
        d.get(base + "/ui/agency/flags?region=" + region);
        String employerCard = d.findElement(By.id("flag-" + employerFlag)).getText();
        assertThat(employerCard).contains("单位新增参保人员多为参保后即生育的女性").contains("广州页面测试有限公司")
                .contains("3: ").contains("0.6000").contains("黄*").doesNotContain("黄美玲");
        String personCard = d.findElement(By.id("flag-" + personFlag)).getText();
        assertThat(personCard).contains("2024-02-01").contains("粤府办〔2019〕24号").contains("黄*");
        browser.screenshot("flags");

        d.findElement(By.id("flag-reason-" + personFlag)).sendKeys("劳动合同、工资流水齐全，正常招聘");
        d.findElement(By.id("flag-clear-" + personFlag)).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.id("flags-notice")));
        assertThat(d.findElements(By.id("flag-" + personFlag))).as("gone from the open queue").isEmpty();
        d.get(base + "/ui/agency/flags?region=" + region + "&status=CLEARED");
        assertThat(d.findElement(By.id("flag-" + personFlag)).getText()).contains("已排除").contains("正常招聘");
        assertThat(jdbc.sql("select status from enrollment_flag where id = ?").param(personFlag).query(String.class)
                .single()).isEqualTo("CLEARED");

        WebSession web = new WebSession(base);
        web.login(clerk.getUsername(), TestUsers.PASSWORD);
        WebSession.Page clerkView = web.get("/ui/agency/flags?region=" + region);
        assertThat(clerkView.body()).contains("id=\"flag-" + employerFlag + "\"").doesNotContain("flag-clear-");
        WebSession.Page refused = web.post("/ui/agency/flags/" + employerFlag + "/decision",
                Map.of("decision", "confirm", "reason", "经办人员无权处理", "region", region, "status", "OPEN"),
                "/ui/agency/flags?region=" + region, true);
        assertThat(web.follow(refused).body()).contains("id=\"flags-error\"");
        assertThat(jdbc.sql("select status from enrollment_flag where id = ?").param(employerFlag).query(String.class)
                .single()).isEqualTo("OPEN");
    }
}
