package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import cn.liangxian.web.ApiException;

/**
 * Properties of the ledger over random postings and reversals, each try in a region of its own: every account's
 * balance is the sum of what was posted to it, the trial balance sums to zero, reversing a reversal restores the
 * balances, and the database refuses unbalanced entries even when they bypass Java.
 */
class LedgerPropertiesTests {

    /** The postable accounts of the pooled fund the generator posts to. */
    static final List<String> ACCOUNTS = List.of("1002", "1003", "110101", "2101", "2201", "2202", "3001", "400101",
            "400102", "400103", "4002", "4004", "400601", "50010101", "5001010201", "5001010202", "5009");
    static final LocalDate FIRST = LocalDate.of(2024, 1, 1);

    final LedgerDatabase db = LedgerDatabase.get();
    final JdbcPostings postings = db.postings;

    /** One random posting: debits, and credits that split the same total differently. */
    record Posting(List<PostingLine> lines, int day) {
    }

    /** A step of a scenario: post, or reverse the n-th entry written so far (modulo their number). */
    record Step(Posting posting, Integer reverse) {
    }

    @Provide
    Arbitrary<Posting> postings() {
        Arbitrary<BigDecimal> cents = Arbitraries.longs().between(1, 5_000_000_00L).map(c -> BigDecimal.valueOf(c, 2));
        Arbitrary<String> account = Arbitraries.of(ACCOUNTS);
        return Combinators.combine(cents.list().ofMinSize(1).ofMaxSize(3), Arbitraries.integers().between(1, 3),
                account.list().ofSize(6), Arbitraries.longs().between(0, Long.MAX_VALUE),
                Arbitraries.integers().between(0, 180)).as((debits, creditCount, accounts, seed, day) -> {
                    BigDecimal total = debits.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                    long totalCents = total.movePointRight(2).longValueExact();
                    int parts = (int) Math.min(creditCount, totalCents);
                    // split the total into `parts` positive amounts, deterministically from the seed
                    java.util.Random r = new java.util.Random(seed);
                    java.util.TreeSet<Long> cuts = new java.util.TreeSet<>();
                    while (cuts.size() < parts - 1) {
                        cuts.add(1 + (long) (r.nextDouble() * (totalCents - 1)));
                    }
                    List<PostingLine> lines = new ArrayList<>();
                    int a = 0;
                    for (BigDecimal d : debits) {
                        lines.add(PostingLine.debit(accounts.get(a++), d));
                    }
                    long previous = 0;
                    for (long cut : cuts) {
                        lines.add(PostingLine.credit(accounts.get(a++), BigDecimal.valueOf(cut - previous, 2)));
                        previous = cut;
                    }
                    lines.add(PostingLine.credit(accounts.get(a), BigDecimal.valueOf(totalCents - previous, 2)));
                    return new Posting(lines, day);
                });
    }

    @Provide
    Arbitrary<List<Step>> scenarios() {
        Arbitrary<Step> post = postings().map(p -> new Step(p, null));
        Arbitrary<Step> reverse = Arbitraries.integers().between(0, 1000).map(n -> new Step(null, n));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, post), net.jqwik.api.Tuple.of(1, reverse)).list()
                .ofMinSize(1).ofMaxSize(14);
    }

    static PostingRequest request(String region, String source, Posting p) {
        LocalDate d = FIRST.plusDays(p.day());
        return new PostingRequest(region, Book.POOLED, SourceType.FUND_TRANSACTION, source, d, d, "随机 " + source,
                p.lines());
    }

    static void apply(Map<String, BigDecimal> model, List<? extends Object> legs) {
        for (Object o : legs) {
            String account;
            Side side;
            BigDecimal amount;
            if (o instanceof PostingLine l) {
                account = l.accountCode();
                side = l.side();
                amount = l.amount();
            } else {
                JournalEntry.Leg l = (JournalEntry.Leg) o;
                account = l.accountCode();
                side = l.side();
                amount = l.amount();
            }
            model.merge(account, side == Side.DEBIT ? amount : amount.negate(), BigDecimal::add);
        }
    }

    /** Debits minus credits of every account of the region's pooled fund, as the ledger reports them. */
    Map<String, BigDecimal> ledgerNet(String region, LocalDate asOf) {
        Map<String, BigDecimal> net = new HashMap<>();
        for (String a : ACCOUNTS) {
            Account account = postings.chart().account(region, Book.POOLED, a).orElseThrow();
            BigDecimal b = postings.balance(region, Book.POOLED, a, asOf);
            net.put(a, account.normalSide() == Side.DEBIT ? b : b.negate());
        }
        return net;
    }

    static Map<String, BigDecimal> complete(Map<String, BigDecimal> model) {
        Map<String, BigDecimal> m = new HashMap<>();
        for (String a : ACCOUNTS) {
            m.put(a, model.getOrDefault(a, BigDecimal.ZERO).setScale(2));
        }
        return m;
    }

    @Property(tries = 25, shrinking = ShrinkingMode.OFF)
    void everyAccountHoldsWhatWasPostedToItAndTheTrialBalanceSumsToZero(
            @ForAll("scenarios") List<Step> steps) {
        String region = db.newRegion();
        Map<String, BigDecimal> model = new HashMap<>();
        List<JournalEntry> written = new ArrayList<>();
        int n = 0;
        for (Step s : steps) {
            if (s.posting() != null) {
                JournalEntry e = postings.post(request(region, "P" + n++, s.posting()));
                apply(model, s.posting().lines());
                written.add(e);
            } else if (!written.isEmpty()) {
                JournalEntry target = postings.find(region, written.get(s.reverse() % written.size()).id())
                        .orElseThrow();
                if (target.reversedByEntryId() == null) {
                    JournalEntry r = postings.reverse(region, target.id(), "随机冲销", FIRST.plusDays(200));
                    apply(model, r.legs());
                    written.add(r);
                } else {
                    assertThat(PostingsTests.code(() -> postings.reverse(region, target.id(), "再冲", FIRST)))
                            .isEqualTo("ENTRY_ALREADY_REVERSED");
                }
            }
        }
        LocalDate end = FIRST.plusDays(400);
        assertThat(ledgerNet(region, end)).isEqualTo(complete(model));
        assertThat(db.unbalancedEntries(region)).isZero();
        BigDecimal sum = BigDecimal.ZERO;
        for (int m = 0; m < 8; m++) {
            TrialBalance t = postings.trialBalance(region, Book.POOLED, YearMonth.from(FIRST).plusMonths(m));
            assertThat(t.totals().balanced()).isTrue();
            for (TrialBalance.Line l : t.lines()) {
                if (l.postable() && m == 7) {
                    sum = sum.add(l.closingDebit()).subtract(l.closingCredit());
                }
            }
        }
        assertThat(sum).isEqualByComparingTo("0");
    }

    @Property(tries = 20, shrinking = ShrinkingMode.OFF)
    void reversingAReversalRestoresTheBalances(@ForAll @Size(min = 1, max = 6) List<@From("postings") Posting> ps,
            @ForAll @IntRange(min = 0, max = 5) int pick) {
        String region = db.newRegion();
        List<JournalEntry> written = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            written.add(postings.post(request(region, "R" + i, ps.get(i))));
        }
        LocalDate end = FIRST.plusDays(400);
        Map<String, BigDecimal> before = ledgerNet(region, end);
        JournalEntry target = written.get(pick % written.size());

        JournalEntry reversal = postings.reverse(region, target.id(), "冲销", FIRST.plusDays(300));
        Map<String, BigDecimal> reversed = ledgerNet(region, end);
        Map<String, BigDecimal> expected = new HashMap<>(before);
        for (JournalEntry.Leg l : target.legs()) {
            expected.merge(l.accountCode(), l.side() == Side.DEBIT ? l.amount().negate() : l.amount(), BigDecimal::add);
        }
        assertThat(reversed).isEqualTo(complete(expected));

        postings.reverse(region, reversal.id(), "冲销有误", FIRST.plusDays(301));
        assertThat(ledgerNet(region, end)).isEqualTo(before);
        assertThat(PostingsTests.code(() -> postings.reverse(region, target.id(), "x", FIRST)))
                .isEqualTo("ENTRY_ALREADY_REVERSED");
        assertThat(PostingsTests.code(() -> postings.reverse(region, reversal.id(), "x", FIRST)))
                .isEqualTo("ENTRY_ALREADY_REVERSED");
    }

    @Property(tries = 25, shrinking = ShrinkingMode.OFF)
    void unbalancedEntriesAreRefusedByJavaAndByTheDatabase(@ForAll("postings") Posting p,
            @ForAll @IntRange(min = 1, max = 99_999) int offCents, @ForAll boolean raise) throws SQLException {
        String region = db.newRegion();
        // push one leg off by a few cents (up or down, never to zero or below)
        List<PostingLine> lines = new ArrayList<>(p.lines());
        int i = lines.size() - 1;
        PostingLine last = lines.get(i);
        BigDecimal off = BigDecimal.valueOf(offCents, 2);
        BigDecimal amount = raise || last.amount().compareTo(off) <= 0 ? last.amount().add(off)
                : last.amount().subtract(off);
        lines.set(i, new PostingLine(last.accountCode(), last.side(), amount));
        Posting unbalanced = new Posting(lines, p.day());

        ApiException refused = org.junit.jupiter.api.Assertions.assertThrows(ApiException.class,
                () -> postings.post(request(region, "U", unbalanced)));
        assertThat(refused.code()).isEqualTo("POSTING_UNBALANCED");

        String error = insertByPlainSql(region, unbalanced);
        assertThat(error).contains("does not balance");
        assertThat(db.jdbc.sql("select count(*) from fund_entry where region_code = ?").param(region)
                .query(Long.class).single()).isZero();
        // the balanced original goes in, by either way
        assertThat(insertByPlainSql(region, p)).isNull();
        postings.post(request(region, "B", p));
        assertThat(db.unbalancedEntries(region)).isZero();
    }

    /** Inserts an entry and its legs by plain JDBC, bypassing the ledger; answers the error, or null. */
    String insertByPlainSql(String region, Posting p) throws SQLException {
        try (Connection c = db.dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long id = PostingsTests.insertEntry(c, region, Book.POOLED, "SQL-" + System.nanoTime(),
                        FIRST.plusDays(p.day()));
                int line = 0;
                for (PostingLine l : p.lines()) {
                    PostingsTests.insertLeg(c, region, id, ++line, l.accountCode(), l.side().name(),
                            l.amount().toPlainString());
                }
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
}
