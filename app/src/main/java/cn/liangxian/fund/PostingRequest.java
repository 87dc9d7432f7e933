package cn.liangxian.fund;

import java.time.LocalDate;
import java.util.List;

/**
 * What a feature asks the ledger to record. {@code sourceType} + {@code sourceId} name the business record
 * (an assessment, a payment file, a settlement, an allowance batch …): a repeat with the same content returns
 * the first entry, with other content it is refused. {@code accountingDate} is the date the entry should count
 * on; when its month is already closed the entry goes into the first open month and the dates asked for are
 * kept ({@link JournalEntry#requestedDate()}, {@link JournalEntry#businessDate()}). {@code districtCode}, when
 * set, names the district (区县) of the region the entry belongs to (a district agency's payments in a region
 * that manages by district, 分级管理); it must be one of the region's districts.
 */
public record PostingRequest(String regionCode, String book, SourceType sourceType, String sourceId,
        LocalDate accountingDate, LocalDate businessDate, String description, List<PostingLine> lines,
        String districtCode) {

    public PostingRequest {
        lines = lines == null ? null : List.copyOf(lines);
    }

    /** A request of the region as a whole (no district). */
    public PostingRequest(String regionCode, String book, SourceType sourceType, String sourceId,
            LocalDate accountingDate, LocalDate businessDate, String description, List<PostingLine> lines) {
        this(regionCode, book, sourceType, sourceId, accountingDate, businessDate, description, lines, null);
    }
}
