package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * Many threads posting to the same two accounts of one region at once, with sources that several threads post
 * too: nothing lost, nothing doubled, every entry its own number.
 */
class ConcurrentPostingTests {

    static final int THREADS = 16;
    static final int PER_THREAD = 200;
    static final int SHARED = 25;

    final LedgerDatabase db = LedgerDatabase.get();

    static String amount(int thread, int i) {
        return BigDecimal.valueOf((thread * 7919L + i * 104_729L) % 1_000_000 + 1, 2).toPlainString();
    }

    static String shared(int k) {
        return BigDecimal.valueOf(k * 1000L + 1, 2).toPlainString();
    }

    @Test
    void concurrentPostingsOnTheSameAccountsLoseNothingAndDoubleNothing() throws Exception {
        String region = db.newRegion();
        LocalDate date = LocalDate.of(2024, 6, 1);
        JdbcPostings postings = db.postings;
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<List<Long>>> results = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            Callable<List<Long>> work = () -> {
                start.await(30, TimeUnit.SECONDS);
                List<Long> ids = new ArrayList<>();
                for (int i = 0; i < PER_THREAD; i++) {
                    ids.add(postings.post(LedgerDatabase.benefit(region, "T" + thread + "-" + i, date,
                            amount(thread, i))).id());
                    if (i % 8 == 0) {
                        // every thread also posts the same shared sources, in its own order
                        int k = (thread + i / 8) % SHARED;
                        ids.add(postings.post(LedgerDatabase.benefit(region, "SHARED-" + k, date, shared(k))).id());
                    }
                }
                return ids;
            };
            results.add(pool.submit(work));
        }
        List<Long> sharedIds = new ArrayList<>();
        for (Future<List<Long>> f : results) {
            sharedIds.addAll(f.get(5, TimeUnit.MINUTES));
        }
        pool.shutdown();

        BigDecimal expected = BigDecimal.ZERO;
        for (int t = 0; t < THREADS; t++) {
            for (int i = 0; i < PER_THREAD; i++) {
                expected = expected.add(new BigDecimal(amount(t, i)));
            }
        }
        for (int k = 0; k < SHARED; k++) {
            expected = expected.add(new BigDecimal(shared(k)));
        }
        int entries = THREADS * PER_THREAD + SHARED;
        assertThat(db.jdbc.sql("select count(*) from fund_entry where region_code = ?").param(region)
                .query(Long.class).single()).isEqualTo(entries);
        assertThat(db.jdbc.sql("select count(distinct source_id) from fund_entry where region_code = ? and source_id like 'SHARED-%'")
                .param(region).query(Long.class).single()).isEqualTo(SHARED);
        assertThat(sharedIds.stream().distinct().count()).isEqualTo(entries);
        assertThat(db.postings.balance(region, Book.POOLED, "50010101", date)).isEqualByComparingTo(expected);
        assertThat(db.postings.balance(region, Book.POOLED, "2201", date)).isEqualByComparingTo(expected);
        assertThat(db.unbalancedEntries(region)).isZero();
        // every entry its own number of the region
        List<String> numbers = db.jdbc.sql("select entry_no from fund_entry where region_code = ? order by entry_no")
                .param(region).query(String.class).list();
        assertThat(numbers).hasSize(entries).doesNotHaveDuplicates().allMatch(n -> n.matches(region + "-\\d{10}"));
    }
}
