package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/** Month close: in order, no gaps, only ended months, finance only; closed months refuse entries, late items move. */
class MonthCloseTests {

    final LedgerDatabase db = LedgerDatabase.get();
    final JdbcPostings postings = db.postings;
    final FundLedger ledger = db.ledger();

    static String code(Runnable r) {
        return PostingsTests.code(r);
    }

    @Test
    void monthsCloseInOrderWithoutGapsFromTheEarliestMonthWithEntries() {
        String region = db.newRegion();
        LiangxianUser finance = LedgerDatabase.user(Role.FINANCE, region);
        postings.post(LedgerDatabase.benefit(region, "A", LocalDate.of(2023, 11, 20), "10.00"));
        postings.post(LedgerDatabase.benefit(region, "B", LocalDate.of(2024, 2, 3), "10.00"));

        ApiException gap = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> ledger.closeMonth(finance, region, "202312"));
        assertThat(gap.code()).isEqualTo("PERIOD_CLOSE_OUT_OF_ORDER");
        assertThat(gap.args()).containsExactly("2023-12", "2023-11");

        FundLedger.PeriodClose nov = ledger.closeMonth(finance, region, "2023-11");
        assertThat(nov.period()).isEqualTo(YearMonth.of(2023, 11));
        assertThat(nov.entries()).isEqualTo(1);
        assertThat(nov.closedBy()).isEqualTo(finance.getUsername());
        assertThat(code(() -> ledger.closeMonth(finance, region, "202311"))).isEqualTo("PERIOD_ALREADY_CLOSED");
        assertThat(code(() -> ledger.closeMonth(finance, region, "202310"))).isEqualTo("PERIOD_ALREADY_CLOSED");
        assertThat(code(() -> ledger.closeMonth(finance, region, "202401"))).isEqualTo("PERIOD_CLOSE_OUT_OF_ORDER");
        assertThat(ledger.closeMonth(finance, region, "202312").entries()).isZero();
        assertThat(ledger.closeMonth(finance, region, "202401").entries()).isZero();
        assertThat(postings.firstOpenMonth(region)).contains(YearMonth.of(2024, 2));
        assertThat(code(() -> ledger.closeMonth(finance, region, "2024-13"))).isEqualTo("PERIOD_INVALID");
    }

    @Test
    void aRegionWithoutEntriesMayStartClosingAtAnyEndedMonthButNotTheCurrentOne() {
        String region = db.newRegion();
        LiangxianUser finance = LedgerDatabase.user(Role.FINANCE, region);
        YearMonth now = YearMonth.now(FundLedger.ZONE);
        assertThat(code(() -> ledger.closeMonth(finance, region, now.toString()))).isEqualTo("PERIOD_NOT_ENDED");
        assertThat(code(() -> ledger.closeMonth(finance, region, now.plusMonths(1).toString())))
                .isEqualTo("PERIOD_NOT_ENDED");
        assertThat(ledger.closeMonth(finance, region, now.minusMonths(1).toString()).period())
                .isEqualTo(now.minusMonths(1));
        // every month before the first close is closed as well
        assertThat(postings.post(LedgerDatabase.benefit(region, "OLD", LocalDate.of(2001, 1, 1), "1.00"))
                .accountingDate()).isEqualTo(now.atDay(1));
    }

    @Test
    void onlyFinanceOfTheRegionClosesItsMonths() {
        String region = db.newRegion();
        String month = YearMonth.now(FundLedger.ZONE).minusMonths(1).toString();
        for (Role r : new Role[] { Role.SUPERVISOR, Role.AGENCY_CLERK, Role.AGENCY_APPROVER, Role.SYSTEM_ADMIN }) {
            assertThat(code(() -> ledger.closeMonth(LedgerDatabase.user(r, region), region, month))).as(r.name())
                    .isEqualTo("FORBIDDEN");
        }
        assertThat(code(() -> ledger.closeMonth(LedgerDatabase.user(Role.FINANCE, db.newRegion()), region, month)))
                .isEqualTo("NOT_FOUND");
        assertThat(postings.firstOpenMonth(region)).isEmpty();
    }

    @Test
    void lateItemsGoIntoTheFirstOpenMonthAndKeepTheirDates() {
        String region = db.newRegion();
        LiangxianUser finance = LedgerDatabase.user(Role.FINANCE, region);
        postings.post(LedgerDatabase.benefit(region, "JAN", LocalDate.of(2024, 1, 10), "100.00"));
        ledger.closeMonth(finance, region, "202401");
        ledger.closeMonth(finance, region, "202402");

        LocalDate asked = LocalDate.of(2024, 1, 31);
        PostingRequest lateRequest = new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT, "LATE", asked,
                LocalDate.of(2024, 1, 28), "一月份结算（迟到）",
                List.of(PostingLine.debit("5001010201", "40.00"), PostingLine.credit("2201", "40.00")));
        JournalEntry late = postings.post(lateRequest);
        assertThat(late.accountingDate()).isEqualTo(LocalDate.of(2024, 3, 1));
        assertThat(late.requestedDate()).isEqualTo(asked);
        assertThat(late.businessDate()).isEqualTo(LocalDate.of(2024, 1, 28));
        assertThat(late.late()).isTrue();
        // a repeat of the late item is the same content and returns the first entry
        assertThat(postings.post(lateRequest).id()).isEqualTo(late.id());

        TrialBalance jan = postings.trialBalance(region, Book.POOLED, YearMonth.of(2024, 1));
        TrialBalance mar = postings.trialBalance(region, Book.POOLED, YearMonth.of(2024, 3));
        assertThat(jan.periodClosed()).isTrue();
        assertThat(mar.periodClosed()).isFalse();
        assertThat(line(jan, "2201").credit()).isEqualByComparingTo("100.00");
        assertThat(line(mar, "2201").openingCredit()).isEqualByComparingTo("100.00");
        assertThat(line(mar, "2201").credit()).isEqualByComparingTo("40.00");
        assertThat(line(mar, "2201").closingCredit()).isEqualByComparingTo("140.00");
        assertThat(line(mar, "50010102").debit()).isEqualByComparingTo("40.00");
        // a reversal asked for in a closed month goes to the open month too
        JournalEntry reversal = postings.reverse(region, late.id(), "重复", LocalDate.of(2024, 2, 1));
        assertThat(reversal.accountingDate()).isEqualTo(LocalDate.of(2024, 3, 1));
    }

    static TrialBalance.Line line(TrialBalance t, String code) {
        return t.lines().stream().filter(l -> l.code().equals(code)).findFirst().orElseThrow();
    }

    @Test
    void aClosedMonthRefusesEntriesEvenByPlainSql() throws SQLException {
        String region = db.newRegion();
        LiangxianUser finance = LedgerDatabase.user(Role.FINANCE, region);
        ledger.closeMonth(finance, region, "202305");
        try (Connection c = db.dataSource.getConnection()) {
            c.setAutoCommit(false);
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> PostingsTests.insertEntry(c, region, Book.POOLED, "SQL", LocalDate.of(2023, 5, 31)))
                    .hasMessageContaining("period 2023-05 of region " + region + " is closed");
            c.rollback();
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> PostingsTests.insertEntry(c, region, Book.POOLED, "SQL", LocalDate.of(2022, 1, 1)))
                    .hasMessageContaining("is closed");
            c.rollback();
            c.setAutoCommit(true);
        }
        // and a close cannot be undone
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.jdbc.sql(
                "delete from fund_period_close where region_code = ?").param(region).update())
                .hasMessageContaining("append-only");
    }

    @Test
    void aCloseWaitsForAPostingInFlightAndLaterPostingsSeeIt() throws Exception {
        String region = db.newRegion();
        LiangxianUser finance = LedgerDatabase.user(Role.FINANCE, region);
        YearMonth month = YearMonth.now(FundLedger.ZONE).minusMonths(1);
        java.util.concurrent.CountDownLatch posted = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<JournalEntry> inFlight = CompletableFuture.supplyAsync(() -> postings.transactions()
                .execute(s -> {
                    JournalEntry e = postings.post(LedgerDatabase.benefit(region, "IN-FLIGHT", month.atDay(5), "1.00"));
                    posted.countDown();
                    await(release);
                    return e;
                }));
        posted.await(10, TimeUnit.SECONDS);
        CompletableFuture<FundLedger.PeriodClose> close = CompletableFuture.supplyAsync(
                () -> db.ledger().closeMonth(finance, region, month.toString()));
        Thread.sleep(300);
        assertThat(close).isNotDone();
        release.countDown();
        assertThat(inFlight.get(10, TimeUnit.SECONDS).accountingDate()).isEqualTo(month.atDay(5));
        assertThat(close.get(10, TimeUnit.SECONDS).entries()).isEqualTo(1);
        assertThat(postings.post(LedgerDatabase.benefit(region, "AFTER", month.atDay(6), "1.00")).accountingDate())
                .isEqualTo(month.plusMonths(1).atDay(1));
    }

    static void await(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
