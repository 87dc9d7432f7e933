package cn.liangxian.fund;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The fund's ledger over REST, region by region: chart, entries, trial balance (finance and supervisors of the
 * region), month close and reversals (finance; reversals through four-eyes). Features post through
 * {@link Postings}; there is no manual posting endpoint.
 */
@RestController
@RequestMapping(path = "/api/v1/fund/{region}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "fund", description = "基金账务 / fund ledger")
class FundController {

    private final FundLedger ledger;

    FundController(FundLedger ledger) {
        this.ledger = ledger;
    }

    @Operation(summary = "The region's books (310 pooled fund, personal accounts, legacy 510 funds)")
    @GetMapping("/books")
    Collection<Book> books(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region) {
        return ledger.books(me, region);
    }

    @Operation(summary = "The chart of accounts of one book, or of all the region's books")
    @GetMapping("/accounts")
    List<Account> accounts(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @RequestParam(required = false) String book) {
        return ledger.accounts(me, region, book);
    }

    @Operation(summary = "Journal entries with accounting dates in [from, to], with their legs")
    @GetMapping("/entries")
    List<JournalEntry> entries(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(required = false) String book, @RequestParam(required = false) String limit) {
        Integer n = limit == null || !limit.matches("\\d{1,6}") ? null : Integer.valueOf(limit);
        return ledger.entries(me, region, date(from), date(to), book, n);
    }

    @Operation(summary = "One journal entry with its legs and what reversed it")
    @GetMapping("/entries/{id}")
    JournalEntry entry(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region, @PathVariable String id) {
        return ledger.entry(me, region, id(id));
    }

    @Operation(summary = "Trial balance of one book for one month (period YYYYMM or YYYY-MM)")
    @GetMapping("/trial-balance")
    TrialBalance trialBalance(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @RequestParam(required = false) String book, @RequestParam(required = false) String period) {
        return ledger.trialBalance(me, region, book, period);
    }

    @Operation(summary = "Close a month (finance; in order, no gaps); late items then go into the next open month")
    @PostMapping("/periods/{period}/close")
    FundLedger.PeriodClose close(@AuthenticationPrincipal LiangxianUser me, @PathVariable String region,
            @PathVariable String period) {
        return ledger.closeMonth(me, region, period);
    }

    record ReverseBody(String reason, LocalDate date) {
    }

    @Operation(summary = "Reverse an entry (finance; four-eyes 'reversal': 202 with the request, 201 when written)")
    @PostMapping(path = "/entries/{id}/reverse", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FundLedger.ReversalOutcome> reverse(@AuthenticationPrincipal LiangxianUser me,
            @PathVariable String region, @PathVariable String id, @RequestBody ReverseBody b) {
        FundLedger.ReversalOutcome o = ledger.requestReversal(me, region, id(id), b.reason(), b.date());
        return ResponseEntity.status(o.reversal() != null ? HttpStatus.CREATED : HttpStatus.ACCEPTED).body(o);
    }

    /** An entry id; anything else names no entry. */
    private static long id(String text) {
        if (text == null || !text.matches("\\d{1,18}")) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        return Long.parseLong(text);
    }

    private static LocalDate date(String text) {
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_DATE_RANGE_INVALID");
        }
    }
}
