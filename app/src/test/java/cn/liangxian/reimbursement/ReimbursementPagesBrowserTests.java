package cn.liangxian.reimbursement;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;

/**
 * The claim's way through the pages in Chromium: the insured files on her phone with an invoice, the clerk reviews
 * line by line, the approver approves, finance puts it into a payment batch, the bank's return file fails it, finance
 * retries it and the next batch pays it, and the insured sees it paid; the employer's list. Screenshots of every
 * page.
 */
@AppTest
class ReimbursementPagesBrowserTests {

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
    FourEyes fourEyes;
    @Autowired
    Reimbursements reimbursements;
    @Autowired
    ReimbursementPayments payments;
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
    void fromThePhoneFormToPayment(@TempDir Path dir) throws Exception {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        Path invoice = Files.write(dir.resolve("发票.pdf"), ReimbursementFixture.pdf());
        Path notAnImage = Files.write(dir.resolve("photo.jpg"), "not a photo".getBytes());
        String base = new Http(env).base();
        ChromeDriver d = browser.driver();
        signIn(d, base, fx.insured);
        d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));

        d.get(base + "/ui/me/reimbursements");
        browser.screenshotAt("reimbursement-me-list-empty-phone", 390);
        d.findElement(By.id("rb-new")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-form")));
        fill(d, LocalDate.of(2024, 5, 20), fx, notAnImage);
        d.findElement(By.id("rb-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertThat(d.findElement(By.id("error-code")).getText()).isEqualTo("REIMBURSEMENT_DOCUMENT_TYPE");
        assertThat(d.findElement(By.id("rb-institution")).getAttribute("value")).isEqualTo("深圳某妇产医院");
        assertThat(fx.claimsOf(fx.person)).isZero();
        browser.screenshotAt("reimbursement-me-new-refused-phone", 390);

        fill(d, LocalDate.of(2024, 5, 20), fx, invoice);
        d.findElement(By.id("rb-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-detail")));
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("已提交");
        assertThat(d.findElement(By.id("rb-bank")).getText()).doesNotContain("6222020200009876543").contains("6543");
        String number = d.getCurrentUrl().replaceAll(".*/", "");
        browser.screenshotAt("reimbursement-me-detail-submitted-phone", 390);

        // the clerk reviews: line 2 is class C, line 3 is refused
        d.manage().deleteAllCookies();
        d.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        signIn(d, base, fx.clerk);
        d.get(base + "/ui/agency");
        d.findElement(By.id("portal-reimbursements")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-list")));
        assertThat(d.findElement(By.id("rb-table")).getText()).contains(number);
        browser.screenshot("reimbursement-agency-queue");
        d.findElement(By.linkText(number)).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-review-form")));
        browser.screenshot("reimbursement-agency-review");
        d.findElement(By.id("rb-review-reject3")).sendKeys("陪护费不属于生育医疗费用");
        d.findElement(By.id("rb-review-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("待审批");
        assertThat(d.findElement(By.id("rb-line-2")).getText()).contains("丙类不予支付");
        assertThat(d.findElement(By.id("rb-line-3")).getText()).contains("陪护费不属于生育医疗费用");
        assertThat(d.findElement(By.id("rb-explanation")).getText()).contains("maternity.medical.normal_delivery");
        browser.screenshot("reimbursement-agency-reviewed");

        Reimbursements.Reimbursement r = reimbursements.visible(fx.clerk, number);
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, ReimbursementFixture.REGION);
        fourEyes.approve(approver, r.approvalId(), "票据与目录核对无误");

        // finance pays through a batch: the bank fails the payment, finance retries it, the next batch pays it
        d.manage().deleteAllCookies();
        LiangxianUser finance = users.staff(Role.FINANCE, ReimbursementFixture.REGION);
        signIn(d, base, finance);
        d.get(base + "/ui/agency/reimbursements/" + number);
        assertThat(d.findElement(By.id("rb-to-batch")).getText()).contains(String.format("%,.2f", r.benefit()));
        browser.screenshot("reimbursement-agency-to-pay");
        d.findElement(By.id("rb-batches-link")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-batches")));
        assertThat(d.findElement(By.id("rb-waiting")).getText()).contains("已同意待支付");
        d.findElement(By.id("rb-batch-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        ReimbursementPayments.Batch batch = payments.batches(finance, ReimbursementFixture.REGION).get(0);
        assertThat(d.findElement(By.id("notice")).getText()).contains(batch.batchNo());
        String card = d.findElement(By.id("batch-" + batch.batchNo())).getText();
        assertThat(card).contains(number).contains("已发送").doesNotContain("6222020200009876543");
        browser.screenshot("reimbursement-agency-batch-sent");
        byte[] bankFile = download(d, base + "/ui/agency/reimbursements/batches/" + batch.batchNo() + "/bank-file.csv");
        assertThat(new String(bankFile, java.nio.charset.StandardCharsets.UTF_8)).contains(",6222020200009876543,");
        upload(d, Files.write(dir.resolve("return-1.csv"), ReimbursementFixture.bankReturn(batch, bankFile,
                n -> n.equals(number) ? "FAILED,账户已冻结" : "PAID,")));
        assertThat(d.findElement(By.id("notice")).getText()).contains("失败 1 笔");
        assertThat(d.findElement(By.id("batch-" + batch.batchNo())).getText()).contains("账户已冻结");
        browser.screenshot("reimbursement-agency-batch-returned");

        d.findElement(By.linkText(number)).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-detail")));
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("支付失败");
        assertThat(d.findElement(By.id("rb-payments-table")).getText()).contains(batch.batchNo()).contains("账户已冻结")
                .doesNotContain("6222020200009876543");
        browser.screenshot("reimbursement-agency-payment-failed");
        d.findElement(By.id("rb-cancel-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertThat(d.findElement(By.id("error-code")).getText()).isEqualTo("REIMBURSEMENT_CANCEL_REASON_REQUIRED");
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("支付失败");
        d.findElement(By.id("rb-retry-note")).sendKeys("参保人已解除账户冻结");
        d.findElement(By.id("rb-retry-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("已同意，待支付");

        d.findElement(By.id("rb-batches-link")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-batches")));
        d.findElement(By.id("rb-batch-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
        ReimbursementPayments.Batch second = payments.batches(finance, ReimbursementFixture.REGION).get(0);
        assertThat(second.batchNo()).isNotEqualTo(batch.batchNo());
        upload(d, Files.write(dir.resolve("return-2.csv"), ReimbursementFixture.bankReturn(second,
                download(d, base + "/ui/agency/reimbursements/batches/" + second.batchNo() + "/bank-file.csv"),
                n -> "PAID,")));
        assertThat(d.findElement(By.id("notice")).getText()).contains(second.batchNo());
        d.get(base + "/ui/agency/reimbursements/" + number);
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("已支付");
        assertThat(d.findElement(By.id("rb-payments-table")).getText()).contains(batch.batchNo())
                .contains(second.batchNo());
        browser.screenshot("reimbursement-agency-paid");
        d.get(base + "/ui/agency/reimbursements/batches?lang=en");
        assertThat(d.findElement(By.id("batch-" + second.batchNo())).getText()).contains("Answered by the bank")
                .contains("Paid");
        assertThat(d.findElement(By.id("batch-" + batch.batchNo())).getText()).contains("Failed");
        browser.screenshot("reimbursement-agency-batches-en");
        d.get(base + "/ui/agency/reimbursements/batches?lang=zh_CN");

        d.manage().deleteAllCookies();
        signIn(d, base, fx.insured);
        d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        d.get(base + "/ui/me/reimbursements");
        assertThat(d.findElement(By.id("rb-" + number)).getText()).contains("已支付");
        browser.screenshotAt("reimbursement-me-list-phone", 390);
        d.get(base + "/ui/me/reimbursements/" + number);
        assertThat(d.findElement(By.id("rb-benefit")).getText()).isEqualTo(
                String.format("%,.2f", r.benefit()));
        // her payments as the bank answered them, the account masked
        assertThat(d.findElement(By.id("rb-payment-cards")).getText()).contains("账户已冻结").contains("6543")
                .doesNotContain("6222020200009876543");
        browser.screenshotAt("reimbursement-me-detail-paid-phone", 390);
        browser.screenshotAt("reimbursement-me-detail-paid-desktop", 1280);
        d.get(base + "/ui/me/reimbursements/" + number + "?lang=en");
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("Paid");
        browser.screenshotAt("reimbursement-me-detail-paid-phone-en", 390);
        d.get(base + "/ui/me/reimbursements?lang=zh_CN");

        // another insured person: as if the claim did not exist
        d.manage().deleteAllCookies();
        signIn(d, base, users.insured(users.person(ReimbursementFixture.REGION)));
        d.get(base + "/ui/me/reimbursements/" + number);
        assertThat(d.findElement(By.id("error-code")).getText()).isEqualTo("NOT_FOUND");

        // the employer sees the claims it filed
        d.manage().deleteAllCookies();
        LiangxianUser hr = users.employer(fx.employer);
        signIn(d, base, hr);
        d.get(base + "/ui/employer/reimbursements/new");
        d.findElement(By.id("rb-id-number")).sendKeys(fx.idNumber);
        fill(d, LocalDate.of(2024, 9, 2), fx, invoice);
        d.findElement(By.id("rb-submit")).click();
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("rb-detail")));
        d.get(base + "/ui/employer/reimbursements");
        assertThat(d.findElements(By.cssSelector("#rb-table tbody tr"))).hasSize(1);
        browser.screenshot("reimbursement-employer-list");
    }

    @Test
    void aClaimWithNothingPayableIsNotShownAsPaid() {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        Reimbursements.Reimbursement r = fx.nothingPayable(reimbursements, fourEyes, LocalDate.of(2024, 6, 3));
        assertThat(r.status()).isEqualTo(Reimbursements.Status.PAID);
        ChromeDriver d = browser.driver();
        String base = new Http(env).base();
        d.manage().deleteAllCookies();
        signIn(d, base, fx.insured);
        d.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        d.get(base + "/ui/me/reimbursements/" + r.number());
        assertThat(d.findElement(By.id("rb-status")).getText()).isEqualTo("已审结，无应付金额");
        assertThat(d.findElement(By.id("rb-benefit")).getText()).isEqualTo("0.00");
        assertThat(d.findElement(By.id("rb-step-closed")).getText()).isEqualTo("已审结：基金支付 0.00 元，无需向银行支付");
        assertThat(d.findElement(By.id("rb-steps")).getText()).doesNotContain("已支付");
        browser.screenshotAt("reimbursement-me-detail-nothing-payable-phone", 390);
        d.get(base + "/ui/me/reimbursements?lang=en");
        assertThat(d.findElement(By.id("rb-" + r.number())).getText()).contains("Closed: nothing payable")
                .doesNotContain("Paid");
        browser.screenshotAt("reimbursement-me-list-nothing-payable-phone-en", 390);
        d.get(base + "/ui/me/reimbursements?lang=zh_CN");
    }

    /** Fetches a file as the signed-in browser would download it. */
    private static byte[] download(ChromeDriver d, String url) {
        String b64 = (String) d.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(r => r.arrayBuffer()).then(b => {
                  let s = ''; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); done(btoa(s));
                });""", url);
        return java.util.Base64.getDecoder().decode(b64);
    }

    /** Uploads a bank return file on the batches page and waits for the answer. */
    private static void upload(ChromeDriver d, Path file) {
        d.findElement(By.id("rb-return-file")).sendKeys(file.toAbsolutePath().toString());
        var page = d.findElement(By.tagName("html"));
        d.findElement(By.id("rb-return-submit")).click();
        wait(d).until(ExpectedConditions.stalenessOf(page));
        wait(d).until(ExpectedConditions.presenceOfElementLocated(By.id("notice")));
    }

    private static void fill(ChromeDriver d, LocalDate date, ReimbursementFixture fx, Path invoice) {
        set(d, "rb-service-date", null);
        d.executeScript("document.getElementById('rb-service-date').value = arguments[0]", date.toString());
        new org.openqa.selenium.support.ui.Select(d.findElement(By.id("rb-category"))).selectByValue("NORMAL_DELIVERY");
        set(d, "rb-institution", "深圳某妇产医院");
        new org.openqa.selenium.support.ui.Select(d.findElement(By.id("rb-cash-reason"))).selectByValue("OUT_OF_REGION");
        set(d, "rb-bank-name", "中国建设银行广州分行");
        set(d, "rb-bank-account", "6222020200009876543");
        set(d, "rb-code1", fx.itemA);
        set(d, "rb-name1", "阴道分娩术");
        set(d, "rb-quantity1", "1");
        set(d, "rb-amount1", "2380.00");
        set(d, "rb-code2", fx.itemC);
        set(d, "rb-name2", "产后修复理疗");
        set(d, "rb-quantity2", "1");
        set(d, "rb-amount2", "260.00");
        set(d, "rb-name3", "陪护费");
        set(d, "rb-quantity3", "2");
        set(d, "rb-amount3", "100.00");
        d.findElement(By.id("rb-invoices")).sendKeys(invoice.toAbsolutePath().toString());
    }

    private static void set(ChromeDriver d, String id, String value) {
        var e = d.findElement(By.id(id));
        e.clear();
        if (value != null) {
            e.sendKeys(value);
        }
    }

    static void signIn(ChromeDriver d, String base, LiangxianUser u) {
        Browser.signIn(d, base, u);
    }

    static WebDriverWait wait(ChromeDriver d) {
        return new WebDriverWait(d, Duration.ofSeconds(15));
    }
}
