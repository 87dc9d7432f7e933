package cn.liangxian.fund;

import java.time.LocalDate;
import java.util.List;

/**
 * What a feature asks the ledger to record. {@code sourceType} + {@code sourceId} name the business record
 * (an assessment, a payment file, a settlement, an allowance batch …): a repeat with the same content returns
 * the first entry, with other content it is refused. {@code accountingDate} is the date the entry should count
 * on; when its month is already closed the entry goes into the first open month and the dates asked for are
 * kept ({@link JournalEntry#requestedDate()}, {@link JournalEntry#businessDate()}).
 */
public record PostingRequest(String regionCode, String book, SourceType sourceType, String sourceId,
        LocalDate accountingDate, LocalDate businessDate, String description, List<PostingLine> lines) {

    public PostingRequest {
        lines = lines == null ? null : List.copyOf(lines);
    }
}
