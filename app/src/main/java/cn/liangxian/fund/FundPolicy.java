package cn.liangxian.fund;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.web.ApiException;

/**
 * The law a ledger region follows. A region encoded in the policy pack follows its own; a region that is not (a
 * pooling region set up before its law is encoded, a district, a test region) follows its nearest ancestor in the
 * {@code region} table that is encoded. Thresholds, shares and dates the fund reads are dated parameters.
 */
@Component
class FundPolicy {

    private final PolicyBook book;
    private final JdbcClient jdbc;
    private final Map<String, String> lawOf = new ConcurrentHashMap<>();

    FundPolicy(PolicyBook book, JdbcClient jdbc) {
        this.book = book;
        this.jdbc = jdbc;
    }

    /** The jurisdiction whose law the region follows. */
    String lawOf(String region) {
        return lawOf.computeIfAbsent(region, r -> {
            String code = r;
            for (int depth = 0; code != null && depth < 10; depth++) {
                if (book.jurisdiction(code).isPresent()) {
                    return code;
                }
                code = jdbc.sql("select parent_code from region where region_code = ?").param(code)
                        .query(String.class).optional().orElse(null);
            }
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_REGION");
        });
    }

    PolicyView at(String region, LocalDate date) {
        return book.at(lawOf(region), date);
    }

    ResolvedParam get(String region, LocalDate date, String key) {
        return at(region, date).get(key);
    }

    /** The region's merger date (合并实施日期), as its law stands on {@code asOf}. */
    LocalDate mergerDate(String region, LocalDate asOf) {
        return get(region, asOf, "merger.date").date();
    }

    /** Whether an action of this kind and amount needs a second person ({@code approval.<kind>.threshold}). */
    boolean requiresApproval(String region, LocalDate date, String kind, BigDecimal amount) {
        BigDecimal threshold = get(region, date, "approval." + kind + ".threshold").decimal();
        return amount == null || amount.abs().compareTo(threshold) >= 0;
    }

    /** Rounds an amount the region's way ({@code rounding.amount.scale}, {@code rounding.amount.mode}). */
    BigDecimal round(String region, LocalDate date, BigDecimal amount) {
        PolicyView v = at(region, date);
        return amount.setScale(v.get("rounding.amount.scale").integer(),
                RoundingMode.valueOf(v.get("rounding.amount.mode").text()));
    }
}
