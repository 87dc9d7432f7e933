package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Published, inside the posting transaction, for every new journal entry (not for idempotent repeats). */
public record EntryPosted(String regionCode, String bookCode, long entryId, String entryNo, SourceType sourceType,
        String sourceId, LocalDate accountingDate, LocalDate businessDate, BigDecimal total, Long reversesEntryId) {
}
