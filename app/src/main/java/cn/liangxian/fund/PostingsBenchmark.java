package cn.liangxian.fund;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * {@code ./liangxian bench postings [--count=100000] [--chunk=500]}: posts {@code count} entries through
 * {@link Postings} and, in the same run, plain JDBC-batch INSERTs of the same rows (entries and legs) into scratch
 * tables without triggers, foreign keys or look-ups, and prints both rates and their ratio. Everything runs in a
 * scratch database created next to the configured one (the ledger is append-only, so its rows could not be
 * cleaned up anywhere else) and dropped at the end. Both sides commit every {@code chunk} entries, after a
 * warm-up of both (10 %, at most 5,000 entries) and an {@code analyze}.
 */
@Component
@ConditionalOnProperty(name = "liangxian.command", havingValue = "bench-postings")
class PostingsBenchmark implements ApplicationRunner, ExitCodeGenerator {

    static final String REGION = "440100";
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql://[^/]+/)([^?]*)(.*)$");

    private final DataSource dataSource;
    private final Environment env;
    private int exitCode;

    PostingsBenchmark(DataSource dataSource, Environment env) {
        this.dataSource = dataSource;
        this.env = env;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        int count = option(args, "count", 100_000);
        int chunk = option(args, "chunk", 500);
        Result r = measure(dataSource, env.getProperty("spring.datasource.password", ""), count, chunk, System.out);
        exitCode = r.checked() ? 0 : 1;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private static int option(ApplicationArguments args, String name, int fallback) {
        List<String> v = args.getOptionValues(name);
        return v == null || v.isEmpty() ? fallback : Integer.parseInt(v.get(0));
    }

    /** The figures of one run. */
    record Result(int entries, long legs, long postingNanos, long plainNanos, boolean checked) {
        double postingsPerSecond() {
            return entries * 1e9 / postingNanos;
        }

        double plainPerSecond() {
            return entries * 1e9 / plainNanos;
        }

        double ratio() {
            return (double) postingNanos / plainNanos;
        }
    }

    static Result measure(DataSource admin, String password, int count, int chunk, PrintStream out) throws SQLException {
        String url;
        String user;
        try (Connection c = admin.getConnection()) {
            url = c.getMetaData().getURL();
            user = c.getMetaData().getUserName();
        }
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalStateException("not a PostgreSQL JDBC URL: " + url);
        }
        String scratch = "liangxian_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        execute(admin, "create database " + scratch);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(m.group(1) + scratch + m.group(3));
        hc.setUsername(user);
        hc.setPassword(password);
        hc.setMaximumPoolSize(2);
        hc.setPoolName("bench-postings");
        try (HikariDataSource ds = new HikariDataSource(hc)) {
            Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            JdbcPostings ledger = JdbcPostings.standalone(ds);
            ledger.chart().setUp(REGION);
            execute(ds, "create table bench_entry (like fund_entry including defaults, primary key (region_code, id))");
            execute(ds, "create table bench_leg (like fund_leg including defaults, "
                    + "primary key (region_code, entry_id, line_no))");
            int warm = Math.min(5_000, Math.max(count / 10, 1));
            post(ledger, "W", warm, chunk);
            plain(ds, "W", 1, warm, chunk);
            // statistics, as a ledger in use has them: plans made over empty tables would scan
            execute(ds, "analyze");
            long legs = 0;
            for (int i = 0; i < count; i++) {
                legs += request("M", i).lines().size();
            }
            long t0 = System.nanoTime();
            post(ledger, "M", count, chunk);
            long postingNanos = System.nanoTime() - t0;
            t0 = System.nanoTime();
            plain(ds, "M", warm + 1, count, chunk);
            long plainNanos = System.nanoTime() - t0;

            JdbcClient jdbc = JdbcClient.create(ds);
            long unbalanced = jdbc.sql("""
                            select count(*) from (select entry_id from fund_leg group by entry_id
                                                  having sum(case when side = 'DEBIT' then amount else -amount end) <> 0
                                                      or count(*) < 2) x""").query(Long.class).single();
            long entries = jdbc.sql("select count(*) from fund_entry").query(Long.class).single();
            boolean trialBalanced = true;
            for (int month = 1; month <= 12; month++) {
                trialBalanced &= ledger.trialBalance(REGION, Book.POOLED, YearMonth.of(2025, month)).totals().balanced();
            }
            boolean checked = unbalanced == 0 && entries == warm + count && trialBalanced;
            Result r = new Result(count, legs, postingNanos, plainNanos, checked);
            out.printf(Locale.ROOT, "bench postings: %,d entries (%,d legs) in chunks of %d, region %s, scratch database %s%n",
                    count, legs, chunk, REGION, scratch);
            out.printf(Locale.ROOT, "  Postings.post : %8.1f s  %,10.0f entries/s%n", postingNanos / 1e9,
                    r.postingsPerSecond());
            out.printf(Locale.ROOT, "  plain INSERT  : %8.1f s  %,10.0f entries/s  (JDBC batch, same rows, no checks)%n",
                    plainNanos / 1e9, r.plainPerSecond());
            out.printf(Locale.ROOT, "  ratio         : %8.1f x the plain cost per entry%n", r.ratio());
            out.printf(Locale.ROOT, "  check         : %s (%,d entries, %d unbalanced, trial balances %s)%n",
                    checked ? "OK" : "FAILED", entries, unbalanced, trialBalanced ? "balanced" : "NOT balanced");
            return r;
        } finally {
            execute(admin, "drop database if exists " + scratch + " with (force)");
        }
    }

    /** The i-th entry of a run: a contribution, a settlement or an allowance, in 2025. */
    static PostingRequest request(String run, int i) {
        BigDecimal a = BigDecimal.valueOf((i * 37L) % 100_000 + 1, 2);
        BigDecimal b = BigDecimal.valueOf((i * 53L) % 50_000 + 1, 2);
        LocalDate date = LocalDate.of(2025, 1, 1).plusDays(i % 365);
        List<PostingLine> lines = switch (i % 3) {
            case 0 -> List.of(PostingLine.debit("1002", a.add(b)), PostingLine.credit("400101", a),
                    PostingLine.credit("400102", b));
            case 1 -> List.of(PostingLine.debit("50010101", a), PostingLine.debit("5001010201", b),
                    PostingLine.credit("2201", a.add(b)));
            default -> List.of(PostingLine.debit("5001010202", a), PostingLine.credit("2202", a));
        };
        SourceType type = switch (i % 3) {
            case 0 -> SourceType.ASSESSMENT;
            case 1 -> SourceType.SETTLEMENT;
            default -> SourceType.ALLOWANCE_BATCH;
        };
        return new PostingRequest(REGION, Book.POOLED, type, "BENCH-" + run + "-" + i, date, date,
                "bench " + run + " " + i, lines);
    }

    private static void post(JdbcPostings ledger, String run, int count, int chunk) {
        for (int from = 0; from < count; from += chunk) {
            int start = from;
            int end = Math.min(count, from + chunk);
            ledger.transactions().executeWithoutResult(s -> {
                for (int i = start; i < end; i++) {
                    ledger.post(request(run, i));
                }
            });
        }
    }

    /** The same rows as the ledger writes, by plain batched INSERTs, ids from {@code firstId} on. */
    private static void plain(DataSource ds, String run, long firstId, int count, int chunk) throws SQLException {
        try (Connection c = ds.getConnection();
                PreparedStatement entry = c.prepareStatement("""
                        insert into bench_entry (region_code, id, book_code, entry_no, accounting_date, requested_date,
                                                 business_date, source_type, source_id, content_hash, description,
                                                 created_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
                PreparedStatement leg = c.prepareStatement("""
                        insert into bench_leg (region_code, entry_id, line_no, book_code, account_code, side, amount)
                        values (?, ?, ?, ?, ?, ?, ?)""")) {
            c.setAutoCommit(false);
            for (int from = 0; from < count; from += chunk) {
                for (int i = from; i < Math.min(count, from + chunk); i++) {
                    PostingRequest r = request(run, i);
                    long id = firstId + i;
                    entry.setString(1, r.regionCode());
                    entry.setLong(2, id);
                    entry.setString(3, r.book());
                    entry.setString(4, r.regionCode() + "-" + String.format("%010d", id));
                    entry.setObject(5, r.accountingDate());
                    entry.setObject(6, r.accountingDate());
                    entry.setObject(7, r.businessDate());
                    entry.setString(8, r.sourceType().name());
                    entry.setString(9, r.sourceId());
                    entry.setString(10, JdbcPostings.hash(r));
                    entry.setString(11, r.description());
                    entry.setString(12, "system");
                    entry.addBatch();
                    int n = 0;
                    for (PostingLine l : r.lines()) {
                        leg.setString(1, r.regionCode());
                        leg.setLong(2, id);
                        leg.setInt(3, ++n);
                        leg.setString(4, r.book());
                        leg.setString(5, l.accountCode());
                        leg.setString(6, l.side().name());
                        leg.setBigDecimal(7, l.amount());
                        leg.addBatch();
                    }
                }
                entry.executeBatch();
                leg.executeBatch();
                c.commit();
            }
            c.setAutoCommit(true);
        }
    }

    private static void execute(DataSource ds, String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
