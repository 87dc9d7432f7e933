package cn.liangxian.collection;

import java.io.PrintStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.Statement;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.policy.contribution.ContributionSchedule;

/**
 * {@code ./liangxian bench assessment [--region=440100] [--period=2025-06] [--declare=true] [--chunk=10000]
 * [--workers=2]}: the monthly assessment of everyone the configured database holds in the region, timed, against
 * PostgreSQL COPY of the same number of result rows into a scratch table of the same shape and indexes, in the same
 * chunks, in the same run. Prints both rates and the ratio (assessment rows per second ÷ COPY rows per second; the
 * target is ≥ 0.5). The population is the demo generator's ({@code ./liangxian demo generate --persons N
 * --regions R}, which {@code bench/assessment.sh --persons N} runs first); it writes no wage-base declarations, so
 * with {@code --declare} (the default) every employer of the region without a declaration for the year first gets
 * one covering nine in ten of its employees (the rest stay undeclared, as in life). The assessment's rows stay (a
 * real run); the scratch table is dropped. Use a period nobody was assessed for, or the run is a re-run that
 * writes nothing.
 */
@Component
@ConditionalOnProperty(name = "liangxian.command", havingValue = "bench-assessment")
class AssessmentBenchmark implements ApplicationRunner, ExitCodeGenerator {

    /** Who the benchmark's wage-base declarations are recorded as made by. */
    static final String ACTOR = "bench";

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final AssessmentJob job;
    private final Schedules schedules;
    private int exitCode;

    AssessmentBenchmark(DataSource dataSource, JdbcClient jdbc, AssessmentJob job, Schedules schedules) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.job = job;
        this.schedules = schedules;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String region = option(args, "region", "440100");
        YearMonth period = YearMonth.parse(option(args, "period", "2025-06"));
        boolean declare = Boolean.parseBoolean(option(args, "declare", "true"));
        int chunk = Integer.parseInt(option(args, "chunk", String.valueOf(AssessmentJob.DEFAULT_CHUNK)));
        int workers = Integer.parseInt(option(args, "workers", "2"));
        exitCode = measure(region, period, declare, chunk, workers, System.out) ? 0 : 1;
    }

    boolean measure(String region, YearMonth period, boolean declare, int chunk, int workers, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "bench assessment: region %s, period %s, chunks of %,d, %d workers, %d processors, "
                + "load average %s%n", region, period, chunk, workers, Runtime.getRuntime().availableProcessors(),
                loadAverage());
        ContributionSchedule s = schedules.forPeriod(region, period).schedule();
        if (declare) {
            declareWageBases(region, period, s, out);
        }
        long insured = jdbc.sql("""
                select count(distinct person_id) from coverage where region_code = ? and insurance_type = '310'
                   and start_date <= ? and (end_date is null or end_date >= ?)""")
                .params(region, period.atEndOfMonth(), period.atDay(1)).query(Long.class).single();
        long before = jdbc.sql("select count(*) from assessment where region_code = ? and period = ?")
                .params(region, CollectionSupport.key(period)).query(Long.class).single();
        out.printf(Locale.ROOT, "  insured in 310 in the month: %,d (assessment rows of the period already: %,d)%n",
                insured, before);
        // the steady state of a database in use: freshly loaded rows vacuumed (their hint bits and visibility map
        // set, as autovacuum does after a bulk load; a server may run without it) and statistics up to date
        jdbc.sql("vacuum (analyze) person, employer, coverage, wage_declaration, wage_base, assessment, collection_bill")
                .update();
        checkpoint(out);

        long t0 = System.nanoTime();
        AssessmentJob.Run run = job.start(ACTOR, region, period, chunk);
        AssessmentJob.Run done = job.execute(region, run.id(), workers, null);
        long assessNanos = System.nanoTime() - t0;
        long rows = done.rowsWritten();
        out.printf(Locale.ROOT, "  assessment  : %8.1f s  %,10.0f rows/s  (run %d: %,d persons, %,d rows written, %,d unchanged, %s)%n",
                assessNanos / 1e9, rows * 1e9 / assessNanos, done.id(), done.persons(), rows, done.unchanged(),
                done.status());
        if (rows == 0) {
            out.println("  nothing written (a re-run of an assessed period): choose another --period to measure");
            return done.finished();
        }

        checkpoint(out);
        long copyNanos = copyBaseline(region, period, done.id(), chunk, workers);
        double ratio = (double) copyNanos / assessNanos;
        out.printf(Locale.ROOT, "  COPY        : %8.1f s  %,10.0f rows/s  (the run's own rows, same table shape and indexes, same chunks, %d connections)%n",
                copyNanos / 1e9, rows * 1e9 / copyNanos, Math.max(1, workers));
        out.printf(Locale.ROOT, "  ratio       : %8.2f x the COPY rate (target >= 0.5); load average after: %s%n", ratio,
                loadAverage());
        return done.finished();
    }

    /**
     * A checkpoint before each timed part, so that neither pays for writing out what came before it (and both start
     * writing whole pages to the WAL afresh). Needs a superuser or pg_checkpoint; without, says so and goes on.
     */
    private void checkpoint(PrintStream out) {
        try {
            jdbc.sql("checkpoint").update();
        } catch (org.springframework.dao.DataAccessException e) {
            out.println("  (no CHECKPOINT before the timed part: " + e.getMostSpecificCause().getMessage() + ")");
        }
    }

    private static String loadAverage() {
        double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
    }

    /**
     * Declares wage bases for the year for every employer of the region that has employees covered in the month
     * and no declaration yet: nine in ten of its employees (by person id), monthly wages from 2,000 to 40,000
     * spread by the person id, clamped as a declaration previews it with the month's floor and ceiling.
     */
    void declareWageBases(String region, YearMonth period, ContributionSchedule s, PrintStream out) {
        int year = period.getYear();
        long t0 = System.nanoTime();
        int employers = jdbc.sql("""
                insert into wage_declaration (region_code, contrib_year, employer_uscc, channel, line_count, created_by)
                select c.region_code, ?, c.employer_uscc, 'API', count(distinct c.person_id), ?
                  from coverage c
                 where c.region_code = ? and c.insurance_type = '310' and c.basis = 'EMPLOYEE'
                   and c.start_date <= ? and (c.end_date is null or c.end_date >= ?)
                   and not exists (select 1 from wage_declaration d where d.region_code = c.region_code
                                      and d.employer_uscc = c.employer_uscc and d.contrib_year = ?)
                 group by c.region_code, c.employer_uscc""")
                .params(year, ACTOR, region, period.atEndOfMonth(), period.atDay(1), year).update();
        int lines = jdbc.sql("""
                insert into wage_base (region_code, contrib_year, person_id, payer, seq, declaration_id, declared_wage,
                                       base, clamp)
                select distinct on (c.person_id, c.employer_uscc) c.region_code, ?, c.person_id, c.employer_uscc,
                       1, d.id, w.wage, greatest(least(w.wage, ?), ?),
                       case when w.wage < ? then 'L' when w.wage > ? then 'H' else 'W' end
                  from coverage c
                  join wage_declaration d on d.region_code = c.region_code and d.employer_uscc = c.employer_uscc
                                         and d.contrib_year = ? and d.created_by = ?
                  cross join lateral (select round(2000 + (c.person_id * 7919 % 3800000) / 100.0, 2) as wage) w
                 where c.region_code = ? and c.insurance_type = '310' and c.basis = 'EMPLOYEE'
                   and c.start_date <= ? and (c.end_date is null or c.end_date >= ?)
                   and c.person_id % 10 <> 0
                   and not exists (select 1 from wage_base b where b.region_code = c.region_code
                                      and b.contrib_year = ? and b.person_id = c.person_id and b.payer = c.employer_uscc)
                 order by c.person_id, c.employer_uscc""")
                .params(year, s.ceiling(), s.floor(), s.floor(), s.ceiling(), year, ACTOR, region,
                        period.atEndOfMonth(), period.atDay(1), year)
                .update();
        jdbc.sql("analyze wage_declaration, wage_base").update();
        out.printf(Locale.ROOT, "  declared wage bases for %,d employers without a declaration for %d: %,d people (%.1f s)%n",
                employers, year, lines, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * COPY of the very rows the run wrote (read back first, untimed, as COPY text) into a scratch copy of the
     * assessment table (same columns, indexes and checks), in the run's chunks, one transaction per chunk, on as many
     * connections side by side as the run had workers: the same values, payers, rates and amounts the schedule
     * computed, so the indexes see the same keys, with the same parallelism.
     */
    private long copyBaseline(String region, YearMonth period, long runId, int chunk, int workers) throws Exception {
        String key = CollectionSupport.key(period);
        String columns = AssessmentJob.COPY_SQL.substring(AssessmentJob.COPY_SQL.indexOf('(') + 1,
                AssessmentJob.COPY_SQL.indexOf(')'));
        byte[] data;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("drop table if exists bench_assessment_copy");
                st.execute("create table bench_assessment_copy (like assessment including all)");
            }
            ByteArrayOutputStream read = new ByteArrayOutputStream(1 << 20);
            c.unwrap(PGConnection.class).getCopyAPI().copyOut("copy (select " + columns
                    + " from assessment where region_code = '" + region.replaceAll("[^0-9]", "") + "' and period = '"
                    + key + "' and run_id = " + runId + " order by person_id, version) to stdout", read);
            data = read.toByteArray();
        }
        List<int[]> parts = new ArrayList<>();
        int start = 0;
        int lines = 0;
        for (int i = 0; i < data.length; i++) {
            if (data[i] == '\n' && ++lines % chunk == 0) {
                parts.add(new int[] { start, i + 1 - start });
                start = i + 1;
            }
        }
        if (start < data.length) {
            parts.add(new int[] { start, data.length - start });
        }
        String sql = AssessmentJob.COPY_SQL.replace("copy assessment", "copy bench_assessment_copy");
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        int threads = Math.max(1, Math.min(workers, parts.size()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Callable<Void>> tasks = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                tasks.add(() -> {
                    try (Connection c = dataSource.getConnection()) {
                        c.setAutoCommit(false);
                        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
                        for (int k = next.getAndIncrement(); k < parts.size(); k = next.getAndIncrement()) {
                            int[] part = parts.get(k);
                            copy.copyIn(sql, new ByteArrayInputStream(data, part[0], part[1]));
                            c.commit();
                        }
                    }
                    return null;
                });
            }
            long t0 = System.nanoTime();
            for (java.util.concurrent.Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
            return System.nanoTime() - t0;
        } finally {
            pool.shutdown();
            try (Connection c = dataSource.getConnection(); Statement st = c.createStatement()) {
                c.setAutoCommit(true);
                st.execute("drop table if exists bench_assessment_copy");
            }
        }
    }

    private static String option(ApplicationArguments args, String name, String fallback) {
        List<String> v = args.getOptionValues(name);
        return v == null || v.isEmpty() ? fallback : v.get(0);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
