package cn.liangxian.approval;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * The maker–checker mechanism. A maker (agency staff of the region) files a request with a reason; an
 * approver of the same region, never the maker, approves or rejects it with a reason, once. Whether a
 * kind of action needs it at all is a dated policy parameter ({@code approval.<kind>.threshold}).
 */
@Service
public class FourEyes {

    static final Set<Role> CHECKERS = EnumSet.of(Role.AGENCY_APPROVER);

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final PolicyBook policy;
    private final ApplicationEventPublisher events;

    FourEyes(JdbcClient jdbc, AccessPolicy access, AuditTrail audit, PolicyBook policy,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.policy = policy;
        this.events = events;
    }

    /** Whether an action of this kind and amount needs a second person, by the region's parameter on the date. */
    public boolean requiresApproval(String regionCode, LocalDate date, String kind, BigDecimal amount) {
        BigDecimal threshold = policy.at(regionCode, date).get("approval." + kind + ".threshold").decimal();
        return amount == null || amount.compareTo(threshold) >= 0;
    }

    @Transactional
    public ApprovalRequest request(LiangxianUser maker, String regionCode, String kind, String subject,
            String payloadJson, BigDecimal amount, String reason) {
        access.requireRole(maker, Role.AGENCY);
        access.requireVisible(maker, AccessPolicy.Owner.region(regionCode));
        requireReason(reason);
        if (kind == null || !kind.matches("[a-z_]{2,40}") || subject == null || subject.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_APPROVAL_REQUEST");
        }
        long id = jdbc.sql("""
                insert into approval_request (region_code, kind, subject, payload, amount, maker, maker_reason)
                values (?, ?, ?, ?::jsonb, ?, ?, ?) returning id""")
                .params(regionCode, kind, subject.trim(), payloadJson == null ? "{}" : payloadJson, amount,
                        maker.getUsername(), reason.trim())
                .query(Long.class).single();
        audit.record(regionCode, "APPROVAL_REQUESTED", "approval_request", String.valueOf(id), null,
                kind + ": " + subject.trim());
        return find(id);
    }

    @Transactional
    public ApprovalRequest approve(LiangxianUser checker, long id, String reason) {
        return decide(checker, id, reason, ApprovalRequest.Status.APPROVED);
    }

    @Transactional
    public ApprovalRequest reject(LiangxianUser checker, long id, String reason) {
        return decide(checker, id, reason, ApprovalRequest.Status.REJECTED);
    }

    private ApprovalRequest decide(LiangxianUser checker, long id, String reason, ApprovalRequest.Status decision) {
        ApprovalRequest r = visible(checker, id);
        access.requireRole(checker, CHECKERS);
        requireReason(reason);
        if (r.maker().equals(checker.getUsername())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "SELF_APPROVAL");
        }
        int n = jdbc.sql("""
                update approval_request set status = ?, checker = ?, checker_reason = ?, decided_at = now(),
                       version = version + 1
                where id = ? and status = 'PENDING'""")
                .params(decision.name(), checker.getUsername(), reason.trim(), id).update();
        if (n == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "NOT_PENDING");
        }
        ApprovalRequest decided = find(id);
        audit.record(r.regionCode(), "APPROVAL_" + decision.name(), "approval_request", String.valueOf(id),
                "PENDING", decision.name() + ": " + reason.trim());
        events.publishEvent(new ApprovalDecided(decided));
        return decided;
    }

    /** Requests of the user's regions, pending first. */
    public List<ApprovalRequest> list(LiangxianUser viewer) {
        access.requireRole(viewer, Role.AGENCY);
        return jdbc.sql("select * from approval_request where region_code = any(?::char(6)[]) order by status <> 'PENDING', id")
                .param("{" + String.join(",", viewer.regions()) + "}").query(FourEyes::map).list();
    }

    /** One request, if the viewer may see it (404 otherwise). */
    public ApprovalRequest visible(LiangxianUser viewer, long id) {
        access.requireRole(viewer, Role.AGENCY);
        ApprovalRequest r = jdbc.sql("select * from approval_request where id = ?").param(id).query(FourEyes::map)
                .optional().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(viewer, AccessPolicy.Owner.region(r.regionCode()));
        return r;
    }

    private ApprovalRequest find(long id) {
        return jdbc.sql("select * from approval_request where id = ?").param(id).query(FourEyes::map).single();
    }

    private static void requireReason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REASON_REQUIRED");
        }
    }

    static ApprovalRequest map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        OffsetDateTime decided = rs.getObject("decided_at", OffsetDateTime.class);
        return new ApprovalRequest(rs.getLong("id"), rs.getString("region_code"), rs.getString("kind"),
                rs.getString("subject"), rs.getString("payload"), rs.getBigDecimal("amount"), rs.getString("maker"),
                rs.getString("maker_reason"), ApprovalRequest.Status.valueOf(rs.getString("status")),
                rs.getString("checker"), rs.getString("checker_reason"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                decided == null ? null : decided.toInstant());
    }
}
