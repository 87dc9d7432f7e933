package cn.liangxian.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.registry.Census;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/** The registry's key journeys in Chromium, with a screenshot of every page on the way. */
@AppTest
class RegistryPagesBrowserTests {

    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    PersonDirectory persons;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    Enrollments enrollments;
    @Autowired
    Census census;
    @Autowired
    FourEyes fourEyes;

    RegistryFixture fx;
    ChromeDriver d;
    String base;

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

    @BeforeEach
    void setUp() {
        fx = new RegistryFixture(employers, persons, enrollments, users);
        d = browser.driver();
        d.manage().window().setSize(new Dimension(1280, 900));
        base = new Http(env).base();
        d.get(base + "/login");
        d.manage().deleteAllCookies();
    }

    void signIn(LiangxianUser u) {
        Browser.signIn(d, base, u);
    }

    void signOut() {
        d.findElement(By.id("logout")).click();
        waitFor(ExpectedConditions.urlContains("loggedOut"));
    }

    <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> c) {
        return browser.waitFor(c);
    }

    void type(String id, String text) {
        browser.type(id, text);
    }

    /** Date inputs take their value directly (typing into them depends on the browser's locale). */
    void date(String id, String isoDate) {
        browser.date(id, isoDate);
    }

    void submit(String buttonId) {
        browser.submit(buttonId);
    }

    String text(String id) {
        return browser.text(id);
    }

    void noMissingMessages() {
        assertThat(d.getPageSource()).doesNotContain("??");
    }

    @Test
    void aClerkRegistersAndEnrollsAPersonAndSeesHerTimeline() {
        String gz = "440100";
        String first = fx.employer(gz, "广州越秀示例贸易有限公司", LocalDate.of(2019, 1, 1));
        String second = fx.employer(gz, "广州天河示例软件有限公司", LocalDate.of(2019, 1, 1));
        String closed = fx.employer(gz, "广州已注销示例公司", LocalDate.of(2019, 1, 1));
        employers.changeStatus(users.clerk(gz), gz, closed, EmployerRegistry.Status.CANCELLED, LocalDate.of(2021, 1, 1),
                "注销");
        signIn(users.clerk(gz));
        browser.screenshot("registry-agency-portal");
        d.findElement(By.id("portal-registry")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("registry-home")));
        noMissingMessages();
        browser.screenshot("registry-home");

        d.findElement(By.id("link-new-person")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("register-form")));
        String id = RegistryFixture.femaleId("440103");
        type("reg-certNumber", id);
        type("reg-name", "马丽华");
        new Select(d.findElement(By.id("reg-sex"))).selectByValue("F");
        type("reg-phone", "13911112222");
        browser.screenshot("registry-person-new");
        submit("reg-submit");
        long pid = persons.findByCertificate(gz, CertType.RESIDENT_ID, id).orElseThrow();
        assertThat(d.getCurrentUrl()).endsWith("/ui/agency/persons/" + pid);
        assertThat(text("notice")).isEqualTo("人员登记完成。");
        assertThat(text("person-name")).isEqualTo("马**");
        assertThat(d.getPageSource()).doesNotContain(id).doesNotContain("马丽华");

        type("enroll-uscc", closed);
        date("enroll-start", "2021-06-01");
        submit("enroll-submit");
        assertThat(text("error-enroll")).contains("不是正常参保状态", "注销");
        assertThat(d.findElement(By.id("enroll-uscc")).getAttribute("value")).isEqualTo(closed);
        browser.screenshot("registry-person-refused");

        type("enroll-uscc", first);
        date("enroll-start", "2020-03-01");
        submit("enroll-submit");
        assertThat(text("notice")).isEqualTo("已同时参加 310 和 510。");
        date("transfer-date", "2023-07-01");
        type("transfer-uscc", second);
        type("transfer-reason", "调动");
        submit("transfer-submit");
        assertThat(text("notice")).isEqualTo("已转移到新单位。");
        assertThat(d.findElements(By.cssSelector("#chart-row-310 .bar"))).hasSize(2);
        assertThat(d.findElements(By.cssSelector("#chart-row-510 .bar"))).hasSize(2);
        assertThat(d.findElements(By.cssSelector("#timeline-table tbody tr"))).hasSize(4);
        assertThat(text("timeline-table")).contains("广州越秀示例贸易有限公司", "2023-06-30", "广州天河示例软件有限公司");

        date("asof-date", "2022-05-01");
        submit("asof-submit");
        assertThat(text("coverage-answer")).isEqualTo("2022-05-01 享有生育保险待遇");
        assertThat(text("coverage-employer")).isEqualTo("广州越秀示例贸易有限公司");
        noMissingMessages();
        browser.screenshot("registry-person");

        d.get(base + "/ui/agency/persons/" + pid + "?asOf=2019-12-31&lang=en");
        assertThat(text("coverage-answer")).isEqualTo("Not covered for maternity on 2019-12-31");
        noMissingMessages();
        browser.screenshot("registry-person-en");
        d.get(base + "/ui/agency/persons?lang=zh_CN");

        type("search-q", id);
        submit("search-submit");
        assertThat(d.findElements(By.cssSelector(".search-result"))).hasSize(1);
        browser.screenshot("registry-search");

        d.get(base + "/ui/agency/employers?region=" + gz);
        noMissingMessages();
        browser.screenshot("registry-employers");
        d.get(base + "/ui/agency/employers/" + second);
        assertThat(text("roster-count")).isEqualTo("共 1 人");
        noMissingMessages();
        browser.screenshot("registry-employer");

        d.get(base + "/ui/agency/persons/" + Long.MAX_VALUE);
        assertThat(text("error-code")).isEqualTo("NOT_FOUND");
        assertThat(text("error-message")).isEqualTo("资源不存在。");
        noMissingMessages();
        browser.screenshot("registry-problem");
    }

    @Test
    void anEmployerAddsAnEmployeeAndRemovesHer() {
        String cz = "320400";
        String uscc = fx.employer(cz, "常州武进示例电子有限公司", LocalDate.of(2019, 1, 1));
        long existing = fx.woman(cz, "顾晓");
        fx.enroll(existing, uscc, LocalDate.of(2021, 9, 1));
        signIn(users.employer(uscc));
        assertThat(d.getCurrentUrl()).endsWith("/ui/employer");
        assertThat(text("roster-count")).isEqualTo("共 1 人");

        String id = RegistryFixture.femaleId("320404");
        type("add-certNumber", id);
        type("add-name", "钱雨");
        type("add-phone", "13722223333");
        date("add-start", "2023-03-01");
        submit("add-submit");
        assertThat(text("notice")).isEqualTo("增员完成。");
        assertThat(text("roster-count")).isEqualTo("共 2 人");
        long pid = persons.findByCertificate(cz, CertType.RESIDENT_ID, id).orElseThrow();
        assertThat(text("roster-" + pid)).contains("钱*", "2023-03-01").doesNotContain(id);
        noMissingMessages();
        browser.screenshot("registry-employer-portal");

        d.findElement(By.cssSelector("#roster-" + pid + " a")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("registry-employer-person")));
        noMissingMessages();
        browser.screenshot("registry-employer-person");
        d.navigate().back();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("roster-" + pid)));

        date("remove-last-day-" + pid, "2023-12-31");
        type("remove-reason-" + pid, "合同到期");
        submit("remove-" + pid);
        assertThat(text("notice")).isEqualTo("减员完成。");
        assertThat(text("roster-count")).isEqualTo("共 1 人");
        assertThat(d.findElements(By.id("roster-" + pid))).isEmpty();
        assertThat(enrollments.coverageOn(pid, Enrollments.MATERNITY, LocalDate.of(2023, 12, 31))).isPresent();
        assertThat(enrollments.coverageOn(pid, Enrollments.MATERNITY, LocalDate.of(2024, 1, 1))).isEmpty();
    }

    @Test
    void theInsuredSeesHerCoverageOnHerPhone() {
        String sz = "440300";
        String a = fx.employer(sz, "深圳福田示例金融服务有限公司", LocalDate.of(2019, 1, 1));
        String b = fx.employer(sz, "深圳宝安示例制造有限公司", LocalDate.of(2019, 1, 1));
        long pid = fx.woman(sz, "杨柳");
        fx.enroll(pid, a, LocalDate.of(2020, 5, 1));
        enrollments.transfer(users.clerk(sz), pid, b, LocalDate.of(2023, 2, 1), "调动");
        signIn(users.insured(pid));
        assertThat(d.getCurrentUrl()).endsWith("/ui/me");
        assertThat(text("me-employer")).isEqualTo("深圳宝安示例制造有限公司");
        assertThat(text("me-maternity-answer")).isEqualTo("您今天可以享受生育保险待遇");
        assertThat(d.findElements(By.cssSelector(".vtimeline .ventry"))).as("310 and 510 of one job together").hasSize(2);
        noMissingMessages();
        browser.screenshotAt("registry-me-mobile", 390);
        assertThat(((Number) d.executeScript("return document.documentElement.scrollWidth")).intValue())
                .as("no sideways scrolling on a phone").isLessThanOrEqualTo(390);
        d.findElement(By.cssSelector("#me-reasons summary")).click();
        assertThat(text("me-reasons")).contains("社会保险法 第五十四条");
        browser.screenshotAt("registry-me-mobile-reasons", 390);
        d.manage().window().setSize(new Dimension(1280, 900));
        browser.screenshot("registry-me");
    }

    @Test
    void aCensusFixGoesFromTheClerksRequestToTheApproversApprovalAndTheCensusIsEmpty() {
        String sz = "440300";
        String uscc = fx.employer(sz, "深圳罗湖示例物业管理有限公司", LocalDate.of(2017, 1, 1));
        long a = fx.woman(sz, "邓一");
        long b = fx.woman(sz, "邓二");
        fx.legacyMedicalOnly(a, uscc, LocalDate.of(2018, 6, 1));
        fx.legacyMedicalOnly(b, uscc, LocalDate.of(2019, 3, 1));
        LiangxianUser clerk = users.clerk(sz);

        signIn(clerk);
        d.get(base + "/ui/agency/census?region=" + sz + "&date=2021-01-01");
        int total = Integer.parseInt(text("census-total"));
        assertThat(total).isGreaterThanOrEqualTo(2);
        assertThat(d.findElements(By.cssSelector(".census-line"))).hasSize(total);
        noMissingMessages();
        browser.screenshot("registry-census");
        type("fix-reason", "摸清底数：合并实施后统一补登生育保险");
        submit("fix-submit");
        assertThat(text("notice")).isEqualTo("批量补登已提交审批。");
        ApprovalRequest r = fourEyes.list(clerk).stream().filter(x -> x.kind().equals("census_fix")
                && x.status() == ApprovalRequest.Status.PENDING && x.maker().equals(clerk.getUsername())).findFirst()
                .orElseThrow();
        signOut();

        signIn(users.staff(Role.AGENCY_APPROVER, sz));
        d.get(base + "/ui/agency/approvals");
        assertThat(text("approval-" + r.id())).contains("摸清底数：" + total + " 人自 2021-01-01 补登生育保险", "待审批");
        noMissingMessages();
        browser.screenshot("registry-approvals");
        type("decide-reason-" + r.id(), "名单已核对");
        submit("approve-" + r.id());
        assertThat(text("notice")).isEqualTo("审批事项 #" + r.id() + " 已同意。");
        assertThat(text("approval-" + r.id())).contains("已同意", "名单已核对");
        browser.screenshot("registry-approvals-decided");

        d.findElement(By.cssSelector("#approval-" + r.id() + " .approval-link")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("census-total")));
        assertThat(text("census-total")).isEqualTo("0");
        assertThat(census.report(clerk, sz, LocalDate.of(2021, 1, 1)).total()).isZero();
        browser.screenshot("registry-census-empty");
        d.get(base + "/ui/agency/persons/" + a);
        assertThat(d.findElements(By.cssSelector("#chart-row-510 .bar.src-census-fix"))).hasSize(1);
        browser.screenshot("registry-person-census-fixed");
    }
}
