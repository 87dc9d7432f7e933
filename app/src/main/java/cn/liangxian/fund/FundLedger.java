package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.approval.ApprovalDecided;
import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fund for people: finance staff and supervisors of a region read its chart, entries and trial balances;
 * finance closes months and asks for reversals, which go through four-eyes ({@code reversal}; the region's
 * {@code approval.reversal.threshold}) and are written when an approver approves. Other roles are refused
 * (403); another region's fund does not exist for the caller (404).
 */
@Service
public class FundLedger {

    static final Set<Role> READERS = EnumSet.of(Role.FINANCE, Role.SUPERVISOR);
    static final Set<Role> FINANCE = EnumSet.of(Role.FINANCE);
    static final String REVERSAL_KIND = "reversal";
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    static final int MAX_ENTRIES = 5000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcPostings postings;
    private final ChartOfAccounts chart;
    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final FourEyes fourEyes;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    FundLedger(JdbcPostings postings, ChartOfAccounts chart, JdbcClient jdbc, AccessPolicy access, FourEyes fourEyes,
            AuditTrail audit, ApplicationEventPublisher events) {
        this.postings = postings;
        this.chart = chart;
        this.jdbc = jdbc;
        this.access = access;
        this.fourEyes = fourEyes;
        this.audit = audit;
        this.events = events;
    }

    // ------------------------------------------------------------------ reading

    /** The region's books. */
    public Collection<Book> books(LiangxianUser viewer, String region) {
        requireReader(viewer, region);
        return chart.books(region).values();
    }

    /** The chart of one book, or of every book of the region. */
    public List<Account> accounts(LiangxianUser viewer, String region, String book) {
        requireReader(viewer, region);
        if (book != null) {
            requireBook(region, book);
            return List.copyOf(chart.accounts(region, book));
        }
        return chart.books(region).keySet().stream().flatMap(b -> chart.accounts(region, b).stream()).toList();
    }

    /** Entries with accounting dates from..to (at most {@value #MAX_ENTRIES}, or {@code limit}). */
    public List<JournalEntry> entries(LiangxianUser viewer, String region, LocalDate from, LocalDate to, String book,
            Integer limit) {
        requireReader(viewer, region);
        if (from == null || to == null || to.isBefore(from)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_DATE_RANGE_INVALID");
        }
        if (book != null) {
            requireBook(region, book);
        }
        int n = limit == null ? MAX_ENTRIES : Math.max(1, Math.min(limit, MAX_ENTRIES));
        return postings.entries(region, book, from, to, n);
    }

    public JournalEntry entry(LiangxianUser viewer, String region, long id) {
        requireReader(viewer, region);
        return postings.find(region, id).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    public TrialBalance trialBalance(LiangxianUser viewer, String region, String book, String period) {
        requireReader(viewer, region);
        if (book == null || book.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", "book");
        }
        requireBook(region, book);
        return postings.trialBalance(region, book, period(period));
    }

    // ------------------------------------------------------------------ month close

    /** What a month close did. */
    public record PeriodClose(String regionCode, YearMonth period, Instant closedAt, String closedBy, long entries) {
    }

    /**
     * Closes a month of the region: months close in order, with no gap (the first close is the region's earliest
     * month with entries, or any month when there are none before it), and only once the month has ended. From
     * then on the month accepts no entry; late items go into the first open month.
     */
    public PeriodClose closeMonth(LiangxianUser by, String region, String period) {
        access.requireRole(by, FINANCE);
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        YearMonth month = period(period);
        requireLedger(region);
        return postings.transactions().execute(s -> close(by, region, month));
    }

    private PeriodClose close(LiangxianUser by, String region, YearMonth month) {
        // the region's posting lock, exclusively: postings in flight commit first, later ones see the close
        postings.lockExclusive(region);
        java.util.Optional<YearMonth> closed = postings.closedThrough(region);
        if (closed.isPresent() && !month.isAfter(closed.get())) {
            throw new ApiException(HttpStatus.CONFLICT, "PERIOD_ALREADY_CLOSED", month.toString());
        }
        if (closed.isPresent() && !month.equals(closed.get().plusMonths(1))) {
            throw new ApiException(HttpStatus.CONFLICT, "PERIOD_CLOSE_OUT_OF_ORDER", month.toString(),
                    closed.get().plusMonths(1).toString());
        }
        if (closed.isEmpty()) {
            LocalDate earliest = jdbc.sql("select min(accounting_date) from fund_entry where region_code = ?")
                    .param(region).query(LocalDate.class).optional().orElse(null);
            if (earliest != null && YearMonth.from(earliest).isBefore(month)) {
                throw new ApiException(HttpStatus.CONFLICT, "PERIOD_CLOSE_OUT_OF_ORDER", month.toString(),
                        YearMonth.from(earliest).toString());
            }
        }
        if (!month.isBefore(YearMonth.now(ZONE))) {
            throw new ApiException(HttpStatus.CONFLICT, "PERIOD_NOT_ENDED", month.toString());
        }
        OffsetDateTime at = jdbc.sql("""
                insert into fund_period_close (region_code, period, closed_by) values (?, ?, ?) returning closed_at""")
                .params(region, month.format(JdbcPostings.PERIOD), by.getUsername())
                .query(OffsetDateTime.class).single();
        long entries = jdbc.sql("""
                select count(*) from fund_entry where region_code = ? and accounting_date between ? and ?""")
                .params(region, month.atDay(1), month.atEndOfMonth()).query(Long.class).single();
        audit.record(region, "FUND_MONTH_CLOSED", "fund_period", region + "/" + month, null,
                month + ": " + entries + " entries");
        events.publishEvent(new MonthClosed(region, month, by.getUsername()));
        return new PeriodClose(region, month, at.toInstant(), by.getUsername(), entries);
    }

    // ------------------------------------------------------------------ reversal

    /** What a reversal request did: the reversing entry, or a four-eyes request waiting for an approver. */
    public record ReversalOutcome(String status, Long approvalId, JournalEntry reversal) {
    }

    /**
     * Asks for the reversal of an entry on {@code date} (today when absent). Where the region's threshold calls
     * for a second person, files a four-eyes request and writes nothing yet; otherwise reverses at once.
     */
    public ReversalOutcome requestReversal(LiangxianUser maker, String region, long entryId, String reason,
            LocalDate date) {
        access.requireRole(maker, FINANCE);
        access.requireVisible(maker, AccessPolicy.Owner.region(region));
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_REASON_REQUIRED");
        }
        LocalDate on = date == null ? LocalDate.now(ZONE) : date;
        return postings.transactions().execute(s -> reversal(maker, region, entryId, reason, on));
    }

    private ReversalOutcome reversal(LiangxianUser maker, String region, long entryId, String reason, LocalDate on) {
        JournalEntry original = postings.find(region, entryId)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        if (original.reversedByEntryId() != null) {
            JournalEntry by = postings.find(region, original.reversedByEntryId()).orElseThrow();
            throw new ApiException(HttpStatus.CONFLICT, "ENTRY_ALREADY_REVERSED", original.entryNo(), by.entryNo());
        }
        BigDecimal amount = original.total();
        if (!fourEyes.requiresApproval(region, on, REVERSAL_KIND, amount)) {
            JournalEntry reversal = postings.reverse(region, entryId, reason, on, null, maker.getUsername());
            audit.record(region, "FUND_ENTRY_REVERSED", "fund_entry", String.valueOf(entryId), original.entryNo(),
                    reversal.entryNo());
            return new ReversalOutcome("REVERSED", null, reversal);
        }
        String payload = JSON.writeValueAsString(Map.of("fundEntryId", entryId, "date", on.toString(), "reason",
                reason.trim()));
        ApprovalRequest r = fourEyes.request(maker, region, REVERSAL_KIND,
                "冲销记账凭证 " + original.entryNo() + "（" + amount.toPlainString() + " 元）/ reverse journal entry "
                        + original.entryNo() + " (CNY " + amount.toPlainString() + ")",
                payload, amount, reason);
        return new ReversalOutcome(r.status().name(), r.id(), null);
    }

    /** Writes an approved reversal, in the approver's transaction (a failure refuses the approval). */
    @EventListener
    void on(ApprovalDecided decided) {
        ApprovalRequest r = decided.request();
        if (!REVERSAL_KIND.equals(r.kind()) || r.status() != ApprovalRequest.Status.APPROVED) {
            return;
        }
        JsonNode p = JSON.readTree(r.payload());
        if (p.get("fundEntryId") == null) {
            return; // a reversal of another feature
        }
        long entryId = p.get("fundEntryId").asLong();
        JournalEntry reversal = postings.reverse(r.regionCode(), entryId, p.get("reason").asString(),
                LocalDate.parse(p.get("date").asString()), r.id(), r.maker());
        audit.record(new AuditTrail.Actor(r.checker(), Role.AGENCY_APPROVER.name(), r.regionCode()),
                "FUND_ENTRY_REVERSED", "fund_entry", String.valueOf(entryId), null,
                reversal.entryNo() + " (approval " + r.id() + ")");
    }

    // ------------------------------------------------------------------ helpers

    /** A month written YYYYMM or YYYY-MM. */
    static YearMonth period(String text) {
        if (text == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "PERIOD_INVALID", "-");
        }
        try {
            String t = text.trim();
            return t.matches("\\d{6}") ? YearMonth.parse(t, JdbcPostings.PERIOD) : YearMonth.parse(t);
        } catch (DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "PERIOD_INVALID", text);
        }
    }

    private void requireReader(LiangxianUser viewer, String region) {
        access.requireRole(viewer, READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        requireLedger(region);
    }

    private void requireLedger(String region) {
        if (chart.books(region).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
    }

    private void requireBook(String region, String book) {
        if (chart.book(region, book).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "FUND_UNKNOWN_BOOK", book, region);
        }
    }
}
