package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestDatabase;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/**
 * The collection rate of a period: what was assessed, what was applied to its bills by a date, and their ratio to
 * four decimals rounded half up ({@link Bills#rates}), in the service, the API and the agency's page. On the same
 * database of its own as {@link AssessmentProgressTests} (the same context), in a region no other test there uses,
 * so that the period's bills are exactly the test's.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "liangxian.test.own-database=collection") // a context (and database) of its own
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("test")
@Import(TestUsers.class)
class CollectionRateTests {

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
    Bills bills;

    @Test
    void theRateIsWhatWasAppliedByTheDateOverWhatWasAssessedToFourPlacesHalfUp() {
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, GUANGZHOU);
        LiangxianUser clerk = fx.clerk;
        LocalDate from = LocalDate.of(2023, 1, 1);
        String a = fx.employer(from);
        String b = fx.employer(from);
        fx.declare(a, 2023, List.of(fx.employee(a, from)), "10000.00");
        fx.declare(b, 2023, List.of(fx.employee(b, from)), "10000.00");
        AssessmentJob.Run run = job.start("test", GUANGZHOU, YearMonth.of(2023, 6), 100);
        assertThat(job.execute(GUANGZHOU, run.id(), 1, null).finished()).isTrue();
        // Guangzhou June 2023 (440100.yaml): merged employer rate 6% (from 2022-12-01), employee 2%; average 9000 →
        // band 5400–27000, so 10000 is the base: 600.00 + 200.00 = 800.00 a bill, 1600.00 for the two

        // A pays 850.00 (50.00 over: only the 800.00 owed is applied, the rest waits in 2101); B pays 200.08 in July
        // and 100.00 in August; a payment nobody's bill matches applies nothing
        String token = users.tokenFor(clerk);
        byte[] file = ("serial_no,period,payer_kind,payer_id,amount,late_fee,paid_on\r\n"
                + "RA,2023-06,EMPLOYER," + a + ",850.00,0,2023-07-10\r\n"
                + "RB1,2023-06,EMPLOYER," + b + ",200.08,0,2023-07-12\r\n"
                + "RB2,2023-06,EMPLOYER," + b + ",100.00,0,2023-08-01\r\n"
                + "RX,2023-06,EMPLOYER," + TestUsers.uscc(GUANGZHOU) + ",300.00,0,2023-07-11\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Http.Response imported = Uploads.upload(new Http(env), "/api/v1/collection/payments?region=" + GUANGZHOU, token,
                "pay.csv", file);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);

        // before any payment: 0 / 1600 = 0.0000
        Bills.Rate before = bills.rates(clerk, GUANGZHOU, "2023-06", "2023-06", LocalDate.of(2023, 7, 9)).get(0);
        assertThat(before.due()).isEqualByComparingTo("1600.00");
        assertThat(before.paid()).isEqualByComparingTo("0");
        assertThat(before.rate()).isEqualTo(new BigDecimal("0.0000"));
        // by 31 July: 800.00 + 200.08 = 1000.08; 1000.08 / 1600 = 0.62505 exactly → half up 0.6251 (half even: 0.6250)
        Bills.Rate july = bills.rates(clerk, GUANGZHOU, "2023-06", "2023-06", LocalDate.of(2023, 7, 31)).get(0);
        assertThat(july.bills()).isEqualTo(2);
        assertThat(july.due()).isEqualByComparingTo("1600.00");
        assertThat(july.paid()).isEqualByComparingTo("1000.08");
        assertThat(july.rate()).isEqualTo(new BigDecimal("0.6251"));
        // by 31 August: + 100.00 = 1100.08; 1100.08 / 1600 = 0.68755 exactly → 0.6876
        Bills.Rate august = bills.rates(clerk, GUANGZHOU, "2023-06", "2023-06", LocalDate.of(2023, 8, 31)).get(0);
        assertThat(august.paid()).isEqualByComparingTo("1100.08");
        assertThat(august.rate()).isEqualTo(new BigDecimal("0.6876"));
        // a range lists only periods with bills
        assertThat(bills.rates(clerk, GUANGZHOU, "2023-01", "2023-12", LocalDate.of(2023, 7, 31)))
                .extracting(Bills.Rate::period).containsExactly("202306");

        // the API answers the same figures
        Http.Response api = new Http(env).get("/api/v1/collection/rates?region=" + GUANGZHOU
                + "&from=2023-06&to=2023-06&asOf=2023-07-31", "Authorization", "Bearer " + token);
        assertThat(api.status()).as(api.body()).isEqualTo(200);
        assertThat(api.json().get(0).get("due").decimalValue()).isEqualByComparingTo("1600.00");
        assertThat(api.json().get(0).get("paid").decimalValue()).isEqualByComparingTo("1000.08");
        assertThat(api.json().get(0).get("rate").decimalValue()).isEqualByComparingTo("0.6251");

        // the page: the row of the period (0.6251 shown as a percentage with two places) and the chart's figures
        WebSession web = new WebSession(new Http(env).base());
        assertThat(web.login(clerk.getUsername(), TestUsers.PASSWORD).status()).isEqualTo(302);
        WebSession.Page page = web.get("/ui/agency/collection/rates?region=" + GUANGZHOU
                + "&from=2023-06&to=2023-06&asOf=2023-07-31");
        assertThat(page.status()).isEqualTo(200);
        String row = page.body().substring(page.body().indexOf("id=\"rate-202306\""));
        row = row.substring(row.indexOf('>') + 1, row.indexOf("</tr>"));
        assertThat(row.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").strip())
                .isEqualTo("2023-06 2 1,600.00 1,000.08 62.51%");
        String chart = page.body().replace("&quot;", "\"");
        assertThat(chart).contains("\"paid\":[1000.08]").contains("\"rate\":[62.51]");
    }
}
