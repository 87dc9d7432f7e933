package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Optional;

/**
 * The one way into the ledger. Features post through it, never by writing the fund's tables. Every call joins
 * the caller's transaction (or runs in its own): post inside the transaction that writes your business record,
 * so that the record and its entry commit together or not at all.
 *
 * <p>Postings run side by side; a month close of the region waits until the transactions that posted in it
 * have ended, so keep the transactions that post short.
 */
public interface Postings {

    /**
     * Records a balanced entry. Idempotent on (region, source type, source id): a repeat with the same content
     * returns the first entry and writes nothing; with other content it is refused ({@code 409
     * POSTING_SOURCE_CONFLICT}). Refused with a stable code when the lines do not balance, an amount is not
     * positive or has more than two decimals, an account is not a postable account of the region's book, or the
     * book is closed. An entry asked for in a closed month goes into the first open month (a late item).
     */
    JournalEntry post(PostingRequest request);

    /**
     * Writes the mirror entry of {@code entryId} (same accounts and amounts, sides swapped) on {@code date} (or
     * in the first open month), pointing at the original. An entry is reversed once; a reversal may itself be
     * reversed, which restores the original's effect.
     */
    JournalEntry reverse(String regionCode, long entryId, String reason, LocalDate date);

    /** The entry with its legs, if it exists in the region. */
    Optional<JournalEntry> find(String regionCode, long entryId);

    /** The entry posted for a source, if any. */
    Optional<JournalEntry> findBySource(String regionCode, SourceType sourceType, String sourceId);

    /**
     * The balance of an account (a parent: of its children) at the end of {@code asOf}, on the account's normal
     * side: positive when it stands where it normally does.
     */
    BigDecimal balance(String regionCode, String book, String accountCode, LocalDate asOf);

    /** The trial balance of a book for a month. */
    TrialBalance trialBalance(String regionCode, String book, YearMonth period);

    /** The first month of the region that still accepts entries. Empty when nothing was ever closed. */
    Optional<YearMonth> firstOpenMonth(String regionCode);
}
