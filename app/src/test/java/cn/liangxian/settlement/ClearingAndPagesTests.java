package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.Side;
import cn.liangxian.fund.SourceType;
import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;
import cn.liangxian.web.ApiException;

/**
 * The monthly clearing with an institution (totals by payment method, deductions, the payment order in the
 * ledger, the statement in the hospital portal), the clerks' mismatch list, who may see what, and every page of
 * settlement in Chromium.
 */
@AppTest
class ClearingAndPagesTests {

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
    @Autowired Postings postings;
    @Autowired InstitutionClearings clearings;

    SettlementFixture fx;

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
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
    }

    /** A Changzhou hospital with two prenatal visits, a delivery, a cross-region delivery and a reversed visit. */
    record Scene(SettlementFixture.Hospital hospital, List<HisFlows.Encounter> live, HisFlows.Encounter reversed) {
    }

    Scene scene() {
        var h = fx.hospital(CZ);
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman(CZ);
        String erenhot = fx.employedWoman("152501");
        var v1 = flows.prenatal(woman, "CL" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 2, 1, 9, 0),
                SettlementFixture.fees("120.00", "50.00", "30.00"));
        var v2 = flows.prenatal(woman, "CL" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 3, 1, 9, 0),
                SettlementFixture.fees("100.00", "0", "0"));
        var birth = flows.inpatient(woman, "CL" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 6, 1, 8, 0),
                new HisFlows.Maternity("52", "3", null, 39, 1, LocalDateTime.of(2025, 6, 1, 12, 0)),
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", new BigDecimal("20"), new BigDecimal("190.00"))));
        var cross = flows.inpatient(erenhot, "CL" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 6, 3, 8, 0),
                new HisFlows.Maternity("52", "1", null, 39, 1, LocalDateTime.of(2025, 6, 3, 12, 0)),
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", new BigDecimal("10"), new BigDecimal("150.00"))));
        var wrong = flows.prenatal(woman, "CL" + System.nanoTime() % 1000000, LocalDateTime.of(2025, 4, 1, 9, 0),
                SettlementFixture.fees("60.00", "0", "0"));
        for (var e : List.of(v1, v2, birth, cross, wrong)) {
            assertThat(e.settled()).as(e.steps().toString()).isTrue();
        }
        assertThat(flows.reverse(wrong, false).infcode()).isZero();
        return new Scene(h, List.of(v1, v2, birth, cross), wrong);
    }

    BigDecimal sum(List<HisFlows.Encounter> es, String column) {
        return es.stream().map(e -> jdbc.sql("select " + column + " from settlement where setl_id = ?").param(e.setlId())
                .query(BigDecimal.class).single()).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void theMonthlyClearingPaysByPaymentMethodLessDeductionsAndPostsThePaymentOrder() {
        Scene s = scene();
        String code = s.hospital().code();
        LiangxianUser finance = users.staff(Role.FINANCE, CZ);
        YearMonth month = YearMonth.now(NhsaGateway.ZONE);
        LocalDate today = LocalDate.now(NhsaGateway.ZONE);
        assertThatThrownBy(() -> clearings.deduct(finance, code, month, new BigDecimal("-5"), "超标准收费"))
                .isInstanceOf(ApiException.class).hasMessage("SETTLEMENT_INVALID_AMOUNT");
        clearings.deduct(finance, code, month, new BigDecimal("150.00"), "协议考核扣款（剖宫产率超标）");
        BigDecimal payable = postings.balance(CZ, "POOLED", "2201", today.plusDays(1));
        BigDecimal bank = postings.balance(CZ, "POOLED", "1004", today.plusDays(1));

        var st = clearings.clear(finance, code, month, today);
        BigDecimal hospital = sum(s.live(), "hospital_amount");
        BigDecimal fund = sum(s.live(), "fund_pay");
        BigDecimal crossFund = sum(List.of(s.live().get(3)), "fund_pay");
        assertThat(st.settlements()).isEqualTo(4);
        assertThat(st.hospitalTotal()).isEqualByComparingTo(hospital);
        assertThat(st.fundPayTotal()).isEqualByComparingTo(fund);
        assertThat(st.otherRegionTotal()).isEqualByComparingTo(crossFund);
        assertThat(st.deductionsTotal()).isEqualByComparingTo("150.00");
        assertThat(st.netPayable()).isEqualByComparingTo(hospital.subtract(new BigDecimal("150.00")));
        // totals per payment method: the deliveries at Changzhou's per-disease quota, the visits per unit
        assertThat(st.lines()).anySatisfy(l -> {
            assertThat(l.hospitalMethod()).isEqualTo("PER_DISEASE_QUOTA");
            assertThat(l.category()).isEqualTo("CAESAREAN_DELIVERY");
            assertThat(l.cases()).isEqualTo(1);
        }).anySatisfy(l -> {
            assertThat(l.hospitalMethod()).isEqualTo("PER_UNIT");
            assertThat(l.cases()).isEqualTo(2);
        });
        assertThat(st.lines().stream().map(InstitutionClearings.Line::hospitalTotal).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualByComparingTo(hospital);

        JournalEntry order = postings.findBySource(CZ, SourceType.CLEARING_ORDER, "CLR-" + code + "-"
                + InstitutionClearings.code(month)).orElseThrow();
        assertThat(order.legs()).anySatisfy(l -> {
            assertThat(l.accountCode()).isEqualTo("1004");
            assertThat(l.side()).isEqualTo(Side.CREDIT);
            assertThat(l.amount()).isEqualByComparingTo(st.netPayable());
        });
        // the local settlements' payable is cleared; the bank pays the net
        BigDecimal localFund = fund.subtract(crossFund);
        assertThat(postings.balance(CZ, "POOLED", "2201", today.plusDays(1))).isEqualByComparingTo(payable.subtract(localFund));
        assertThat(postings.balance(CZ, "POOLED", "1004", today.plusDays(1))).isEqualByComparingTo(bank.subtract(st.netPayable()));
        // a month is cleared once, and takes no more deductions
        assertThatThrownBy(() -> clearings.clear(finance, code, month, today)).isInstanceOf(ApiException.class)
                .hasMessage("SETTLEMENT_PERIOD_CLEARED");
        assertThatThrownBy(() -> clearings.deduct(finance, code, month, BigDecimal.TEN, "再扣一次"))
                .isInstanceOf(ApiException.class).hasMessage("SETTLEMENT_PERIOD_CLEARED");
        // the statement is the hospital's to see, not another hospital's
        assertThat(clearings.statements(users.hospital(code), code)).hasSize(1);
        assertThatThrownBy(() -> clearings.statement(users.hospital("H32040000099"), st.id()))
                .isInstanceOf(ApiException.class).hasMessage("NOT_FOUND");
        assertThatThrownBy(() -> clearings.clear(users.staff(Role.AGENCY_CLERK, "152501"), code, month.minusMonths(1), today))
                .isInstanceOf(ApiException.class).hasMessage("NOT_FOUND");
    }

    @Test
    void aHospitalSeesOnlyItsOwnEncountersAndSettlements() {
        Scene s = scene();
        String code = s.hospital().code();
        String base = new Http(env).base();
        WebSession mine = new WebSession(base);
        mine.login(users.hospital(code).getUsername(), TestUsers.PASSWORD);
        var list = mine.get("/ui/hospital/encounters");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains(s.live().get(0).mdtrtId());
        // personal data is masked on screen
        assertThat(list.body()).doesNotContain("孙丽");
        assertThat(mine.get("/ui/hospital/settlements/" + s.live().get(0).setlId()).status()).isEqualTo(200);

        var other = fx.hospital(CZ);
        WebSession theirs = new WebSession(base);
        theirs.login(users.hospital(other.code()).getUsername(), TestUsers.PASSWORD);
        assertThat(theirs.get("/ui/hospital/encounters/" + s.live().get(0).mdtrtId()).status()).isEqualTo(404);
        assertThat(theirs.get("/ui/hospital/settlements/" + s.live().get(0).setlId()).status()).isEqualTo(404);
        assertThat(theirs.get("/ui/hospital/encounters").body()).doesNotContain(s.live().get(0).mdtrtId());
        // a clerk of another region sees neither the hospital's settlements nor the portal
        WebSession erenhot = new WebSession(base);
        erenhot.login(users.clerk("440100").getUsername(), TestUsers.PASSWORD);
        assertThat(erenhot.get("/ui/agency/settlements/" + s.live().get(0).setlId()).status()).isEqualTo(404);
        assertThat(erenhot.get("/ui/hospital/encounters").status()).isEqualTo(403);
        // the insured region's clerk sees the cross-region settlement of her region's woman
        WebSession home = new WebSession(base);
        home.login(users.clerk("152501").getUsername(), TestUsers.PASSWORD);
        assertThat(home.get("/ui/agency/settlements/" + s.live().get(3).setlId()).status()).isEqualTo(200);
    }

    @Test
    void everySettlementPageInTheBrowser() {
        Scene s = scene();
        String code = s.hospital().code();
        // a 3201 that does not balance, for the clerks' list
        HisClient his = fx.client(s.hospital());
        LocalDate today = LocalDate.now(NhsaGateway.ZONE);
        var r = his.call("3201", null, Map.of("data", Map.of("insutype", "510", "clr_type", "21", "setl_optins", CZ,
                "stmt_begndate", today.toString(), "stmt_enddate", today.toString(), "medfee_sumamt", new BigDecimal("1.00"),
                "fund_pay_sumamt", new BigDecimal("1.00"), "acct_pay", BigDecimal.ZERO, "fixmedins_setl_cnt", 1)));
        assertThat(r.output().path("stmtinfo").path("stmt_rslt").asString()).isEqualTo("1");
        LiangxianUser clerk = users.clerk(CZ);
        LiangxianUser finance = users.staff(Role.FINANCE, CZ);

        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        d.get(base + "/login?lang=zh_CN");
        d.manage().deleteAllCookies();

        signIn(d, base, users.hospital(code));
        d.get(base + "/ui/hospital");
        assertThat(d.findElement(By.id("hospital-settlement-links")).getText()).contains("结算");
        browser.screenshot("settlement-hospital-portal");
        d.findElement(By.id("portal-encounters")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("encounter-table")));
        assertThat(d.findElements(By.cssSelector(".encounter-row"))).hasSize(5);
        browser.screenshot("settlement-hospital-encounters");
        d.get(base + "/ui/hospital/encounters/" + s.live().get(2).mdtrtId());
        assertThat(d.findElement(By.id("encounter-facts")).getText()).contains("剖宫产");
        browser.screenshot("settlement-hospital-encounter");
        d.get(base + "/ui/hospital/settlements");
        assertThat(d.findElements(By.cssSelector(".settlement-row"))).hasSize(5);
        browser.screenshot("settlement-hospital-settlements");
        d.get(base + "/ui/hospital/settlements/" + s.live().get(3).setlId());
        assertThat(d.findElement(By.id("cross-region")).getText()).isEqualTo("异地");
        assertThat(d.findElement(By.id("settlement-explanation")).getText()).contains("二连浩特");
        browser.screenshot("settlement-hospital-settlement");
        d.get(base + "/ui/hospital/statements");
        assertThat(d.findElement(By.id("statements-empty")).isDisplayed()).isTrue();
        d.manage().deleteAllCookies();

        signIn(d, base, clerk);
        d.get(base + "/ui/agency");
        d.findElement(By.id("portal-settlement-search")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("settlement-search-form")));
        d.findElement(By.id("search-institution")).sendKeys(code);
        d.findElement(By.id("search-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("settlement-table")));
        assertThat(d.findElements(By.cssSelector(".settlement-row"))).hasSize(5);
        browser.screenshot("settlement-agency-search");
        d.get(base + "/ui/agency/settlements/" + s.live().get(2).setlId());
        d.findElement(By.id("review-note")).sendKeys("病历与费用清单核对无误");
        d.findElement(By.id("review-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("reviewed")).getText()).contains("病历与费用清单核对无误");
        browser.screenshot("settlement-agency-detail");
        d.get(base + "/ui/agency/settlements/" + s.live().get(2).setlId() + "?lang=en");
        browser.screenshot("settlement-agency-detail-en");
        d.get(base + "/ui/agency/settlements/mismatches?lang=zh_CN");
        assertThat(d.findElement(By.id("mismatch-table")).getText()).contains(code).contains("总账不平");
        browser.screenshot("settlement-agency-mismatches");
        d.findElement(By.cssSelector(".mismatch-row input[name=note]")).sendKeys("医院漏报一笔，已通知重新对账");
        d.findElement(By.cssSelector(".mismatch-row button.resolve")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        d.manage().deleteAllCookies();

        signIn(d, base, finance);
        d.get(base + "/ui/agency/settlements/clearing?region=" + CZ + "&institution=" + code + "&period="
                + YearMonth.now(NhsaGateway.ZONE));
        d.findElement(By.id("deduction-amount")).sendKeys("80.00");
        d.findElement(By.id("deduction-reason")).sendKeys("超协议收费项目");
        d.findElement(By.id("deduction-submit")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("deduction-table")).getText()).contains("80.00");
        assertThat(d.findElement(By.id("interregion-table")).getText()).contains("152501");
        browser.screenshot("settlement-agency-clearing");
        d.findElement(By.id("run-clearing")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("statement-lines")));
        assertThat(d.findElement(By.id("statement-count")).getText()).isEqualTo("4");
        assertThat(d.findElement(By.id("statement-deductions")).getText()).isEqualTo("80.00");
        browser.screenshot("settlement-agency-statement");
        d.manage().deleteAllCookies();

        signIn(d, base, users.hospital(code));
        d.get(base + "/ui/hospital/statements");
        d.findElement(By.cssSelector(".statement-row a")).click();
        waitFor(d, ExpectedConditions.presenceOfElementLocated(By.id("statement-lines")));
        assertThat(d.findElement(By.id("statement-net")).getText())
                .isEqualTo(String.format("%,.2f", sum(s.live(), "hospital_amount").subtract(new BigDecimal("80.00"))));
        browser.screenshot("settlement-hospital-statement");
    }

    static void signIn(ChromeDriver d, String base, LiangxianUser u) {
        Browser.signIn(d, base, u);
    }

    static <T> T waitFor(ChromeDriver d, org.openqa.selenium.support.ui.ExpectedCondition<T> c) {
        return new WebDriverWait(d, Duration.ofSeconds(15)).until(c);
    }
}

