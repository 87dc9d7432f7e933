package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.fund.Book;
import cn.liangxian.fund.FundRisk;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Browser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.ScreenshotOnFailure;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The rate-adjustment simulator reads the fund's months of payment as the fund's risk indicators reckon them, and
 * shows a proposed rate's income and months of payment on the clerk's page, with the calculation.
 */
@AppTest
class RateSimulatorTests {

    static final String ERENHOT = "152501";
    static Browser browser;

    @RegisterExtension
    final ScreenshotOnFailure screenshots = new ScreenshotOnFailure(() -> browser);

    @Autowired Environment env;
    @Autowired TestUsers users;
    @Autowired Enrollments enrollments;
    @Autowired WageBases wageBases;
    @Autowired AssessmentJob job;
    @Autowired Postings postings;
    @Autowired FundRisk risk;

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
    void theSimulatorUsesTheFundsMonthsOfPaymentAndShowsAProposedRateOnThePage() {
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, ERENHOT);
        String e = fx.employer(LocalDate.of(2023, 1, 1));
        List<Long> people = List.of(fx.employee(e, LocalDate.of(2023, 1, 1)), fx.employee(e, LocalDate.of(2023, 1, 1)));
        fx.declare(e, 2024, people, "6000.00", "7000.00");
        AssessmentJob.Run run = job.start("test", ERENHOT, YearMonth.of(2024, 5), 500);
        assertThat(job.execute(ERENHOT, run.id(), 1, null).finished()).isTrue();
        // money in and out of the pooled fund in the month asked about
        String tag = UUID.randomUUID().toString().substring(0, 8);
        LocalDate d = LocalDate.of(2024, 5, 20);
        JournalEntry in = postings.post(new PostingRequest(ERENHOT, Book.POOLED, SourceType.FUND_TRANSACTION,
                "SIMP-IN-" + tag, d, d, "缴费收入", List.of(PostingLine.debit("1002", "90000.00"),
                        PostingLine.credit("4004", "90000.00"))));
        postings.post(new PostingRequest(ERENHOT, Book.POOLED, SourceType.SETTLEMENT, "SIMP-OUT-" + tag, d, d,
                "医疗费用", List.of(PostingLine.debit("50010101", "30000.00"), PostingLine.credit("1002", "30000.00"))));
        YearMonth month = YearMonth.from(in.accountingDate());
        LocalDate asOf = month.atEndOfMonth();

        String token = users.tokenFor(fx.clerk);
        Http.Response r = new Http(env).postJson("/api/v1/collection/simulations", "{\"region\":\"" + ERENHOT
                + "\",\"period\":\"2024-05\",\"employerRate\":\"0.07\",\"asOf\":\"" + asOf + "\"}",
                "Authorization", "Bearer " + token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode s = r.json();
        // the fund's own figure: the same balance, averages and months as the fund's risk indicators
        FundRisk.PaymentCapacity c = risk.paymentCapacity(ERENHOT, month);
        JsonNode runway = s.get("runway");
        assertThat(runway.get("reserves").decimalValue()).isEqualByComparingTo(c.balance());
        assertThat(runway.get("avgMonthlyExpenditure").decimalValue()).isEqualByComparingTo(c.averageExpenditure());
        assertThat(runway.get("avgMonthlyIncome").decimalValue()).isEqualByComparingTo(c.averageIncome());
        assertThat(runway.get("months").decimalValue()).isEqualByComparingTo(c.monthsOfPayment());
        assertThat(c.averageExpenditure()).isPositive();
        // a year on: (balance + 12 × (income − expenditure) [+ the year's extra income]) ÷ expenditure, to the fen of a month (two places, as the fund page)
        BigDecimal yearEnd = c.balance().add(BigDecimal.valueOf(12).multiply(c.averageIncome().subtract(c.averageExpenditure())));
        BigDecimal annual = s.get("annualDifference").decimalValue();
        assertThat(s.get("monthsAfterYearAtCurrentRate").decimalValue())
                .isEqualByComparingTo(yearEnd.divide(c.averageExpenditure(), 2, RoundingMode.HALF_UP));
        assertThat(s.get("monthsAfterYearAtProposedRate").decimalValue())
                .isEqualByComparingTo(yearEnd.add(annual).divide(c.averageExpenditure(), 2, RoundingMode.HALF_UP));
        // Erenhot's bases: 6000 and 7000 average 6500 (clamped to the region's bounds); at 7 % on the total
        BigDecimal bases = s.get("employerBaseTotal").decimalValue();
        assertThat(s.get("employees").asLong()).isEqualTo(2);
        assertThat(s.get("proposedMonthlyIncome").decimalValue())
                .isEqualByComparingTo(bases.multiply(new BigDecimal("0.07")).setScale(2, RoundingMode.HALF_UP));
        assertThat(annual).isEqualByComparingTo(s.get("monthlyDifference").decimalValue().multiply(BigDecimal.valueOf(12)));
        assertThat(s.get("explanation").toString()).contains("monthsOfPayment", "fund.risk.averaging_months");

        // the page shows the same figures and the calculation; a bad rate is refused next to the form
        ChromeDriver dr = browser.driver();
        String base = "http://127.0.0.1:" + env.getRequiredProperty("local.server.port");
        CollectionPagesBrowserTests.signIn(dr, base, fx.clerk);
        dr.get(base + "/ui/agency/collection/simulator?region=" + ERENHOT + "&period=2024-05&rate=0.07&asOf=" + asOf);
        assertThat(dr.findElement(By.id("sim-employees")).getText()).isEqualTo("2");
        assertThat(dr.findElement(By.id("sim-monthly")).getText())
                .contains(String.format("%,.2f", s.get("proposedMonthlyIncome").decimalValue()));
        assertThat(dr.findElement(By.id("sim-months")).getText())
                .contains(s.get("monthsAfterYearAtProposedRate").decimalValue().toPlainString());
        assertThat(dr.findElement(By.id("sim-months-now")).getText()).contains(c.monthsOfPayment().toPlainString());
        assertThat(dr.findElement(By.id("sim-steps")).getText()).contains("proposedMonthlyIncome");
        assertThat(dr.findElement(By.id("tab-simulator")).getAttribute("class")).contains("active");
        browser.screenshot("collection-simulator");
        dr.get(base + "/ui/agency/collection/simulator?region=" + ERENHOT + "&period=2024-05&rate=0.07&asOf=" + asOf
                + "&lang=en");
        assertThat(dr.getPageSource()).doesNotContain("??");
        browser.screenshot("collection-simulator-en");
        dr.get(base + "/ui/agency/collection/simulator?region=" + ERENHOT + "&period=2024-05&rate=7%25&asOf=" + asOf);
        assertThat(dr.findElement(By.id("error-simulator")).getText()).contains("COLLECTION_INVALID_RATE");
        assertThat(dr.findElements(By.id("simulation"))).isEmpty();
        CollectionPagesBrowserTests.signOut(dr);

        // another region's clerk gets nothing of it: the page and the API answer 404
        cn.liangxian.testsupport.WebSession web = new cn.liangxian.testsupport.WebSession(new Http(env).base());
        assertThat(web.login(users.clerk("320400").getUsername(), TestUsers.PASSWORD).status()).isEqualTo(302);
        cn.liangxian.testsupport.WebSession.Page other = web.get("/ui/agency/collection/simulator?region=" + ERENHOT
                + "&period=2024-05&rate=0.07");
        assertThat(other.status()).isEqualTo(404);
        assertThat(other.body()).doesNotContain("sim-employees");
        Http.Response api = new Http(env).postJson("/api/v1/collection/simulations", "{\"region\":\"" + ERENHOT
                + "\",\"period\":\"2024-05\",\"employerRate\":\"0.07\"}", "Authorization",
                "Bearer " + users.tokenFor(users.clerk("320400")));
        assertThat(api.status()).isEqualTo(404);
    }
}
