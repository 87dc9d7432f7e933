package cn.liangxian.me;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
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
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.collection.AssessmentJob;
import cn.liangxian.collection.WageBases;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.payment.BankFiles;
import cn.liangxian.reimbursement.ReimbursementPayments;
import cn.liangxian.reimbursement.Reimbursements;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/**
 * The insured person's timeline and notice: her coverage, her paid and unpaid contribution months (assessed and
 * paid through collection), her paid reimbursement, and an entry of a feature that only adds a bean; the notice as
 * a PDF with the same facts; nobody else's data; screenshots at phone and desktop width.
 */
@AppTest
@Import(MePagesTests.Settlements.class)
class MePagesTests {

    static final String REGION = "440100";

    /** A feature that plugs into the timeline by declaring a bean (as the settlement feature will). */
    /** The person the test settlement belongs to. */
    static final java.util.concurrent.atomic.AtomicLong SETTLED = new java.util.concurrent.atomic.AtomicLong(-1);

    @TestConfiguration
    static class Settlements {
        @Bean
        MeTimelineSource settlementsForTest() {
            return new MeTimelineSource() {
                @Override
                public List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today) {
                    return personId == SETTLED.get() && Long.valueOf(personId).equals(viewer.personId())
                            ? List.of(new MeTimelineEntry(SETTLEMENT, LocalDate.of(2023, 2, 14), null, false,
                                    "住院结算 · 测试医院", "Inpatient settlement", "产前检查", "Prenatal care",
                                    new BigDecimal("321.50"), "已结算", "settled", null))
                            : List.of();
                }

                @Override
                public String kind() {
                    return SETTLEMENT;
                }
            };
        }
    }

    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    WageBases wageBases;
    @Autowired
    AssessmentJob job;
    @Autowired
    Reimbursements reimbursements;
    @Autowired
    ReimbursementPayments reimbursementPayments;
    @Autowired
    FourEyes fourEyes;
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
    void herTimelineAndNoticeShowHerCoverageContributionsAndBenefitsAndNobodyElses() throws Exception {
        LiangxianUser clerk = users.clerk(REGION);
        String employer = users.employerIn(REGION, LocalDate.of(2022, 1, 1));
        String employerName = employers.visible(clerk, REGION, employer).name();
        String idNumber = TestUsers.womanId("440106");
        long person = users.person(REGION, idNumber, "时间线测试");
        SETTLED.set(person);
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(person), employer, LocalDate.of(2023, 1, 1), null,
                Enrollments.Source.ENROLLMENT);
        wageBases.declare(clerk, employer, 2023, List.of(new WageBases.Line(person, null, null, null,
                new BigDecimal("10000.00"))));
        for (int m = 1; m <= 4; m++) {
            AssessmentJob.Run r = job.start("test", REGION, YearMonth.of(2023, m), 1000);
            job.execute(REGION, r.id(), 1, null);
        }
        String tag = UUID.randomUUID().toString().substring(0, 8);
        BigDecimal month = jdbc.sql("select employer_due + employee_due from collection_bill where region_code = ? and payer = ? and period = '202301'")
                .params(REGION, employer).query(BigDecimal.class).single();
        payments(users.tokenFor(clerk), "J-" + tag + ",2023-01," + employer + "," + month + ",2023-02-10",
                "F-" + tag + ",2023-02," + employer + "," + month + ",2023-03-10",
                "M-" + tag + ",2023-03," + employer + "," + month + ",2023-04-10");

        LiangxianUser insured = users.insured(person);
        String number = paidReimbursement(clerk, insured, person);

        WebSession web = new WebSession(new Http(env).base());
        web.login(insured.getUsername(), TestUsers.PASSWORD);
        WebSession.Page page = web.get("/ui/me/timeline?lang=zh_CN");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(employerName).contains("参保 310 + 510（在职职工）")
                .contains("缴费 2023-01 至 2023-03").contains("2023-04 未缴清").contains(number)
                .contains("住院结算 · 测试医院").contains("id=\"me-months\">3 个月<");
        WebSession.Page onlyClaims = web.get("/ui/me/timeline?kind=REIMBURSEMENT");
        assertThat(onlyClaims.body()).contains(number).doesNotContain("缴费 2023-01 至 2023-03");

        // the notice says the same
        HttpResponse<byte[]> pdf = web.download("/ui/me/notice.pdf");
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).isEqualTo("application/pdf");
        PdfReader reader = new PdfReader(pdf.body());
        StringBuilder text = new StringBuilder();
        for (int p = 1; p <= reader.getNumberOfPages(); p++) {
            text.append(new PdfTextExtractor(reader).getTextFromPage(p));
        }
        String t = text.toString();
        assertThat(t).contains("参保缴费及待遇证明").contains(idNumber.substring(0, 4) + "**********" + idNumber.substring(14))
                .doesNotContain(idNumber).contains(employerName).contains("累计缴费月数 / Months paid：3")
                .contains("2023-04").contains("零星报销").contains("住院结算");
        Reimbursements.Reimbursement r = reimbursements.visible(insured, number);
        assertThat(t).contains(String.format("%,.2f", r.benefit()));

        // somebody else: none of her entries; other roles: not their portal
        LiangxianUser other = users.insured(users.person(REGION));
        WebSession otherWeb = new WebSession(new Http(env).base());
        otherWeb.login(other.getUsername(), TestUsers.PASSWORD);
        assertThat(otherWeb.get("/ui/me/timeline").body()).doesNotContain(number).doesNotContain(employerName)
                .doesNotContain("住院结算");
        WebSession clerkWeb = new WebSession(new Http(env).base());
        clerkWeb.login(clerk.getUsername(), TestUsers.PASSWORD);
        assertThat(clerkWeb.get("/ui/me/timeline").status()).isEqualTo(403);
        assertThat(clerkWeb.get("/ui/me/notice.pdf").status()).isEqualTo(403);

        // screenshots: her portal, her timeline on a phone and a desktop
        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        d.get(base + "/login?lang=zh_CN");
        d.findElement(By.id("username")).sendKeys(insured.getUsername());
        d.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        d.findElement(By.id("login-submit")).click();
        new WebDriverWait(d, java.time.Duration.ofSeconds(15)).until(ExpectedConditions.urlContains("/ui/me"));
        browser.screenshotAt("me-portal-phone", 390);
        d.findElement(By.id("me-timeline-link")).click();
        new WebDriverWait(d, java.time.Duration.ofSeconds(15))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("me-timeline")));
        browser.screenshotAt("me-timeline-phone", 390);
        browser.screenshotAt("me-timeline-desktop", 1280);
        d.get(base + "/ui/me/timeline?lang=en");
        browser.screenshotAt("me-timeline-phone-en", 390);
        d.get(base + "/ui/me/timeline?lang=zh_CN");
    }

    private String paidReimbursement(LiangxianUser clerk, LiangxianUser insured, long person) {
        String code = "MT" + System.nanoTime() % 1_000_000;
        jdbc.sql("""
                insert into catalog_item (code, valid_from, name, kind, item_class, unit, maternity_relevant, recorded_by)
                values (?, '2020-01-01', '产前检查', 'SERVICE', 'A', '次', true, 'test')""").param(code).update();
        Reimbursements.Reimbursement r = reimbursements.submit(insured, new Reimbursements.NewReimbursement(person,
                "PRENATAL_CARE", 1, LocalDate.of(2023, 3, 20), "外地妇幼保健院", "OUT_OF_REGION", "中国银行广州分行",
                "6216600000001234", List.of(new Reimbursements.FeeLine(code, "产前检查", BigDecimal.ONE,
                        new BigDecimal("420.00")))),
                List.of(new Reimbursements.Upload("发票.pdf", "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII))),
                LocalDate.now());
        r = reimbursements.review(clerk, r.number(), List.of(new Reimbursements.LineReview(1, null, null)));
        fourEyes.approve(users.staff(Role.AGENCY_APPROVER, REGION), r.approvalId(), "核对无误");
        // paid through a batch: the bank's return answers every line of it as paid
        LiangxianUser finance = users.staff(Role.FINANCE, REGION);
        ReimbursementPayments.Batch batch = reimbursementPayments.createBatch(finance, REGION, LocalDate.now());
        StringBuilder answer = new StringBuilder(BankFiles.RETURN_HEADER + "\r\n");
        for (String row : new String(reimbursementPayments.bankFile(finance, batch.batchNo()), StandardCharsets.UTF_8)
                .split("\r\n")) {
            String[] f = row.split(",");
            if (!f[0].equals("batch_no")) {
                answer.append(f[0]).append(',').append(f[1]).append(',').append(f[2]).append(',').append(f[4])
                        .append(",PAID,\r\n");
            }
        }
        reimbursementPayments.importReturn(finance, REGION, "return.csv",
                answer.toString().getBytes(StandardCharsets.UTF_8), LocalDate.now());
        assertThat(reimbursements.visible(clerk, r.number()).status()).isEqualTo(Reimbursements.Status.PAID);
        return r.number();
    }

    private void payments(String token, String... lines) throws Exception {
        byte[] file = ("serial_no,period,payer_id,amount,paid_on\r\n" + String.join("\r\n", lines) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        String boundary = "----me" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pay.csv\"\r\n"
                + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(file);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(new Http(env).base() + "/api/v1/collection/payments?region=" + REGION))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

}
