package cn.liangxian.benefit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import cn.liangxian.collection.AssessmentJob;
import cn.liangxian.collection.WageBases;
import cn.liangxian.fund.Book;
import cn.liangxian.fund.Postings;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.registry.BirthCertificates;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.Multipart;
import cn.liangxian.testsupport.TestFiles;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;

/**
 * Allowance claims end to end against the real services and database: eligibility per seed region, the amount as
 * the policy engine computes it at the employer's declared average wage, four-eyes above the threshold, batches and
 * the bank's return file with the ledger after each step, the notice's text and who may see what.
 */
@AppTest
class AllowanceClaimsTests {

    static final String CHANGZHOU = "320400";
    static final String GUANGZHOU = "440100";
    static final String ERENHOT = "152501";
    static final String CHONGQING = "500000";

    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AllowanceClaims claims;
    @Autowired
    AllowancePayments payments;
    @Autowired
    ClaimDocuments documents;
    @Autowired
    Postings postings;
    @Autowired
    PolicyBook policy;
    @Autowired
    BirthCertificates certificates;
    @Autowired
    AssessmentJob job;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment env;

    /** An employer with a woman and a colleague from {@code since}, their wages declared for {@code year}. */
    record Setup(String region, String uscc, long woman, long colleague) {
    }

    Setup employ(String region, String idPrefix, LocalDate since, int year, String herWage, String colleagueWage) {
        Workplaces.Workplace w = Workplaces.employ(users, enrollments, wageBases, region, idPrefix, since, year, "林芳",
                herWage, "陈静", colleagueWage);
        return new Setup(region, w.uscc(), w.woman(), w.colleague());
    }

    AllowanceClaims.Claim file(Setup s, LocalDate born) {
        return claims.file(users.employer(s.uscc()), new AllowanceClaims.Filing(s.woman(), born, "NORMAL_DELIVERY", 1, null,
                "出生医学证明 Q" + UUID.randomUUID().toString().substring(0, 8) + "，市妇幼保健院", null, null), scan());
    }

    /** A scanned birth medical certificate, as the evidence of a birth settled elsewhere. */
    static List<AllowanceClaims.EvidenceUpload> scan() {
        return List.of(new AllowanceClaims.EvidenceUpload("出生医学证明.pdf",
                TestFiles.pdf("Birth medical certificate " + UUID.randomUUID())));
    }

    BigDecimal balance(String region, String account) {
        return postings.balance(region, Book.POOLED, account, LocalDate.now().plusYears(1));
    }

    @Test
    void theAmountIsThePolicyEnginesEstimateAtTheEmployersDeclaredAverageWageAndTheEmployerPaysTheDifference() throws Exception {
        // her wage 12000, her colleague's 6000: the employer's average is 9000.00, below her own wage
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "12000.00", "6000.00");
        LocalDate born = LocalDate.of(2025, 3, 10);
        AllowanceClaims.Claim c = file(s, born);

        MaternityEstimate expected = new MaternityEstimator(policy).estimate(new MaternityFacts(CHANGZHOU, born,
                MaternityCategory.NORMAL_DELIVERY, 1, InsuredKind.EMPLOYEE, BigDecimal.ZERO, new BigDecimal("9000.00"),
                null, null));
        assertThat(c.status()).isEqualTo(AllowanceClaims.Status.SUBMITTED);
        assertThat(c.employerAvgWage()).isEqualByComparingTo("9000.00");
        assertThat(c.amount()).isEqualByComparingTo(expected.allowance().amount());
        assertThat(c.allowanceDays()).isEqualTo(expected.allowanceDays()).isPositive();
        assertThat(c.explanation()).extracting(l -> l.parameter()).contains("employerAvgMonthlyWage", "allowance.divisor",
                "leave.base.days", "allowance.eligibility.min_contribution_months", "allowance.payee");
        assertThat(c.explanation().stream().filter(l -> l.parameter().equals("employerAvgMonthlyWage")).findFirst()
                .orElseThrow().note()).contains("18000.00 ÷ 2");
        // her wage for the allowance days, less the allowance, is what the employer pays her on top
        BigDecimal herWageForDays = new BigDecimal("12000.00").multiply(BigDecimal.valueOf(c.allowanceDays()))
                .divide(BigDecimal.valueOf(30), 2, RoundingMode.HALF_UP);
        BigDecimal difference = herWageForDays.subtract(c.amount());
        assertThat(c.wageDifference()).isEqualByComparingTo(difference).isPositive();
        assertThat(c.differenceRule()).isEqualTo("EMPLOYER_PAYS_DIFFERENCE");

        byte[] notice = documents.notice(c);
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target", "notices"));
        java.nio.file.Files.write(java.nio.file.Path.of("target", "notices", "allowance-notice.pdf"), notice);
        String text = pdfText(notice);
        assertThat(text).contains("生育津贴核定通知书").contains(cn.liangxian.policy.Amounts.fmt(c.amount()) + " 元")
                .contains("差额").contains("由用人单位补足").contains("差额 " + cn.liangxian.policy.Amounts.fmt(difference) + " 元")
                .contains("The allowance is below her wage");
        // the employer's export lists the claim with the difference it pays
        try (org.dhatim.fastexcel.reader.ReadableWorkbook wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                new java.io.ByteArrayInputStream(documents.excel(claims.list(users.employer(s.uscc()), null, null, null,
                        null), true)))) {
            List<org.dhatim.fastexcel.reader.Row> sheet = wb.getFirstSheet().read();
            assertThat(sheet.get(0).getCell(6).getRawValue()).isEqualTo("生育津贴（元）");
            assertThat(sheet).hasSize(2);
            assertThat(new BigDecimal(sheet.get(1).getCell(6).getRawValue())).isEqualByComparingTo(c.amount());
            assertThat(new BigDecimal(sheet.get(1).getCell(8).getRawValue())).isEqualByComparingTo(difference);
            assertThat(sheet.get(1).getCell(1).getRawValue()).isEqualTo("林*");
        }
        // the birth was settled elsewhere: the claim's evidence is recorded as the registry's maternity event
        assertThat(jdbc.sql("select count(*) from maternity_event where source = 'CLAIM_EVIDENCE' and source_ref = ?")
                .param("allowance-claim-" + c.id()).query(Integer.class).single()).isEqualTo(1);
    }

    @Test
    void whereTheAllowanceIsAboveHerWageSheKeepsAllOfItAndTheNoticeSaysSo() throws Exception {
        // her wage 6000, her colleague's 12000: the employer's average is 9000.00, above her own wage
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "6000.00", "12000.00");
        LocalDate born = LocalDate.of(2025, 4, 2);
        AllowanceClaims.Claim c = file(s, born);
        assertThat(c.employerAvgWage()).isEqualByComparingTo("9000.00");
        // her wage for the allowance days, less the allowance, is negative: the allowance is the larger
        BigDecimal herWageForDays = new BigDecimal("6000.00").multiply(BigDecimal.valueOf(c.allowanceDays()))
                .divide(BigDecimal.valueOf(30), 2, RoundingMode.HALF_UP);
        BigDecimal difference = herWageForDays.subtract(c.amount());
        assertThat(difference).isNegative();
        assertThat(c.wageDifference()).isEqualByComparingTo(difference);
        // allowance.above_wage (000000.yaml, unverified): TO_EMPLOYEE, she receives all of it
        assertThat(c.differenceRule()).isEqualTo(policy.at(CHANGZHOU, born).get("allowance.above_wage").text())
                .isEqualTo("TO_EMPLOYEE");
        String text = pdfText(documents.notice(c));
        assertThat(text).contains("生育津贴高于本人工资标准，全额发给职工本人")
                .contains("高出 " + cn.liangxian.policy.Amounts.fmt(difference.negate()) + " 元")
                .contains("she receives all of it").doesNotContain("由用人单位补足");
    }

    @Test
    void theQueueFiltersByStatusAndBirthDatesAndLeavesTheOthersOut() {
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "5000.00", "5000.00");
        Setup t = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "5000.00", "5000.00");
        AllowanceClaims.Claim march = file(s, LocalDate.of(2025, 3, 5));
        AllowanceClaims.Claim june = file(t, LocalDate.of(2025, 6, 20));
        LiangxianUser reviewer = users.staff(Role.AGENCY_REVIEWER, CHANGZHOU);
        claims.review(reviewer, june.id(), "材料齐全");
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        java.util.function.Function<List<AllowanceClaims.Claim>, List<Long>> ids = l -> l.stream()
                .map(AllowanceClaims.Claim::id).filter(id -> id == march.id() || id == june.id()).toList();
        assertThat(ids.apply(claims.list(clerk, CHANGZHOU, null, null, null))).containsExactlyInAnyOrder(march.id(), june.id());
        assertThat(ids.apply(claims.list(clerk, CHANGZHOU, "SUBMITTED", null, null))).containsExactly(march.id());
        assertThat(ids.apply(claims.list(clerk, CHANGZHOU, claims.visible(clerk, june.id()).status().name(), null, null)))
                .containsExactly(june.id());
        assertThat(ids.apply(claims.list(clerk, CHANGZHOU, null, LocalDate.of(2025, 6, 1), null))).containsExactly(june.id());
        assertThat(ids.apply(claims.list(clerk, CHANGZHOU, null, null, LocalDate.of(2025, 3, 5)))).containsExactly(march.id());
        assertThat(ids.apply(claims.list(clerk, CHANGZHOU, null, LocalDate.of(2025, 3, 6), LocalDate.of(2025, 6, 19)))).isEmpty();
    }

    @Autowired
    List<cn.liangxian.me.MeTimelineSource> timelineSources;

    @Test
    void herClaimAppearsOnHerOwnTimelineWithItsAmountAndNobodyElseReadsIt() {
        Setup s = employ(CHANGZHOU, "320404", LocalDate.of(2024, 1, 1), 2025, "8000.00", "8000.00");
        AllowanceClaims.Claim c = file(s, LocalDate.of(2025, 4, 2));
        cn.liangxian.me.MeTimelineSource allowance = timelineSources.stream()
                .filter(t -> t.kind().equals(cn.liangxian.me.MeTimelineSource.ALLOWANCE)).findFirst().orElseThrow();
        LiangxianUser her = users.insured(s.woman());
        List<cn.liangxian.me.MeTimelineEntry> entries = allowance.entries(her, s.woman(), LocalDate.of(2025, 6, 1));
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.date()).isEqualTo(c.eventDate());
            assertThat(e.amount()).isEqualByComparingTo(c.amount());
            assertThat(e.statusZh()).isEqualTo(AllowanceClaims.Status.SUBMITTED.zh());
            assertThat(e.current()).isTrue();
            assertThat(e.detailZh()).contains(c.allowanceDays() + " 天");
        });
        assertThatThrownBy(() -> allowance.entries(her, s.colleague(), LocalDate.of(2025, 6, 1)))
                .isInstanceOf(cn.liangxian.web.ApiException.class);
    }

    @Test
    void withoutAWageDeclarationForTheYearTheClaimIsRefusedAndNothingIsWritten() {
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2024, "8000.00", "8000.00");
        Integer before = jdbc.sql("select count(*) from allowance_claim where person_id = ?").param(s.woman())
                .query(Integer.class).single();
        assertThatThrownBy(() -> file(s, LocalDate.of(2025, 2, 1))).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ALLOWANCE_EMPLOYER_WAGE_MISSING");
        assertThat(jdbc.sql("select count(*) from allowance_claim where person_id = ?").param(s.woman())
                .query(Integer.class).single()).isEqualTo(before);
    }

    @Test
    void erenhotRefusesTheClaimBecauseTheFundPaysNoAllowanceThereAndTheNoticeSaysSo() throws Exception {
        Setup s = employ(ERENHOT, "152501", LocalDate.of(2022, 1, 1), 2024, "7000.00", "7000.00");
        AllowanceClaims.Claim c = file(s, LocalDate.of(2024, 5, 6));
        assertThat(c.status()).isEqualTo(AllowanceClaims.Status.REFUSED);
        assertThat(c.refusalCode()).isEqualTo("ALLOWANCE_NOT_PAYABLE");
        assertThat(c.refusalReason()).contains("本统筹区基金不支付生育津贴").contains("用人单位照发工资");
        assertThat(c.amount()).isNull();
        assertThat(claims.history(c.id())).extracting(AllowanceClaims.Step::action).containsExactly("FILED", "REFUSED");
        assertThat(pdfText(documents.notice(c))).contains("不予受理").contains("基金不支付生育津贴");
        // a refused claim cannot be reviewed
        assertThatThrownBy(() -> claims.review(users.clerk(ERENHOT), c.id(), null)).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ALLOWANCE_WRONG_STATUS");
    }

    @Test
    void chongqingChecksTheHealthCommissionsBirthServiceCertificate() {
        Setup s = employ(CHONGQING, "500103", LocalDate.of(2019, 1, 1), 2020, "6000.00", "6000.00");
        AllowanceClaims.Claim without = file(s, LocalDate.of(2020, 6, 1));
        assertThat(without.status()).isEqualTo(AllowanceClaims.Status.REFUSED);
        assertThat(without.refusalCode()).isEqualTo("ALLOWANCE_CERTIFICATE_MISSING");
        assertThat(without.refusalReason()).contains("生育服务证");

        // the health commission's certificate arrives: a new claim of the same birth passes the check
        String idNumber = womanIdOf(s.woman());
        Map<String, Object> cert = new HashMap<>();
        String certNo = "渝" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
        cert.put("certNo", certNo);
        cert.put("kind", "FIRST");
        cert.put("motherCertNumber", idNumber);
        cert.put("motherName", "林芳");
        cert.put("issuedOn", "2019-09-20");
        cert.put("childOrder", 1);
        cert.put("issuer", "重庆市渝中区卫生健康委员会");
        certificates.push(users.clerk(CHONGQING), CHONGQING, List.of(cert), LocalDate.now());
        AllowanceClaims.Claim with = file(s, LocalDate.of(2020, 6, 1));
        assertThat(with.status()).as(String.valueOf(with.refusalReason())).isEqualTo(AllowanceClaims.Status.SUBMITTED);
        assertThat(with.explanation()).anySatisfy(l -> assertThat(l.parameter() + l.value())
                .contains("registry.birth_certificate.required").contains("已核验"));
    }

    String womanIdOf(long personId) {
        LiangxianUser admin = users.staff(Role.AGENCY_CLERK, CHONGQING);
        return personDirectory.reveal(admin, personId, "生育津贴测试核对证件").idNumber();
    }

    @Autowired
    cn.liangxian.registry.PersonDirectory personDirectory;

    @Test
    void guangzhouNeedsTwelveContributionMonthsAndArrearsSuspendTheAllowance() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        // a newcomer without contribution months
        Setup fresh = employ(GUANGZHOU, "440106", LocalDate.of(2024, 1, 1), 2024, "10000.00", "10000.00");
        AllowanceClaims.Claim refused = file(fresh, LocalDate.of(2024, 6, 20));
        assertThat(refused.status()).isEqualTo(AllowanceClaims.Status.REFUSED);
        assertThat(refused.refusalCode()).isEqualTo("ALLOWANCE_CONTRIBUTION_MONTHS");
        assertThat(refused.refusalReason()).contains("不足 12 个月");

        // one employee, 2023 paid in full, January–March 2024 unpaid past their due dates
        String uscc = users.employerIn(GUANGZHOU, LocalDate.of(2022, 1, 1));
        LiangxianUser clerk = users.clerk(GUANGZHOU);
        long woman = users.person(GUANGZHOU, TestUsers.womanId("440106"), "周敏");
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(woman), uscc, LocalDate.of(2023, 1, 1), null,
                Enrollments.Source.ENROLLMENT);
        for (int y : List.of(2023, 2024)) {
            wageBases.declare(clerk, uscc, y, List.of(new WageBases.Line(woman, null, null, null, new BigDecimal("10000.00"))));
        }
        for (YearMonth m = YearMonth.of(2023, 1); !m.isAfter(YearMonth.of(2024, 3)); m = m.plusMonths(1)) {
            AssessmentJob.Run r = job.start("test", GUANGZHOU, m, 1000);
            job.execute(GUANGZHOU, r.id(), 1, null);
        }
        List<String> lines = new ArrayList<>();
        for (int m = 1; m <= 12; m++) {
            String period = String.format("2023-%02d", m);
            BigDecimal amount = jdbc.sql("select employer_due + employee_due from collection_bill where payer = ? and period = ?")
                    .params(uscc, period.replace("-", "")).query(BigDecimal.class).single();
            lines.add("P" + m + "-" + tag + "," + period + "," + uscc + "," + amount.toPlainString() + ","
                    + YearMonth.of(2023, m).plusMonths(1).atDay(10));
        }
        Http.Response paid = upload("/api/v1/collection/payments?region=" + GUANGZHOU, users.tokenFor(clerk),
                ("serial_no,period,payer_id,amount,paid_on\r\n" + String.join("\r\n", lines) + "\r\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(paid.status()).as(paid.body()).isEqualTo(201);
        AllowanceClaims.Claim suspended = claims.file(users.employer(uscc), new AllowanceClaims.Filing(woman,
                LocalDate.of(2024, 6, 20), "NORMAL_DELIVERY", 1, null, "出生医学证明 R" + tag, null, null), scan());
        assertThat(suspended.status()).isEqualTo(AllowanceClaims.Status.REFUSED);
        assertThat(suspended.refusalCode()).as(suspended.refusalReason()).isEqualTo("ALLOWANCE_SUSPENDED_FOR_ARREARS");
        assertThat(suspended.refusalReason()).contains("2024-04-16");
        assertThat(suspended.explanation()).anySatisfy(l -> assertThat(l.parameter()).isEqualTo("contributionMonths"));
    }

    Http.Response upload(String path, String token, byte[] content) {
        return Uploads.upload(new Http(env), path, token, "pay.csv", content);
    }

    @Test
    void aboveTheThresholdASecondPersonApprovesAndTheBankReturnPaysFailsRetriesAndIsImportedOnce() {
        // 9000 a month: the allowance is above the 30000 threshold; 3000 a month: below it
        Setup big = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "9000.00", "9000.00");
        Setup small = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "3000.00", "3000.00");
        AllowanceClaims.Claim a = file(big, LocalDate.of(2025, 4, 1));
        AllowanceClaims.Claim b = file(small, LocalDate.of(2025, 4, 2));
        assertThat(a.amount()).isGreaterThanOrEqualTo(new BigDecimal("30000"));
        assertThat(b.amount()).isLessThan(new BigDecimal("30000"));
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, CHANGZHOU);
        LiangxianUser finance = users.staff(Role.FINANCE, CHANGZHOU);
        BigDecimal payable0 = balance(CHANGZHOU, "2202");
        BigDecimal expense0 = balance(CHANGZHOU, "5001010202");
        BigDecimal bank0 = balance(CHANGZHOU, "1004");

        assertThat(claims.review(clerk, a.id(), "材料齐全").status()).isEqualTo(AllowanceClaims.Status.PENDING_APPROVAL);
        assertThat(claims.review(clerk, b.id(), "材料齐全").status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        assertThat(balance(CHANGZHOU, "2202")).isEqualByComparingTo(payable0.add(b.amount()));
        // the clerk cannot approve; the approver can
        assertThatThrownBy(() -> claims.approve(clerk, a.id(), "同意")).isInstanceOf(ApiException.class);
        assertThat(claims.approve(approver, a.id(), "核对无误，同意").status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        BigDecimal both = a.amount().add(b.amount());
        assertThat(balance(CHANGZHOU, "2202")).isEqualByComparingTo(payable0.add(both));
        assertThat(balance(CHANGZHOU, "5001010202")).isEqualByComparingTo(expense0.add(both));

        AllowancePayments.Batch first = payments.createBatch(finance, CHANGZHOU);
        assertThat(first.lines()).extracting(AllowancePayments.Line::claimId).contains(a.id(), b.id());
        String bankFile = new String(payments.bankFile(finance, first.id()), StandardCharsets.UTF_8);
        assertThat(bankFile).contains("6222020200000000006");
        int lineA = first.lines().stream().filter(l -> l.claimId() == a.id()).findFirst().orElseThrow().lineNo();
        int lineB = first.lines().stream().filter(l -> l.claimId() == b.id()).findFirst().orElseThrow().lineNo();
        List<String> rows = new ArrayList<>(List.of(AllowancePayments.HEADER,
                first.batchNo() + "," + lineA + ",6222020200000000006," + a.amount().toPlainString() + ",PAID,",
                first.batchNo() + "," + lineB + ",6222020200000000006," + b.amount().toPlainString() + ",FAILED,账户已销户"));
        for (AllowancePayments.Line l : first.lines()) {
            if (l.claimId() != a.id() && l.claimId() != b.id()) {
                rows.add(first.batchNo() + "," + l.lineNo() + ",6222020200000000006," + l.amount().toPlainString()
                        + ",PAID,");
            }
        }
        byte[] file = (String.join("\r\n", rows) + "\r\n").getBytes(StandardCharsets.UTF_8);
        BigDecimal othersPaid = first.lines().stream().filter(l -> l.claimId() != a.id() && l.claimId() != b.id())
                .map(AllowancePayments.Line::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        // a file with a wrong amount writes nothing
        byte[] wrong = new String(file, StandardCharsets.UTF_8).replace(a.amount().toPlainString() + ",PAID",
                a.amount().add(BigDecimal.ONE).toPlainString() + ",PAID").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> payments.importReturn(finance, CHANGZHOU, "wrong.csv", wrong))
                .isInstanceOf(ApiException.class).extracting(e -> ((ApiException) e).code()).isEqualTo("ALLOWANCE_RETURN_LINE");
        assertThat(claims.load(a.id()).status()).isEqualTo(AllowanceClaims.Status.IN_BATCH);

        AllowancePayments.ReturnResult r = payments.importReturn(finance, CHANGZHOU, "return.csv", file);
        assertThat(r.repeat()).isFalse();
        assertThat(r.failed()).isEqualTo(1);
        assertThat(claims.load(a.id()).status()).isEqualTo(AllowanceClaims.Status.PAID);
        assertThat(claims.load(b.id()).status()).isEqualTo(AllowanceClaims.Status.PAYMENT_FAILED);
        // paid: cleared from the payable against the bank; failed: still owed
        assertThat(balance(CHANGZHOU, "2202")).isEqualByComparingTo(payable0.add(both).subtract(a.amount()).subtract(othersPaid));
        assertThat(balance(CHANGZHOU, "1004")).isEqualByComparingTo(bank0.subtract(a.amount()).subtract(othersPaid));

        // the same file again: the first answer, nothing changes
        long entries = jdbc.sql("select count(*) from fund_entry where region_code = ?").param(CHANGZHOU)
                .query(Long.class).single();
        AllowancePayments.ReturnResult again = payments.importReturn(finance, CHANGZHOU, "return-again.csv", file);
        assertThat(again.repeat()).isTrue();
        assertThat(again.id()).isEqualTo(r.id());
        assertThat(jdbc.sql("select count(*) from fund_entry where region_code = ?").param(CHANGZHOU)
                .query(Long.class).single()).isEqualTo(entries);

        // failed → paid again in a new batch
        assertThat(payments.retry(finance, b.id(), "单位已更正账户").status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        AllowancePayments.Batch second = payments.createBatch(finance, CHANGZHOU);
        AllowancePayments.Line retryLine = second.lines().stream().filter(l -> l.claimId() == b.id()).findFirst()
                .orElseThrow();
        payments.importReturn(finance, CHANGZHOU, "return2.csv", (AllowancePayments.HEADER + "\r\n" + second.batchNo() + ","
                + retryLine.lineNo() + ",6222020200000000006," + b.amount().toPlainString() + ",PAID,\r\n")
                .getBytes(StandardCharsets.UTF_8));
        assertThat(claims.load(b.id()).status()).isEqualTo(AllowanceClaims.Status.PAID);
        assertThat(claims.history(b.id())).extracting(AllowanceClaims.Step::action).containsExactly("FILED",
                "REVIEWED_AND_APPROVED", "BATCHED", "PAYMENT_FAILED", "RETRY", "BATCHED", "PAID");
        assertThat(balance(CHANGZHOU, "1004")).isEqualByComparingTo(bank0.subtract(both).subtract(othersPaid)
                .subtract(second.lines().stream().filter(l -> l.claimId() != b.id()).map(AllowancePayments.Line::amount)
                        .reduce(BigDecimal.ZERO, BigDecimal::add)));
    }

    @Test
    void aDecisionOnTheGeneralApprovalsPageSettlesTheClaimAndAReviewerMayReject() {
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "9500.00", "9500.00");
        Setup t = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "9500.00", "9500.00");
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, CHANGZHOU);
        AllowanceClaims.Claim a = claims.review(clerk, file(s, LocalDate.of(2025, 7, 1)).id(), "材料齐全");
        AllowanceClaims.Claim b = claims.review(clerk, file(t, LocalDate.of(2025, 7, 2)).id(), "材料齐全");
        assertThat(a.approvalId()).isNotNull();
        // the approvals page decides through FourEyes itself
        fourEyes.approve(approver, a.approvalId(), "同意");
        AllowanceClaims.Claim approved = claims.load(a.id());
        assertThat(approved.status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        assertThat(postings.find(CHANGZHOU, approved.approvedEntryId())).get()
                .satisfies(e -> assertThat(e.total()).isEqualByComparingTo(a.amount()));
        fourEyes.reject(approver, b.approvalId(), "出生医学证明与医院记录不符");
        assertThat(claims.load(b.id()).status()).isEqualTo(AllowanceClaims.Status.REJECTED);
        assertThat(claims.load(b.id()).approvedEntryId()).isNull();
        // a submitted claim is rejected by the reviewer with a reason; without one nothing changes
        AllowanceClaims.Claim c = file(t, LocalDate.of(2025, 7, 2));
        assertThatThrownBy(() -> claims.reject(clerk, c.id(), "")).isInstanceOf(ApiException.class);
        assertThat(claims.load(c.id()).status()).isEqualTo(AllowanceClaims.Status.SUBMITTED);
        assertThat(claims.reject(clerk, c.id(), "非本单位职工").status()).isEqualTo(AllowanceClaims.Status.REJECTED);
    }

    @Autowired
    cn.liangxian.approval.FourEyes fourEyes;

    @Autowired
    cn.liangxian.registry.MaternityEvents maternityEvents;

    @Test
    void aBirthSettledHereIsTakenFromTheSettlementsMaternityEvent() {
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "6000.00", "6000.00");
        String settlement = "JS-" + UUID.randomUUID().toString().substring(0, 10);
        maternityEvents.record(CHANGZHOU, s.woman(), LocalDate.of(2025, 8, 9), "SETTLEMENT", settlement);
        AllowanceClaims.Claim c = claims.file(users.employer(s.uscc()), new AllowanceClaims.Filing(s.woman(), null,
                "NORMAL_DELIVERY", 1, settlement, null, null, null));
        assertThat(c.eventDate()).isEqualTo(LocalDate.of(2025, 8, 9));
        assertThat(c.birthSource()).isEqualTo("SETTLEMENT");
        assertThat(c.birthRef()).isEqualTo(settlement);
        // the settlement is not her colleague's; without a settlement a birth needs evidence
        assertThatThrownBy(() -> claims.file(users.employer(s.uscc()), new AllowanceClaims.Filing(s.colleague(), null,
                "NORMAL_DELIVERY", 1, settlement, null, null, null))).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ALLOWANCE_SETTLEMENT_UNKNOWN");
        assertThatThrownBy(() -> claims.file(users.employer(s.uscc()), new AllowanceClaims.Filing(s.colleague(),
                LocalDate.of(2025, 8, 1), "NORMAL_DELIVERY", 1, null, " ", null, null))).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ALLOWANCE_EVIDENCE_REQUIRED");
        // a second open claim of the same birth is refused
        assertThatThrownBy(() -> claims.file(users.employer(s.uscc()), new AllowanceClaims.Filing(s.woman(), null,
                "NORMAL_DELIVERY", 1, settlement, null, null, null))).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ALLOWANCE_ALREADY_CLAIMED");
    }


    @Test
    void aClaimWhoseSettlementWasReversedAfterFilingIsNotApprovedAndMayBeRejected() {
        // below the threshold: the review itself would approve
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "2000.00", "2000.00");
        String settlement = "JS-" + UUID.randomUUID().toString().substring(0, 10);
        maternityEvents.record(CHANGZHOU, s.woman(), LocalDate.of(2025, 8, 9), "SETTLEMENT", settlement);
        AllowanceClaims.Claim c = claims.file(users.employer(s.uscc()), new AllowanceClaims.Filing(s.woman(), null,
                "NORMAL_DELIVERY", 1, settlement, null, null, null));
        assertThat(maternityEvents.withdraw(CHANGZHOU, "SETTLEMENT", settlement, "结算撤销 / settlement reversed")).isTrue();
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        assertThatThrownBy(() -> claims.review(clerk, c.id(), "材料齐全")).isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo("ALLOWANCE_BIRTH_WITHDRAWN");
                    assertThat(((ApiException) e).status().value()).isEqualTo(409);
                });
        assertThat(claims.load(c.id()).status()).isEqualTo(AllowanceClaims.Status.SUBMITTED);
        assertThat(claims.load(c.id()).approvedEntryId()).isNull();
        assertThat(claims.reject(clerk, c.id(), "所依据的结算已撤销").status()).isEqualTo(AllowanceClaims.Status.REJECTED);

        // above the threshold: reviewed before the reversal, the second person's approval is refused and undone
        Setup t = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "9500.00", "9500.00");
        String other = "JS-" + UUID.randomUUID().toString().substring(0, 10);
        maternityEvents.record(CHANGZHOU, t.woman(), LocalDate.of(2025, 8, 10), "SETTLEMENT", other);
        AllowanceClaims.Claim d = claims.review(clerk, claims.file(users.employer(t.uscc()),
                new AllowanceClaims.Filing(t.woman(), null, "NORMAL_DELIVERY", 1, other, null, null, null)).id(), "材料齐全");
        assertThat(d.status()).isEqualTo(AllowanceClaims.Status.PENDING_APPROVAL);
        maternityEvents.withdraw(CHANGZHOU, "SETTLEMENT", other, "结算撤销 / settlement reversed");
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, CHANGZHOU);
        assertThatThrownBy(() -> fourEyes.approve(approver, d.approvalId(), "同意")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("ALLOWANCE_BIRTH_WITHDRAWN");
        assertThat(claims.load(d.id()).status()).isEqualTo(AllowanceClaims.Status.PENDING_APPROVAL);
        assertThat(claims.load(d.id()).approvedEntryId()).isNull();
        fourEyes.reject(approver, d.approvalId(), "所依据的结算已撤销");
        assertThat(claims.load(d.id()).status()).isEqualTo(AllowanceClaims.Status.REJECTED);

        // approved before the reversal: held out of the next payment batch, and cancelled with its entry reversed
        Setup u = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "2000.00", "2000.00");
        String third = "JS-" + UUID.randomUUID().toString().substring(0, 10);
        maternityEvents.record(CHANGZHOU, u.woman(), LocalDate.of(2025, 8, 11), "SETTLEMENT", third);
        AllowanceClaims.Claim e = claims.review(clerk, claims.file(users.employer(u.uscc()),
                new AllowanceClaims.Filing(u.woman(), null, "NORMAL_DELIVERY", 1, third, null, null, null)).id(), "材料齐全");
        assertThat(e.status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        assertThat(claims.birthWithdrawn(e)).isFalse();
        LiangxianUser finance = users.staff(Role.FINANCE, CHANGZHOU);
        // while her birth stands, an approved claim is not cancelled this way
        assertThatThrownBy(() -> payments.cancel(finance, e.id(), "不应撤销")).isInstanceOf(ApiException.class);
        assertThat(claims.load(e.id()).status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        maternityEvents.withdraw(CHANGZHOU, "SETTLEMENT", third, "结算撤销 / settlement reversed");
        assertThat(claims.birthWithdrawn(claims.load(e.id()))).isTrue();
        try {
            AllowancePayments.Batch batch = payments.createBatch(finance, CHANGZHOU);
            assertThat(batch.lines()).extracting(AllowancePayments.Line::claimId).doesNotContain(e.id());
        } catch (ApiException nothingElse) {
            assertThat(nothingElse.code()).isEqualTo("ALLOWANCE_NOTHING_TO_PAY");
        }
        assertThat(claims.load(e.id()).status()).isEqualTo(AllowanceClaims.Status.APPROVED);
        BigDecimal payable = balance(CHANGZHOU, "2202");
        BigDecimal expense = balance(CHANGZHOU, "5001010202");
        assertThat(payments.cancel(finance, e.id(), "所依据的结算已撤销").status())
                .isEqualTo(AllowanceClaims.Status.CANCELLED);
        assertThat(balance(CHANGZHOU, "2202")).isEqualByComparingTo(payable.subtract(e.amount()));
        assertThat(balance(CHANGZHOU, "5001010202")).isEqualByComparingTo(expense.subtract(e.amount()));
    }

    @Test
    void aFailedPaymentCancelledReversesTheApprovalsEntry() {
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "2000.00", "2000.00");
        AllowanceClaims.Claim c = file(s, LocalDate.of(2025, 5, 3));
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        BigDecimal payable0 = balance(CHANGZHOU, "2202");
        BigDecimal expense0 = balance(CHANGZHOU, "5001010202");
        claims.review(clerk, c.id(), null);
        AllowancePayments.Batch batch = payments.createBatch(clerk, CHANGZHOU);
        StringBuilder f = new StringBuilder(AllowancePayments.HEADER + "\r\n");
        BigDecimal others = BigDecimal.ZERO;
        for (AllowancePayments.Line l : batch.lines()) {
            boolean ours = l.claimId() == c.id();
            f.append(batch.batchNo()).append(',').append(l.lineNo()).append(",6222020200000000006,")
                    .append(l.amount().toPlainString()).append(ours ? ",FAILED,户名不符\r\n" : ",PAID,\r\n");
            others = ours ? others : others.add(l.amount());
        }
        payments.importReturn(clerk, CHANGZHOU, "r.csv", f.toString().getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> payments.cancel(clerk, c.id(), " ")).isInstanceOf(ApiException.class);
        assertThat(payments.cancel(clerk, c.id(), "单位申请撤销").status()).isEqualTo(AllowanceClaims.Status.CANCELLED);
        // the others paid clear what they owed; her approval's expense and payable are reversed
        assertThat(balance(CHANGZHOU, "2202")).isEqualByComparingTo(payable0.subtract(others));
        assertThat(balance(CHANGZHOU, "5001010202")).isEqualByComparingTo(expense0);
        // cancelled: the same birth may be claimed again
        assertThat(file(s, LocalDate.of(2025, 5, 3)).status()).isEqualTo(AllowanceClaims.Status.SUBMITTED);
    }

    @Test
    void eachPartySeesOnlyItsOwnClaimsOverTheApi() {
        Setup s = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "5000.00", "5000.00");
        Http http = new Http(env);
        String hr = users.tokenFor(users.employer(s.uscc()));
        String key = UUID.randomUUID().toString();
        String body = "{\"personId\":" + s.woman() + ",\"eventDate\":\"2025-06-01\",\"category\":\"NORMAL_DELIVERY\","
                + "\"evidence\":\"出生医学证明 Z1，外地医院\"}";
        byte[] photo = TestFiles.jpeg(240, 320, "Z1");
        Multipart form = new Multipart().json("claim", body).file("evidence", "出生医学证明.jpg", "image/jpeg", photo);
        Http.Response filed = http.postMultipart("/api/v1/allowance-claims", form, "Authorization", "Bearer " + hr,
                "Idempotency-Key", key);
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().get("id").asLong();
        Http.Response repeat = http.postMultipart("/api/v1/allowance-claims", form, "Authorization", "Bearer " + hr,
                "Idempotency-Key", key);
        assertThat(repeat.json().get("id").asLong()).isEqualTo(id);
        assertThat(jdbc.sql("select count(*) from allowance_claim where person_id = ?").param(s.woman())
                .query(Integer.class).single()).isEqualTo(1);
        // the colleague is not hers to claim for by another employer; bad input is problem+json
        String otherHr = users.tokenFor(users.employer(users.employerIn(CHANGZHOU, LocalDate.of(2020, 1, 1))));
        Http.Response foreign = http.postMultipart("/api/v1/allowance-claims", new Multipart()
                .json("claim", body.replace(String.valueOf(s.woman()), String.valueOf(s.colleague())))
                .file("evidence", "出生医学证明.jpg", "image/jpeg", photo), "Authorization", "Bearer " + otherHr);
        assertThat(foreign.status()).isEqualTo(404);
        Http.Response bad = http.postJson("/api/v1/allowance-claims", body.replace("NORMAL_DELIVERY", "TWINS"),
                "Authorization", "Bearer " + hr);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.contentType()).contains("problem+json");
        assertThat(bad.json().get("code").asString()).isEqualTo("ALLOWANCE_INVALID_CATEGORY");

        assertThat(http.get("/api/v1/allowance-claims/" + id, "Authorization", "Bearer " + hr).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/allowance-claims/" + id, "Authorization", "Bearer " + otherHr).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/allowance-claims/" + id, "Authorization", "Bearer "
                + users.tokenFor(users.insured(s.woman()))).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/allowance-claims/" + id, "Authorization", "Bearer "
                + users.tokenFor(users.insured(s.colleague()))).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/allowance-claims/" + id, "Authorization", "Bearer "
                + users.tokenFor(users.clerk(GUANGZHOU))).status()).isEqualTo(404);
        assertThat(http.get("/api/v1/allowance-claims/" + id, "Authorization", "Bearer "
                + users.tokenFor(users.clerk(CHANGZHOU))).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/allowance-claims", "Authorization", "Bearer " + otherHr).json().size()).isZero();
        Http.Response pdf = http.get("/api/v1/allowance-claims/" + id + "/notice.pdf", "Authorization", "Bearer " + hr);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.contentType()).contains("application/pdf");
        // the woman sees her claim as a timeline
        assertThat(claims.timelineFor(users.insured(s.woman()), s.woman())).singleElement()
                .satisfies(t -> assertThat(t.steps()).extracting(AllowanceClaims.Step::action).containsExactly("FILED"));
        assertThatThrownBy(() -> claims.timelineFor(users.insured(s.colleague()), s.woman()))
                .isInstanceOf(ApiException.class);
        // Changzhou does not let the woman file herself
        Http.Response self = http.postMultipart("/api/v1/allowance-claims", new Multipart()
                .json("claim", body.replace("2025-06-01", "2025-06-02"))
                .file("evidence", "出生医学证明.jpg", "image/jpeg", photo),
                "Authorization", "Bearer " + users.tokenFor(users.insured(s.woman())));
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("code").asString()).isEqualTo("ALLOWANCE_SELF_FILING_NOT_ALLOWED");
    }

    record AuditRow(String actor, String role, String region, String action, String objectType, String objectId,
            String before, String after) {
    }

    List<AuditRow> audit(String objectType, String objectId) {
        return jdbc.sql("""
                select actor, role, region_code, action, object_type, object_id, before_masked, after_masked
                  from audit_event where object_type = ? and object_id = ? order by id""").params(objectType, objectId)
                .query((rs, i) -> new AuditRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)))
                .list();
    }

    @Autowired
    cn.liangxian.audit.AuditVerifier auditVerifier;

    @Test
    void theAuditTrailNamesEveryStepFromFilingToPaymentAndWhoTookItWithoutHerDataInTheClear() {
        // below the approval threshold (3000 a month) and above it (9000 a month)
        Setup small = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "3000.00", "3000.00");
        Setup big = employ(CHANGZHOU, "320402", LocalDate.of(2024, 1, 1), 2025, "9000.00", "9000.00");
        LiangxianUser hrSmall = users.employer(small.uscc());
        LiangxianUser hrBig = users.employer(big.uscc());
        LiangxianUser clerk = users.clerk(CHANGZHOU);
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, CHANGZHOU);
        LiangxianUser finance = users.staff(Role.FINANCE, CHANGZHOU);
        Http http = new Http(env);
        java.util.function.BiFunction<LiangxianUser, Setup, Long> fileOverApi = (hr, s) -> {
            Http.Response r = http.postMultipart("/api/v1/allowance-claims", new Multipart()
                    .json("claim", "{\"personId\":" + s.woman() + ",\"eventDate\":\"2025-09-01\","
                            + "\"category\":\"NORMAL_DELIVERY\",\"evidence\":\"出生医学证明 A1\"}")
                    .file("evidence", "出生医学证明.jpg", "image/jpeg", TestFiles.jpeg(160, 200, "A" + s.woman())),
                    "Authorization", "Bearer " + users.tokenFor(hr));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
            return r.json().get("id").asLong();
        };
        long a = fileOverApi.apply(hrSmall, small);
        long b = fileOverApi.apply(hrBig, big);
        String clerkToken = "Bearer " + users.tokenFor(clerk);
        assertThat(http.postJson("/api/v1/allowance-claims/" + a + "/review", "{\"note\":\"材料齐全\"}", "Authorization",
                clerkToken).json().get("status").asString()).isEqualTo("APPROVED");
        assertThat(http.postJson("/api/v1/allowance-claims/" + b + "/review", "{\"note\":\"材料齐全\"}", "Authorization",
                clerkToken).json().get("status").asString()).isEqualTo("PENDING_APPROVAL");
        assertThat(http.postJson("/api/v1/allowance-claims/" + b + "/approve", "{\"note\":\"核对无误\"}", "Authorization",
                "Bearer " + users.tokenFor(approver)).json().get("status").asString()).isEqualTo("APPROVED");

        String fin = "Bearer " + users.tokenFor(finance);
        Http.Response batch = http.postJson("/api/v1/allowance-batches?region=" + CHANGZHOU, "", "Authorization", fin);
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);
        String batchNo = batch.json().get("batchNo").asString();
        String bankFile = http.get("/api/v1/allowance-batches/" + batch.json().get("id").asLong() + "/bank-file",
                "Authorization", fin).body();
        StringBuilder ret = new StringBuilder(AllowancePayments.HEADER + "\r\n");
        for (String line : bankFile.split("\r\n")) {
            String[] f = line.split(",");
            if (f[0].equals(batchNo)) {
                ret.append(f[0]).append(',').append(f[1]).append(',').append(f[2]).append(',').append(f[4])
                        .append(",PAID,\r\n");
            }
        }
        Http.Response returned = http.postFile("/api/v1/allowance-batches/returns?region=" + CHANGZHOU, "return.csv",
                ret.toString().getBytes(StandardCharsets.UTF_8), "Authorization", fin);
        assertThat(returned.status()).as(returned.body()).isEqualTo(201);
        AllowanceClaims.Claim paidA = claims.load(a);
        AllowanceClaims.Claim paidB = claims.load(b);
        assertThat(paidA.status()).isEqualTo(AllowanceClaims.Status.PAID);
        assertThat(paidB.status()).isEqualTo(AllowanceClaims.Status.PAID);

        // the small claim: filed with its file by the employer, approved at review, batched and paid by finance
        List<AuditRow> trailA = audit("allowance_claim", String.valueOf(a));
        assertThat(trailA).extracting(AuditRow::action).containsExactly("ALLOWANCE_CLAIM_FILED",
                "ALLOWANCE_EVIDENCE_ADDED", "ALLOWANCE_CLAIM_REVIEWED_AND_APPROVED", "ALLOWANCE_CLAIM_BATCHED",
                "ALLOWANCE_CLAIM_PAID");
        assertThat(trailA).extracting(AuditRow::actor).containsExactly(hrSmall.getUsername(), hrSmall.getUsername(),
                clerk.getUsername(), finance.getUsername(), finance.getUsername());
        assertThat(trailA).extracting(AuditRow::role).containsExactly("EMPLOYER_HR", "EMPLOYER_HR", "AGENCY_CLERK",
                "FINANCE", "FINANCE");
        assertThat(trailA).extracting(AuditRow::region).containsOnly(CHANGZHOU);
        assertThat(trailA).extracting(AuditRow::before).containsExactly(null, null, "SUBMITTED", "APPROVED", "IN_BATCH");
        assertThat(trailA.get(0).after()).isEqualTo("SUBMITTED " + paidA.amount().toPlainString());
        assertThat(trailA.get(1).after()).startsWith("#" + paidA.evidenceFiles().get(0).id() + " image/jpeg ")
                .endsWith("sha256 " + paidA.evidenceFiles().get(0).sha256());
        assertThat(trailA.get(2).after()).isEqualTo("APPROVED: 材料齐全");
        assertThat(trailA.get(3).after()).startsWith("IN_BATCH: " + batchNo + " #");
        assertThat(trailA.get(4).after()).startsWith("PAID: " + batchNo + " #");

        // the big claim: a second person approved it through the four-eyes request
        List<AuditRow> trailB = audit("allowance_claim", String.valueOf(b));
        assertThat(trailB).extracting(AuditRow::action).containsExactly("ALLOWANCE_CLAIM_FILED",
                "ALLOWANCE_EVIDENCE_ADDED", "ALLOWANCE_CLAIM_REVIEWED", "ALLOWANCE_CLAIM_APPROVED",
                "ALLOWANCE_CLAIM_BATCHED", "ALLOWANCE_CLAIM_PAID");
        assertThat(trailB).extracting(AuditRow::actor).containsExactly(hrBig.getUsername(), hrBig.getUsername(),
                clerk.getUsername(), approver.getUsername(), finance.getUsername(), finance.getUsername());
        assertThat(trailB.get(3).after()).isEqualTo("APPROVED: 核对无误");
        assertThat(audit("approval_request", String.valueOf(paidB.approvalId()))).extracting(AuditRow::action,
                AuditRow::actor).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("APPROVAL_REQUESTED", clerk.getUsername()),
                        org.assertj.core.groups.Tuple.tuple("APPROVAL_APPROVED", approver.getUsername()));

        // the batch: made, its bank file downloaded, the bank's return imported — by finance
        assertThat(audit("allowance_batch", batchNo)).extracting(AuditRow::action, AuditRow::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ALLOWANCE_BATCH_CREATED", finance.getUsername()),
                org.assertj.core.groups.Tuple.tuple("ALLOWANCE_BANK_FILE", finance.getUsername()),
                org.assertj.core.groups.Tuple.tuple("ALLOWANCE_RETURN_IMPORTED", finance.getUsername()));

        // no row holds the account, her name or her ID number in the clear; the chain still verifies
        String herId = personDirectory.reveal(users.clerk(CHANGZHOU), small.woman(), "核对审计记录").idNumber();
        for (AuditRow r : concat(trailA, trailB, audit("allowance_batch", batchNo))) {
            assertThat(String.valueOf(r.before()) + " " + r.after()).doesNotContain("6222020200000000006")
                    .doesNotContain("林芳").doesNotContain(herId);
        }
        assertThat(auditVerifier.verify().intact()).isTrue();
    }

    @SafeVarargs
    static <T> List<T> concat(List<T>... lists) {
        List<T> all = new ArrayList<>();
        for (List<T> l : lists) {
            all.addAll(l);
        }
        return all;
    }

    static String pdfText(byte[] pdf) throws Exception {
        PdfReader reader = new PdfReader(pdf);
        StringBuilder b = new StringBuilder();
        PdfTextExtractor x = new PdfTextExtractor(reader);
        for (int p = 1; p <= reader.getNumberOfPages(); p++) {
            b.append(x.getTextFromPage(p)).append('\n');
        }
        return b.toString();
    }
}
