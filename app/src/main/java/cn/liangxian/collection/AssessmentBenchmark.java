package cn.liangxian.collection;

import java.io.PrintStream;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.YearMonth;
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
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * {@code ./liangxian bench assessment [--region=440100] [--period=2024-06] [--generate=N] [--chunk=10000]
 * [--workers=2]}: the monthly assessment of everyone the configured database holds in the region (after loading N
 * more people with {@code --generate}), timed, against PostgreSQL COPY of the same number of result rows into a
 * scratch table of the same shape and indexes, in the same chunks, in the same run. Prints both rates and the
 * ratio (assessment rows per second ÷ COPY rows per second; the target is ≥ 0.5). The assessment's rows stay (a
 * real run); the scratch table is dropped. Use a period nobody was assessed for, or the run is a re-run that
 * writes nothing.
 */
@Component
@ConditionalOnProperty(name = "liangxian.command", havingValue = "bench-assessment")
class AssessmentBenchmark implements ApplicationRunner, ExitCodeGenerator {

    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final AssessmentJob job;
    private final Schedules schedules;
    private final PersonalDataCipher cipher;
    private final BlindIndex index;
    private int exitCode;

    AssessmentBenchmark(DataSource dataSource, JdbcClient jdbc, AssessmentJob job, Schedules schedules,
            PersonalDataCipher cipher, BlindIndex index) {
        this.dataSource = dataSource;
        this.jdbc = jdbc;
        this.job = job;
        this.schedules = schedules;
        this.cipher = cipher;
        this.index = index;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        String region = option(args, "region", "440100");
        YearMonth period = YearMonth.parse(option(args, "period", "2024-06"));
        int generate = Integer.parseInt(option(args, "generate", "0"));
        int chunk = Integer.parseInt(option(args, "chunk", String.valueOf(AssessmentJob.DEFAULT_CHUNK)));
        int workers = Integer.parseInt(option(args, "workers", "2"));
        exitCode = measure(region, period, generate, chunk, workers, System.out) ? 0 : 1;
    }

    boolean measure(String region, YearMonth period, int generate, int chunk, int workers, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "bench assessment: region %s, period %s, chunks of %,d, %d workers%n", region, period,
                chunk, workers);
        ContributionSchedule s = schedules.forPeriod(region, period).schedule();
        if (generate > 0) {
            new BenchPopulation(dataSource, jdbc, cipher, index).generate(region, generate,
                    period.minusMonths(period.getMonthValue() - 1).atDay(1), period.getYear(), s.floor(), s.ceiling(), out);
        }
        long insured = jdbc.sql("""
                select count(distinct person_id) from coverage where region_code = ? and insurance_type = '310'
                   and start_date <= ? and (end_date is null or end_date >= ?)""")
                .params(region, period.atEndOfMonth(), period.atDay(1)).query(Long.class).single();
        long before = jdbc.sql("select count(*) from assessment where region_code = ? and period = ?")
                .params(region, CollectionSupport.key(period)).query(Long.class).single();
        out.printf(Locale.ROOT, "  insured in 310 in the month: %,d (assessment rows of the period already: %,d)%n",
                insured, before);
        jdbc.sql("analyze").update();

        long t0 = System.nanoTime();
        AssessmentJob.Run run = job.start("bench", region, period, chunk);
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

        long copyNanos = copyBaseline(region, period, rows, chunk);
        double ratio = (double) copyNanos / assessNanos;
        out.printf(Locale.ROOT, "  COPY        : %8.1f s  %,10.0f rows/s  (same number of rows, same table shape and indexes, same chunks)%n",
                copyNanos / 1e9, rows * 1e9 / copyNanos);
        out.printf(Locale.ROOT, "  ratio       : %8.2f x the COPY rate (target >= 0.5)%n", ratio);
        return done.finished();
    }

    /** COPY of {@code rows} result-shaped rows into a scratch copy of the assessment table, chunk by chunk. */
    private long copyBaseline(String region, YearMonth period, long rows, int chunk) throws Exception {
        String key = CollectionSupport.key(period);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("drop table if exists bench_assessment_copy");
                st.execute("create table bench_assessment_copy (like assessment including all)");
            }
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            String sql = AssessmentJob.COPY_SQL.replace("copy assessment", "copy bench_assessment_copy");
            long t0 = System.nanoTime();
            c.setAutoCommit(false);
            for (long from = 0; from < rows; from += chunk) {
                long end = Math.min(rows, from + chunk);
                StringBuilder b = new StringBuilder((int) (end - from) * 160);
                for (long i = from; i < end; i++) {
                    BigDecimal wage = BigDecimal.valueOf(200_000 + (i * 7919) % 3_800_000, 2);
                    AssessmentJob.Row r = new AssessmentJob.Row(i + 1, 1, true, "EMPLOYEE", "91440100MA5XXXXXX" + (i % 10),
                            true, wage, wage, "W", null, wage, "W", true, new BigDecimal("0.045"), new BigDecimal("0.02"),
                            wage.multiply(new BigDecimal("0.045")).setScale(2, java.math.RoundingMode.HALF_UP),
                            wage.multiply(new BigDecimal("0.02")).setScale(2, java.math.RoundingMode.HALF_UP));
                    appendRow(b, region, key, r);
                }
                copy.copyIn(sql, new StringReader(b.toString()));
                c.commit();
            }
            long nanos = System.nanoTime() - t0;
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.execute("drop table bench_assessment_copy");
            }
            return nanos;
        }
    }

    private static void appendRow(StringBuilder b, String region, String period, AssessmentJob.Row r) {
        b.append(region).append('\t').append(period).append('\t').append(r.personId()).append("\t1\t0\tt\t")
                .append(r.kind()).append('\t').append(r.payer()).append("\tt\t").append(r.wage().toPlainString())
                .append('\t').append(r.base().toPlainString()).append("\tW\t\\N\t").append(r.employerBase().toPlainString())
                .append("\tW\tt\t").append(r.employerRate().toPlainString()).append('\t')
                .append(r.employeeRate().toPlainString()).append('\t').append(r.employerAmount().toPlainString())
                .append('\t').append(r.employeeAmount().toPlainString()).append("\t\\N\t0\t0\n");
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
