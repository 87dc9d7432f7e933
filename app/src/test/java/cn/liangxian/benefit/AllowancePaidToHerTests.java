package cn.liangxian.benefit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.collection.WageBases;
import cn.liangxian.fund.Book;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.TestRegions;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.Multipart;
import cn.liangxian.testsupport.TestDatabase;
import cn.liangxian.testsupport.TestFiles;
import cn.liangxian.testsupport.TestPolicy;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;
import tools.jackson.databind.JsonNode;

/**
 * The allowance paid to the woman herself ({@code allowance.payee = PERSON}) from the claim to the bank's return
 * file, in a test region (990001, test resources {@code policy-test/}) that has Changzhou's law but pays her directly:
 * no seed region does. Her account is given by whoever files, stored encrypted with her name; the bank file carries
 * both in full, every screen, the JSON and the notice show them masked, and the notice says she is paid directly.
 * A context of its own (the test region's policy pack) on a database of its own.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "liangxian.test.own-database=allowance-paid-to-her")
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("test")
@Import({ TestUsers.class, AllowancePaidToHerTests.TestRegion.class })
class AllowancePaidToHerTests {

    static final String REGION = "990001";
    static final String ACCOUNT = "6217000011112222333";
    static final String ACCOUNT_MASKED = "***************2333";
    static Browser browser;

    /** The standard law and the test region beside it, in place of the standard law alone. */
    @TestConfiguration(proxyBeanMethods = false)
    static class TestRegion {
        @Bean
        @Primary
        PolicyBook policyWithTestRegion() {
            return TestPolicy.withTestJurisdictions(REGION);
        }
    }

    @Autowired
    ApplicationContext context;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AllowanceClaims claims;
    @Autowired
    PolicyBook policy;
    @Autowired
    Postings postings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment env;

    @BeforeEach
    void region() {
        TestRegions.create(context, REGION, "测试统筹区（生育津贴支付本人）", "Test region (allowance paid to the woman)", "320400");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    BigDecimal balance(String account) {
        return postings.balance(REGION, Book.POOLED, account, LocalDate.now().plusYears(1));
    }

    @Test
    void theAllowanceGoesToHerOwnAccountWhichOnlyTheBankFileShowsInFull() throws Exception {
        assertThat(policy.at(REGION, LocalDate.of(2025, 3, 1)).get("allowance.payee").text()).isEqualTo("PERSON");
        assertThat(policy.at("320400", LocalDate.of(2025, 3, 1)).get("allowance.payee").text())
                .as("Changzhou itself is untouched").isEqualTo("EMPLOYER");
        Workplaces.Workplace place = Workplaces.employ(users, enrollments, wageBases, REGION, "320402",
                LocalDate.of(2024, 1, 1), 2025, "林芳", "4000.00", "陈静", "4000.00");
        String uscc = place.uscc();
        LiangxianUser clerk = users.clerk(REGION);
        long woman = place.woman();
        Http http = new Http(env);
        String hr = "Bearer " + users.tokenFor(users.employer(uscc));
        String json = "{\"personId\":" + woman + ",\"eventDate\":\"2025-03-12\",\"category\":\"NORMAL_DELIVERY\","
                + "\"evidence\":\"出生医学证明 T9901\"%s}";
        byte[] photo = TestFiles.jpeg(300, 400, "T9901");

        // without her account nothing is filed
        Http.Response missing = http.postMultipart("/api/v1/allowance-claims", new Multipart()
                .json("claim", json.formatted("")).file("evidence", "出生医学证明.jpg", "image/jpeg", photo),
                "Authorization", hr);
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("code").asString()).isEqualTo("ALLOWANCE_PAYEE_ACCOUNT_REQUIRED");
        assertThat(missing.json().get("message_zh").asString()).contains("直接支付本人");
        assertThat(jdbc.sql("select count(*) from allowance_claim where person_id = ?").param(woman).query(Integer.class)
                .single()).isZero();
        assertThat(jdbc.sql("select count(*) from allowance_evidence").query(Integer.class).single()).isZero();

        // her account as printed on her card, with spaces
        Http.Response filed = http.postMultipart("/api/v1/allowance-claims", new Multipart()
                .json("claim", json.formatted(",\"payeeAccount\":\"6217 0000 1111 2222 333\""))
                .file("evidence", "出生医学证明.jpg", "image/jpeg", photo), "Authorization", hr);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        JsonNode c = filed.json();
        long id = c.get("id").asLong();
        assertThat(c.get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(c.get("payee").asString()).isEqualTo("PERSON");
        assertThat(c.get("payeeName").asString()).isEqualTo("林*");
        assertThat(c.get("payeeAccount").asString()).isEqualTo(ACCOUNT_MASKED);
        assertThat(filed.body()).doesNotContain("林芳").doesNotContain(ACCOUNT);
        boolean explained = false;
        for (JsonNode l : c.get("explanation")) {
            if ("allowance.payee".equals(l.get("parameter").asString())) {
                assertThat(l.get("value").asString()).contains("PERSON");
                assertThat(l.get("reference").asString()).contains("测试统筹区");
                explained = true;
            }
        }
        assertThat(explained).as("the explanation names the payee parameter and its source").isTrue();
        // at rest neither her name nor her account in the clear
        String storedName = jdbc.sql("select payee_name from allowance_claim where id = ?").param(id).query(String.class)
                .single();
        String storedAccount = jdbc.sql("select payee_account from allowance_claim where id = ?").param(id)
                .query(String.class).single();
        assertThat(storedName).isNotBlank().doesNotContain("林芳");
        assertThat(storedAccount).isNotBlank().doesNotContain(ACCOUNT).doesNotContain("2333");
        AllowanceClaims.Claim claim = claims.load(id);
        BigDecimal amount = claim.amount();
        assertThat(amount).isPositive();

        // approved at review (below the threshold), owed on the ledger
        BigDecimal payable0 = balance("2202");
        BigDecimal bank0 = balance("1004");
        String clerkToken = "Bearer " + users.tokenFor(clerk);
        Http.Response reviewed = http.postJson("/api/v1/allowance-claims/" + id + "/review", "{\"note\":\"材料齐全\"}",
                "Authorization", clerkToken);
        assertThat(reviewed.json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(balance("2202")).isEqualByComparingTo(payable0.add(amount));

        // the batch line is hers: the bank file names her and her account in full, the batch shows the account masked
        String fin = "Bearer " + users.tokenFor(users.staff(Role.FINANCE, REGION));
        Http.Response batch = http.postJson("/api/v1/allowance-batches?region=" + REGION, "", "Authorization", fin);
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        JsonNode line = batch.json().get("lines").get(0);
        assertThat(batch.json().get("lines").size()).isEqualTo(1);
        assertThat(line.get("claimId").asLong()).isEqualTo(id);
        assertThat(line.get("payeeAccount").asString()).isEqualTo(ACCOUNT_MASKED);
        assertThat(line.get("payeeName").asString()).isEqualTo("林*");
        assertThat(batch.body()).doesNotContain("林芳").doesNotContain(ACCOUNT);
        assertThat(jdbc.sql("select payee_name || ' ' || payee_account from allowance_batch_line where claim_id = ?")
                .param(id).query(String.class).single()).doesNotContain("林芳").doesNotContain(ACCOUNT);
        String batchNo = batch.json().get("batchNo").asString();
        String bankFile = http.get("/api/v1/allowance-batches/" + batch.json().get("id").asLong() + "/bank-file",
                "Authorization", fin).body();
        assertThat(bankFile.split("\r\n")).containsExactly("batch_no,line_no,account,name,amount",
                batchNo + ",1," + ACCOUNT + ",林芳," + amount.toPlainString());
        Http.Response returned = http.postFile("/api/v1/allowance-batches/returns?region=" + REGION, "return.csv",
                (AllowancePayments.HEADER + "\r\n" + batchNo + ",1," + ACCOUNT + "," + amount.toPlainString() + ",PAID,\r\n")
                        .getBytes(StandardCharsets.UTF_8), "Authorization", fin);
        assertThat(returned.status()).as(returned.body()).isEqualTo(201);
        assertThat(claims.load(id).status()).isEqualTo(AllowanceClaims.Status.PAID);
        assertThat(balance("2202")).isEqualByComparingTo(payable0);
        assertThat(balance("1004")).isEqualByComparingTo(bank0.subtract(amount));

        // the notice says she is paid directly, with her account masked
        Http.Response pdf = http.get("/api/v1/allowance-claims/" + id + "/notice.pdf", "Authorization", hr);
        assertThat(pdf.status()).isEqualTo(200);
        byte[] notice = http.download("/api/v1/allowance-claims/" + id + "/notice.pdf", "Authorization", hr).body();
        Files.write(Files.createDirectories(Path.of("target", "notices")).resolve("allowance-notice-paid-to-her.pdf"),
                notice);
        String text = AllowanceClaimsTests.pdfText(notice);
        assertThat(text).contains("参保人本人（直接支付）").contains("林*").contains(ACCOUNT_MASKED)
                .contains("直接支付至参保人本人银行账户").contains("not through the employer").contains("支付记录")
                .contains(batchNo).doesNotContain("林芳").doesNotContain(ACCOUNT);

        // the pages: the clerk's case and batches, the employer's list, her timeline — masked, saying so
        String base = http.base();
        WebSession agency = new WebSession(base);
        agency.login(clerk.getUsername(), TestUsers.PASSWORD);
        String casePage = agency.get("/ui/agency/claims/" + id).body();
        assertThat(casePage).contains("参保人本人（直接支付）").contains("林*").contains(ACCOUNT_MASKED)
                .doesNotContain("林芳").doesNotContain(ACCOUNT);
        String queue = agency.get("/ui/agency/claims?region=" + REGION).body();
        assertThat(queue).contains(batchNo).contains("林* " + ACCOUNT_MASKED).doesNotContain("林芳").doesNotContain(ACCOUNT);
        WebSession employer = new WebSession(base);
        employer.login(users.employer(uscc).getUsername(), TestUsers.PASSWORD);
        assertThat(employer.get("/ui/employer/claims").body()).contains("直接支付本人").doesNotContain(ACCOUNT);
        LiangxianUser her = users.insured(woman);
        WebSession mine = new WebSession(base);
        mine.login(her.getUsername(), TestUsers.PASSWORD);
        assertThat(mine.get("/ui/me/allowance").body()).contains("生育津贴直接支付至您本人账户 " + ACCOUNT_MASKED)
                .doesNotContain(ACCOUNT);

        // and as a person sees them
        browser = new Browser();
        ChromeDriver d = signIn(clerk);
        d.get(base + "/ui/agency/claims/" + id);
        assertThat(d.findElement(By.id("case-payee")).getText()).contains("参保人本人（直接支付）").contains("林*")
                .contains(ACCOUNT_MASKED);
        browser.screenshot("allowance-person-1-agency-case");
        d = signIn(her);
        d.get(base + "/ui/me/allowance");
        assertThat(d.findElement(By.id("timeline-" + id)).getText()).contains("直接支付至您本人账户")
                .contains("出生医学证明.jpg");
        browser.screenshot("allowance-person-2-insured-timeline");
    }

    ChromeDriver signIn(LiangxianUser u) {
        ChromeDriver d = browser.driver();
        d.manage().deleteAllCookies();
        d.get(new Http(env).base() + "/login?lang=zh_CN");
        d.findElement(By.id("username")).sendKeys(u.getUsername());
        d.findElement(By.id("password")).sendKeys(TestUsers.PASSWORD);
        d.findElement(By.id("login-submit")).click();
        new WebDriverWait(d, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("/ui/"));
        return d;
    }
}
