package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.flywaydb.core.Flyway;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.TestDatabase;

/**
 * The ledger tests' own database (fresh, migrated, shared by the ledger tests of one JVM) and the ledger over it
 * without the application. Each test takes regions of its own ({@link #newRegion()}: a test region with the
 * standard chart), so that its totals and month closes are its own.
 */
final class LedgerDatabase {

    private static LedgerDatabase instance;
    private static final AtomicLong SEQ = new AtomicLong();

    final String url;
    final HikariDataSource dataSource;
    final JdbcClient jdbc;
    final JdbcPostings postings;

    private LedgerDatabase() {
        url = TestDatabase.fresh();
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(url);
        c.setUsername("postgres");
        c.setMaximumPoolSize(20);
        c.setPoolName("ledger-tests");
        dataSource = new HikariDataSource(c);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = JdbcClient.create(dataSource);
        postings = JdbcPostings.standalone(dataSource);
    }

    static synchronized LedgerDatabase get() {
        if (instance == null) {
            instance = new LedgerDatabase();
        }
        return instance;
    }

    /** Another ledger over the same database, publishing its events to {@code events}. */
    JdbcPostings postings(ApplicationEventPublisher events) {
        return new JdbcPostings(jdbc, new DataSourceTransactionManager(dataSource), postings.chart(), events);
    }

    /** The people-facing service over this database (no four-eyes: reversals here go through {@link Postings}). */
    FundLedger ledger() {
        return new FundLedger(postings, postings.chart(), jdbc, new AccessPolicy(), null, new AuditTrail(jdbc), e -> {
        });
    }

    /** A new pooling region of its own (code 9xxxxx) with the standard chart. */
    String newRegion() {
        while (true) {
            String code = "9" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
            int n = jdbc.sql("""
                    insert into region (region_code, name_zh, name_en, parent_code) values (?, '测试统筹区', 'Test region',
                    '000000') on conflict do nothing""").param(code).update();
            if (n == 1) {
                postings.chart().setUp(code);
                return code;
            }
        }
    }

    static LiangxianUser user(Role role, String... regions) {
        long id = SEQ.incrementAndGet();
        return new LiangxianUser(id, role.name().toLowerCase(java.util.Locale.ROOT) + ".ledger." + id, null, "测试", role,
                Set.of(regions), null, null, null, true, null);
    }

    /** A balanced two-line request on the pooled fund: a medical benefit payable to an institution. */
    static PostingRequest benefit(String region, String sourceId, LocalDate date, String amount) {
        return new PostingRequest(region, Book.POOLED, SourceType.SETTLEMENT, sourceId, date, date, "结算 " + sourceId,
                List.of(PostingLine.debit("50010101", amount), PostingLine.credit("2201", amount)));
    }

    /** The number of entries of the region that do not balance or have fewer than two legs. */
    long unbalancedEntries(String region) {
        return jdbc.sql("""
                select count(*) from fund_entry e
                 where e.region_code = ?
                   and (select count(*) from fund_leg l where l.region_code = e.region_code and l.entry_id = e.id) < 2
                    or e.region_code = ? and (select coalesce(sum(case when l.side = 'DEBIT' then l.amount else -l.amount end), 0)
                          from fund_leg l where l.region_code = e.region_code and l.entry_id = e.id) <> 0""")
                .params(region, region).query(Long.class).single();
    }

    BigDecimal sum(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(BigDecimal.class).single();
    }
}
