package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/**
 * The fund's pages: finance and supervisors of the region see them (clerks 403, another region 404, nobody signed
 * in is sent to sign in), the forms act through the same services, the downloads are Excel and PDF files with the
 * figures, and the public disclosure answers without signing in and names no person.
 */
@AppTest
class FundPagesTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChartOfAccounts chart;
    @Autowired
    Postings postings;
    @Autowired
    FundLedger ledger;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    TestUsers users;
    @Autowired
    Environment env;

    FundFixture fx;
    String region;
    LiangxianUser finance;

    @BeforeEach
    void setUp() {
        fx = new FundFixture(jdbc, chart, postings);
        region = fx.region(FundFixture.CHANGZHOU);
        finance = users.staff(Role.FINANCE, region);
        fx.post(region, Book.MATERNITY, LocalDate.of(2019, 3, 1), "1002", "400101", "8000.00");
        fx.post(region, Book.MATERNITY, LocalDate.of(2019, 6, 1), "50010301", "2201", "1200.00");
        fx.post(region, Book.POOLED, LocalDate.of(2024, 1, 10), "1002", "400101", "120000.00");
        fx.post(region, Book.POOLED, LocalDate.of(2024, 2, 10), "50010101", "1002", "40000.00");
        // a description naming a person: the public disclosure must never show it
        postings.post(new PostingRequest(region, Book.POOLED, SourceType.MANUAL_PAYMENT, "MP-" + UUID.randomUUID(),
                LocalDate.of(2024, 3, 5), LocalDate.of(2024, 3, 5), "零星报销 王小花 320402199001011234",
                List.of(PostingLine.debit("5001010201", "3456.78"), PostingLine.credit("1002", "3456.78"))));
    }

    WebSession signIn(LiangxianUser u) {
        WebSession s = new WebSession(new Http(env).base());
        s.login(u.getUsername(), TestUsers.PASSWORD);
        return s;
    }

    @Test
    void financeAndSupervisorsOfTheRegionSeeEveryFundPageAndNobodyElse() {
        List<String> pages = List.of("/ui/agency/fund?region=" + region,
                "/ui/agency/fund/statements/trial-balance?region=" + region + "&book=POOLED&period=202402",
                "/ui/agency/fund/statements/income-statement?region=" + region + "&book=POOLED&period=2024",
                "/ui/agency/fund/statements/balance-sheet?region=" + region + "&book=POOLED&period=202403",
                "/ui/agency/fund/clearing?region=" + region, "/ui/agency/fund/budget?region=" + region + "&year=2024",
                "/ui/agency/fund/risk?region=" + region + "&month=202403");
        for (Role role : List.of(Role.FINANCE, Role.SUPERVISOR)) {
            WebSession web = signIn(users.staff(role, region));
            for (String p : pages) {
                WebSession.Page page = web.get(p);
                assertThat(page.status()).as(role + " " + p).isEqualTo(200);
                assertThat(page.body()).as(p).doesNotContain("??").contains("id=\"fund-tabs\"");
            }
            WebSession.Page en = web.get(pages.get(2) + "&lang=en");
            assertThat(en.body()).doesNotContain("??").contains("Income and expenditure statement",
                    "Maternity medical expenditure");
        }
        WebSession finance = signIn(this.finance);
        String income = finance.get(pages.get(2)).body();
        assertThat(income).contains("id=\"is-total-income\">120,000.00<", "id=\"is-maternity-medical\">3,456.78<",
                "生育医疗费用支出", "生育津贴支出");
        String tb = finance.get(pages.get(1)).body();
        assertThat(tb).contains("id=\"balanced\"", "各栏借贷平衡");
        assertThat(finance.get(pages.get(3)).body()).contains("资产 = 负债 + 基金结余");

        WebSession clerk = signIn(users.clerk(region));
        for (String p : pages) {
            assertThat(clerk.get(p).status()).as("clerk " + p).isEqualTo(403);
        }
        WebSession other = signIn(users.staff(Role.FINANCE, FundFixture.CHANGZHOU));
        for (String p : pages) {
            WebSession.Page page = other.get(p);
            assertThat(page.status()).as("other region " + p).isEqualTo(404);
            assertThat(page.body()).contains("id=\"fund-problem\"").doesNotContain("120,000.00");
        }
        WebSession.Page anonymous = new WebSession(new Http(env).base()).get(pages.get(0));
        assertThat(anonymous.status()).isEqualTo(302);
        assertThat(anonymous.location()).contains("/login");
        WebSession.Page me = signIn(users.insured(users.person(FundFixture.CHANGZHOU))).get(pages.get(0));
        assertThat(me.status()).isEqualTo(403);
    }

    @Test
    void aBadPeriodIsShownNextToTheFormAndAnUnknownKindIsNotFound() {
        WebSession web = signIn(finance);
        WebSession.Page bad = web.get("/ui/agency/fund/statements/trial-balance?region=" + region + "&period=2024-13");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-statement\"", "FUND_REPORT_PERIOD_INVALID", "2024-13");
        assertThat(web.get("/ui/agency/fund/statements/cash-flow?region=" + region).status()).isEqualTo(404);
    }

    @Test
    void theDownloadsAreExcelAndPdfFilesWithTheFigures() throws IOException {
        Files files = new Files(new Http(env).base(), finance.getUsername());
        Files.Download xlsx = files.get("/ui/agency/fund/statements/income-statement/xlsx?region=" + region
                + "&book=POOLED&period=2024");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.contentType()).startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.disposition()).contains("attachment", "income-statement-" + region + "-POOLED-2024.xlsx");
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            String all = wb.getFirstSheet().read().stream().map(r -> r.stream().map(c -> c == null ? ""
                    : c.getRawValue() == null ? "" : c.getRawValue()).collect(Collectors.joining("|")))
                    .collect(Collectors.joining("\n"));
            assertThat(all).contains("收入支出表", "3456.78", "120000");
        }
        Files.Download pdf = files.get("/ui/agency/fund/statements/trial-balance/pdf?region=" + region
                + "&book=POOLED&period=202403");
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).startsWith("application/pdf");
        String text = new PdfTextExtractor(new PdfReader(pdf.body())).getTextFromPage(1);
        assertThat(text).contains("试算平衡表", "3,456.78", "120,000.00");
        Files.Download clearingPdf = files.get("/ui/agency/fund/clearing/MATERNITY/pdf?region=" + region);
        assertThat(clearingPdf.status()).isEqualTo(200);
        assertThat(new PdfTextExtractor(new PdfReader(clearingPdf.body())).getTextFromPage(1)).contains(
                "原生育保险基金清算并入", "6,800.00", "2019-12-31");
        Files.Download english = files.get("/ui/agency/fund/clearing/MATERNITY/xlsx?region=" + region + "&lang=en");
        assertThat(english.status()).isEqualTo(200);
        java.nio.file.Path dir = java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "reports"));
        java.nio.file.Files.write(dir.resolve("clearing.pdf"), clearingPdf.body());
        // another region's file does not exist for the caller
        Files outsider = new Files(new Http(env).base(), users.staff(Role.FINANCE, FundFixture.CHANGZHOU)
                .getUsername());
        assertThat(outsider.get("/ui/agency/fund/statements/income-statement/pdf?region=" + region
                + "&book=POOLED&period=2024").status()).isEqualTo(404);
    }

    @Test
    void theClearingAndTheBudgetAreAskedForOnTheirPagesAndDecidedByAnApprover() {
        WebSession web = signIn(finance);
        String clearingPage = "/ui/agency/fund/clearing?region=" + region + "&book=MATERNITY";
        assertThat(web.get(clearingPage).body()).contains("id=\"clearing-form\"", "id=\"cl-transferred\"");
        WebSession.Page noReason = web.post("/ui/agency/fund/clearing/MATERNITY", Map.of("region", region,
                "reason", ""), clearingPage, true);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"error-clearing\"", "FUND_CLEARING_REASON_REQUIRED");
        WebSession.Page asked = web.post("/ui/agency/fund/clearing/MATERNITY", Map.of("region", region, "reason",
                "合并前清算"), clearingPage, true);
        assertThat(asked.status()).isEqualTo(302);
        WebSession.Page after = web.follow(asked);
        assertThat(after.body()).contains("id=\"notice\"", "等待审批").doesNotContain("id=\"clearing-form\"");
        Long approval = jdbc.sql("select id from approval_request where region_code = ? and kind = 'fund_clearing'")
                .param(region).query(Long.class).single();
        // the approver sees it on the approvals page by its kind's name
        WebSession approver = signIn(users.staff(Role.AGENCY_APPROVER, region));
        assertThat(approver.get("/ui/agency/approvals").body()).contains("原生育保险基金清算并入");
        fourEyes.approve(users.staff(Role.AGENCY_APPROVER, region), approval, "同意");
        assertThat(web.get(clearingPage).body()).contains("已清算", "id=\"out-entry\"", "id=\"closed-on\">2019-12-31<");

        // a budget item on the page: a missing explanation is refused next to the form, then saved and submitted
        String budgetPage = "/ui/agency/fund/budget?region=" + region + "&year=2024";
        Map<String, String> item = new LinkedHashMap<>(Map.of("region", region, "year", "2024", "district", "",
                "account", "50010102", "amount", "150,000.00", "principle", "以收定支", "policyBasis",
                "常政办发〔2019〕111号", "dataSource", "上年决算", "calculationBasis", ""));
        WebSession.Page refused = web.post("/ui/agency/fund/budget/items", item, budgetPage, true);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"error-item\"", "测算依据", "value=\"150,000.00\"");
        item.put("calculationBasis", "上年实际 × 1.05");
        WebSession.Page saved = web.post("/ui/agency/fund/budget/items", item, budgetPage, true);
        assertThat(saved.status()).isEqualTo(302);
        assertThat(web.follow(saved).body()).contains("id=\"item-1-50010102\"", "上年实际 × 1.05");
        WebSession.Page submitted = web.post("/ui/agency/fund/budget/submit", Map.of("region", region, "year", "2024",
                "district", "", "reason", "编制完成"), budgetPage, true);
        assertThat(submitted.status()).isEqualTo(302);
        assertThat(web.follow(submitted).body()).contains("等待审批");
    }

    @Test
    void thePublicDisclosureAnswersWithoutSigningInWithAggregatedFiguresOnly() {
        String anonymous = new Http(env).base();
        WebSession nobody = new WebSession(anonymous);
        WebSession.Page before = nobody.get("/public/fund/" + region + "/2024");
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body()).contains("id=\"not-published\"").doesNotContain("120,000.00");

        for (String m : List.of("201903", "201904", "201905", "201906", "201907", "201908", "201909", "201910",
                "201911", "201912")) {
            ledger.closeMonth(finance, region, m);
        }
        for (int y = 2020; y <= 2024; y++) {
            for (String m : FundFixture.months(y)) {
                ledger.closeMonth(finance, region, m);
            }
        }
        WebSession.Page page = nobody.get("/public/fund/" + region + "/2024");
        assertThat(page.status()).isEqualTo(200);
        String body = page.body();
        assertThat(body).doesNotContain("??").contains("id=\"through\"", "id=\"income-EMPLOYEE_MEDICAL_POOLED\">120,000.00<",
                "id=\"expenditure-EMPLOYEE_MEDICAL_POOLED\">43,456.78<", "生育医疗费用支出", "3,456.78",
                "id=\"balance-EMPLOYEE_MEDICAL_POOLED\">76,543.22<", "id=\"months-EMPLOYEE_MEDICAL_POOLED\"");
        Matcher maternityRow = Pattern.compile("<tr[^>]*pub-EMPLOYEE_MEDICAL_POOLED-5001010201[^>]*>").matcher(body);
        assertThat(maternityRow.find()).isTrue();
        assertThat(maternityRow.group()).contains("maternity");
        // no person, no description, no entry number, no personal number anywhere
        assertThat(body).doesNotContain("王小花", "王*", "320402199001011234", "零星报销", region + "-0");
        Matcher digits = Pattern.compile("\\d{15,18}").matcher(body);
        assertThat(digits.find()).isFalse();
        assertThat(body).doesNotContain("id=\"whoami\"");
        assertThat(nobody.get("/public/fund/" + region + "/2019").body()).contains("id=\"fund-MATERNITY_LEGACY\"",
                "8,000.00", "1,200.00");
        assertThat(nobody.get("/public/fund/999999/2024").status()).isEqualTo(404);
        assertThat(nobody.get("/public/fund/" + region + "/20x4").status()).isEqualTo(404);
        assertThat(nobody.get("/public/fund/" + region + "/2024?lang=en").body()).contains(
                "employee medical insurance funds in 2024").doesNotContain("??");
    }

    /** Signs in through the login form and downloads files (bytes) with the session's cookie. */
    static final class Files {
        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

        record Download(int status, String contentType, String disposition, byte[] body) {
        }

        private final String base;
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();

        Files(String base, String username) {
            this.base = base;
            String login = new String(get("/login").body(), StandardCharsets.UTF_8);
            Matcher m = CSRF.matcher(login);
            if (!m.find()) {
                throw new IllegalStateException("no CSRF token on the login page");
            }
            String form = "username=" + enc(username) + "&password=" + enc(TestUsers.PASSWORD) + "&_csrf="
                    + enc(m.group(1));
            send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        }

        Download get(String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        }

        private Download send(HttpRequest r) {
            try {
                HttpResponse<byte[]> res = client.send(r, HttpResponse.BodyHandlers.ofByteArray());
                return new Download(res.statusCode(), res.headers().firstValue("Content-Type").orElse(""),
                        res.headers().firstValue("Content-Disposition").orElse(""), res.body());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
