package cn.liangxian.benefit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.collection.WageBases;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestFiles;
import cn.liangxian.testsupport.TestUsers;

/**
 * A claim from the employer's filing through the clerk's review, the approver's approval, the payment batch and the
 * bank's return file to paid, in the real Chromium, with a screenshot of every page on the way.
 */
@AppTest
class AllowanceClaimBrowserTests {

    static final String CHANGZHOU = "320400";
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AllowancePayments payments;
    @Autowired
    AllowanceClaims claims;
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

    void open(ChromeDriver d, String path) {
        d.get(new Http(env).base() + path);
        settle(d);
    }

    static void submit(ChromeDriver d, String buttonId) {
        WebElement b = d.findElement(By.id(buttonId));
        b.click();
        new WebDriverWait(d, Duration.ofSeconds(15)).until(ExpectedConditions.stalenessOf(b));
        settle(d);
    }

    static void settle(ChromeDriver d) {
        new WebDriverWait(d, Duration.ofSeconds(10))
                .until(x -> "complete".equals(d.executeScript("return document.readyState")));
    }

    @Test
    void aClaimGoesFromTheEmployersFilingThroughReviewApprovalAndTheBankToPaid() throws Exception {
        // her wage 10000, the employer's average 9000: above the approval threshold, and the employer pays a difference
        Workplaces.Workplace place = Workplaces.employ(users, enrollments, wageBases, CHANGZHOU, "320402",
                LocalDate.of(2024, 1, 1), 2025, "顾晓梅", "10000.00", "邵琳", "8000.00");
        String uscc = place.uscc();
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        long woman = place.woman();

        // the employer files
        ChromeDriver d = signIn(users.employer(uscc));
        open(d, "/ui/employer/claims");
        new Select(d.findElement(By.id("claim-person"))).selectByValue(String.valueOf(woman));
        new Select(d.findElement(By.id("claim-category"))).selectByValue("NORMAL_DELIVERY");
        d.executeScript("arguments[0].value = '2025-04-08'", d.findElement(By.id("claim-date")));
        d.findElement(By.id("claim-evidence")).sendKeys("出生医学证明 R320012345，上海市第一妇婴保健院，出院小结");
        // a birth settled elsewhere without an evidence file is refused on the form, and nothing is filed
        submit(d, "claim-submit");
        assertThat(d.findElement(By.id("error")).getText()).contains("证明文件").contains("ALLOWANCE_EVIDENCE_REQUIRED");
        assertThat(claims.list(users.employer(uscc), null, null, null, null)).isEmpty();
        browser.screenshot("allowance-0-employer-evidence-missing");
        // the photo of the certificate, taken with a phone: a JPEG, named as the phone names it
        byte[] photo = TestFiles.jpeg(600, 800, "R320012345");
        Path photoFile = Files.write(dir.resolve("IMG_20250409_0931.jpg"), photo);
        new Select(d.findElement(By.id("claim-person"))).selectByValue(String.valueOf(woman));
        d.executeScript("arguments[0].value = '2025-04-08'", d.findElement(By.id("claim-date")));
        d.findElement(By.id("claim-evidence-files")).sendKeys(photoFile.toString());
        submit(d, "claim-submit");
        assertThat(d.findElement(By.id("filed-notice")).getText()).contains("已提交");
        AllowanceClaims.Claim filed = claims.list(users.employer(uscc), null, null, null, null).get(0);
        String row = d.findElement(By.id("claim-" + filed.id())).getText();
        assertThat(row).contains("顾*").contains("2025-04-08").contains("待复核").contains("IMG_20250409_0931.jpg");
        assertThat(filed.evidenceFiles()).singleElement().satisfies(e -> {
            assertThat(e.contentType()).isEqualTo("image/jpeg");
            assertThat(e.sizeBytes()).isEqualTo(photo.length);
        });
        assertThat(filed.amount()).isGreaterThan(new BigDecimal("30000"));
        browser.screenshot("allowance-1-employer-filed");

        // the clerk reviews: above the threshold it goes to a second person
        d = signIn(clerk);
        open(d, "/ui/agency/claims?region=" + CHANGZHOU + "&status=SUBMITTED");
        assertThat(d.findElement(By.id("queue-" + filed.id())).getText()).contains("待复核");
        browser.screenshot("allowance-2-agency-queue");
        d.findElement(By.id("open-" + filed.id())).click();
        settle(d);
        assertThat(d.findElement(By.id("claim-explanation")).getText()).contains("employerAvgMonthlyWage")
                .contains("9000.00");
        assertThat(d.findElement(By.id("case-evidence-text")).getText()).contains("出生医学证明 R320012345");
        long evidenceId = filed.evidenceFiles().get(0).id();
        assertThat(d.findElement(By.id("case-evidence-" + evidenceId)).getText()).contains("IMG_20250409_0931.jpg")
                .contains("image/jpeg");
        // the clerk opens the photo: the very bytes the employer sent, as a JPEG
        java.net.http.HttpResponse<byte[]> opened = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(d.findElement(By.id("evidence-" + evidenceId))
                        .getAttribute("href"))).header("Cookie", "JSESSIONID="
                                + d.manage().getCookieNamed("JSESSIONID").getValue()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
        assertThat(opened.body()).isEqualTo(photo);
        browser.screenshot("allowance-3-agency-case");
        d.findElement(By.id("review-note")).sendKeys("证明材料齐全，参保缴费正常");
        submit(d, "review-submit");
        assertThat(d.findElement(By.id("case-status")).getText()).contains("待审批");

        // the approver approves
        d = signIn(users.staff(Role.AGENCY_APPROVER, CHANGZHOU));
        open(d, "/ui/agency/claims/" + filed.id());
        d.findElement(By.id("approve-note")).sendKeys("核对无误，同意");
        submit(d, "approve-submit");
        assertThat(d.findElement(By.id("case-status")).getText()).contains("已核定待支付");
        browser.screenshot("allowance-4-approved");

        // the clerk makes the batch and imports the bank's return
        d = signIn(clerk);
        open(d, "/ui/agency/claims?region=" + CHANGZHOU);
        submit(d, "batch-submit");
        assertThat(d.findElement(By.id("batch-notice")).getText()).contains("已生成支付批次");
        AllowancePayments.Batch batch = payments.batches(clerk, CHANGZHOU).get(0);
        StringBuilder ret = new StringBuilder(AllowancePayments.HEADER + "\r\n");
        for (AllowancePayments.Line l : batch.lines()) {
            ret.append(batch.batchNo()).append(',').append(l.lineNo()).append(",6222020200000000006,")
                    .append(l.amount().toPlainString()).append(",PAID,\r\n");
        }
        Path file = dir.resolve("return.csv");
        Files.write(file, ret.toString().getBytes(StandardCharsets.UTF_8));
        d.findElement(By.id("return-file")).sendKeys(file.toString());
        submit(d, "return-submit");
        assertThat(d.findElement(By.id("return-notice")).getText()).contains(batch.batchNo()).contains("支付成功");
        assertThat(d.findElement(By.id("batch-" + batch.batchNo())).getText()).contains("已回盘").contains("支付成功");
        browser.screenshot("allowance-5-agency-paid-batch");
        open(d, "/ui/agency/claims/" + filed.id());
        assertThat(d.findElement(By.id("case-status")).getText()).contains("已支付");
        assertThat(d.findElements(By.id("case-actions"))).as("nothing left to do on a paid claim").isEmpty();
        assertThat(d.findElement(By.id("case-history-table")).getText()).contains("提交申领").contains("复核通过，待审批")
                .contains("审批通过").contains("报送银行").contains("支付成功");
        browser.screenshot("allowance-6-agency-case-paid");

        // the employer sees it paid; the woman sees her timeline
        d = signIn(users.employer(uscc));
        open(d, "/ui/employer/claims");
        assertThat(d.findElement(By.id("claim-" + filed.id())).getText()).contains("已支付");
        browser.screenshot("allowance-7-employer-paid");
        d = signIn(users.insured(woman));
        // from her portal and from her timeline to her allowance page
        open(d, "/ui/me/timeline");
        d.findElement(By.cssSelector(".kind-ALLOWANCE a")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/ui/me/allowance"));
        open(d, "/ui/me");
        d.findElement(By.id("me-allowance-link")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(
                By.id("timeline-" + filed.id())));
        // her payment notice: the amount, the batch it was paid in and the bank's answer
        String href = d.findElement(By.id("notice-" + filed.id())).getAttribute("href");
        java.net.http.HttpResponse<byte[]> pdf = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(href))
                        .header("Cookie", "JSESSIONID=" + d.manage().getCookieNamed("JSESSIONID").getValue()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(pdf.headers().firstValue("Content-Type").orElse("")).startsWith("application/pdf");
        Files.write(Files.createDirectories(Path.of("target", "screenshots")).resolve("allowance-notice-paid.pdf"), pdf.body());
        String notice = AllowanceClaimsTests.pdfText(pdf.body());
        assertThat(notice).contains("支付记录").contains(batch.batchNo()).contains("支付成功")
                .contains(cn.liangxian.policy.Amounts.fmt(filed.amount()));
        String timeline = d.findElement(By.id("timeline-" + filed.id())).getText();
        assertThat(timeline).contains("已支付").contains("提交申领").contains("支付成功").contains("由用人单位补足")
                .contains("IMG_20250409_0931.jpg");
        assertThat(d.findElement(By.id("evidence-" + evidenceId)).getAttribute("href"))
                .endsWith("/ui/me/allowance/" + filed.id() + "/evidence/" + evidenceId);
        browser.screenshot("allowance-8-insured-timeline");
        open(d, "/ui/me/allowance?lang=en");
        assertThat(d.findElement(By.id("timeline-" + filed.id())).getText()).contains("Paid").contains("Filed");
        browser.screenshot("allowance-9-insured-timeline-en");
    }

    @Autowired
    cn.liangxian.registry.MaternityEvents maternityEvents;

    @Test
    void aClaimWhoseSettlementWasReversedShowsWhyAndIsCancelledNotPaid() throws Exception {
        Workplaces.Workplace place = Workplaces.employ(users, enrollments, wageBases, CHANGZHOU, "320402",
                LocalDate.of(2024, 1, 1), 2025, "何晓燕", "3000.00", "邹敏", "3000.00");
        String settlement = "320400S20250812" + String.format("%010d", System.nanoTime() % 10_000_000_000L);
        maternityEvents.record(CHANGZHOU, place.woman(), LocalDate.of(2025, 8, 12), "SETTLEMENT", settlement);
        AllowanceClaims.Claim c = claims.review(users.clerk(CHANGZHOU), claims.file(users.employer(place.uscc()),
                new AllowanceClaims.Filing(place.woman(), null, "NORMAL_DELIVERY", 1, settlement, null, null, null)).id(),
                "材料齐全");
        assertThat(c.status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        maternityEvents.withdraw(CHANGZHOU, "SETTLEMENT", settlement, "结算撤销 / settlement reversed");

        ChromeDriver d = signIn(users.clerk(CHANGZHOU));
        open(d, "/ui/agency/claims/" + c.id());
        assertThat(d.findElement(By.id("birth-withdrawn")).getText()).contains(settlement).contains("已撤销");
        d.findElement(By.id("cancel-note")).sendKeys("所依据的结算已撤销");
        browser.screenshot("allowance-birth-withdrawn");
        submit(d, "cancel-submit");
        assertThat(d.findElement(By.id("case-status")).getText()).isEqualTo(AllowanceClaims.Status.CANCELLED.zh());
        assertThat(claims.load(c.id()).status()).isEqualTo(AllowanceClaims.Status.CANCELLED);
        browser.screenshot("allowance-birth-withdrawn-cancelled");
    }
}
