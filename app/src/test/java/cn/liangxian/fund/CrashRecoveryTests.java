package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * Kill the JVM in the middle of a long posting batch: after the crash no partial entry exists (every entry has
 * its balanced legs, whole chunks only), and the resumed batch ends with the same totals as an uninterrupted one.
 */
class CrashRecoveryTests {

    static final int COUNT = 1200;
    static final int CHUNK = 40;

    final LedgerDatabase db = LedgerDatabase.get();

    Process start(String region, String batch, String... pause) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashBatch.class.getName(), db.url, region, batch,
                String.valueOf(COUNT), String.valueOf(CHUNK));
        pb.command().addAll(List.of(pause));
        pb.redirectErrorStream(true);
        return pb.start();
    }

    /** Per account, the debits minus credits of the batch's entries. */
    Map<String, BigDecimal> totals(String region, String batch) {
        return db.jdbc.sql("""
                select l.account_code, sum(case when l.side = 'DEBIT' then l.amount else -l.amount end)
                  from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                 where e.region_code = ? and e.source_id like ? group by l.account_code""")
                .params(region, batch + "-%")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getBigDecimal(2))).list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Entries of the crashed batch once the server has noticed the dead connection and rolled its work back. */
    long waitForRollback(String region) throws InterruptedException {
        for (int i = 0; i < 100 && db.jdbc.sql("select count(*) from pg_stat_activity where state = 'idle in transaction' "
                + "and datname = current_database()").query(Long.class).single() > 0; i++) {
            Thread.sleep(100);
        }
        return entries(region, "CRASH");
    }

    long entries(String region, String batch) {
        return db.jdbc.sql("select count(*) from fund_entry where region_code = ? and source_id like ?")
                .params(region, batch + "-%").query(Long.class).single();
    }

    @Test
    void aBatchKilledMidwayLeavesNoPartialEntryAndResumesToTheTotalsOfAnUninterruptedRun() throws Exception {
        String region = db.newRegion();

        // the child stops inside a chunk's open transaction, a good way into the batch, and is killed there
        int pauseAt = (COUNT / 3 / CHUNK) * CHUNK + CHUNK / 2;
        Process child = start(region, "CRASH", String.valueOf(pauseAt));
        boolean paused = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.equals("paused at " + pauseAt)) {
                    paused = true;
                    // the items of the open chunk are in the database, not yet committed
                    assertThat(db.jdbc.sql("select count(*) from pg_stat_activity where state = 'idle in transaction' "
                            + "and datname = current_database()").query(Long.class).single()).isPositive();
                    child.destroyForcibly();
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(paused).as("the batch reached the kill point").isTrue();
        assertThat(child.exitValue()).isNotZero();

        // the server rolls the open chunk back: the chunks committed before it and nothing of it
        long afterCrash = waitForRollback(region);
        assertThat(afterCrash).isEqualTo(pauseAt - pauseAt % CHUNK);
        assertThat(db.unbalancedEntries(region)).isZero();

        // resume: what was committed is skipped, the rest is posted
        Process resumed = start(region, "CRASH");
        String output = new String(resumed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(resumed.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(resumed.exitValue()).as(output).isZero();
        assertThat(output).contains("done, skipped " + afterCrash);

        // an uninterrupted run of the same items
        int skipped = CrashBatch.run(db.postings, region, "CLEAN", COUNT, CHUNK, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()));
        assertThat(skipped).isZero();

        assertThat(entries(region, "CRASH")).isEqualTo(COUNT);
        assertThat(entries(region, "CLEAN")).isEqualTo(COUNT);
        Map<String, BigDecimal> crashed = totals(region, "CRASH");
        Map<String, BigDecimal> clean = totals(region, "CLEAN");
        assertThat(crashed.keySet()).containsExactlyInAnyOrderElementsOf(clean.keySet());
        clean.forEach((account, total) -> assertThat(crashed.get(account)).as(account).isEqualByComparingTo(total));
        assertThat(crashed.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo("0");
        assertThat(db.unbalancedEntries(region)).isZero();
        List<String> numbers = db.jdbc.sql("select entry_no from fund_entry where region_code = ? order by entry_no")
                .param(region).query(String.class).list();
        assertThat(numbers).hasSize(2 * COUNT).doesNotHaveDuplicates();
    }
}
