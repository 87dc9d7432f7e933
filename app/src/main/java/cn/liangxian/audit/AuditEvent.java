package cn.liangxian.audit;

import java.time.Instant;

/** One audit row. {@code before}/{@code after} are already masked: no personal data in plain text here. */
public record AuditEvent(long id, Instant at, String actor, String role, String regionCode, String action,
        String objectType, String objectId, String before, String after, String clientAddress, String prevHash,
        String hash) {
}
