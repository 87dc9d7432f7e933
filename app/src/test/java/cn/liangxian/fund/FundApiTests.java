package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The fund over REST in the running application: who may read and act (finance and supervisors of the region;
 * finance closes and reverses; everyone else 403; other regions 404), shapes, problem+json refusals, the chart
 * of the seed regions, and reversals through four-eyes.
 */
@AppTest
class FundApiTests {

    static final String ERENHOT = "152501";
    static final String GUANGZHOU = "440100";
    static final String CHONGQING = "500000";

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Postings postings;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    JdbcClient jdbc;

    Http http() {
        return new Http(env);
    }

    String bearer(LiangxianUser u) {
        return "Bearer " + users.tokenFor(u);
    }

    JournalEntry posted(String region, String amount) {
        LocalDate d = LocalDate.of(2024, 6, 10);
        return postings.post(new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT,
                "API-" + UUID.randomUUID(), d, d, "生育医疗费用结算",
                List.of(PostingLine.debit("5001010201", amount), PostingLine.credit("2201", amount))));
    }

    @Test
    void financeAndSupervisorsOfTheRegionReadItsFundAndNobodyElse() {
        JournalEntry e = posted(ERENHOT, "2500.00");
        String base = "/api/v1/fund/" + ERENHOT;
        List<String> reads = List.of(base + "/books", base + "/accounts", base + "/accounts?book=POOLED",
                base + "/entries?from=2024-06-01&to=2024-06-30", base + "/entries/" + e.id(),
                base + "/trial-balance?book=POOLED&period=202406");
        for (Role role : new Role[] { Role.FINANCE, Role.SUPERVISOR }) {
            String token = bearer(users.staff(role, ERENHOT));
            for (String path : reads) {
                Http.Response r = http().get(path, "Authorization", token);
                assertThat(r.status()).as(role + " " + path + " " + r.body()).isEqualTo(200);
            }
        }
        List<LiangxianUser> refused = List.of(users.clerk(ERENHOT), users.staff(Role.AGENCY_APPROVER, ERENHOT),
                users.staff(Role.POLICY_ADMIN, ERENHOT), users.staff(Role.SYSTEM_ADMIN, ERENHOT),
                users.insured(users.person(ERENHOT)), users.employer(TestUsers.uscc(ERENHOT)), users.hospital("H1"));
        for (LiangxianUser u : refused) {
            String token = bearer(u);
            for (String path : reads) {
                Http.Response r = http().get(path, "Authorization", token);
                assertThat(r.status()).as(u.role() + " " + path).isEqualTo(403);
                assertThat(r.contentType()).contains("application/problem+json");
            }
        }
        // another region's finance and supervisors: the fund does not exist for them
        for (Role role : new Role[] { Role.FINANCE, Role.SUPERVISOR }) {
            String token = bearer(users.staff(role, GUANGZHOU));
            for (String path : reads) {
                assertThat(http().get(path, "Authorization", token).status()).as(role + " " + path).isEqualTo(404);
            }
            // nor is an Erenhot entry found under their own region
            assertThat(http().get("/api/v1/fund/" + GUANGZHOU + "/entries/" + e.id(), "Authorization", token)
                    .status()).isEqualTo(404);
        }
        assertThat(http().get(base + "/accounts").status()).isEqualTo(401);
    }

    @Test
    void entriesAndTheTrialBalanceReadBackWhatWasPosted() {
        JournalEntry e = posted(ERENHOT, "1234.56");
        String token = bearer(users.staff(Role.FINANCE, ERENHOT));
        String base = "/api/v1/fund/" + ERENHOT;

        JsonNode one = http().get(base + "/entries/" + e.id(), "Authorization", token).json();
        assertThat(one.get("entryNo").asString()).isEqualTo(e.entryNo()).startsWith(ERENHOT + "-");
        assertThat(one.get("accountingDate").asString()).isEqualTo("2024-06-10");
        assertThat(one.get("sourceType").asString()).isEqualTo("SETTLEMENT");
        assertThat(one.get("legs")).hasSize(2);
        assertThat(one.get("legs").get(0).get("amount").decimalValue()).isEqualByComparingTo("1234.56");
        assertThat(one.get("legs").get(0).get("side").asString()).isEqualTo("DEBIT");

        JsonNode list = http().get(base + "/entries?from=2024-06-10&to=2024-06-10&book=POOLED", "Authorization", token)
                .json();
        assertThat(list.valueStream().map(n -> n.get("id").asLong())).contains(e.id());

        JsonNode tb = http().get(base + "/trial-balance?book=POOLED&period=2024-06", "Authorization", token).json();
        assertThat(tb.get("period").asString()).isEqualTo("2024-06");
        JsonNode totals = tb.get("totals");
        assertThat(totals.get("debit").decimalValue()).isEqualByComparingTo(totals.get("credit").decimalValue());
        assertThat(totals.get("closingDebit").decimalValue())
                .isEqualByComparingTo(totals.get("closingCredit").decimalValue());
        JsonNode maternity = tb.get("lines").valueStream().filter(l -> l.get("code").asString().equals("50010102"))
                .findFirst().orElseThrow();
        assertThat(maternity.get("parentCode").asString()).isEqualTo("500101");
        assertThat(maternity.get("postable").asBoolean()).isFalse();
        assertThat(maternity.get("debit").decimalValue()).isGreaterThanOrEqualTo(new java.math.BigDecimal("1234.56"));

        Http.Response badPeriod = http().get(base + "/trial-balance?book=POOLED&period=2024-13", "Authorization", token);
        assertThat(badPeriod.status()).isEqualTo(400);
        assertThat(badPeriod.json().get("code").asString()).isEqualTo("PERIOD_INVALID");
        assertThat(badPeriod.json().get("message_zh").asString()).contains("2024-13");
        assertThat(http().get(base + "/trial-balance?book=NOPE&period=202406", "Authorization", token).json()
                .get("code").asString()).isEqualTo("FUND_UNKNOWN_BOOK");
        assertThat(http().get(base + "/entries?from=2024-06-30&to=2024-06-01", "Authorization", token).json()
                .get("code").asString()).isEqualTo("FUND_DATE_RANGE_INVALID");
        assertThat(http().get(base + "/entries?to=2024-06-01", "Authorization", token).status()).isEqualTo(400);
        assertThat(http().get(base + "/entries/abc", "Authorization", token).status()).isEqualTo(404);
    }

    @Test
    void theSeedRegionsCarryTheStandardChartWithTheMaternityItemUnderThePooledFundsBenefits() {
        String token = bearer(users.staff(Role.SUPERVISOR, CHONGQING));
        JsonNode accounts = http().get("/api/v1/fund/" + CHONGQING + "/accounts?book=POOLED", "Authorization", token)
                .json();
        assertThat(accounts.valueStream().map(a -> a.get("code").asString() + " " + a.get("nameZh").asString()))
                .contains("500101 统筹基金待遇支出", "50010102 生育待遇支出", "5001010201 生育医疗费用支出",
                        "5001010202 生育津贴支出", "400601 原生育保险基金并入收入", "1003 财政专户存款", "2201 应付定点医疗机构款",
                        "2202 应付生育津贴", "3001 统筹基金结余", "400103 灵活就业人员缴费收入");
        JsonNode books = http().get("/api/v1/fund/" + CHONGQING + "/books", "Authorization", token).json();
        assertThat(books.valueStream().map(b -> b.get("code").asString())).contains("POOLED", "PERSONAL", "MATERNITY",
                "MATERNITY-500103", "MATERNITY-500243");
        JsonNode district = books.valueStream().filter(b -> b.get("code").asString().equals("MATERNITY-500103"))
                .findFirst().orElseThrow();
        assertThat(district.get("districtCode").asString()).isEqualTo("500103");
        assertThat(district.get("fund").asString()).isEqualTo("MATERNITY_LEGACY");
        assertThat(district.get("nameZh").asString()).contains("渝中区");
        JsonNode legacy = http().get("/api/v1/fund/" + CHONGQING + "/accounts?book=MATERNITY-500103", "Authorization",
                token).json();
        assertThat(legacy.valueStream().map(a -> a.get("code").asString())).contains("50010301", "50010302", "500201")
                .doesNotContain("400601", "50010101", "400102");
    }

    @Test
    void onlyFinanceClosesMonthsAndASecondCloseIsAProblem() {
        String region = "320400";
        // the next month this region may close: after its last close, else before anything another test posted
        YearMonth month = postings.firstOpenMonth(region).orElseGet(() -> {
            LocalDate earliest = jdbc.sql("select min(accounting_date) from fund_entry where region_code = ?")
                    .param(region).query(LocalDate.class).optional().orElse(null);
            YearMonth floor = YearMonth.of(2000, 1);
            return earliest != null && YearMonth.from(earliest).isBefore(floor) ? YearMonth.from(earliest) : floor;
        });
        String path = "/api/v1/fund/" + region + "/periods/" + month.format(JdbcPostings.PERIOD) + "/close";
        assertThat(http().send("POST", path, "Authorization", bearer(users.staff(Role.SUPERVISOR, region))).status())
                .isEqualTo(403);
        assertThat(http().send("POST", path, "Authorization", bearer(users.clerk(region))).status()).isEqualTo(403);
        assertThat(http().send("POST", path, "Authorization", bearer(users.staff(Role.FINANCE, GUANGZHOU))).status())
                .isEqualTo(404);

        String finance = bearer(users.staff(Role.FINANCE, region));
        Http.Response closed = http().send("POST", path, "Authorization", finance);
        assertThat(closed.status()).as(closed.body()).isEqualTo(200);
        assertThat(closed.json().get("period").asString()).isEqualTo(month.toString());
        Http.Response again = http().send("POST", path, "Authorization", finance);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).contains("application/problem+json");
        assertThat(again.json().get("code").asString()).isEqualTo("PERIOD_ALREADY_CLOSED");
        assertThat(again.json().get("message_zh").asString()).contains("已结账");
        assertThat(again.json().get("message_en").asString()).contains("already closed");
        // a late item for that month goes into the next one
        JournalEntry late = postings.post(new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT,
                "LATE-" + UUID.randomUUID(), month.atDay(15), month.atDay(15), "迟到结算",
                List.of(PostingLine.debit("50010101", "1.00"), PostingLine.credit("2201", "1.00"))));
        assertThat(late.accountingDate()).isEqualTo(month.plusMonths(1).atDay(1));
    }

    @Test
    void aReversalWaitsForAnApproverAndIsWrittenWhenApproved() {
        JournalEntry e = posted(ERENHOT, "880.00");
        LiangxianUser financeUser = users.staff(Role.FINANCE, ERENHOT);
        String finance = bearer(financeUser);
        String path = "/api/v1/fund/" + ERENHOT + "/entries/" + e.id() + "/reverse";

        assertThat(http().postJson(path, "{\"reason\":\"重复结算\"}", "Authorization",
                bearer(users.staff(Role.SUPERVISOR, ERENHOT))).status()).isEqualTo(403);
        Http.Response noReason = http().postJson(path, "{\"date\":\"2024-06-30\"}", "Authorization", finance);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("code").asString()).isEqualTo("FUND_REASON_REQUIRED");

        Http.Response asked = http().postJson(path, "{\"reason\":\"重复结算\",\"date\":\"2024-06-30\"}",
                "Authorization", finance);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(asked.json().get("status").asString()).isEqualTo("PENDING");
        long approvalId = asked.json().get("approvalId").asLong();
        assertThat(postings.find(ERENHOT, e.id()).orElseThrow().reversedByEntryId()).isNull();

        ApprovalRequest request = fourEyes.visible(users.staff(Role.AGENCY_APPROVER, ERENHOT), approvalId);
        assertThat(request.kind()).isEqualTo("reversal");
        assertThat(request.amount()).isEqualByComparingTo("880.00");
        assertThat(request.subject()).contains(e.entryNo());
        fourEyes.approve(users.staff(Role.AGENCY_APPROVER, ERENHOT), approvalId, "核实为重复结算");

        JournalEntry original = postings.find(ERENHOT, e.id()).orElseThrow();
        assertThat(original.reversedByEntryId()).isNotNull();
        JournalEntry reversal = postings.find(ERENHOT, original.reversedByEntryId()).orElseThrow();
        assertThat(reversal.reversesEntryId()).isEqualTo(e.id());
        assertThat(reversal.approvalId()).isEqualTo(approvalId);
        assertThat(reversal.createdBy()).isEqualTo(financeUser.getUsername());
        assertThat(reversal.accountingDate()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(reversal.total()).isEqualByComparingTo("880.00");

        Http.Response twice = http().postJson(path, "{\"reason\":\"再次\",\"date\":\"2024-06-30\"}", "Authorization",
                finance);
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("code").asString()).isEqualTo("ENTRY_ALREADY_REVERSED");

        // a second pending request for an entry reversed meanwhile cannot be approved
        JournalEntry other = posted(ERENHOT, "10.00");
        String otherPath = "/api/v1/fund/" + ERENHOT + "/entries/" + other.id() + "/reverse";
        long first = http().postJson(otherPath, "{\"reason\":\"a\",\"date\":\"2024-06-30\"}", "Authorization", finance)
                .json().get("approvalId").asLong();
        long second = http().postJson(otherPath, "{\"reason\":\"b\",\"date\":\"2024-06-30\"}", "Authorization", finance)
                .json().get("approvalId").asLong();
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, ERENHOT);
        fourEyes.approve(approver, first, "同意");
        assertThat(PostingsTests.code(() -> fourEyes.approve(approver, second, "同意")))
                .isEqualTo("ENTRY_ALREADY_REVERSED");
        assertThat(fourEyes.visible(approver, second).status()).isEqualTo(ApprovalRequest.Status.PENDING);
    }
}
