package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The benchmark command's work, small: both sides run, the ledger checks out, the scratch database is gone. */
class PostingsBenchmarkTests {

    final LedgerDatabase db = LedgerDatabase.get();

    @Test
    void aSmallRunReportsBothRatesAndLeavesNoScratchDatabase() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PostingsBenchmark.Result r = PostingsBenchmark.measure(db.dataSource, "", 300, 100,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(r.checked()).as(out).isTrue();
        assertThat(r.entries()).isEqualTo(300);
        assertThat(r.legs()).isEqualTo(800);
        assertThat(r.postingsPerSecond()).isPositive();
        assertThat(r.plainPerSecond()).isPositive();
        assertThat(out).contains("Postings.post", "plain INSERT", "ratio", "check         : OK");
        String scratch = out.replaceAll("(?s).*scratch database (liangxian_bench_[0-9a-f]+).*", "$1");
        assertThat(db.jdbc.sql("select count(*) from pg_database where datname = ?").param(scratch).query(Long.class)
                .single()).isZero();
        java.lang.reflect.Field commands = cn.liangxian.Main.class.getDeclaredField("DATABASE_COMMANDS");
        commands.setAccessible(true);
        assertThat(((java.util.Map<?, ?>) commands.get(null)).get("bench postings")).isEqualTo("bench-postings");
    }
}
