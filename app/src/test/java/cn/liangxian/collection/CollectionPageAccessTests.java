package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/**
 * Who sees what on the collection pages and their API: an HR officer sees her own employer's bills (and downloads)
 * and gets 404 for another employer's; a clerk bound to another region gets 404 for a run, its export and its page;
 * every form needs its CSRF token, and bad input is refused with the message in both languages and writes nothing.
 */
@AppTest
class CollectionPageAccessTests {

    static final String CHANGZHOU = "320400";
    static final String GUANGZHOU = "440100";

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AssessmentJob job;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Bills bills;
    @Autowired
    Assessments assessments;

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    WebSession signedIn(LiangxianUser u) {
        WebSession s = new WebSession(new Http(env).base());
        assertThat(s.login(u.getUsername(), TestUsers.PASSWORD).status()).isEqualTo(302);
        return s;
    }

    @Test
    void anHrOfficerSeesOnlyHerOwnEmployersBillsAndDownloadsThem() throws Exception {
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, CHANGZHOU);
        LocalDate from = LocalDate.of(2022, 1, 1);
        String mine = fx.employer(from);
        String theirs = fx.employer(from);
        List<Long> people = fx.employees(mine, from, 2);
        fx.declare(mine, 2023, people, "6000.00", "7000.00");
        fx.declare(theirs, 2023, List.of(fx.employee(theirs, from)), "9000.00");
        AssessmentJob.Run r = job.start("test", CHANGZHOU, YearMonth.of(2023, 5), 100);
        assertThat(job.execute(CHANGZHOU, r.id(), 1, null).finished()).isTrue();

        Http http = new Http(env);
        LiangxianUser hr = users.employer(mine);
        String token = users.tokenFor(hr);
        // the API: her own bill, not the other employer's
        assertThat(http.get("/api/v1/collection/bills/" + mine + "/2023-05", "Authorization", "Bearer " + token)
                .status()).isEqualTo(200);
        for (String path : List.of("/api/v1/collection/bills/" + theirs + "/2023-05",
                "/api/v1/collection/bills/" + theirs + "/2023-05/lines",
                "/api/v1/collection/bills/" + theirs + "/2023-05/late-fee",
                "/api/v1/collection/bills?payer=" + theirs)) {
            Http.Response res = http.get(path, "Authorization", "Bearer " + token);
            assertThat(res.status()).as(path).isEqualTo(404);
            assertThat(res.json().get("code").asString()).as(path).isEqualTo("NOT_FOUND");
            assertThat(res.body()).as(path).doesNotContain("employerDue").doesNotContain("9000");
        }

        // the pages: the same
        WebSession web = signedIn(hr);
        WebSession.Page list = web.get("/ui/employer/collection");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("bill-202305").doesNotContain(theirs);
        WebSession.Page own = web.get("/ui/employer/collection/bills/" + mine + "/202305");
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).contains("id=\"bill-persons\">2<");
        for (String path : List.of("/ui/employer/collection/bills/" + theirs + "/202305",
                "/ui/employer/collection/bills/" + theirs + "/202305/bill.csv",
                "/ui/employer/collection/bills/" + theirs + "/202305/bill.xlsx")) {
            WebSession.Page p = web.get(path);
            assertThat(p.status()).as(path).isEqualTo(404);
            assertThat(p.body()).as(path).contains("NOT_FOUND").doesNotContain("9000");
        }
        // her downloads: the lines, masked, and the bill's totals
        WebSession.Page csv = web.get("/ui/employer/collection/bills/" + mine + "/202305/bill.csv");
        assertThat(csv.status()).isEqualTo(200);
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("\uFEFFline_no,period,payer_id");
        assertThat(lines).hasSize(2 + 2 + 1);
        String total = lines.get(4);
        assertThat(total).startsWith("合计 / total,202305," + mine);
        assertThat(lines.get(2)).contains("*").contains(",6000.00,");
        // the totals are the sums of the lines
        java.math.BigDecimal employer = new java.math.BigDecimal(lines.get(2).split(",")[13])
                .add(new java.math.BigDecimal(lines.get(3).split(",")[13]));
        assertThat(new java.math.BigDecimal(total.split(",")[13])).isEqualByComparingTo(employer);
        WebSession.Page xlsx = web.get("/ui/employer/collection/bills/" + mine + "/202305/bill.xlsx");
        assertThat(xlsx.status()).isEqualTo(200);
        assertThat(xlsx.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        assertThat(xlsx.headers().firstValue("Content-Disposition").orElse("")).contains("bill-" + mine + "-202305.xlsx");
        // the Excel file holds the same rows as the CSV
        Bills.Bill b = bills.bill(hr, mine, "2023-05", CollectionSupport.today());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        BillFiles.excel(b, assessments.billLines(hr, CHANGZHOU, mine, "2023-05"), out);
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            List<org.dhatim.fastexcel.reader.Row> rows = wb.getFirstSheet().read();
            assertThat(rows).hasSize(5);
            assertThat(rows.get(1).getCellText(0)).isEqualTo("行号");
            assertThat(new java.math.BigDecimal(rows.get(4).getCellText(15))).isEqualByComparingTo(b.due());
        }
    }

    @Test
    void aClerkOfAnotherRegionGets404ForARunItsExportAndItsPage() throws Exception {
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, CHANGZHOU);
        String e = fx.employer(LocalDate.of(2022, 1, 1));
        fx.employees(e, LocalDate.of(2022, 1, 1), 1);
        AssessmentJob.Run r = job.start("test", CHANGZHOU, YearMonth.of(2023, 6), 100);
        assertThat(job.execute(CHANGZHOU, r.id(), 1, null).finished()).isTrue();

        Http http = new Http(env);
        LiangxianUser stranger = users.clerk(GUANGZHOU);
        String token = users.tokenFor(stranger);
        for (String path : List.of("/api/v1/collection/runs/" + CHANGZHOU + "/" + r.id(),
                "/api/v1/collection/runs/" + CHANGZHOU + "/" + r.id() + "/export.csv",
                "/api/v1/collection/runs?region=" + CHANGZHOU)) {
            assertThat(http.get(path, "Authorization", "Bearer " + token).status()).as(path).isEqualTo(404);
        }
        assertThat(http.get("/api/v1/collection/runs/" + CHANGZHOU + "/" + r.id(), "Authorization",
                "Bearer " + users.tokenFor(users.clerk(CHANGZHOU))).status()).isEqualTo(200);

        WebSession web = signedIn(stranger);
        for (String path : List.of("/ui/agency/collection/runs/" + CHANGZHOU + "/" + r.id(),
                "/ui/agency/collection/runs/" + CHANGZHOU + "/" + r.id() + "/export.csv",
                "/ui/agency/collection/runs?region=" + CHANGZHOU,
                "/ui/agency/collection/arrears?region=" + CHANGZHOU)) {
            WebSession.Page p = web.get(path);
            assertThat(p.status()).as(path).isEqualTo(404);
            assertThat(p.body()).as(path).contains("NOT_FOUND");
        }
        // starting a run of another region from the page: refused, nothing written
        long runs = count("select count(*) from assessment_run where region_code = ?", CHANGZHOU);
        WebSession.Page start = web.post("/ui/agency/collection/runs", Map.of("region", CHANGZHOU, "period", "2023-07"),
                "/ui/agency/collection/runs?region=" + GUANGZHOU, true);
        assertThat(start.status()).isEqualTo(404);
        assertThat(count("select count(*) from assessment_run where region_code = ?", CHANGZHOU)).isEqualTo(runs);
    }

    @Test
    void everyFormNeedsItsTokenAndBadInputIsRefusedInBothLanguagesWritingNothing() {
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        WebSession web = signedIn(clerk);
        String page = "/ui/agency/collection/runs?region=" + CHANGZHOU;
        long runs = count("select count(*) from assessment_run where region_code = ?", CHANGZHOU);

        WebSession.Page noToken = web.post("/ui/agency/collection/runs", Map.of("region", CHANGZHOU, "period", "2023-08"),
                page, false);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(count("select count(*) from assessment_run where region_code = ?", CHANGZHOU)).isEqualTo(runs);

        WebSession.Page bad = web.post("/ui/agency/collection/runs", Map.of("region", CHANGZHOU, "period", "2023/8"),
                page, true);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-start\"").contains("COLLECTION_INVALID_PERIOD")
                .contains("2023/8").contains("A contribution period is a month").contains("费款所属期");
        assertThat(bad.body()).contains("value=\"2023/8\"");
        assertThat(count("select count(*) from assessment_run where region_code = ?", CHANGZHOU)).isEqualTo(runs);

        // a declaration upload without a file, and with a bad year
        long declarations = count("select count(*) from wage_declaration where region_code = ?", CHANGZHOU);
        WebSession.Page noFile = web.post("/ui/agency/collection/declarations", Map.of("region", CHANGZHOU, "uscc",
                TestUsers.uscc(CHANGZHOU), "year", "20x5"), "/ui/agency/collection/declarations?region=" + CHANGZHOU,
                true);
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.body()).contains("id=\"error-upload\"").contains("COLLECTION_INVALID_YEAR");
        assertThat(count("select count(*) from wage_declaration where region_code = ?", CHANGZHOU))
                .isEqualTo(declarations);

        // a payment import without a file
        long files = count("select count(*) from payment_file where region_code = ?", CHANGZHOU);
        WebSession.Page noPayments = web.post("/ui/agency/collection/payments", Map.of("region", CHANGZHOU),
                "/ui/agency/collection/tax?region=" + CHANGZHOU, true);
        assertThat(noPayments.status()).isEqualTo(400);
        assertThat(noPayments.body()).contains("id=\"error-import\"").contains("COLLECTION_FILE_EMPTY");
        assertThat(count("select count(*) from payment_file where region_code = ?", CHANGZHOU)).isEqualTo(files);

        // the HR officer's pages refuse a clerk, and the clerk's refuse an HR officer
        assertThat(web.get("/ui/employer/collection").status()).isEqualTo(403);
        WebSession hr = signedIn(users.employer(users.employerIn(CHANGZHOU, LocalDate.of(2022, 1, 1))));
        assertThat(hr.get("/ui/agency/collection/runs").status()).isEqualTo(403);
        assertThat(hr.get("/ui/employer/collection").status()).isEqualTo(200);
    }
}
