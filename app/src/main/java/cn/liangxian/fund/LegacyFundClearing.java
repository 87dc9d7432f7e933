package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.approval.ApprovalDecided;
import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.policy.maternity.PayingFund;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The clearing (清算) of a legacy maternity fund (510) into the employee medical pooled fund (310) on the region's
 * merger date ({@code merger.date}): the legacy book's balances on the cut-off day (the day before the merger) are
 * moved by two entries, one per book and each balanced in its own book — the legacy book gives up its cash,
 * receivables and payables and books the net as 并入职工医保统筹基金转出 (500201); the pooled book takes the same cash,
 * receivables and payables and books the net as 原生育保险基金并入收入 (400601). The net (the transferred balance)
 * is the same amount on both sides, which the database checks when the clearing is recorded. The legacy book is
 * then closed ({@code closed_on}) and the clearing report is kept as it stood.
 *
 * <p>Chongqing-like regions: every district's legacy book (and the municipal one) is cleared into the municipal
 * pooled book (统收统支); the pooled side carries the district. Clearing goes through four-eyes
 * ({@code fund_clearing}, threshold {@code approval.fund_clearing.threshold}); running it again changes nothing.
 */
@Service
public class LegacyFundClearing {

    static final String KIND = "fund_clearing";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where a legacy book stands. */
    public enum Status {
        /** Not cleared; no request waiting. */
        OPEN,
        /** A clearing request waits for an approver. */
        PENDING,
        /** Cleared: the book is closed and the report is final. */
        CLEARED
    }

    /** One item of the report: an account and its amount (on the account's normal side). */
    public record Line(String code, String nameZh, String nameEn, BigDecimal amount) {
    }

    /**
     * The clearing report (清算报告) of a legacy book: the fund balance at the start of the cut-off's year, the
     * year's income and expenditure by item up to the cut-off, the balance on the cut-off day, the cash, receivables
     * and payables carried into the pooled book and the transferred balance (= cash + receivables − payables =
     * opening + income − expenditure). A {@code CLEARED} report names the two entries and the date the book closed.
     * {@code lateEntries} counts the book's entries dated after the cut-off: while there are any, the book cannot be
     * cleared (they belong to the pooled fund).
     */
    public record ClearingReport(String regionCode, String bookCode, String bookNameZh, String bookNameEn,
            String districtCode, String targetBook, LocalDate mergerDate, String mergerReference, LocalDate cutOff,
            LocalDate yearStart, BigDecimal openingBalance, List<Line> income, BigDecimal totalIncome,
            List<Line> expenditure, BigDecimal totalExpenditure, BigDecimal closingBalance, List<Line> cash,
            BigDecimal totalCash, List<Line> receivables, BigDecimal totalReceivables, List<Line> payables,
            BigDecimal totalPayables, BigDecimal transferred, Status status, String outEntryNo, String inEntryNo,
            LocalDate closedOn, Long approvalId, String clearedBy, Instant clearedAt, Long pendingApprovalId,
            long lateEntries) {

        ClearingReport with(Status s, String out, String in, LocalDate closed, Long approval, String by, Instant at,
                Long pending) {
            return new ClearingReport(regionCode, bookCode, bookNameZh, bookNameEn, districtCode, targetBook,
                    mergerDate, mergerReference, cutOff, yearStart, openingBalance, income, totalIncome, expenditure,
                    totalExpenditure, closingBalance, cash, totalCash, receivables, totalReceivables, payables,
                    totalPayables, transferred, s, out, in, closed, approval, by, at, pending, lateEntries);
        }
    }

    /** What a clearing request did: cleared at once, or waiting for an approver, or cleared before. */
    public record ClearingOutcome(Status status, Long approvalId, ClearingReport report) {
    }

    /**
     * Which book pays a maternity payment: by the payment's accounting date, the legacy book (the district's, where
     * the region has them) before the merger date, the pooled book's maternity item on or after it. {@code
     * benefitRules} is the policy engine's {@link PayingFund} by the service date — the law the benefit is computed
     * under, which stays the engine's; {@code lateCase} marks an event before the merger paid after it: the merged
     * fund pays, under the old rules.
     */
    public record PayingBook(String regionCode, String bookCode, String districtCode, String medicalAccount,
            String allowanceAccount, LocalDate mergerDate, LocalDate accountingDate, LocalDate serviceDate,
            PayingFund benefitRules, boolean lateCase) {
    }

    private final JdbcPostings postings;
    private final LedgerFigures figures;
    private final ChartOfAccounts chart;
    private final FundPolicy policy;
    private final FundAccess access;
    private final FourEyes fourEyes;
    private final AuditTrail audit;
    private final JdbcClient jdbc;

    LegacyFundClearing(JdbcPostings postings, LedgerFigures figures, FundPolicy policy, FundAccess access,
            FourEyes fourEyes, AuditTrail audit, JdbcClient jdbc) {
        this.postings = postings;
        this.figures = figures;
        this.chart = figures.chart();
        this.policy = policy;
        this.access = access;
        this.fourEyes = fourEyes;
        this.audit = audit;
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ reading

    /** Every legacy book of the region with its clearing report (final, or as it would be now). */
    public List<ClearingReport> overview(LiangxianUser viewer, String region) {
        access.requireReader(viewer, region);
        return chart.books(region).values().stream().filter(b -> b.fund() == FundKind.MATERNITY_LEGACY)
                .map(b -> report(b)).toList();
    }

    /** The clearing report of one legacy book: final when cleared, a preview otherwise. */
    public ClearingReport report(LiangxianUser viewer, String region, String book) {
        access.requireReader(viewer, region);
        return report(legacyBook(region, book));
    }

    ClearingReport report(Book b) {
        Optional<ClearingReport> done = stored(b.regionCode(), b.code());
        if (done.isPresent()) {
            return done.get();
        }
        ClearingReport preview = compute(b);
        Long pending = pendingRequest(b.regionCode(), b.code());
        return pending == null ? preview : preview.with(Status.PENDING, null, null, null, null, null, null, pending);
    }

    // ------------------------------------------------------------------ asking for it

    /**
     * Asks for the clearing of a legacy book (finance of the region, with a reason). Where the region's threshold
     * calls for a second person, files a four-eyes request and writes nothing yet; otherwise clears at once. A book
     * cleared before is answered with its report; a second request while one waits is refused.
     */
    public ClearingOutcome request(LiangxianUser maker, String region, String book, String reason) {
        access.requireFinance(maker, region);
        Book b = legacyBook(region, book);
        Optional<ClearingReport> done = stored(region, b.code());
        if (done.isPresent()) {
            return new ClearingOutcome(Status.CLEARED, done.get().approvalId(), done.get());
        }
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_CLEARING_REASON_REQUIRED");
        }
        Long pending = pendingRequest(region, b.code());
        if (pending != null) {
            throw new ApiException(HttpStatus.CONFLICT, "FUND_CLEARING_PENDING", b.code(), String.valueOf(pending));
        }
        ClearingReport preview = compute(b);
        requireNoLateEntries(preview);
        LocalDate today = LocalDate.now(FundLedger.ZONE);
        if (today.isBefore(preview.cutOff())) {
            throw new ApiException(HttpStatus.CONFLICT, "FUND_CLEARING_TOO_EARLY", b.code(),
                    preview.cutOff().toString());
        }
        if (!policy.requiresApproval(region, preview.cutOff(), KIND, preview.transferred())) {
            ClearingReport report = postings.transactions().execute(s -> clear(b.regionCode(), b.code(), null,
                    maker.getUsername()));
            return new ClearingOutcome(Status.CLEARED, null, report);
        }
        String payload = JSON.writeValueAsString(Map.of("fundClearingBook", b.code()));
        String amount = preview.transferred().toPlainString();
        ApprovalRequest r = fourEyes.request(maker, region, KIND,
                "原生育保险基金清算并入：" + b.nameZh() + "（截至 " + preview.cutOff() + "，划转结余 " + amount
                        + " 元）/ clearing of " + b.nameEn() + " into the pooled fund (to " + preview.cutOff()
                        + ", balance CNY " + amount + ")",
                payload, preview.transferred().abs(), reason);
        return new ClearingOutcome(Status.PENDING, r.id(),
                preview.with(Status.PENDING, null, null, null, null, null, null, r.id()));
    }

    /** Clears when an approver approves, in the approver's transaction (a failure refuses the approval). */
    @EventListener
    void on(ApprovalDecided decided) {
        ApprovalRequest r = decided.request();
        if (!KIND.equals(r.kind()) || r.status() != ApprovalRequest.Status.APPROVED) {
            return;
        }
        JsonNode p = JSON.readTree(r.payload());
        if (p.get("fundClearingBook") == null) {
            return;
        }
        ClearingReport report = clear(r.regionCode(), p.get("fundClearingBook").asString(), r.id(), r.maker());
        audit.record(new AuditTrail.Actor(r.checker(), Role.AGENCY_APPROVER.name(), r.regionCode()),
                "FUND_CLEARING_APPROVED", "fund_clearing", r.regionCode() + "/" + report.bookCode(), null,
                "approval " + r.id() + ": " + report.transferred().toPlainString());
    }

    // ------------------------------------------------------------------ the clearing itself

    /**
     * Clears a legacy book inside the caller's transaction (or its own): idempotent — a cleared book answers its
     * stored report and nothing is written.
     */
    ClearingReport clear(String region, String bookCode, Long approvalId, String by) {
        return postings.transactions().execute(s -> {
            // no posting of the region runs meanwhile: the balances read are the balances moved
            postings.lockExclusive(region);
            Optional<ClearingReport> done = stored(region, bookCode);
            if (done.isPresent()) {
                return done.get();
            }
            chart.forget(region);
            Book b = legacyBook(region, bookCode);
            ClearingReport r = compute(b);
            requireNoLateEntries(r);
            Map<String, LedgerFigures.Figures> f = figures.figures(region, b.code(), r.yearStart(), r.cutOff(), null);
            List<PostingLine> out = new ArrayList<>();
            List<PostingLine> in = new ArrayList<>();
            for (LedgerFigures.Figures x : f.values()) {
                Account a = x.account();
                boolean balanceAccount = a.accountClass() == AccountClass.ASSET
                        || a.accountClass() == AccountClass.LIABILITY;
                BigDecimal net = x.closingNet();
                if (!a.postable() || !balanceAccount || net.signum() == 0) {
                    continue;
                }
                Side side = net.signum() > 0 ? Side.DEBIT : Side.CREDIT;
                out.add(new PostingLine(a.code(), side.opposite(), net.abs()));
                in.add(new PostingLine(a.code(), side, net.abs()));
            }
            BigDecimal t = r.transferred();
            if (t.signum() != 0) {
                out.add(new PostingLine(FundAccounts.TRANSFER_OUT, t.signum() > 0 ? Side.DEBIT : Side.CREDIT, t.abs()));
                in.add(new PostingLine(FundAccounts.TRANSFER_IN, t.signum() > 0 ? Side.CREDIT : Side.DEBIT, t.abs()));
            }
            JournalEntry outEntry = null;
            JournalEntry inEntry = null;
            String district = b.districtCode();
            if (!out.isEmpty()) {
                String what = "原生育保险基金清算并入（" + b.nameZh() + " → " + Book.POOLED + "，截至 " + r.cutOff()
                        + "，划转结余 " + t.toPlainString() + " 元）";
                outEntry = postings.post(new PostingRequest(region, b.code(), SourceType.LEGACY_CLEARING,
                        source(region, b.code()) + "/OUT", r.cutOff(), r.cutOff(), what + "：转出", out, district));
                inEntry = postings.post(new PostingRequest(region, Book.POOLED, SourceType.LEGACY_CLEARING,
                        source(region, b.code()) + "/IN", r.mergerDate(), r.cutOff(), what + "：并入", in, district));
            }
            LocalDate closedOn = outEntry == null || !outEntry.accountingDate().isAfter(r.cutOff()) ? r.cutOff()
                    : outEntry.accountingDate();
            jdbc.sql("update fund_book set closed_on = ? where region_code = ? and code = ? and closed_on is null")
                    .params(closedOn, region, b.code()).update();
            chart.forget(region);
            ClearingReport cleared = r.with(Status.CLEARED, outEntry == null ? null : outEntry.entryNo(),
                    inEntry == null ? null : inEntry.entryNo(), closedOn, approvalId, by, Instant.now(), null);
            OffsetDateTime at = jdbc.sql("""
                    insert into fund_clearing (region_code, book_code, target_book, district_code, merger_date, cut_off,
                                               opening_balance, income, expenditure, cash, receivables, payables,
                                               transferred, out_entry_id, in_entry_id, closed_on, approval_id, report,
                                               cleared_by)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) returning cleared_at""")
                    .params(region, b.code(), Book.POOLED, district, r.mergerDate(), r.cutOff(), r.openingBalance(),
                            r.totalIncome(), r.totalExpenditure(), r.totalCash(), r.totalReceivables(),
                            r.totalPayables(), t, outEntry == null ? null : outEntry.id(),
                            inEntry == null ? null : inEntry.id(), closedOn, approvalId,
                            JSON.writeValueAsString(cleared), by)
                    .query(OffsetDateTime.class).single();
            audit.record(region, "FUND_LEGACY_CLEARED", "fund_clearing", region + "/" + b.code(), null,
                    "transferred " + t.toPlainString() + " into " + Book.POOLED + "; closed on " + closedOn);
            return cleared.with(Status.CLEARED, cleared.outEntryNo(), cleared.inEntryNo(), closedOn, approvalId, by,
                    at.toInstant(), null);
        });
    }

    /** The report of a legacy book as it would be cleared now (nothing is written). */
    ClearingReport compute(Book b) {
        String region = b.regionCode();
        ResolvedParam merger = policy.get(region, LocalDate.now(FundLedger.ZONE), "merger.date");
        LocalDate mergerDate = merger.date();
        LocalDate cutOff = mergerDate.minusDays(1);
        LocalDate yearStart = cutOff.withDayOfYear(1);
        Long late = jdbc.sql("""
                select count(*) from fund_entry where region_code = ? and book_code = ? and accounting_date > ?""")
                .params(region, b.code(), cutOff).query(Long.class).single();
        Map<String, LedgerFigures.Figures> f = figures.figures(region, b.code(), yearStart, cutOff, null);
        BigDecimal opening = zero();
        List<Line> income = new ArrayList<>();
        List<Line> expenditure = new ArrayList<>();
        List<Line> cash = new ArrayList<>();
        List<Line> receivables = new ArrayList<>();
        List<Line> payables = new ArrayList<>();
        BigDecimal[] t = FundStatements.zeros(5);
        for (LedgerFigures.Figures x : f.values()) {
            Account a = x.account();
            if (!a.postable()) {
                continue;
            }
            switch (a.accountClass()) {
            case ASSET -> {
                opening = opening.add(x.openingNet());
                if (x.closing().signum() != 0) {
                    Line l = line(a, x.closing());
                    if (FundAccounts.CASH.contains(a.code())) {
                        cash.add(l);
                        t[2] = t[2].add(l.amount());
                    } else {
                        receivables.add(l);
                        t[3] = t[3].add(l.amount());
                    }
                }
            }
            case LIABILITY -> {
                opening = opening.add(x.openingNet());
                if (x.closing().signum() != 0) {
                    payables.add(line(a, x.closing()));
                    t[4] = t[4].add(x.closing());
                }
            }
            case INCOME -> {
                if (x.movement().signum() != 0) {
                    income.add(line(a, x.movement()));
                    t[0] = t[0].add(x.movement());
                }
            }
            case EXPENDITURE -> {
                if (x.movement().signum() != 0) {
                    expenditure.add(line(a, x.movement()));
                    t[1] = t[1].add(x.movement());
                }
            }
            case FUND_BALANCE -> {
                // the fund balance is the other side of assets − liabilities; it is not moved
            }
            }
        }
        BigDecimal closing = opening.add(t[0]).subtract(t[1]);
        BigDecimal transferred = t[2].add(t[3]).subtract(t[4]);
        if (closing.compareTo(transferred) != 0) {
            // assets − liabilities ≠ opening + income − expenditure: entries outside the year before it (never in a
            // sound ledger, whose every entry balances)
            throw new IllegalStateException("book " + b.code() + " of " + region + " does not reconcile: " + closing
                    + " vs " + transferred);
        }
        return new ClearingReport(region, b.code(), b.nameZh(), b.nameEn(), b.districtCode(), Book.POOLED, mergerDate,
                merger.reference(), cutOff, yearStart, opening, income, t[0], expenditure, t[1], closing, cash, t[2],
                receivables, t[3], payables, t[4], transferred, Status.OPEN, null, null, null, null, null, null, null,
                late);
    }

    // ------------------------------------------------------------------ which book pays

    /**
     * The book and accounts of a maternity payment made on {@code accountingDate} for an event on {@code
     * serviceDate} (or the accounting date, when not given); {@code district} where the region keeps district
     * books. The amount is the engine's, computed under the law of the service date.
     */
    public PayingBook payingBook(String region, String district, LocalDate accountingDate, LocalDate serviceDate) {
        if (accountingDate == null) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_DATE");
        }
        if (chart.books(region).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        LocalDate service = serviceDate == null ? accountingDate : serviceDate;
        LocalDate merger = policy.mergerDate(region, LocalDate.now(FundLedger.ZONE));
        PayingFund rules = service.isBefore(merger) ? PayingFund.MATERNITY_FUND
                : PayingFund.EMPLOYEE_MEDICAL_MATERNITY_ITEM;
        if (district != null && chart.books(region).values().stream().noneMatch(b -> district.equals(b.districtCode()))) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_UNKNOWN_DISTRICT", district, region);
        }
        if (accountingDate.isBefore(merger)) {
            String book = district == null ? Book.MATERNITY : Book.maternityOfDistrict(district);
            return new PayingBook(region, book, district, FundAccounts.LEGACY_MATERNITY_MEDICAL,
                    FundAccounts.LEGACY_MATERNITY_ALLOWANCE, merger, accountingDate, service, rules, false);
        }
        return new PayingBook(region, Book.POOLED, district, FundAccounts.POOLED_MATERNITY_MEDICAL,
                FundAccounts.POOLED_MATERNITY_ALLOWANCE, merger, accountingDate, service, rules,
                rules == PayingFund.MATERNITY_FUND);
    }

    // ------------------------------------------------------------------ helpers

    private static void requireNoLateEntries(ClearingReport r) {
        if (r.lateEntries() > 0) {
            throw new ApiException(HttpStatus.CONFLICT, "FUND_CLEARING_LATE_ENTRIES", r.bookCode(),
                    String.valueOf(r.lateEntries()), r.cutOff().toString());
        }
    }

    static String source(String region, String book) {
        return "CLEARING/" + region + "/" + book;
    }

    private Book legacyBook(String region, String book) {
        Book b = access.requireBook(region, book);
        if (b.fund() != FundKind.MATERNITY_LEGACY) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "FUND_NOT_LEGACY_BOOK", b.code());
        }
        return b;
    }

    private Optional<ClearingReport> stored(String region, String book) {
        return jdbc.sql("select report::text from fund_clearing where region_code = ? and book_code = ?")
                .params(region, book).query(String.class).optional()
                .map(json -> JSON.readValue(json, ClearingReport.class));
    }

    private Long pendingRequest(String region, String book) {
        return jdbc.sql("""
                select id from approval_request where region_code = ? and kind = ? and status = 'PENDING'
                   and payload ->> 'fundClearingBook' = ? order by id limit 1""")
                .params(region, KIND, book).query(Long.class).optional().orElse(null);
    }

    private static Line line(Account a, BigDecimal amount) {
        return new Line(a.code(), a.nameZh(), a.nameEn(), amount);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(2);
    }
}
