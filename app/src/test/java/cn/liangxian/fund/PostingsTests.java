package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import cn.liangxian.web.ApiException;

/**
 * The posting API and what the database itself guarantees: balanced entries, consecutive numbers per region,
 * idempotency on the source, reversals, append-only tables. Each test works in a region of its own.
 */
class PostingsTests {

    static final LocalDate D = LocalDate.of(2024, 3, 15);

    final LedgerDatabase db = LedgerDatabase.get();
    final JdbcPostings postings = db.postings;

    static PostingRequest request(String region, String source, List<PostingLine> lines) {
        return new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT, source, D, D, "结算 " + source, lines);
    }

    static String code(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.code();
        }
        throw new AssertionError("no refusal");
    }

    long entries(String region) {
        return db.jdbc.sql("select count(*) from fund_entry where region_code = ?").param(region).query(Long.class)
                .single();
    }

    @Test
    void aBalancedPostingGetsTheNextNumberOfItsRegionAndIsReadBackWithItsLegs() {
        String region = db.newRegion();
        JournalEntry first = postings.post(new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT, "S-1", D,
                D.minusDays(3), "住院结算", List.of(PostingLine.debit("50010101", "800.00"),
                        PostingLine.debit("5001010201", "1200.5"), PostingLine.credit("2201", "2000.50"))));
        JournalEntry second = postings.post(LedgerDatabase.benefit(region, "S-2", D, "10.00"));

        assertThat(first.entryNo()).isEqualTo(region + "-0000000001");
        assertThat(second.entryNo()).isEqualTo(region + "-0000000002");
        assertThat(first.total()).isEqualByComparingTo("2000.50");
        assertThat(first.late()).isFalse();
        JournalEntry read = postings.find(region, first.id()).orElseThrow();
        assertThat(read.legs()).extracting(JournalEntry.Leg::accountCode, JournalEntry.Leg::side,
                JournalEntry.Leg::amount).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("50010101", Side.DEBIT, new BigDecimal("800.00")),
                        org.assertj.core.groups.Tuple.tuple("5001010201", Side.DEBIT, new BigDecimal("1200.50")),
                        org.assertj.core.groups.Tuple.tuple("2201", Side.CREDIT, new BigDecimal("2000.50")));
        assertThat(read.businessDate()).isEqualTo(D.minusDays(3));
        assertThat(read.accountingDate()).isEqualTo(D);
        assertThat(read.sourceType()).isEqualTo(SourceType.SETTLEMENT);
        assertThat(read.createdBy()).isEqualTo("system");
        assertThat(postings.findBySource(region, SourceType.SETTLEMENT, "S-2")).map(JournalEntry::id)
                .contains(second.id());
        // the maternity item counts in the pooled fund's benefit expenditure and in its own line
        assertThat(postings.balance(region, Book.POOLED, "500101", D)).isEqualByComparingTo("2010.50");
        assertThat(postings.balance(region, Book.POOLED, "50010102", D)).isEqualByComparingTo("1200.50");
        assertThat(postings.balance(region, Book.POOLED, "2201", D)).isEqualByComparingTo("2010.50");
        assertThat(postings.balance(region, Book.POOLED, "2201", D.minusDays(1))).isEqualByComparingTo("0");
    }

    @Test
    void regionsNumberTheirEntriesIndependently() {
        String a = db.newRegion();
        String b = db.newRegion();
        postings.post(LedgerDatabase.benefit(a, "X", D, "1.00"));
        postings.post(LedgerDatabase.benefit(a, "Y", D, "1.00"));
        assertThat(postings.post(LedgerDatabase.benefit(b, "X", D, "1.00")).entryNo()).isEqualTo(b + "-0000000001");
    }

    @Test
    void aRepeatWithTheSameContentReturnsTheFirstEntryAndWritesNothing() {
        String region = db.newRegion();
        List<Object> events = new ArrayList<>();
        JdbcPostings withEvents = db.postings(events::add);
        JournalEntry first = withEvents.post(LedgerDatabase.benefit(region, "PAY-7", D, "99.90"));
        // the same legs in another order are the same content
        JournalEntry again = withEvents.post(new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT, "PAY-7", D,
                D, "结算 PAY-7", List.of(PostingLine.credit("2201", "99.9"), PostingLine.debit("50010101", "99.90"))));

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.entryNo()).isEqualTo(first.entryNo());
        assertThat(entries(region)).isEqualTo(1);
        assertThat(events).hasSize(1).first().isInstanceOfSatisfying(EntryPosted.class, e -> {
            assertThat(e.entryId()).isEqualTo(first.id());
            assertThat(e.sourceId()).isEqualTo("PAY-7");
            assertThat(e.total()).isEqualByComparingTo("99.90");
        });
        // the next new entry still gets the next number: a repeat consumes none
        assertThat(postings.post(LedgerDatabase.benefit(region, "PAY-8", D, "1.00")).entryNo())
                .isEqualTo(region + "-0000000002");
    }

    @Test
    void aRepeatWithOtherContentIsRefusedAsAConflictAndWritesNothing() {
        String region = db.newRegion();
        postings.post(LedgerDatabase.benefit(region, "PAY-9", D, "99.90"));
        ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> postings.post(LedgerDatabase.benefit(region, "PAY-9", D, "99.91")));
        assertThat(e.code()).isEqualTo("POSTING_SOURCE_CONFLICT");
        assertThat(e.status().value()).isEqualTo(409);
        assertThat(e.args()).contains(region + "-0000000001");
        assertThat(code(() -> postings.post(LedgerDatabase.benefit(region, "PAY-9", D.plusDays(1), "99.90"))))
                .isEqualTo("POSTING_SOURCE_CONFLICT");
        // the same source id under another source type is another source
        postings.post(new PostingRequest(region, Book.POOLED, SourceType.ALLOWANCE_BATCH, "PAY-9", D, D, "津贴",
                List.of(PostingLine.debit("5001010202", "5.00"), PostingLine.credit("2202", "5.00"))));
        assertThat(entries(region)).isEqualTo(2);
    }

    @Test
    void unbalancedOrMalformedPostingsAreRefusedWithAStableCodeAndWriteNothing() {
        String region = db.newRegion();
        assertThat(code(() -> postings.post(request(region, "U1", List.of(PostingLine.debit("50010101", "100.00"),
                PostingLine.credit("2201", "99.99")))))).isEqualTo("POSTING_UNBALANCED");
        assertThat(code(() -> postings.post(request(region, "U2", List.of(PostingLine.debit("50010101", "100.00"))))))
                .isEqualTo("POSTING_TOO_FEW_LINES");
        assertThat(code(() -> postings.post(request(region, "U3", List.of())))).isEqualTo("POSTING_TOO_FEW_LINES");
        assertThat(code(() -> postings.post(request(region, "U4", null)))).isEqualTo("POSTING_INCOMPLETE");
        assertThat(code(() -> postings.post(new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT, " ", D, D,
                "x", List.of(PostingLine.debit("50010101", "1"), PostingLine.credit("2201", "1"))))))
                .isEqualTo("POSTING_INCOMPLETE");
        assertThat(code(() -> postings.post(new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT, "U5", null,
                D, "x", List.of(PostingLine.debit("50010101", "1"), PostingLine.credit("2201", "1"))))))
                .isEqualTo("POSTING_INCOMPLETE");
        assertThat(entries(region)).isZero();
    }

    @Test
    void amountsArePositiveWithAtMostTwoDecimalsAndAreNeverRounded() {
        String region = db.newRegion();
        for (String bad : new String[] { "0", "0.00", "-5.00", "1.001", "0.005", "1000000000000.00" }) {
            ApiException e = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class, () -> postings.post(
                    request(region, "A" + bad, List.of(PostingLine.debit("50010101", bad),
                            PostingLine.credit("2201", bad)))));
            assertThat(e.code()).as(bad).isEqualTo("POSTING_INVALID_AMOUNT");
        }
        assertThat(entries(region)).isZero();
        // trailing zeros are not decimals
        JournalEntry e = postings.post(request(region, "OK", List.of(PostingLine.debit("50010101", "12.3000"),
                PostingLine.credit("2201", "12.30"))));
        assertThat(e.legs().get(0).amount()).isEqualTo(new BigDecimal("12.30"));
    }

    @Test
    void onlyPostableAccountsOfTheRequestsBookAndRegionAreAccepted() {
        String region = db.newRegion();
        // 生育待遇支出 has details: post to 生育医疗费用支出 or 生育津贴支出
        assertThat(code(() -> postings.post(request(region, "P1", List.of(PostingLine.debit("50010102", "1.00"),
                PostingLine.credit("2201", "1.00")))))).isEqualTo("POSTING_ACCOUNT_NOT_POSTABLE");
        // the legacy maternity fund's benefit accounts are not the pooled fund's
        assertThat(code(() -> postings.post(request(region, "P2", List.of(PostingLine.debit("50010301", "1.00"),
                PostingLine.credit("2201", "1.00")))))).isEqualTo("POSTING_UNKNOWN_ACCOUNT");
        assertThat(code(() -> postings.post(new PostingRequest(region, Book.PERSONAL, SourceType.SETTLEMENT, "P3", D, D,
                "x", List.of(PostingLine.debit("500102", "1.00"), PostingLine.credit("2202", "1.00"))))))
                .isEqualTo("POSTING_UNKNOWN_ACCOUNT");
        assertThat(code(() -> postings.post(new PostingRequest(region, "NOPE", SourceType.SETTLEMENT, "P4", D, D, "x",
                List.of(PostingLine.debit("1002", "1.00"), PostingLine.credit("2201", "1.00"))))))
                .isEqualTo("FUND_UNKNOWN_BOOK");
        assertThat(code(() -> postings.post(LedgerDatabase.benefit("999999", "P5", D, "1.00"))))
                .isEqualTo("UNKNOWN_REGION");
        assertThat(entries(region)).isZero();
        // the legacy fund's own books take its own accounts
        JournalEntry legacy = postings.post(new PostingRequest(region, Book.MATERNITY, SourceType.SETTLEMENT, "P6",
                LocalDate.of(2019, 5, 1), LocalDate.of(2019, 5, 1), "合并前生育医疗费用",
                List.of(PostingLine.debit("50010301", "3000.00"), PostingLine.credit("2201", "3000.00"))));
        assertThat(legacy.bookCode()).isEqualTo(Book.MATERNITY);
    }

    @Test
    void theSourceTypeReversalIsWrittenOnlyByReverse() {
        String region = db.newRegion();
        assertThat(code(() -> postings.post(new PostingRequest(region, Book.POOLED, SourceType.REVERSAL, "R", D, D, "x",
                List.of(PostingLine.debit("50010101", "1"), PostingLine.credit("2201", "1"))))))
                .isEqualTo("POSTING_SOURCE_RESERVED");
    }

    @Test
    void aReversalMirrorsTheEntryPointsAtItAndASecondReversalIsRefused() {
        String region = db.newRegion();
        JournalEntry original = postings.post(request(region, "S", List.of(PostingLine.debit("50010101", "70.00"),
                PostingLine.debit("5001010202", "30.00"), PostingLine.credit("2201", "100.00"))));
        JournalEntry reversal = postings.reverse(region, original.id(), "重复结算", D.plusDays(2));

        assertThat(reversal.reversesEntryId()).isEqualTo(original.id());
        assertThat(reversal.sourceType()).isEqualTo(SourceType.REVERSAL);
        assertThat(reversal.sourceId()).isEqualTo(original.entryNo());
        assertThat(reversal.description()).contains(original.entryNo()).contains("重复结算");
        assertThat(reversal.accountingDate()).isEqualTo(D.plusDays(2));
        assertThat(reversal.legs()).extracting(JournalEntry.Leg::accountCode, JournalEntry.Leg::side,
                JournalEntry.Leg::amount).containsExactly(
                        org.assertj.core.groups.Tuple.tuple("50010101", Side.CREDIT, new BigDecimal("70.00")),
                        org.assertj.core.groups.Tuple.tuple("5001010202", Side.CREDIT, new BigDecimal("30.00")),
                        org.assertj.core.groups.Tuple.tuple("2201", Side.DEBIT, new BigDecimal("100.00")));
        assertThat(postings.find(region, original.id()).orElseThrow().reversedByEntryId()).isEqualTo(reversal.id());
        assertThat(postings.balance(region, Book.POOLED, "2201", D.plusDays(2))).isEqualByComparingTo("0");
        assertThat(postings.balance(region, Book.POOLED, "2201", D.plusDays(1))).isEqualByComparingTo("100.00");

        ApiException twice = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> postings.reverse(region, original.id(), "再次冲销", D.plusDays(3)));
        assertThat(twice.code()).isEqualTo("ENTRY_ALREADY_REVERSED");
        assertThat(twice.status().value()).isEqualTo(409);
        assertThat(code(() -> postings.reverse(region, original.id() + 1000, "不存在", D))).isEqualTo("NOT_FOUND");
        assertThat(code(() -> postings.reverse(db.newRegion(), original.id(), "他区", D))).isEqualTo("NOT_FOUND");
        assertThat(code(() -> postings.reverse(region, original.id(), " ", D))).isEqualTo("FUND_REASON_REQUIRED");

        // reversing the reversal restores the original's effect; the reversal too is reversed only once
        JournalEntry again = postings.reverse(region, reversal.id(), "冲销有误", D.plusDays(4));
        assertThat(again.reversesEntryId()).isEqualTo(reversal.id());
        assertThat(postings.balance(region, Book.POOLED, "2201", D.plusDays(4))).isEqualByComparingTo("100.00");
        assertThat(code(() -> postings.reverse(region, reversal.id(), "又一次", D.plusDays(5))))
                .isEqualTo("ENTRY_ALREADY_REVERSED");
    }

    @Test
    void aClosedLegacyBookAcceptsNothingAfterItsLastDay() throws SQLException {
        String region = db.newRegion();
        LocalDate lastDay = LocalDate.of(2019, 12, 31);
        postings.post(new PostingRequest(region, Book.MATERNITY, SourceType.SETTLEMENT, "M1", lastDay, lastDay, "x",
                List.of(PostingLine.debit("50010301", "10.00"), PostingLine.credit("2201", "10.00"))));
        db.jdbc.sql("update fund_book set closed_on = ? where region_code = ? and code = ?")
                .params(lastDay, region, Book.MATERNITY).update();
        postings.chart().forget(region);
        assertThat(code(() -> postings.post(new PostingRequest(region, Book.MATERNITY, SourceType.SETTLEMENT, "M2",
                lastDay.plusDays(1), lastDay, "x", List.of(PostingLine.debit("50010301", "10.00"),
                        PostingLine.credit("2201", "10.00")))))).isEqualTo("POSTING_BOOK_CLOSED");
        // a book closes once
        assertThatThrownBy(() -> db.jdbc.sql("update fund_book set closed_on = null where region_code = ? and code = ?")
                .params(region, Book.MATERNITY).update()).hasMessageContaining("closes once");
        // and the database refuses it too
        try (Connection c = db.dataSource.getConnection()) {
            c.setAutoCommit(false);
            assertThatThrownBy(() -> insertEntry(c, region, Book.MATERNITY, "SQL-1", lastDay.plusDays(1)))
                    .hasMessageContaining("is closed since 2019-12-31");
            c.rollback();
        }
    }

    // ------------------------------------------------------------------ the database on its own

    static long insertEntry(Connection c, String region, String book, String source, LocalDate date)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into fund_entry (region_code, book_code, entry_no, accounting_date, requested_date, business_date,
                                        source_type, source_id, content_hash, description, created_by)
                values (?, ?, ? || '-SQL-' || ?, ?, ?, ?, 'SETTLEMENT', ?, repeat('0', 64), 'plain SQL', 'test')
                returning id""")) {
            s.setString(1, region);
            s.setString(2, book);
            s.setString(3, region);
            s.setString(4, source);
            s.setObject(5, date);
            s.setObject(6, date);
            s.setObject(7, date);
            s.setString(8, source);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    static void insertLeg(Connection c, String region, long entry, int line, String account, String side, String amount)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                insert into fund_leg (region_code, entry_id, line_no, book_code, account_code, side, amount)
                values (?, ?, ?, 'POOLED', ?, ?, ?)""")) {
            s.setString(1, region);
            s.setLong(2, entry);
            s.setInt(3, line);
            s.setString(4, account);
            s.setString(5, side);
            s.setBigDecimal(6, new BigDecimal(amount));
            s.executeUpdate();
        }
    }

    interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    /** Runs plain SQL in one transaction and answers the error the commit (or a statement) raised, if any. */
    String plainSql(SqlWork work) throws SQLException {
        try (Connection c = db.dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
                return null;
            } catch (SQLException e) {
                c.rollback();
                return e.getMessage();
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    @Test
    void theDatabaseRefusesUnbalancedEntriesAndEntriesWithFewerThanTwoLegsAtCommit() throws SQLException {
        String region = db.newRegion();
        assertThat(plainSql(c -> {
            long id = insertEntry(c, region, Book.POOLED, "DB-1", D);
            insertLeg(c, region, id, 1, "50010101", "DEBIT", "100.00");
            insertLeg(c, region, id, 2, "2201", "CREDIT", "99.99");
        })).contains("does not balance").contains("debits 100.00, credits 99.99");
        assertThat(plainSql(c -> {
            long id = insertEntry(c, region, Book.POOLED, "DB-2", D);
            insertLeg(c, region, id, 1, "50010101", "DEBIT", "100.00");
        })).contains("at least two are required");
        assertThat(plainSql(c -> insertEntry(c, region, Book.POOLED, "DB-3", D))).contains("at least two are required");
        assertThat(plainSql(c -> {
            long id = insertEntry(c, region, Book.POOLED, "DB-4", D);
            insertLeg(c, region, id, 1, "50010102", "DEBIT", "1.00");
            insertLeg(c, region, id, 2, "2201", "CREDIT", "1.00");
        })).contains("non-postable");
        assertThat(entries(region)).isZero();
        // a balanced entry by plain SQL is fine
        assertThat(plainSql(c -> {
            long id = insertEntry(c, region, Book.POOLED, "DB-5", D);
            insertLeg(c, region, id, 1, "50010101", "DEBIT", "1.00");
            insertLeg(c, region, id, 2, "2201", "CREDIT", "0.40");
            insertLeg(c, region, id, 3, "2201", "CREDIT", "0.60");
        })).isNull();
        assertThat(entries(region)).isEqualTo(1);
    }

    @Test
    void aLegAddedToACommittedEntryLaterIsRefused() throws SQLException {
        String region = db.newRegion();
        JournalEntry e = postings.post(LedgerDatabase.benefit(region, "L", D, "5.00"));
        assertThat(plainSql(c -> insertLeg(c, region, e.id(), 3, "50010101", "DEBIT", "1.00")))
                .contains("does not balance");
        // not even after the checks were run early in the same transaction
        assertThat(plainSql(c -> {
            long id = insertEntry(c, region, Book.POOLED, "EARLY", D);
            insertLeg(c, region, id, 1, "50010101", "DEBIT", "1.00");
            insertLeg(c, region, id, 2, "2201", "CREDIT", "1.00");
            try (Statement s = c.createStatement()) {
                s.execute("set constraints all immediate");
                s.execute("set constraints all deferred");
            }
            insertLeg(c, region, id, 3, "2201", "CREDIT", "1.00");
        })).contains("does not balance");
        assertThat(postings.find(region, e.id()).orElseThrow().legs()).hasSize(2);
    }

    @Test
    void entriesAndLegsAreAppendOnly() throws SQLException {
        String region = db.newRegion();
        JournalEntry e = postings.post(LedgerDatabase.benefit(region, "AO", D, "5.00"));
        assertThat(plainSql(c -> c.createStatement().executeUpdate(
                "update fund_entry set description = 'changed' where region_code = '" + region + "'")))
                .contains("fund_entry is append-only");
        assertThat(plainSql(c -> c.createStatement().executeUpdate(
                "update fund_leg set amount = 6 where region_code = '" + region + "'")))
                .contains("fund_leg is append-only");
        assertThat(plainSql(c -> c.createStatement().executeUpdate(
                "delete from fund_leg where region_code = '" + region + "'"))).contains("append-only");
        assertThat(plainSql(c -> c.createStatement().executeUpdate(
                "delete from fund_entry where region_code = '" + region + "'"))).contains("append-only");
        assertThat(plainSql(c -> c.createStatement().execute("truncate fund_leg"))).contains("append-only");
        assertThat(plainSql(c -> c.createStatement().executeUpdate(
                "update fund_account set account_class = 'INCOME' where region_code = '" + region
                        + "' and code = '2201'"))).contains("only its names may change");
        assertThat(postings.find(region, e.id()).orElseThrow().total()).isEqualByComparingTo("5.00");
    }
}
