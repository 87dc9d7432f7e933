package cn.liangxian.collection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.approval.ApprovalDecided;
import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The regional average monthly wage of a statistical year (社会平均工资), as the agency enters it with its source.
 * It takes effect when a second person approves it (four-eyes {@code avg_wage}, the region's
 * {@code approval.avg_wage.threshold}); the newest approved value of a year is in force. The base band of a
 * contribution year uses the average of the year {@code contribution.avg_wage.lag_years} before it; where the
 * agency has entered none, the policy pack's dated {@code contribution.regional_avg_monthly_wage} applies.
 */
@Service
public class AvgWages {

    static final String KIND = "avg_wage";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One entered value and where it stands. */
    public record AvgWage(long id, String regionCode, int statYear, BigDecimal monthlyWage, String source,
            String status, Long approvalId, String enteredBy, OffsetDateTime enteredAt, String decidedBy,
            OffsetDateTime decidedAt) {
    }

    /**
     * The average a contribution year's band is taken from: the approved value (with its source, for the
     * explanation), or empty when the policy pack's parameter applies.
     */
    public record InForce(long id, int statYear, BigDecimal monthlyWage, String note) {
    }

    private final JdbcClient jdbc;
    private final FourEyes fourEyes;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final PolicyBook policy;

    AvgWages(JdbcClient jdbc, FourEyes fourEyes, AccessPolicy access, AuditTrail audit, PolicyBook policy) {
        this.jdbc = jdbc;
        this.fourEyes = fourEyes;
        this.access = access;
        this.audit = audit;
        this.policy = policy;
    }

    /** Enters a value; it waits for an approver (or takes effect at once where the region needs no approval). */
    @Transactional
    public AvgWage enter(LiangxianUser by, String region, Integer statYear, BigDecimal monthlyWage, String source,
            String reason) {
        access.requireRole(by, CollectionSupport.CLERKS);
        requireRegion(by, region);
        int year = CollectionSupport.year(statYear);
        if (monthlyWage == null || monthlyWage.signum() <= 0 || monthlyWage.stripTrailingZeros().scale() > 2) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_AVG_WAGE",
                    monthlyWage == null ? "-" : monthlyWage.toPlainString());
        }
        if (source == null || source.isBlank() || source.strip().length() < 2 || source.strip().length() > 500) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_AVG_WAGE_SOURCE_REQUIRED");
        }
        BigDecimal wage = monthlyWage.setScale(2, RoundingMode.UNNECESSARY);
        long id;
        try {
            id = jdbc.sql("""
                    insert into collection_avg_wage (region_code, stat_year, monthly_wage, source, entered_by)
                    values (?, ?, ?, ?, ?) returning id""")
                    .params(region, year, wage, source.strip(), by.getUsername()).query(Long.class).single();
        } catch (DuplicateKeyException e) {
            throw new ApiException(HttpStatus.CONFLICT, "COLLECTION_AVG_WAGE_PENDING", year);
        }
        audit.record(region, "AVG_WAGE_ENTERED", "collection_avg_wage", String.valueOf(id), null,
                year + ": " + wage.toPlainString() + " (" + source.strip() + ")");
        LocalDate today = CollectionSupport.today();
        if (fourEyes.requiresApproval(region, today, KIND, BigDecimal.ZERO)) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("id", id);
            payload.put("statYear", year);
            payload.put("monthlyWage", wage.toPlainString());
            payload.put("source", source.strip());
            ApprovalRequest r = fourEyes.request(by, region, KIND, "社会平均工资 / average wage " + year + ": "
                    + wage.toPlainString(), JSON.writeValueAsString(payload), wage,
                    reason == null || reason.isBlank() ? source.strip() : reason);
            jdbc.sql("update collection_avg_wage set approval_id = ? where region_code = ? and id = ?")
                    .params(r.id(), region, id).update();
        } else {
            decide(region, id, "APPROVED", by.getUsername());
        }
        return find(region, id);
    }

    @EventListener
    void on(ApprovalDecided decided) {
        ApprovalRequest r = decided.request();
        if (!KIND.equals(r.kind())) {
            return;
        }
        JsonNode p = JSON.readTree(r.payload());
        decide(r.regionCode(), p.get("id").asLong(), r.status() == ApprovalRequest.Status.APPROVED ? "APPROVED"
                : "REJECTED", r.checker());
    }

    private void decide(String region, long id, String status, String by) {
        int n = jdbc.sql("""
                update collection_avg_wage set status = ?, decided_by = ?, decided_at = now()
                 where region_code = ? and id = ? and status = 'PENDING'""")
                .params(status, by, region, id).update();
        if (n > 0) {
            audit.record(new AuditTrail.Actor(by, null, region), "AVG_WAGE_" + status, "collection_avg_wage",
                    String.valueOf(id), "PENDING", status);
        }
    }

    /** The values of a region, newest year first. */
    public List<AvgWage> list(LiangxianUser viewer, String region) {
        access.requireRole(viewer, CollectionSupport.READERS);
        requireRegion(viewer, region);
        return jdbc.sql("select * from collection_avg_wage where region_code = ? order by stat_year desc, id desc")
                .param(region).query(AvgWages::map).list();
    }

    AvgWage find(String region, long id) {
        return jdbc.sql("select * from collection_avg_wage where region_code = ? and id = ?").params(region, id)
                .query(AvgWages::map).single();
    }

    /** The statistical year whose average sets the band of a contribution year, by the region's parameter. */
    public int statYearFor(String region, int contribYear) {
        LocalDate jan = LocalDate.of(contribYear, 1, 1);
        LocalDate from = policy.jurisdiction(region).map(j -> j.rulesFrom()).orElse(jan);
        int lag = policy.at(region, jan.isBefore(from) ? from : jan).get("contribution.avg_wage.lag_years").integer();
        return contribYear - lag;
    }

    /** The approved average in force for a contribution year, if the agency entered one. */
    public Optional<InForce> forContributionYear(String region, int contribYear) {
        int stat = statYearFor(region, contribYear);
        return jdbc.sql("""
                select * from collection_avg_wage where region_code = ? and stat_year = ? and status = 'APPROVED'
                 order by decided_at desc, id desc limit 1""")
                .params(region, stat).query(AvgWages::map).optional()
                .map(a -> new InForce(a.id(), a.statYear(), a.monthlyWage(), stat + " 年度社会平均工资（经办机构录入，来源："
                        + a.source() + "；审核人 " + a.decidedBy() + "） / average wage of " + stat
                        + " entered by the agency (source: " + a.source() + ")"));
    }

    private void requireRegion(LiangxianUser viewer, String region) {
        if (region == null || region.isBlank() || policy.jurisdiction(region).isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_REGION");
        }
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
    }

    private static AvgWage map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new AvgWage(rs.getLong("id"), rs.getString("region_code"), rs.getInt("stat_year"),
                rs.getBigDecimal("monthly_wage"), rs.getString("source"), rs.getString("status"),
                rs.getObject("approval_id", Long.class), rs.getString("entered_by"),
                rs.getObject("entered_at", OffsetDateTime.class), rs.getString("decided_by"),
                rs.getObject("decided_at", OffsetDateTime.class));
    }
}
