package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A posted journal entry (记账凭证) with its legs. {@code entryNo} is the region's business number
 * ({@code <region>-<10 digits>}, consecutive within the region). {@code accountingDate} is the date it counts
 * on; {@code requestedDate} the date its source asked for (later only when that month was closed: a late
 * item); {@code businessDate} the date of the business fact. {@code reversesEntryId} points at the entry this
 * one reverses; {@code reversedByEntryId} at the entry that reversed this one, if any. {@code districtCode} is the
 * district (区县) the entry belongs to, if any.
 */
public record JournalEntry(long id, String regionCode, String bookCode, String entryNo, LocalDate accountingDate,
        LocalDate requestedDate, LocalDate businessDate, SourceType sourceType, String sourceId, String description,
        Long reversesEntryId, Long reversedByEntryId, Long approvalId, Instant createdAt, String createdBy,
        List<Leg> legs, String districtCode) {

    /** One debit or credit. */
    public record Leg(int lineNo, String accountCode, Side side, BigDecimal amount) {
    }

    public JournalEntry {
        legs = List.copyOf(legs);
    }

    /** The entry's total (its debits, which equal its credits). */
    public BigDecimal total() {
        return legs.stream().filter(l -> l.side() == Side.DEBIT).map(Leg::amount).reduce(BigDecimal.ZERO,
                BigDecimal::add);
    }

    /** Whether the entry was asked for in a month that was already closed. */
    public boolean late() {
        return !accountingDate.equals(requestedDate);
    }
}
