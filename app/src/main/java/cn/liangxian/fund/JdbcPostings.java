package cn.liangxian.fund;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.liangxian.web.ApiException;

/**
 * The ledger over plain SQL. A posting takes the region's posting lock in shared mode (postings run side by side;
 * a month close takes it exclusively, so it waits for postings in flight and later postings see it), looks for
 * the source (idempotency) and the region's last closed month, then writes the entry (its number from the
 * region's own sequence) and its legs; a concurrent posting of the same source is caught by the unique source
 * key and answered like a repeat. The database checks the balance again at commit, refuses entries in closed
 * months and any update or delete.
 */
@Service
class JdbcPostings implements Postings {

    static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");
    static final DateTimeFormatter PERIOD = DateTimeFormatter.ofPattern("yyyyMM");
    /** The first key of the regions' posting locks (the second is the region code). */
    static final int LOCK_SPACE = 310_510;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final TransactionTemplate readTx;
    private final ChartOfAccounts chart;
    private final ApplicationEventPublisher events;

    JdbcPostings(JdbcClient jdbc, PlatformTransactionManager transactions, ChartOfAccounts chart,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.readTx = new TransactionTemplate(transactions);
        this.readTx.setReadOnly(true);
        this.chart = chart;
        this.events = events;
    }

    /** A ledger over a bare data source, without the application (commands, the crash test's child process). */
    static JdbcPostings standalone(DataSource dataSource) {
        JdbcClient jdbc = JdbcClient.create(dataSource);
        return new JdbcPostings(jdbc, new DataSourceTransactionManager(dataSource), new ChartOfAccounts(jdbc), e -> {
        });
    }

    ChartOfAccounts chart() {
        return chart;
    }

    TransactionTemplate transactions() {
        return tx;
    }

    // ------------------------------------------------------------------ posting

    @Override
    public JournalEntry post(PostingRequest r) {
        if (r != null && r.sourceType() == SourceType.REVERSAL) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_SOURCE_RESERVED", SourceType.REVERSAL.name());
        }
        Validated v = validate(r);
        return tx.execute(s -> write(v, null, null, actor(), false));
    }

    @Override
    public JournalEntry reverse(String regionCode, long entryId, String reason, LocalDate date) {
        return reverse(regionCode, entryId, reason, date, null, actor());
    }

    /** Reverses an entry; {@code approvalId} and {@code by} name the four-eyes request and its maker, if any. */
    JournalEntry reverse(String regionCode, long entryId, String reason, LocalDate date, Long approvalId, String by) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_REASON_REQUIRED");
        }
        if (date == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", "date");
        }
        return tx.execute(s -> {
            JournalEntry original = find(regionCode, entryId)
                    .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
            List<PostingLine> mirror = original.legs().stream()
                    .map(l -> new PostingLine(l.accountCode(), l.side().opposite(), l.amount())).toList();
            String description = clip("冲销 " + original.entryNo() + "：" + reason.trim(), 500);
            PostingRequest req = new PostingRequest(regionCode, original.bookCode(), SourceType.REVERSAL,
                    original.entryNo(), date, date, description, mirror, original.districtCode());
            return write(validate(req), original, approvalId, by, true);
        });
    }

    /** A request that passed the checks that need no lock, with its content hash. */
    record Validated(PostingRequest request, Book book, String hash) {
    }

    Validated validate(PostingRequest r) {
        if (r == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", "request");
        }
        requirePresent(r.regionCode(), "regionCode");
        requirePresent(r.book(), "book");
        requirePresent(r.sourceType(), "sourceType");
        requirePresent(r.sourceId(), "sourceId");
        requirePresent(r.accountingDate(), "accountingDate");
        requirePresent(r.businessDate(), "businessDate");
        requirePresent(r.description(), "description");
        requirePresent(r.lines(), "lines");
        if (r.sourceId().isBlank() || r.sourceId().length() > 200) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", "sourceId");
        }
        if (r.description().isBlank() || r.description().length() > 500) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", "description");
        }
        if (chart.books(r.regionCode()).isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_REGION");
        }
        Book book = chart.book(r.regionCode(), r.book()).orElseThrow(
                () -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_UNKNOWN_BOOK", r.book(), r.regionCode()));
        if (r.districtCode() != null && chart.books(r.regionCode()).values().stream()
                .noneMatch(b -> r.districtCode().equals(b.districtCode()))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_UNKNOWN_DISTRICT", r.districtCode(),
                    r.regionCode());
        }
        if (r.lines().size() < 2) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "POSTING_TOO_FEW_LINES");
        }
        BigDecimal debits = BigDecimal.ZERO;
        BigDecimal credits = BigDecimal.ZERO;
        int n = 0;
        for (PostingLine l : r.lines()) {
            n++;
            if (l == null || l.side() == null || l.accountCode() == null || l.amount() == null) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", "lines[" + n + "]");
            }
            BigDecimal a = l.amount();
            if (a.signum() <= 0 || a.stripTrailingZeros().scale() > 2 || a.compareTo(MAX_AMOUNT) > 0) {
                throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INVALID_AMOUNT", n, a.toPlainString());
            }
            Account account = chart.account(r.regionCode(), r.book(), l.accountCode())
                    .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "POSTING_UNKNOWN_ACCOUNT",
                            l.accountCode(), r.book(), r.regionCode()));
            if (!account.postable()) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "POSTING_ACCOUNT_NOT_POSTABLE",
                        l.accountCode(), account.nameZh(), account.nameEn());
            }
            if (l.side() == Side.DEBIT) {
                debits = debits.add(a);
            } else {
                credits = credits.add(a);
            }
        }
        if (debits.compareTo(credits) != 0) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "POSTING_UNBALANCED", money(debits),
                    money(credits));
        }
        if (!book.openOn(r.accountingDate())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "POSTING_BOOK_CLOSED", book.code(),
                    book.closedOn().toString());
        }
        if (book.closedOn() != null && jdbc.sql("select exists (select 1 from fund_clearing where region_code = ? "
                + "and book_code = ?)").params(r.regionCode(), book.code()).query(Boolean.class).single()) {
            // a cleared legacy book: its balances were moved into the pooled book, nothing more goes into it
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_BOOK_CLEARED", book.code(),
                    book.closedOn().toString());
        }
        return new Validated(r, book, hash(r));
    }

    /**
     * Writes a validated entry under the region's shared lock; answers the first entry on an identical repeat
     * (or refuses it, for reversals).
     */
    private JournalEntry write(Validated v, JournalEntry reversed, Long approvalId, String by, boolean refuseRepeat) {
        PostingRequest r = v.request();
        String region = r.regionCode();
        lockShared(region);
        // a new statement after the lock: it sees every close committed before the lock was ours
        State state = state(r);
        if (state.existingId() == null) {
            LocalDate date = r.accountingDate();
            if (state.closedThrough() != null) {
                YearMonth closed = YearMonth.parse(state.closedThrough(), PERIOD);
                if (!YearMonth.from(date).isAfter(closed)) {
                    date = closed.plusMonths(1).atDay(1); // a late item: into the first open month
                }
            }
            if (!v.book().openOn(date)) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "POSTING_BOOK_CLOSED", v.book().code(),
                        v.book().closedOn().toString());
            }
            Optional<JournalEntry> written = insert(v, date, reversed, approvalId, by);
            if (written.isPresent()) {
                return written.get();
            }
            // the same source was committed by another transaction meanwhile
            state = state(r);
        }
        if (refuseRepeat) {
            throw new ApiException(HttpStatus.CONFLICT, "ENTRY_ALREADY_REVERSED", reversed.entryNo(),
                    state.existingNo());
        }
        if (!state.existingHash().equals(v.hash())) {
            throw new ApiException(HttpStatus.CONFLICT, "POSTING_SOURCE_CONFLICT", r.sourceType().name(),
                    r.sourceId(), state.existingNo());
        }
        return find(region, state.existingId()).orElseThrow();
    }

    /** The region's last closed month and the entry already posted for the source, if any. */
    private State state(PostingRequest r) {
        return jdbc.sql("""
                select p.closed_through, e.id, e.content_hash, e.entry_no
                  from (select max(period) as closed_through from fund_period_close where region_code = ?) p
                  left join fund_entry e on e.region_code = ? and e.source_type = ? and e.source_id = ?""")
                .params(r.regionCode(), r.regionCode(), r.sourceType().name(), r.sourceId())
                .query((rs, i) -> new State(rs.getString(1), (Long) rs.getObject(2), rs.getString(3), rs.getString(4)))
                .single();
    }

    /** Inserts the entry and its legs; empty when the source was posted concurrently (nothing written then). */
    private Optional<JournalEntry> insert(Validated v, LocalDate date, JournalEntry reversed, Long approvalId,
            String by) {
        PostingRequest r = v.request();
        String region = r.regionCode();
        Long reverses = reversed == null ? null : reversed.id();
        // the entry and its legs in one statement; nothing at all when the source exists already
        StringBuilder values = new StringBuilder();
        List<Object> params = new ArrayList<>(List.of(region, r.book(), region, sequence(region), date,
                r.accountingDate(), r.businessDate(), r.sourceType().name(), r.sourceId(), v.hash(), r.description()));
        params.add(reverses);
        params.add(approvalId);
        params.add(by);
        params.add(r.districtCode());
        params.add(region);
        params.add(r.book());
        List<JournalEntry.Leg> legs = new ArrayList<>();
        int lineNo = 0;
        for (PostingLine l : r.lines()) {
            lineNo++;
            values.append(lineNo == 1 ? "" : ", ").append("(?::smallint, ?::text, ?::text, ?::numeric)");
            params.addAll(List.of(lineNo, l.accountCode(), l.side().name(), l.amount()));
            legs.add(new JournalEntry.Leg(lineNo, l.accountCode(), l.side(), money(l.amount())));
        }
        Optional<Inserted> inserted = jdbc.sql("""
                with e as (
                    insert into fund_entry (region_code, book_code, entry_no, accounting_date, requested_date,
                                            business_date, source_type, source_id, content_hash, description,
                                            reverses_entry_id, approval_id, created_by, district_code)
                    values (?, ?, ? || '-' || lpad(nextval(?::regclass)::text, 10, '0'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    on conflict (region_code, source_type, source_id) do nothing
                    returning id, entry_no, created_at),
                l as (
                    insert into fund_leg (region_code, entry_id, line_no, book_code, account_code, side, amount)
                    select ?, e.id, v.line_no, ?, v.account_code, v.side, v.amount
                      from e, (values %s) as v (line_no, account_code, side, amount))
                select id, entry_no, created_at from e""".formatted(values))
                .params(params)
                .query((rs, i) -> new Inserted(rs.getLong(1), rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class)))
                .optional();
        if (inserted.isEmpty()) {
            return Optional.empty();
        }
        Inserted ins = inserted.get();
        JournalEntry entry = new JournalEntry(ins.id(), region, r.book(), ins.entryNo(), date, r.accountingDate(),
                r.businessDate(), r.sourceType(), r.sourceId(), r.description(), reverses, null, approvalId,
                ins.createdAt().toInstant(), by, legs, r.districtCode());
        events.publishEvent(new EntryPosted(region, r.book(), entry.id(), entry.entryNo(), r.sourceType(),
                r.sourceId(), date, r.businessDate(), entry.total(), reverses));
        return Optional.of(entry);
    }

    /** Postings of a region share this lock; a month close takes it exclusively ({@link #lockExclusive}). */
    void lockShared(String region) {
        jdbc.sql("select pg_advisory_xact_lock_shared(?, ?)").params(LOCK_SPACE, Integer.parseInt(region)).query()
                .singleValue();
    }

    /** Waits for the region's postings in flight; postings asked for meanwhile wait for this transaction. */
    void lockExclusive(String region) {
        jdbc.sql("select pg_advisory_xact_lock(?, ?)").params(LOCK_SPACE, Integer.parseInt(region)).query()
                .singleValue();
    }

    /** The sequence of a region's entry numbers. */
    static String sequence(String region) {
        if (region == null || !region.matches("[0-9]{6}")) {
            throw new IllegalArgumentException("not a region code: " + region);
        }
        return "fund_entry_no_" + region;
    }

    record State(String closedThrough, Long existingId, String existingHash, String existingNo) {
    }

    record Inserted(long id, String entryNo, OffsetDateTime createdAt) {
    }

    // ------------------------------------------------------------------ reading

    @Override
    public Optional<JournalEntry> find(String regionCode, long entryId) {
        return readTx.execute(s -> entries("e.region_code = ? and e.id = ?", List.of(regionCode, entryId)))
                .stream().findFirst();
    }

    @Override
    public Optional<JournalEntry> findBySource(String regionCode, SourceType sourceType, String sourceId) {
        return readTx.execute(s -> entries("e.region_code = ? and e.source_type = ? and e.source_id = ?",
                List.of(regionCode, sourceType.name(), sourceId))).stream().findFirst();
    }

    /** The entries of a region (one book, or all) with accounting dates from..to, in date and number order. */
    List<JournalEntry> entries(String regionCode, String book, LocalDate from, LocalDate to, int limit) {
        List<Object> params = new ArrayList<>(List.of(regionCode, from, to));
        String where = "e.region_code = ? and e.accounting_date between ? and ?";
        if (book != null) {
            where += " and e.book_code = ?";
            params.add(book);
        }
        params.add(limit);
        List<Object> p = params;
        String w = where;
        return readTx.execute(s -> entries(w + " order by e.accounting_date, e.id limit ?", p));
    }

    private List<JournalEntry> entries(String where, List<Object> params) {
        record Head(long id, String region, String book, String no, LocalDate date, LocalDate requested,
                LocalDate business, SourceType type, String sourceId, String description, Long reverses,
                Long reversedBy, Long approval, OffsetDateTime at, String by, String district) {
        }
        List<Head> heads = jdbc.sql("""
                select e.*, r.id as reversed_by from fund_entry e
                  left join fund_entry r on r.region_code = e.region_code and r.reverses_entry_id = e.id
                """ + " where " + where).params(params)
                .query((rs, i) -> new Head(rs.getLong("id"), rs.getString("region_code"), rs.getString("book_code"),
                        rs.getString("entry_no"), date(rs, "accounting_date"), date(rs, "requested_date"),
                        date(rs, "business_date"), SourceType.valueOf(rs.getString("source_type")),
                        rs.getString("source_id"), rs.getString("description"), (Long) rs.getObject("reverses_entry_id"),
                        (Long) rs.getObject("reversed_by"), (Long) rs.getObject("approval_id"),
                        rs.getObject("created_at", OffsetDateTime.class), rs.getString("created_by"),
                        rs.getString("district_code")))
                .list();
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<Long, List<JournalEntry.Leg>> legs = new HashMap<>();
        jdbc.sql("""
                select entry_id, line_no, account_code, side, amount from fund_leg
                 where region_code = ? and entry_id = any(?::bigint[]) order by entry_id, line_no""")
                .params(heads.get(0).region(), "{" + String.join(",", heads.stream().map(h -> String.valueOf(h.id()))
                        .toList()) + "}")
                .query((rs, i) -> {
                    legs.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new JournalEntry.Leg(rs.getInt(2),
                            rs.getString(3), Side.valueOf(rs.getString(4)), rs.getBigDecimal(5)));
                    return null;
                }).list();
        return heads.stream().map(h -> new JournalEntry(h.id(), h.region(), h.book(), h.no(), h.date(), h.requested(),
                h.business(), h.type(), h.sourceId(), h.description(), h.reverses(), h.reversedBy(), h.approval(),
                h.at().toInstant(), h.by(), legs.getOrDefault(h.id(), List.of()), h.district())).toList();
    }

    @Override
    public BigDecimal balance(String regionCode, String book, String accountCode, LocalDate asOf) {
        Account account = chart.account(regionCode, book, accountCode)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "POSTING_UNKNOWN_ACCOUNT", accountCode, book,
                        regionCode));
        List<String> leaves = chart.leavesUnder(regionCode, book, accountCode);
        BigDecimal net = readTx.execute(s -> jdbc.sql("""
                select coalesce(sum(case when l.side = 'DEBIT' then l.amount else -l.amount end), 0)
                  from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                 where l.region_code = ? and l.book_code = ? and l.account_code = any(?::text[])
                   and e.accounting_date <= ?""")
                .params(regionCode, book, "{" + String.join(",", leaves) + "}", asOf).query(BigDecimal.class).single());
        return money(account.normalSide() == Side.DEBIT ? net : net.negate());
    }

    @Override
    public TrialBalance trialBalance(String regionCode, String book, YearMonth period) {
        if (chart.book(regionCode, book).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "FUND_UNKNOWN_BOOK", book, regionCode);
        }
        record Sums(BigDecimal openingNet, BigDecimal debit, BigDecimal credit) {
        }
        LocalDate start = period.atDay(1);
        LocalDate end = period.atEndOfMonth();
        return readTx.execute(s -> {
            Map<String, Sums> byAccount = new HashMap<>();
            jdbc.sql("""
                    select l.account_code,
                           coalesce(sum(case when e.accounting_date < ? then
                                        case when l.side = 'DEBIT' then l.amount else -l.amount end end), 0),
                           coalesce(sum(l.amount) filter (where e.accounting_date >= ? and l.side = 'DEBIT'), 0),
                           coalesce(sum(l.amount) filter (where e.accounting_date >= ? and l.side = 'CREDIT'), 0)
                      from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                     where e.region_code = ? and e.book_code = ? and e.accounting_date <= ?
                     group by l.account_code""")
                    .params(start, start, start, regionCode, book, end)
                    .query((rs, i) -> byAccount.put(rs.getString(1),
                            new Sums(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4))))
                    .list();
            boolean closed = jdbc.sql("select exists (select 1 from fund_period_close where region_code = ? and period >= ?)")
                    .params(regionCode, period.format(PERIOD)).query(Boolean.class).single();
            // roll every postable account's figures up to itself and its ancestors
            Map<String, Account> accounts = new LinkedHashMap<>();
            chart.accounts(regionCode, book).forEach(a -> accounts.put(a.code(), a));
            Map<String, BigDecimal[]> figures = new LinkedHashMap<>();
            accounts.keySet().forEach(c -> figures.put(c, new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO }));
            byAccount.forEach((code, sums) -> {
                for (Account a = accounts.get(code); a != null; a = a.parentCode() == null ? null
                        : accounts.get(a.parentCode())) {
                    BigDecimal[] f = figures.get(a.code());
                    f[0] = f[0].add(sums.openingNet());
                    f[1] = f[1].add(sums.debit());
                    f[2] = f[2].add(sums.credit());
                }
            });
            BigDecimal[] totals = { BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO };
            List<TrialBalance.Line> lines = new ArrayList<>();
            for (Account a : accounts.values()) {
                BigDecimal[] f = figures.get(a.code());
                BigDecimal closing = f[0].add(f[1]).subtract(f[2]);
                BigDecimal[] row = { positive(f[0]), positive(f[0].negate()), f[1], f[2], positive(closing),
                        positive(closing.negate()) };
                if (a.postable()) {
                    for (int i = 0; i < row.length; i++) {
                        totals[i] = totals[i].add(row[i]);
                    }
                }
                lines.add(new TrialBalance.Line(a.code(), a.nameZh(), a.nameEn(), a.accountClass(), a.normalSide(),
                        a.parentCode(), a.postable(), money(row[0]), money(row[1]), money(row[2]), money(row[3]),
                        money(row[4]), money(row[5]),
                        money(a.normalSide() == Side.DEBIT ? closing : closing.negate())));
            }
            return new TrialBalance(regionCode, book, period, closed, lines,
                    new TrialBalance.Totals(money(totals[0]), money(totals[1]), money(totals[2]), money(totals[3]),
                            money(totals[4]), money(totals[5])));
        });
    }

    @Override
    public Optional<YearMonth> firstOpenMonth(String regionCode) {
        return closedThrough(regionCode).map(m -> m.plusMonths(1));
    }

    Optional<YearMonth> closedThrough(String regionCode) {
        return jdbc.sql("select max(period) from fund_period_close where region_code = ?").param(regionCode)
                .query(String.class).optional().map(p -> YearMonth.parse(p, PERIOD));
    }

    // ------------------------------------------------------------------ helpers

    static String hash(PostingRequest r) {
        StringBuilder b = new StringBuilder();
        b.append(r.regionCode()).append('\n').append(r.book()).append('\n').append(r.sourceType()).append('\n')
                .append(r.sourceId()).append('\n').append(r.accountingDate()).append('\n').append(r.businessDate())
                .append('\n').append(r.description()).append('\n');
        r.lines().stream().map(l -> l.accountCode() + '|' + l.side() + '|' + money(l.amount()).toPlainString())
                .sorted(Comparator.naturalOrder()).forEach(s -> b.append(s).append('\n'));
        if (r.districtCode() != null) {
            b.append("district|").append(r.districtCode()).append('\n'); // absent: the hash of an entry without one
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static BigDecimal money(BigDecimal a) {
        return a.setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    private static BigDecimal positive(BigDecimal a) {
        return a.signum() > 0 ? a : BigDecimal.ZERO;
    }

    private static LocalDate date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static void requirePresent(Object value, String field) {
        if (value == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", field);
        }
    }

    static String actor() {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        return a == null || !a.isAuthenticated() || a.getName() == null ? "system" : a.getName();
    }
}
