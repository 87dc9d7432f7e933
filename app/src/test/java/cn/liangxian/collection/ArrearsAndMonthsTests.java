package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.fund.Book;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.registry.EnrollmentFlags;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Arrears and what follows from them: late fees to the fen up to a date (parts paid late, what is still unpaid),
 * bills in arrears, the suspension of benefits after the region's number of consecutive months unpaid, and the
 * contribution months that count for eligibility (cumulative and continuous, as of a date). Also the rate simulator
 * and the employer-without-wage-base flag, which read the same records.
 */
@AppTest
class ArrearsAndMonthsTests {

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
    Postings postings;
    @Autowired
    EnrollmentFlags flags;

    CollectionFixture fx;
    String token;
    String e;
    long person;
    String tag;

    Http http() {
        return new Http(env);
    }

    @BeforeEach
    void setUp() {
        fx = new CollectionFixture(users, enrollments, wageBases, GUANGZHOU);
        token = users.tokenFor(fx.clerk);
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    /** One employee at 10000 a month in 2023 (Guangzhou 2023: employer 6%, employee 2%: 800.00 a month), Jan–Jun assessed. */
    void sixMonths() {
        e = fx.employer(LocalDate.of(2023, 1, 1));
        person = fx.employee(e, LocalDate.of(2023, 1, 1));
        fx.declare(e, 2023, List.of(person), "10000.00");
        for (int m = 1; m <= 6; m++) {
            AssessmentJob.Run r = job.start("test", GUANGZHOU, YearMonth.of(2023, m), 1000);
            job.execute(GUANGZHOU, r.id(), 1, null);
        }
    }

    void pay(String... lines) {
        byte[] file = ("serial_no,period,payer_id,amount,paid_on\r\n" + String.join("\r\n", lines) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
        Http.Response r = Uploads.upload(http(), "/api/v1/collection/payments?region=440100", token, "pay.csv", file);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    JsonNode get(String path) {
        Http.Response r = http().get(path, "Authorization", "Bearer " + token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void lateFeesAreReckonedToTheFenArrearsListedAndBenefitsSuspendedAfterThreeMonthsUnpaid() {
        sixMonths();
        pay("J-" + tag + ",2023-01," + e + ",800.00,2023-02-10", // on time
                "F-" + tag + ",2023-02," + e + ",800.00,2023-03-25", // 10 days late
                "M-" + tag + ",2023-03," + e + ",500.00,2023-04-20"); // 5 days late, 300 still owed

        // February: 800 × 0.05% × 10 = 4.00
        JsonNode feb = get("/api/v1/collection/bills/" + e + "/2023-02/late-fee?asOf=2023-06-30");
        assertThat(feb.get("amount").decimalValue()).isEqualByComparingTo("4.00");
        assertThat(feb.get("dueDate").asString()).isEqualTo("2023-03-15");
        // March: 500 × 0.05% × 5 = 1.25 and 300 × 0.05% × 76 = 11.40 → 12.65
        JsonNode mar = get("/api/v1/collection/bills/" + e + "/2023-03/late-fee?asOf=2023-06-30");
        assertThat(mar.get("amount").decimalValue()).isEqualByComparingTo("12.65");
        assertThat(mar.get("explanation").toString()).contains("社会保险法 第八十六条").contains("500.00 × 0.0005 × 5")
                .contains("300.00 × 0.0005 × 76");
        // April: 800 × 0.05% × 46 = 18.40; May: 800 × 0.05% × 15 = 6.00; June not yet due
        assertThat(get("/api/v1/collection/bills/" + e + "/2023-04/late-fee?asOf=2023-06-30").get("amount").decimalValue())
                .isEqualByComparingTo("18.40");
        assertThat(get("/api/v1/collection/bills/" + e + "/2023-05/late-fee?asOf=2023-06-30").get("amount").decimalValue())
                .isEqualByComparingTo("6.00");
        assertThat(get("/api/v1/collection/bills/" + e + "/2023-06/late-fee?asOf=2023-06-30").get("amount").decimalValue())
                .isEqualByComparingTo("0.00");
        assertThat(get("/api/v1/collection/bills/" + e + "/2023-01/late-fee?asOf=2023-06-30").get("amount").decimalValue())
                .isEqualByComparingTo("0.00");

        JsonNode arrears = get("/api/v1/collection/arrears?region=440100&asOf=2023-06-30");
        List<String> ours = StreamSupport.stream(arrears.spliterator(), false).filter(b -> b.get("payer").asString().equals(e))
                .map(b -> b.get("period").asString() + ":" + b.get("outstanding").decimalValue().setScale(2) + ":"
                        + b.get("lateFee").decimalValue().setScale(2))
                .toList();
        assertThat(ours).containsExactly("202303:300.00:12.65", "202304:800.00:18.40", "202305:800.00:6.00");

        // three consecutive months unpaid past their due dates (March, April, May): suspended from 16 June
        JsonNode before = get("/api/v1/collection/persons/" + person + "/benefit-status?date=2023-06-10");
        assertThat(before.get("suspended").asBoolean()).isFalse();
        JsonNode after = get("/api/v1/collection/persons/" + person + "/benefit-status?date=2023-06-30");
        assertThat(after.get("suspended").asBoolean()).isTrue();
        assertThat(after.get("suspendedFrom").asString()).isEqualTo("2023-06-16");
        assertThat(after.get("reasons").toString()).contains("arrears.suspend_after_months").contains("unverified");

        // paid up on 5 July: no longer suspended; five months count, continuously
        pay("M2-" + tag + ",2023-03," + e + ",300.00,2023-07-05", "A-" + tag + ",2023-04," + e + ",800.00,2023-07-05",
                "Y-" + tag + ",2023-05," + e + ",800.00,2023-07-05");
        assertThat(get("/api/v1/collection/persons/" + person + "/benefit-status?date=2023-07-10").get("suspended")
                .asBoolean()).isFalse();
        JsonNode months = get("/api/v1/collection/persons/" + person + "/contribution-months?asOf=2023-07-10");
        assertThat(months.get("cumulative").asInt()).isEqualTo(5);
        assertThat(months.get("continuous").asInt()).isEqualTo(5);
        assertThat(months.get("unpaidPeriods").toString()).contains("202306");
    }

    @Test
    void contributionMonthsCountOnlyWhatWasPaidByTheDateAskedAbout() {
        sixMonths();
        pay("J-" + tag + ",2023-01," + e + ",800.00,2023-02-10", "F-" + tag + ",2023-02," + e + ",800.00,2023-03-25",
                "A-" + tag + ",2023-04," + e + ",800.00,2023-05-10");
        JsonNode march = get("/api/v1/collection/persons/" + person + "/contribution-months?asOf=2023-03-01");
        assertThat(march.get("cumulative").asInt()).isEqualTo(1);
        assertThat(march.get("lastPeriod").asString()).isEqualTo("202301");
        JsonNode june = get("/api/v1/collection/persons/" + person + "/contribution-months?asOf=2023-06-30");
        assertThat(june.get("cumulative").asInt()).isEqualTo(3);
        // March is missing: the run ending in April is one month long
        assertThat(june.get("continuous").asInt()).isEqualTo(1);
        assertThat(june.get("periods").toString()).contains("202301", "202302", "202304");
        // she sees her own months; her employer does not
        String herself = users.tokenFor(users.insured(person));
        assertThat(http().get("/api/v1/collection/persons/" + person + "/contribution-months?asOf=2023-06-30",
                "Authorization", "Bearer " + herself).status()).isEqualTo(200);
        assertThat(http().get("/api/v1/collection/persons/" + person + "/contribution-months?asOf=2023-06-30",
                "Authorization", "Bearer " + users.tokenFor(users.employer(e))).status()).isEqualTo(404);
    }

    @Test
    void theRateSimulatorProjectsIncomeAndMonthsOfPaymentFromTheLedger() {
        sixMonths();
        LocalDate d = LocalDate.of(2023, 6, 20);
        postings.post(new PostingRequest(GUANGZHOU, Book.POOLED, SourceType.FUND_TRANSACTION, "SIM-IN-" + tag, d, d,
                "期初存款", List.of(PostingLine.debit("1002", "1200000.00"), PostingLine.credit("4004", "1200000.00"))));
        postings.post(new PostingRequest(GUANGZHOU, Book.POOLED, SourceType.SETTLEMENT, "SIM-OUT-" + tag, d, d,
                "医疗费用", List.of(PostingLine.debit("50010101", "120000.00"), PostingLine.credit("1002", "120000.00"))));
        Http.Response r = http().postJson("/api/v1/collection/simulations",
                "{\"region\":\"440100\",\"period\":\"2023-06\",\"employerRate\":\"0.05\",\"asOf\":\"2023-06-30\"}",
                "Authorization", "Bearer " + token);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode s = r.json();
        assertThat(s.get("currentRate").decimalValue()).isEqualByComparingTo("0.06");
        BigDecimal bases = s.get("employerBaseTotal").decimalValue();
        assertThat(bases).isGreaterThanOrEqualTo(new BigDecimal("10000.00"));
        assertThat(s.get("proposedMonthlyIncome").decimalValue()).isEqualByComparingTo(bases.multiply(new BigDecimal("0.05"))
                .setScale(2, java.math.RoundingMode.HALF_UP));
        assertThat(s.get("annualDifference").decimalValue()).isEqualByComparingTo(s.get("monthlyDifference").decimalValue()
                .multiply(BigDecimal.valueOf(12)));
        assertThat(s.get("monthlyDifference").decimalValue()).isNegative();
        JsonNode runway = s.get("runway");
        assertThat(runway.get("avgMonthlyExpenditure").decimalValue()).isPositive();
        assertThat(s.get("monthsAfterYearAtProposedRate").decimalValue())
                .isLessThan(s.get("monthsAfterYearAtCurrentRate").decimalValue());
        Http.Response bad = http().postJson("/api/v1/collection/simulations",
                "{\"region\":\"440100\",\"period\":\"2023-06\",\"employerRate\":\"1.5\"}", "Authorization", "Bearer " + token);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("code").asString()).isEqualTo("COLLECTION_INVALID_RATE");
    }

    @Test
    void anEmployerWithEnrolleesButNoWageBaseIsFlaggedOnceWithItsEvidence() {
        CollectionFixture ex = new CollectionFixture(users, enrollments, wageBases, "152501");
        String silent = ex.employer(LocalDate.of(2024, 1, 1));
        List<Long> people = ex.employees(silent, LocalDate.of(2024, 2, 1), 2);
        String declared = ex.employer(LocalDate.of(2024, 1, 1));
        ex.declare(declared, 2024, List.of(ex.employee(declared, LocalDate.of(2024, 1, 1))), "6000.00");
        String clerkToken = users.tokenFor(ex.clerk);

        Http.Response r = http().postJson("/api/v1/collection/wage-base-checks", "{\"region\":\"152501\",\"year\":2024}",
                "Authorization", "Bearer " + clerkToken);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("flagsRaised")).isNotEmpty();

        LiangxianUser supervisor = users.staff(Role.SUPERVISOR, "152501");
        List<EnrollmentFlags.Flag> queue = flags.queue(supervisor, "152501", "OPEN");
        EnrollmentFlags.Flag flag = queue.stream().filter(f -> silent.equals(f.employerUscc())).findFirst().orElseThrow();
        assertThat(flag.rule()).isEqualTo(EnrollmentFlags.Rule.EMPLOYER_WITHOUT_WAGE_BASE);
        assertThat(flag.subjectKey()).isEqualTo("employer:" + silent + ":2024");
        assertThat(flag.evidence().get("enrollees")).isEqualTo(2);
        assertThat(flag.evidence().get("coveredFrom")).isEqualTo("2024-02-01");
        assertThat(flag.people()).extracting(EnrollmentFlags.PersonRef::id).containsExactlyInAnyOrderElementsOf(people);
        assertThat(flag.lines()).extracting(EnrollmentFlags.EvidenceLine::key).contains("employer", "contribYear",
                "enrolleesInYear", "declarations");
        assertThat(queue).noneMatch(f -> declared.equals(f.employerUscc()));

        // once per employer and year
        Http.Response again = http().postJson("/api/v1/collection/wage-base-checks", "{\"region\":\"152501\",\"year\":2024}",
                "Authorization", "Bearer " + clerkToken);
        assertThat(again.json().get("flagsRaised")).isEmpty();
        // supervisors read the queue; only clerks run the check
        assertThat(http().postJson("/api/v1/collection/wage-base-checks", "{\"region\":\"152501\",\"year\":2024}",
                "Authorization", "Bearer " + users.tokenFor(supervisor)).status()).isEqualTo(403);
        assertThat(TestUsers.uscc("152501")).hasSize(18);
    }
}
