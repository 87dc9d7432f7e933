package cn.liangxian.fund;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A long posting batch, run as its own JVM by {@link CrashRecoveryTests}: items {@code 0..count-1} of batch
 * {@code batch}, {@code chunk} items per transaction, each idempotent on its source id, so that running the
 * batch again after a crash skips what was committed and posts the rest. Prints {@code committed <n>} after
 * every commit. With a fifth argument {@code p} it stops after posting item {@code p}, inside its chunk's open
 * transaction, says {@code paused at <p>} and waits there to be killed.
 *
 * <p>Arguments: JDBC URL, region, batch, count, chunk[, pause item].
 */
public final class CrashBatch {

    private CrashBatch() {
    }

    /** The i-th item of a batch: the same amounts and accounts in every batch, only the source id differs. */
    static PostingRequest item(String region, String batch, int i) {
        BigDecimal a = BigDecimal.valueOf((i * 7_919L) % 500_000 + 1, 2);
        BigDecimal b = BigDecimal.valueOf((i * 104_729L) % 90_000 + 1, 2);
        LocalDate date = LocalDate.of(2024, 1, 1).plusDays(i % 180);
        List<PostingLine> lines = i % 2 == 0
                ? List.of(PostingLine.debit("5001010201", a), PostingLine.debit("5001010202", b),
                        PostingLine.credit("2201", a), PostingLine.credit("2202", b))
                : List.of(PostingLine.debit("1002", a.add(b)), PostingLine.credit("400101", a),
                        PostingLine.credit("400102", b));
        return new PostingRequest(region, Book.POOLED, SourceType.ALLOWANCE_BATCH, batch + "-" + i, date, date,
                "批次 " + batch + " 第 " + i + " 项", lines);
    }

    /** Runs (or resumes) a batch; answers how many items were already done. */
    static int run(JdbcPostings postings, String region, String batch, int count, int chunk, PrintStream out) {
        return run(postings, region, batch, count, chunk, -1, out);
    }

    static int run(JdbcPostings postings, String region, String batch, int count, int chunk, int pauseAt,
            PrintStream out) {
        Instant start = Instant.now();
        int[] skipped = { 0 };
        for (int from = 0; from < count; from += chunk) {
            int first = from;
            int end = Math.min(count, from + chunk);
            postings.transactions().executeWithoutResult(s -> {
                for (int i = first; i < end; i++) {
                    if (postings.post(item(region, batch, i)).createdAt().isBefore(start)) {
                        skipped[0]++;
                    }
                    if (i == pauseAt) {
                        out.println("paused at " + i);
                        out.flush();
                        sleep();
                    }
                }
            });
            out.println("committed " + end);
            out.flush();
        }
        return skipped[0];
    }

    private static void sleep() {
        try {
            Thread.sleep(120_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public static void main(String[] args) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(args[0]);
        c.setUsername("postgres");
        c.setMaximumPoolSize(1);
        try (HikariDataSource ds = new HikariDataSource(c)) {
            int skipped = run(JdbcPostings.standalone(ds), args[1], args[2], Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]), args.length > 5 ? Integer.parseInt(args[5]) : -1, System.out);
            System.out.println("done, skipped " + skipped);
        }
    }
}
