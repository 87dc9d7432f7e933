package cn.liangxian.fund;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * Who may see and do what in a region's fund: finance staff and supervisors of the region read; finance acts
 * (clearing, budgets, settlements); other roles are refused (403); another region's fund, or a region without a
 * ledger, does not exist for the caller (404).
 */
@Component
class FundAccess {

    static final Set<Role> READERS = EnumSet.of(Role.FINANCE, Role.SUPERVISOR);
    static final Set<Role> FINANCE = EnumSet.of(Role.FINANCE);

    private final AccessPolicy access;
    private final ChartOfAccounts chart;
    private final JdbcClient jdbc;

    FundAccess(AccessPolicy access, ChartOfAccounts chart, JdbcClient jdbc) {
        this.access = access;
        this.chart = chart;
        this.jdbc = jdbc;
    }

    /** The region's name in Chinese or English (its code when unknown). */
    String regionName(String code, boolean zh) {
        return jdbc.sql("select name_zh, name_en from region where region_code = ?").param(code)
                .query((rs, i) -> zh ? rs.getString(1) : rs.getString(2)).optional().orElse(code);
    }

    void requireReader(LiangxianUser viewer, String region) {
        require(viewer, region, READERS);
    }

    void requireFinance(LiangxianUser maker, String region) {
        require(maker, region, FINANCE);
    }

    private void require(LiangxianUser u, String region, Set<Role> roles) {
        if (u == null) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        }
        access.requireRole(u, roles);
        access.requireVisible(u, AccessPolicy.Owner.region(region));
        if (chart.books(region).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
    }

    Book requireBook(String region, String book) {
        if (book == null || book.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "POSTING_INCOMPLETE", "book");
        }
        return chart.book(region, book.trim())
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "FUND_UNKNOWN_BOOK", book, region));
    }

    /** Whether the region has a ledger (for the public disclosure, which asks nobody's role). */
    boolean hasLedger(String region) {
        return region != null && region.matches("[0-9]{6}") && !chart.books(region).isEmpty();
    }
}
