package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.benefit.AllowanceClaims;
import cn.liangxian.benefit.AllowancePayments;
import cn.liangxian.collection.AssessmentJob;
import cn.liangxian.collection.TaxExchange;
import cn.liangxian.collection.WageBases;
import cn.liangxian.fund.Book;
import cn.liangxian.fund.Postings;
import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/**
 * One woman per seed region from enrollment to her allowance: enrolled in 310 and 510 with a colleague, wage bases
 * declared, twelve months assessed and paid through the tax bureau's file, her delivery settled at a contracted
 * hospital through the hospital interface, the allowance claimed from that settlement, reviewed, approved, paid in
 * a batch and confirmed by the bank's return file — and the region's pooled fund moved by exactly those amounts.
 * Every expected figure comes from the services' own answers and the policy engine, none is written here.
 */
@AppTest
class EndToEndTests {

    static final LocalDate BIRTH = LocalDate.of(2025, 6, 15);
    static final LocalDate FAR = LocalDate.of(2099, 12, 31);

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired WageBases wageBases;
    @Autowired AssessmentJob job;
    @Autowired TaxExchange tax;
    @Autowired AllowanceClaims claims;
    @Autowired AllowancePayments payments;
    @Autowired Postings postings;
    @Autowired PolicyBook policy;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;

    SettlementFixture fx;

    @BeforeEach
    void setUp() {
        fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
    }

    @TestFactory
    Stream<DynamicTest> fromEnrollmentToTheAllowancePaidInEverySeedRegion() {
        return Map.of("440100", "440106", "440300", "440304", "320400", "320402", "500000", "500103", "152501", "152501")
                .entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> run(e.getKey(), e.getValue())));
    }

    BigDecimal balance(String region, String account) {
        return postings.balance(region, Book.POOLED, account, FAR);
    }

    void run(String region, String idPrefix) {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        LiangxianUser clerk = users.clerk(region);
        Map<String, BigDecimal> before = new java.util.HashMap<>();
        for (String a : List.of("1002", "4001", "5001010201", "5001010202", "2201", "2202", "1004")) {
            before.put(a, balance(region, a));
        }

        // 1. one registration: an employer, the woman and a colleague, 310 and 510 together
        String uscc = users.employerIn(region, LocalDate.of(2023, 1, 1));
        String herId = TestUsers.womanId(idPrefix);
        long woman = users.person(region, herId, "林芳");
        long colleague = users.person(region, TestUsers.womanId(idPrefix), "陈静");
        for (long p : List.of(woman, colleague)) {
            enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(p), uscc, LocalDate.of(2024, 1, 1), null,
                    Enrollments.Source.ENROLLMENT);
        }
        assertThat(enrollments.maternityCoverageOn(woman, BIRTH).covered()).isTrue();

        // 2. one collection: wage bases, twelve monthly assessments, paid through the tax bureau's file
        for (int year : List.of(2024, 2025)) {
            wageBases.declare(clerk, uscc, year, List.of(
                    new WageBases.Line(woman, null, null, null, new BigDecimal("9000.00")),
                    new WageBases.Line(colleague, null, null, null, new BigDecimal("6000.00"))));
        }
        YearMonth first = YearMonth.from(BIRTH).minusMonths(12);
        List<String> lines = new ArrayList<>();
        BigDecimal contributions = BigDecimal.ZERO;
        for (YearMonth m = first; m.isBefore(YearMonth.from(BIRTH)); m = m.plusMonths(1)) {
            AssessmentJob.Run r = job.start("test", region, m, 1000);
            job.execute(region, r.id(), 1, null);
            BigDecimal due = jdbc.sql("select employer_due + employee_due from collection_bill where payer = ? and period = ?")
                    .params(uscc, m.toString().replace("-", "")).query(BigDecimal.class).single();
            assertThat(due).as("the bill of " + m).isPositive();
            contributions = contributions.add(due);
            lines.add("E2E" + m.toString().replace("-", "") + "-" + tag + "," + m + "," + uscc + "," + due.toPlainString()
                    + "," + m.plusMonths(1).atDay(10));
        }
        TaxExchange.ImportResult paid = tax.importPayments(clerk, region, "tax.csv",
                ("serial_no,period,payer_id,amount,paid_on\r\n" + String.join("\r\n", lines) + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(paid.replayed()).isFalse();

        // 3. the delivery, settled directly at a contracted hospital through the hospital interface
        var hospital = fx.hospital(region);
        HisFlows flows = new HisFlows(fx.client(hospital));
        var birth = flows.inpatient(herId, "E2E" + System.nanoTime() % 100000000,
                BIRTH.minusDays(1).atTime(8, 0),
                new HisFlows.Maternity("52", "1", null, 39, 1, BIRTH.atTime(6, 30)),
                List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", new BigDecimal("10"), new BigDecimal("150.00"))));
        assertThat(birth.settled()).as(birth.steps().toString()).isTrue();
        var settled = jdbc.sql("select fund_pay, inscp_scp_amt, service_date, category from settlement where setl_id = ?")
                .param(birth.setlId()).query((rs, i) -> new Object[] {rs.getBigDecimal(1), rs.getBigDecimal(2),
                        rs.getDate(3).toLocalDate(), rs.getString(4)}).single();
        BigDecimal fundPay = (BigDecimal) settled[0];
        assertThat(settled[2]).isEqualTo(BIRTH);
        MaternityEstimate medical = new MaternityEstimator(policy).estimate(new MaternityFacts(region, BIRTH,
                MaternityCategory.valueOf((String) settled[3]), 1, InsuredKind.EMPLOYEE, (BigDecimal) settled[1],
                new BigDecimal("7500.00"), null, null));
        assertThat(fundPay).isEqualByComparingTo(medical.medicalBenefit());

        // 4. the allowance, claimed by her employer from the settlement's record of the birth
        AllowanceClaims.Claim claim = claims.file(users.employer(uscc), new AllowanceClaims.Filing(woman, null,
                "NORMAL_DELIVERY", 1, birth.setlId(), null, null, null));
        assertThat(claim.eventDate()).isEqualTo(BIRTH);
        assertThat(claim.birthSource()).isEqualTo("SETTLEMENT");
        BigDecimal allowance = BigDecimal.ZERO;
        BigDecimal othersPaid = BigDecimal.ZERO;
        boolean fundPaysAllowance = policy.at(region, BIRTH).get("allowance.paid_by_fund").bool();
        if (!fundPaysAllowance) {
            assertThat(claim.status()).isEqualTo(AllowanceClaims.Status.REFUSED);
            assertThat(claim.refusalCode()).isEqualTo("ALLOWANCE_NOT_PAYABLE");
            assertThat(claim.refusalReason()).contains("用人单位照发工资");
        } else {
            assertThat(claim.status()).as(String.valueOf(claim.refusalReason())).isEqualTo(AllowanceClaims.Status.SUBMITTED);
            // the employer's average wage is the declared one, (9000 + 6000) / 2, not typed in
            assertThat(claim.employerAvgWage()).isEqualByComparingTo("7500.00");
            MaternityEstimate expected = new MaternityEstimator(policy).estimate(new MaternityFacts(region, BIRTH,
                    MaternityCategory.NORMAL_DELIVERY, 1, InsuredKind.EMPLOYEE, BigDecimal.ZERO, new BigDecimal("7500.00"),
                    null, null));
            assertThat(claim.amount()).isEqualByComparingTo(expected.allowance().amount());
            allowance = claim.amount();
            AllowanceClaims.Claim reviewed = claims.review(clerk, claim.id(), "材料齐全");
            if (reviewed.status() == AllowanceClaims.Status.PENDING_APPROVAL) {
                reviewed = claims.approve(users.staff(Role.AGENCY_APPROVER, region), claim.id(), "核对无误");
            }
            assertThat(reviewed.status()).isEqualTo(AllowanceClaims.Status.APPROVED);
            LiangxianUser finance = users.staff(Role.FINANCE, region);
            AllowancePayments.Batch batch = payments.createBatch(finance, region);
            // the bank pays every line of the file it was sent and answers with its return file
            List<String> rows = new ArrayList<>(List.of(AllowancePayments.HEADER));
            String[] sent = new String(payments.bankFile(finance, batch.id()), StandardCharsets.UTF_8).split("\r\n");
            for (int i = 1; i < sent.length; i++) {
                String[] f = sent[i].split(",");
                rows.add(f[0] + "," + f[1] + "," + f[2] + "," + f[4] + ",PAID,");
            }
            for (AllowancePayments.Line l : batch.lines()) {
                if (l.claimId() != claim.id()) {
                    othersPaid = othersPaid.add(l.amount());
                }
            }
            assertThat(batch.lines()).anySatisfy(l -> assertThat(l.claimId()).isEqualTo(claim.id()));
            payments.importReturn(finance, region, "return.csv",
                    (String.join("\r\n", rows) + "\r\n").getBytes(StandardCharsets.UTF_8));
            assertThat(claims.visible(clerk, claim.id()).status()).isEqualTo(AllowanceClaims.Status.PAID);
        }

        // 5. the pooled fund moved by exactly these amounts
        assertThat(balance(region, "1002").subtract(before.get("1002"))).as("contributions received")
                .isEqualByComparingTo(contributions);
        assertThat(balance(region, "4001").subtract(before.get("4001"))).as("contribution income")
                .isEqualByComparingTo(contributions);
        assertThat(balance(region, "5001010201").subtract(before.get("5001010201"))).as("maternity medical costs")
                .isEqualByComparingTo(fundPay);
        assertThat(balance(region, "2201").subtract(before.get("2201"))).as("owed to the hospital")
                .isEqualByComparingTo(fundPay);
        assertThat(balance(region, "5001010202").subtract(before.get("5001010202"))).as("maternity allowance")
                .isEqualByComparingTo(allowance);
        assertThat(balance(region, "2202").subtract(before.get("2202"))).as("allowance owed")
                .isEqualByComparingTo(othersPaid.negate());
        assertThat(before.get("1004").subtract(balance(region, "1004"))).as("paid from the expenditure account")
                .isEqualByComparingTo(allowance.add(othersPaid));
        assertThat(jdbc.sql("""
                select coalesce(sum(case when l.side = 'DEBIT' then l.amount else -l.amount end), 0)
                  from fund_leg l where l.region_code = ?""").param(region).query(BigDecimal.class).single())
                .as("every book of the region balances").isZero();
    }
}
