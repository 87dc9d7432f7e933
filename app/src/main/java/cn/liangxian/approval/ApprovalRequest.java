package cn.liangxian.approval;

import java.math.BigDecimal;
import java.time.Instant;

/** A maker–checker request and its decision. */
public record ApprovalRequest(long id, String regionCode, String kind, String subject, String payload,
        BigDecimal amount, String maker, String makerReason, Status status, String checker, String checkerReason,
        Instant createdAt, Instant decidedAt) {

    /** Where a request stands. */
    public enum Status {
        /** Waiting for a second person. */
        PENDING,
        /** Approved by someone other than the maker; the feature may act. */
        APPROVED,
        /** Rejected with a reason; nothing happens. */
        REJECTED
    }
}
