package cn.liangxian.institution;

import static cn.liangxian.institution.InstitutionFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

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
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/** The institution, catalog and hospital pages in Chromium, with a screenshot of each. */
@AppTest
class InstitutionPagesBrowserTests {

    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Institutions institutions;
    @Autowired
    Agreements agreements;
    @Autowired
    CatalogImports imports;
    @Autowired
    JdbcClient jdbc;

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
        d = browser.driver();
        d.manage().window().setSize(new Dimension(1280, 900));
        base = new Http(env).base();
        d.get(base + "/login");
        d.manage().deleteAllCookies();
    }

    void signIn(LiangxianUser u) {
        Browser.signIn(d, base, u);
    }

    <T> T waitFor(org.openqa.selenium.support.ui.ExpectedCondition<T> c) {
        return browser.waitFor(c);
    }

    void type(String id, String text) {
        browser.type(id, text);
    }

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

    /** An institution with two versions and measured values, one over its limit. */
    Institution withHistory(LiangxianUser clerk, String region, String name) {
        String code = InstitutionFixtures.code(region);
        return as(clerk, () -> {
            Institution i = institutions.register(region, InstitutionFixtures.hospital(code, name));
            agreements.create(i.code(), NewAgreement.withDefaults(LocalDate.of(2020, 1, 1), null,
                    List.of("设置生育医疗服务窗口，办理生育医疗费用直接结算。")));
            agreements.create(i.code(), new NewAgreement(LocalDate.of(2023, 1, 1), null, Map.of(),
                    Map.of(MaternityCategory.NORMAL_DELIVERY, new BigDecimal("3600")),
                    List.of("设置生育医疗服务窗口，办理生育医疗费用直接结算。", "剖宫产率不得超过协议指标。"),
                    Map.of("CAESAREAN_RATE", new BigDecimal("0.38"))));
            agreements.recordMeasurement(i.code(), Indicator.CAESAREAN_RATE, LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 12, 31), new BigDecimal("0.4310"), "年度考核");
            agreements.recordMeasurement(i.code(), Indicator.MATERNITY_COST_GROWTH_RATE, LocalDate.of(2024, 1, 1),
                    LocalDate.of(2024, 12, 31), new BigDecimal("0.0420"), "年度考核");
            return i;
        });
    }

    @Test
    void aClerkRegistersAnInstitutionReadsItsAgreementsAndIndicatorsAndAddsAVersion() {
        LiangxianUser clerk = users.clerk("320400");
        Institution existing = withHistory(clerk, "320400", "常州市测试妇幼保健院");
        signIn(clerk);
        d.get(base + "/ui/agency");
        d.findElement(By.id("portal-institutions")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("institution-list")));
        assertThat(text("institution-list")).contains(existing.code()).contains("三级甲等").contains("第 2 版，自 2023-01-01 起");
        noMissingMessages();
        browser.screenshot("institution-list");

        String code = InstitutionFixtures.code("320400");
        type("institution-code", "h3204");
        type("institution-name", "常州市新北区人民医院");
        submit("institution-register-submit");
        assertThat(text("error-register")).contains("医药机构编码应为12至30位");
        browser.screenshot("institution-register-refused");
        type("institution-code", code);
        type("institution-name", "常州市新北区人民医院");
        new Select(d.findElement(By.id("institution-level"))).selectByValue("GRADE_2A");
        new Select(d.findElement(By.id("institution-type"))).selectByValue("GENERAL_HOSPITAL");
        type("institution-bank-name", "中国银行常州新北支行");
        type("institution-bank-account", "1105020109005556667");
        submit("institution-register-submit");
        assertThat(text("notice")).contains("已登记");
        assertThat(text("institution-bank")).contains("6667").doesNotContain("110502010900555");
        assertThat(text("agreement-today")).contains("无生效协议");

        // a first version from the policy defaults
        date("version-from", "2024-01-01");
        type("version-clauses", "设置生育医疗服务窗口\n执行本市药品目录和诊疗项目范围");
        type("quota-NORMAL_DELIVERY", "3300");
        type("limit-CAESAREAN_RATE", "35");
        submit("version-submit");
        assertThat(text("notice")).contains("第 1 版");
        assertThat(text("agreement-terms")).contains("按单元付费").contains("3300.00");
        assertThat(text("agreement-limits")).contains("35%");
        assertThat(text("agreement-clauses")).contains("执行本市药品目录");
        noMissingMessages();

        // a version that does not begin after the latest is refused on the page
        date("version-from", "2023-06-01");
        type("quota-NORMAL_DELIVERY", "3400");
        type("version-clauses", "第二版新条款");
        submit("version-submit");
        assertThat(text("error-version")).contains("2024-01-01");
        // the refused form keeps what was typed
        assertThat(d.findElement(By.id("version-from")).getAttribute("value")).isEqualTo("2023-06-01");
        assertThat(d.findElement(By.id("quota-NORMAL_DELIVERY")).getAttribute("value")).isEqualTo("3400");
        assertThat(d.findElement(By.id("version-clauses")).getAttribute("value")).isEqualTo("第二版新条款");
        browser.screenshot("institution-version-refused");

        // a measured value against the limit
        d.get(base + "/ui/agency/institutions/" + code);
        new Select(d.findElement(By.id("measure-indicator"))).selectByValue("CAESAREAN_RATE");
        date("measure-from", "2024-01-01");
        date("measure-to", "2024-06-30");
        type("measure-value", "36.5");
        type("measure-source", "半年考核");
        submit("measure-submit");
        assertThat(text("indicator-values")).contains("剖宫产率").contains("2024-01-01 — 2024-06-30").contains("36.5%")
                .contains("35%").contains("超过上限");
        browser.screenshot("institution-measured");

        d.get(base + "/ui/agency/institutions/" + existing.code());
        assertThat(text("agreement-versions")).contains("v1").contains("v2").contains("2022-12-31");
        assertThat(text("indicator-values")).contains("43.1%").contains("超过上限").contains("未超上限");
        assertThat(text("agreement-terms")).contains("3600.00").contains("按政策标准");
        waitFor(ExpectedConditions.attributeToBe(By.id("indicator-chart"), "data-rendered", "true"));
        noMissingMessages();
        browser.screenshot("institution-detail");
        d.findElement(By.linkText("v1")).click();
        waitFor(ExpectedConditions.textToBePresentInElementLocated(By.id("agreement-shown"), "2022-12-31"));
        assertThat(text("agreement-clauses")).doesNotContain("剖宫产率");
        browser.screenshot("institution-version-1");

        d.get(base + "/ui/agency/institutions/" + existing.code() + "?lang=en");
        assertThat(text("indicator-values")).contains("over the limit");
        noMissingMessages();
        browser.screenshot("institution-detail-en");

        // suspending the contract shows on the page and in the list
        d.get(base + "/ui/agency/institutions/" + existing.code() + "?lang=zh_CN");
        type("status-reason", "违规收费，暂停协议");
        submit("status-submit");
        assertThat(text("notice")).contains("已暂停");
        assertThat(text("institution-status")).isEqualTo("暂停");
        browser.screenshot("institution-suspended");
        d.get(base + "/ui/agency/institutions?region=320400");
        assertThat(text("institution-list")).contains("暂停");

        // another region's institution is not there
        d.get(base + "/ui/agency/institutions/" + InstitutionFixtures.code("152501"));
        assertThat(d.findElements(By.id("institution-page"))).isEmpty();
    }

    @Test
    void aClerkSearchesTheCatalogDownloadsTheTemplateAndSeesEveryErrorOfABadFile() throws IOException {
        LiangxianUser clerk = users.clerk("440100");
        byte[] csv;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(DemoInstitutions.CATALOG)) {
            csv = in.readAllBytes();
        }
        as(clerk, () -> imports.importCsv("440100", "demo-catalog.csv", csv));
        signIn(clerk);
        d.get(base + "/ui/agency");
        d.findElement(By.id("portal-catalog")).click();
        waitFor(ExpectedConditions.presenceOfElementLocated(By.id("catalog-search-form")));
        type("catalog-q", "剖宫产");
        date("catalog-date", "2024-06-01");
        submit("catalog-search");
        assertThat(text("catalog-items")).contains("子宫下段剖宫产术").contains("甲类");
        type("catalog-q", "头孢呋辛");
        submit("catalog-search");
        assertThat(text("catalog-items")).contains("注射用头孢呋辛钠（0.75g）").contains("乙类").contains("10%");
        noMissingMessages();
        browser.screenshot("catalog-search");

        assertThat(d.findElement(By.id("catalog-template")).getAttribute("href")).endsWith("/ui/agency/catalog/template.xlsx");
        byte[] template = CatalogFiles.download(new Http(env), "/api/v1/catalog/template.xlsx",
                users.tokenFor(clerk)).body();
        List<String> header = CatalogFiles.header(template);
        Path bad = Files.createTempFile("catalog-bad", ".xlsx");
        Files.write(bad, CatalogFiles.xlsx(header, List.of(
                List.of("BRW-OK-001", "叶酸片（测试）", "药品", "甲", "片", "0.15", "是", "2024-01-01", "", ""),
                List.of("BRW-BAD-002", "某药", "药品", "丁", "片", "", "是", "2024/13/01", "", ""),
                List.of("BRW-BAD-003", "某项目", "诊疗项目", "甲", "次", "-5", "是", "2024-01-01", "", "0.2"))));
        d.findElement(By.id("catalog-file")).sendKeys(bad.toAbsolutePath().toString());
        submit("catalog-import-submit");
        assertThat(text("error-import")).contains("共 2 行有误").contains("未写入");
        String errors = text("catalog-row-errors");
        assertThat(errors).contains("甲乙丙类应为").contains("The class is").contains("只有乙类项目可设自付比例");
        assertThat(jdbc.sql("select count(*) from catalog_item where code like 'BRW-%'").query(Integer.class).single())
                .isZero();
        noMissingMessages();
        browser.screenshot("catalog-import-refused");
        Files.deleteIfExists(bad);
    }

    @Test
    void aHospitalSeesItsOwnAgreementAndIndicatorsAndReissuesItsKeyOnce() {
        LiangxianUser clerk = users.clerk("440100");
        Institution i = withHistory(clerk, "440100", "广州市测试妇幼保健院");
        LiangxianUser hospital = users.hospital(i.code());
        signIn(hospital);
        assertThat(d.getCurrentUrl()).endsWith("/ui/hospital");
        assertThat(text("hospital-code")).isEqualTo(i.code());
        assertThat(text("hospital-terms")).contains("按人头付费").contains("3600.00");
        assertThat(text("hospital-clauses")).contains("剖宫产率不得超过协议指标");
        assertThat(text("hospital-indicators")).contains("超过上限");
        assertThat(d.findElements(By.id("hospital-new-key"))).isEmpty();
        noMissingMessages();
        browser.screenshot("hospital-home");
        submit("hospital-key-submit");
        String key = text("hospital-key-value");
        assertThat(key).hasSizeGreaterThan(40);
        browser.screenshot("hospital-key-issued");
        d.get(base + "/ui/hospital");
        assertThat(d.findElements(By.id("hospital-new-key"))).isEmpty();
        assertThat(d.getPageSource()).doesNotContain(key);
        assertThat(jdbc.sql("select secret_enc from institution_key where institution_code = ?").param(i.code())
                .query(String.class).single()).doesNotContain(key);
        // the agency's pages are closed to a hospital
        d.get(base + "/ui/agency/institutions/" + i.code());
        assertThat(d.findElements(By.id("institution-page"))).isEmpty();
    }
}
