package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.policy.maternity.PayingFund;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * The clearing of legacy maternity funds into the pooled fund: a Changzhou-like region (merger 2020-01-01, one
 * legacy book with a receivable and payables) and a Chongqing-like region (merger 2017-07-01, district books
 * cleared into the municipal pooled book), through four-eyes, to the fen, once.
 */
@AppTest
class LegacyFundClearingTests {

    static final LocalDate CZ_CUT_OFF = LocalDate.of(2019, 12, 31);
    static final LocalDate CZ_MERGER = LocalDate.of(2020, 1, 1);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChartOfAccounts chart;
    @Autowired
    Postings postings;
    @Autowired
    LegacyFundClearing clearing;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    TestUsers users;
    @Autowired
    Environment env;

    FundFixture fx;

    @BeforeEach
    void setUp() {
        fx = new FundFixture(jdbc, chart, postings);
    }

    /** A Changzhou-like legacy book: 2018 gives the opening balance; 2019 has income, benefits, a receivable and payables. */
    String changzhouLike() {
        String r = fx.region(FundFixture.CHANGZHOU);
        String m = Book.MATERNITY;
        fx.post(r, m, LocalDate.of(2018, 3, 1), "1003", "400101", "50000.00");
        fx.post(r, m, LocalDate.of(2018, 9, 1), "50010301", "1003", "8000.00");
        fx.post(r, m, LocalDate.of(2019, 2, 15), "1002", "400101", "30000.00");
        fx.post(r, m, LocalDate.of(2019, 6, 30), "1003", "4004", "123.45");
        fx.post(r, m, LocalDate.of(2019, 7, 10), "50010301", "1003", "6200.00");
        fx.post(r, m, LocalDate.of(2019, 8, 31), "50010302", "2202", "4000.00");
        fx.post(r, m, LocalDate.of(2019, 9, 1), "1004", "1003", "10000.00");
        fx.post(r, m, LocalDate.of(2019, 9, 15), "2202", "1004", "4000.00");
        fx.post(r, m, LocalDate.of(2019, 11, 30), "110101", "400101", "2500.50"); // contributions receivable
        fx.post(r, m, LocalDate.of(2019, 12, 20), "50010301", "2201", "1800.25"); // owed to a hospital
        fx.post(r, m, LocalDate.of(2019, 12, 28), "50010302", "2202", "900.00"); // allowance not yet paid
        fx.post(r, Book.POOLED, LocalDate.of(2019, 5, 1), "1002", "400101", "100000.00");
        return r;
    }

    LiangxianUser finance(String region) {
        return users.staff(Role.FINANCE, region);
    }

    ApprovalRequest approve(String region, long approvalId) {
        return fourEyes.approve(users.staff(Role.AGENCY_APPROVER, region), approvalId, "清算报告已复核");
    }

    @Test
    void aChangzhouLikeLegacyFundIsClearedOnTheCutOverWithItsReceivableAndPayablesCarriedAndItsBalanceMovedExactly() {
        String r = changzhouLike();
        LiangxianUser maker = finance(r);

        LegacyFundClearing.ClearingReport preview = clearing.report(maker, r, Book.MATERNITY);
        assertThat(preview.status()).isEqualTo(LegacyFundClearing.Status.OPEN);
        assertThat(preview.mergerDate()).isEqualTo(CZ_MERGER);
        assertThat(preview.cutOff()).isEqualTo(CZ_CUT_OFF);
        assertThat(preview.mergerReference()).contains("常政办发〔2019〕111号");
        assertThat(preview.yearStart()).isEqualTo(LocalDate.of(2019, 1, 1));
        assertThat(preview.openingBalance()).isEqualByComparingTo("42000.00");
        assertThat(preview.totalIncome()).isEqualByComparingTo("32623.95");
        assertThat(preview.totalExpenditure()).isEqualByComparingTo("12900.25");
        assertThat(preview.closingBalance()).isEqualByComparingTo("61723.70");
        assertThat(preview.totalCash()).isEqualByComparingTo("61923.45");
        assertThat(preview.totalReceivables()).isEqualByComparingTo("2500.50");
        assertThat(preview.totalPayables()).isEqualByComparingTo("2700.25");
        assertThat(preview.transferred()).isEqualByComparingTo("61723.70");
        assertThat(lines(preview.income())).containsEntry("400101", new BigDecimal("32500.50"))
                .containsEntry("4004", new BigDecimal("123.45")).hasSize(2);
        assertThat(lines(preview.expenditure())).containsEntry("50010301", new BigDecimal("8000.25"))
                .containsEntry("50010302", new BigDecimal("4900.00")).hasSize(2);
        assertThat(lines(preview.cash())).containsEntry("1002", new BigDecimal("30000.00"))
                .containsEntry("1003", new BigDecimal("25923.45")).containsEntry("1004", new BigDecimal("6000.00"));
        assertThat(lines(preview.receivables())).containsOnlyKeys("110101");
        assertThat(lines(preview.payables())).containsEntry("2201", new BigDecimal("1800.25"))
                .containsEntry("2202", new BigDecimal("900.00"));
        long before = fx.entries(r);

        // four-eyes: a request, nothing written yet; a second request waits for the first
        LegacyFundClearing.ClearingOutcome asked = clearing.request(maker, r, Book.MATERNITY, "2019年12月底前清算");
        assertThat(asked.status()).isEqualTo(LegacyFundClearing.Status.PENDING);
        assertThat(asked.approvalId()).isNotNull();
        assertThat(fx.entries(r)).isEqualTo(before);
        assertThat(clearing.report(maker, r, Book.MATERNITY).pendingApprovalId()).isEqualTo(asked.approvalId());
        assertThat(code(() -> clearing.request(finance(r), r, Book.MATERNITY, "再次申请")))
                .isEqualTo("FUND_CLEARING_PENDING");
        assertThat(code(() -> fourEyes.approve(maker, asked.approvalId(), "自己批准"))).isIn("FORBIDDEN",
                "SELF_APPROVAL");

        approve(r, asked.approvalId());

        LegacyFundClearing.ClearingReport done = clearing.report(maker, r, Book.MATERNITY);
        assertThat(done.status()).isEqualTo(LegacyFundClearing.Status.CLEARED);
        assertThat(done.approvalId()).isEqualTo(asked.approvalId());
        assertThat(done.transferred()).isEqualByComparingTo("61723.70");
        assertThat(done.closedOn()).isEqualTo(CZ_CUT_OFF);
        assertThat(fx.entries(r)).isEqualTo(before + 2);

        // the legacy book gave up everything on the cut-off day ...
        for (String a : List.of("1002", "1003", "1004", "110101", "2201", "2202")) {
            assertThat(fx.balance(r, Book.MATERNITY, a, CZ_CUT_OFF)).as(a).isEqualByComparingTo("0");
        }
        assertThat(fx.balance(r, Book.MATERNITY, "500201", CZ_CUT_OFF)).isEqualByComparingTo("61723.70");
        // ... and the pooled book took it on the merger date, the same amounts on the same accounts
        assertThat(fx.balance(r, Book.POOLED, "1002", CZ_MERGER)).isEqualByComparingTo("130000.00");
        assertThat(fx.balance(r, Book.POOLED, "1003", CZ_MERGER)).isEqualByComparingTo("25923.45");
        assertThat(fx.balance(r, Book.POOLED, "1004", CZ_MERGER)).isEqualByComparingTo("6000.00");
        assertThat(fx.balance(r, Book.POOLED, "110101", CZ_MERGER)).isEqualByComparingTo("2500.50");
        assertThat(fx.balance(r, Book.POOLED, "2201", CZ_MERGER)).isEqualByComparingTo("1800.25");
        assertThat(fx.balance(r, Book.POOLED, "2202", CZ_MERGER)).isEqualByComparingTo("900.00");
        assertThat(fx.balance(r, Book.POOLED, "400601", CZ_MERGER)).isEqualByComparingTo("61723.70");
        assertThat(fx.balance(r, Book.POOLED, "400601", CZ_CUT_OFF)).isEqualByComparingTo("0");

        // the two entries, one per book, each balanced in its own book, with the same transferred balance
        JournalEntry out = postings.findBySource(r, SourceType.LEGACY_CLEARING, "CLEARING/" + r + "/MATERNITY/OUT")
                .orElseThrow();
        JournalEntry in = postings.findBySource(r, SourceType.LEGACY_CLEARING, "CLEARING/" + r + "/MATERNITY/IN")
                .orElseThrow();
        assertThat(out.bookCode()).isEqualTo(Book.MATERNITY);
        assertThat(out.accountingDate()).isEqualTo(CZ_CUT_OFF);
        assertThat(in.bookCode()).isEqualTo(Book.POOLED);
        assertThat(in.accountingDate()).isEqualTo(CZ_MERGER);
        assertThat(done.outEntryNo()).isEqualTo(out.entryNo());
        assertThat(done.inEntryNo()).isEqualTo(in.entryNo());
        assertThat(out.total()).isEqualByComparingTo(in.total());
        Map<String, Object> link = jdbc.sql("""
                select transferred, transferred_out, transferred_in from fund_clearing_transfer
                 where region_code = ? and book_code = 'MATERNITY'""").param(r).query().singleRow();
        assertThat((BigDecimal) link.get("transferred_out")).isEqualByComparingTo("61723.70");
        assertThat((BigDecimal) link.get("transferred_in")).isEqualByComparingTo("61723.70");

        // the legacy book is closed: nothing more goes into it, whatever the date
        assertThat(jdbc.sql("select closed_on from fund_book where region_code = ? and code = 'MATERNITY'").param(r)
                .query(LocalDate.class).single()).isEqualTo(CZ_CUT_OFF);
        assertThat(code(() -> fx.post(r, Book.MATERNITY, LocalDate.of(2020, 1, 2), "50010301", "2201", "1.00")))
                .isEqualTo("POSTING_BOOK_CLOSED");
        assertThat(code(() -> fx.post(r, Book.MATERNITY, LocalDate.of(2019, 12, 30), "50010301", "2201", "1.00")))
                .isEqualTo("FUND_BOOK_CLEARED");
        // the carried payable is paid by the merged fund
        fx.post(r, Book.POOLED, LocalDate.of(2020, 1, 15), "2201", "1004", "1800.25");

        // running it again changes nothing
        long after = fx.entries(r);
        LegacyFundClearing.ClearingOutcome again = clearing.request(finance(r), r, Book.MATERNITY, "再清一次");
        assertThat(again.status()).isEqualTo(LegacyFundClearing.Status.CLEARED);
        assertThat(again.report().transferred()).isEqualByComparingTo("61723.70");
        LegacyFundClearing.ClearingReport direct = clearing.clear(r, Book.MATERNITY, null, "system");
        assertThat(direct.outEntryNo()).isEqualTo(out.entryNo());
        assertThat(fx.entries(r)).isEqualTo(after);
        assertThat(jdbc.sql("select count(*) from fund_clearing where region_code = ?").param(r).query(Long.class)
                .single()).isEqualTo(1);
        // the stored report is the report as it was cleared
        assertThat(done.totalIncome()).isEqualByComparingTo(preview.totalIncome());
        assertThat(lines(done.payables())).isEqualTo(lines(preview.payables()));
    }

    @Test
    void aChongqingLikeRegionClearsEveryDistrictsLegacyBookIntoTheMunicipalPooledBook() {
        Map<String, String> districts = new LinkedHashMap<>();
        String d1 = FundFixture.district(1);
        String d2 = FundFixture.district(2);
        districts.put(d1, "甲区");
        districts.put(d2, "乙县");
        String r = fx.region(FundFixture.CHONGQING, districts);
        LocalDate cutOff = LocalDate.of(2017, 6, 30);
        LocalDate merger = LocalDate.of(2017, 7, 1);
        String b1 = Book.maternityOfDistrict(d1);
        String b2 = Book.maternityOfDistrict(d2);
        // district 1: opening from 2016, contributions and a benefit in 2017
        fx.post(r, b1, LocalDate.of(2016, 12, 1), "1003", "400101", "20000.00");
        fx.post(r, b1, LocalDate.of(2017, 3, 1), "1002", "400101", "7500.00");
        fx.post(r, b1, LocalDate.of(2017, 5, 20), "50010301", "1003", "3300.10");
        // district 2: owes more than it holds (a deficit is transferred too)
        fx.post(r, b2, LocalDate.of(2017, 2, 1), "1003", "400101", "1000.00");
        fx.post(r, b2, LocalDate.of(2017, 6, 10), "50010302", "2202", "2500.55");
        LiangxianUser maker = finance(r);

        assertThat(clearing.overview(maker, r)).extracting(LegacyFundClearing.ClearingReport::bookCode)
                .containsExactlyInAnyOrder(Book.MATERNITY, b1, b2);
        for (String b : List.of(b1, b2, Book.MATERNITY)) {
            LegacyFundClearing.ClearingOutcome o = clearing.request(maker, r, b, "各区县合并前结余并入统收统支");
            assertThat(o.report().cutOff()).isEqualTo(cutOff);
            approve(r, o.approvalId());
        }
        LegacyFundClearing.ClearingReport c1 = clearing.report(maker, r, b1);
        LegacyFundClearing.ClearingReport c2 = clearing.report(maker, r, b2);
        LegacyFundClearing.ClearingReport c0 = clearing.report(maker, r, Book.MATERNITY);
        assertThat(c1.openingBalance()).isEqualByComparingTo("20000.00");
        assertThat(c1.transferred()).isEqualByComparingTo("24199.90");
        assertThat(c1.districtCode()).isEqualTo(d1);
        assertThat(c2.openingBalance()).isEqualByComparingTo("0");
        assertThat(c2.transferred()).isEqualByComparingTo("-1500.55");
        assertThat(c2.totalPayables()).isEqualByComparingTo("2500.55");
        assertThat(c0.transferred()).isEqualByComparingTo("0");
        assertThat(c0.outEntryNo()).isNull(); // nothing to move, the municipal legacy book just closes
        for (LegacyFundClearing.ClearingReport c : List.of(c0, c1, c2)) {
            assertThat(c.status()).isEqualTo(LegacyFundClearing.Status.CLEARED);
            assertThat(c.closedOn()).isEqualTo(cutOff);
        }

        // the municipal pooled book took both districts' balances, each entry carrying its district
        assertThat(fx.balance(r, Book.POOLED, "400601", merger)).isEqualByComparingTo("22699.35");
        assertThat(fx.balance(r, Book.POOLED, "1003", merger)).isEqualByComparingTo("17699.90");
        assertThat(fx.balance(r, Book.POOLED, "1002", merger)).isEqualByComparingTo("7500.00");
        assertThat(fx.balance(r, Book.POOLED, "2202", merger)).isEqualByComparingTo("2500.55");
        JournalEntry in1 = postings.findBySource(r, SourceType.LEGACY_CLEARING, "CLEARING/" + r + "/" + b1 + "/IN")
                .orElseThrow();
        JournalEntry in2 = postings.findBySource(r, SourceType.LEGACY_CLEARING, "CLEARING/" + r + "/" + b2 + "/IN")
                .orElseThrow();
        assertThat(in1.districtCode()).isEqualTo(d1);
        assertThat(in2.districtCode()).isEqualTo(d2);
        // district 2's deficit: the legacy book credits its transfer-out, the pooled book debits its transfer-in
        assertThat(in2.legs()).anySatisfy(l -> {
            assertThat(l.accountCode()).isEqualTo("400601");
            assertThat(l.side()).isEqualTo(Side.DEBIT);
            assertThat(l.amount()).isEqualByComparingTo("1500.55");
        });
        List<Map<String, Object>> links = jdbc.sql("""
                select book_code, transferred, transferred_out, transferred_in from fund_clearing_transfer
                 where region_code = ? order by book_code""").param(r).query().listOfRows();
        assertThat(links).hasSize(3).allSatisfy(l -> {
            assertThat((BigDecimal) l.get("transferred_out")).isEqualByComparingTo((BigDecimal) l.get("transferred"));
            assertThat((BigDecimal) l.get("transferred_in")).isEqualByComparingTo((BigDecimal) l.get("transferred"));
        });
        for (String b : List.of(b1, b2)) {
            for (String a : List.of("1002", "1003", "1004", "2202")) {
                assertThat(fx.balance(r, b, a, cutOff)).as(b + " " + a).isEqualByComparingTo("0");
            }
        }
    }

    @Test
    void aLegacyBookWithEntriesAfterItsCutOffIsNotClearedAndOnlyFinanceMayAsk() {
        String r = fx.region(FundFixture.CHANGZHOU);
        fx.post(r, Book.MATERNITY, LocalDate.of(2019, 5, 1), "1002", "400101", "100.00");
        fx.post(r, Book.MATERNITY, LocalDate.of(2020, 1, 3), "50010301", "1002", "10.00");
        long before = fx.entries(r);
        // the report says so, the request is refused
        assertThat(clearing.overview(finance(r), r)).singleElement().satisfies(c -> {
            assertThat(c.lateEntries()).isEqualTo(1);
            assertThat(c.transferred()).isEqualByComparingTo("100.00");
        });
        assertThat(code(() -> clearing.request(finance(r), r, Book.MATERNITY, "清算"))).isEqualTo(
                "FUND_CLEARING_LATE_ENTRIES");
        assertThat(code(() -> clearing.clear(r, Book.MATERNITY, null, "system"))).isEqualTo(
                "FUND_CLEARING_LATE_ENTRIES");
        assertThat(code(() -> clearing.request(finance(r), r, Book.POOLED, "清算"))).isEqualTo("FUND_NOT_LEGACY_BOOK");
        assertThat(code(() -> clearing.request(finance(r), r, Book.MATERNITY, " "))).isEqualTo(
                "FUND_CLEARING_REASON_REQUIRED");
        assertThat(code(() -> clearing.request(users.staff(Role.SUPERVISOR, r), r, Book.MATERNITY, "清算")))
                .isEqualTo("FORBIDDEN");
        assertThat(code(() -> clearing.request(finance(FundFixture.CHANGZHOU), r, Book.MATERNITY, "清算")))
                .isEqualTo("NOT_FOUND");
        assertThat(fx.entries(r)).isEqualTo(before);
        assertThat(jdbc.sql("select count(*) from approval_request where region_code = ?").param(r).query(Long.class)
                .single()).isZero();
    }

    @Test
    void theMergedFundPaysLatePaymentsForEventsBeforeTheMergerUnderTheOldRules() {
        String r = fx.region(FundFixture.CHANGZHOU);
        LegacyFundClearing.PayingBook before = clearing.payingBook(r, null, LocalDate.of(2019, 12, 30),
                LocalDate.of(2019, 12, 20));
        assertThat(before.bookCode()).isEqualTo(Book.MATERNITY);
        assertThat(before.medicalAccount()).isEqualTo("50010301");
        assertThat(before.allowanceAccount()).isEqualTo("50010302");
        assertThat(before.benefitRules()).isEqualTo(PayingFund.MATERNITY_FUND);
        assertThat(before.lateCase()).isFalse();

        // a birth in December 2019 paid in January 2020: the merged fund's maternity item pays, the benefit stays
        // the one of the law of the birth (the engine's paying fund by the service date)
        LegacyFundClearing.PayingBook late = clearing.payingBook(r, null, CZ_MERGER.plusDays(14),
                LocalDate.of(2019, 12, 20));
        assertThat(late.bookCode()).isEqualTo(Book.POOLED);
        assertThat(late.medicalAccount()).isEqualTo("5001010201");
        assertThat(late.allowanceAccount()).isEqualTo("5001010202");
        assertThat(late.benefitRules()).isEqualTo(PayingFund.MATERNITY_FUND);
        assertThat(late.lateCase()).isTrue();

        LegacyFundClearing.PayingBook after = clearing.payingBook(r, null, CZ_MERGER, CZ_MERGER);
        assertThat(after.bookCode()).isEqualTo(Book.POOLED);
        assertThat(after.benefitRules()).isEqualTo(PayingFund.EMPLOYEE_MEDICAL_MATERNITY_ITEM);
        assertThat(after.lateCase()).isFalse();

        // a Chongqing-like district before its merger pays from the district's legacy book
        String d = FundFixture.district(7);
        String cq = fx.region(FundFixture.CHONGQING, Map.of(d, "丙区"));
        assertThat(clearing.payingBook(cq, d, LocalDate.of(2017, 6, 30), null).bookCode())
                .isEqualTo(Book.maternityOfDistrict(d));
        assertThat(clearing.payingBook(cq, d, LocalDate.of(2017, 7, 1), null).bookCode()).isEqualTo(Book.POOLED);
        assertThat(code(() -> clearing.payingBook(cq, "989999", LocalDate.of(2017, 7, 1), null)))
                .isEqualTo("FUND_UNKNOWN_DISTRICT");
    }

    @Test
    void theClearingOverRestFollowsFourEyesAndAnswersTheReport() {
        String r = changzhouLike();
        String token = "Bearer " + users.tokenFor(finance(r));
        Http http = new Http(env);
        Http.Response list = http.get("/api/v1/fund/" + r + "/clearings", "Authorization", token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().get(0).get("status").asString()).isEqualTo("OPEN");
        Http.Response asked = http.postJson("/api/v1/fund/" + r + "/clearings/MATERNITY", "{\"reason\":\"清算\"}",
                "Authorization", token);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        long approval = asked.json().get("approvalId").asLong();
        approve(r, approval);
        Http.Response again = http.postJson("/api/v1/fund/" + r + "/clearings/MATERNITY", "{\"reason\":\"再次\"}",
                "Authorization", token);
        assertThat(again.status()).isEqualTo(200);
        JsonNode report = http.get("/api/v1/fund/" + r + "/clearings/MATERNITY", "Authorization", token).json();
        assertThat(report.get("status").asString()).isEqualTo("CLEARED");
        assertThat(report.get("transferred").decimalValue()).isEqualByComparingTo("61723.70");
        assertThat(report.get("closedOn").asString()).isEqualTo("2019-12-31");
        JsonNode paying = http.get("/api/v1/fund/" + r + "/maternity-paying-book?date=2020-01-15&serviceDate=2019-12-20",
                "Authorization", token).json();
        assertThat(paying.get("bookCode").asString()).isEqualTo("POOLED");
        assertThat(paying.get("lateCase").asBoolean()).isTrue();
        // supervisors read, other roles and regions do not
        assertThat(http.get("/api/v1/fund/" + r + "/clearings", "Authorization",
                "Bearer " + users.tokenFor(users.staff(Role.SUPERVISOR, r))).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/fund/" + r + "/clearings", "Authorization",
                "Bearer " + users.tokenFor(users.clerk(r))).status()).isEqualTo(403);
        assertThat(http.get("/api/v1/fund/" + r + "/clearings", "Authorization",
                "Bearer " + users.tokenFor(finance(FundFixture.CHANGZHOU))).status()).isEqualTo(404);
    }

    static Map<String, BigDecimal> lines(List<LegacyFundClearing.Line> lines) {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        lines.forEach(l -> m.put(l.code(), l.amount()));
        return m;
    }

    static String code(java.util.concurrent.Callable<?> c) {
        try {
            c.call();
        } catch (ApiException e) {
            return e.code();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("not refused");
    }
}
