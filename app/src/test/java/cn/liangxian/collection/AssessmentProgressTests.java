package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.DatabaseCommands;
import cn.liangxian.testsupport.DatabaseCommands.Run;
import cn.liangxian.testsupport.TestDatabase;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/**
 * The progress of an assessment as its users see it: the command line's line per chunk and its final counts, the
 * job's progress callback, and the run page of a run still working. On a database of its own, so that the people
 * of a region and month — and with them the chunks — are exactly the test's. Each test keeps to its own region.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "liangxian.test.own-database=collection") // a context (and database) of its own
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("test")
@Import(TestUsers.class)
class AssessmentProgressTests {

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AssessmentJob job;
    @Autowired
    JdbcClient jdbc;

    @AfterEach
    void noCrash() {
        job.hook = null;
    }

    /** {@code ./liangxian collection assess …} as the launcher runs it, on this test's database. */
    Run assess(String... options) throws Exception {
        return DatabaseCommands.run(env, "collection-assess", options);
    }

    /** The progress lines (one per chunk), without anything else the run printed. */
    static List<String> progress(String out) {
        return out.lines().filter(l -> l.matches(" +\\d+%  chunk .*")).toList();
    }

    static String summary(String out) {
        return out.lines().filter(l -> l.startsWith("DONE:") || l.startsWith("FAILED:") || l.startsWith("RUNNING:"))
                .findFirst().orElseThrow(() -> new AssertionError("no summary line in:\n" + out));
    }

    long lastRun(String region, String period) {
        return jdbc.sql("select max(id) from assessment_run where region_code = ? and period = ?").params(region, period)
                .query(Long.class).single();
    }

    @Test
    void theCommandPrintsALinePerChunkAndTheFinalCountsAndARerunCountsTheChangedAndUnchanged() throws Exception {
        String region = "320400";
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, region);
        LocalDate from = LocalDate.of(2024, 1, 1);
        String e1 = fx.employer(from);
        String e2 = fx.employer(from);
        // seven people, created in this order (so their ids ascend in it): five of e1, one of e2, one flexible
        List<Long> ofE1 = fx.employees(e1, from, 5);
        long ofE2 = fx.employee(e2, from);
        long flexible = fx.flexible(from);
        assertThat(ofE1).isSorted();
        assertThat(ofE1.get(4)).isLessThan(ofE2);
        assertThat(ofE2).isLessThan(flexible);

        Run first = assess("--region=" + region, "--period=2024-03", "--chunk=3", "--workers=1");
        assertThat(first.exit()).as(first.out() + first.err()).isZero();
        long runId = lastRun(region, "202403");
        // 7 people in chunks of 3: [1 2 3] [4 5 6] [7] → 3 chunks; every one is new, so each is a row written.
        // percent = 100 × done ÷ total, cut to a whole number: 33, 66, 100
        assertThat(first.out()).contains("核定 / assessment 320400 202403: run " + runId + ", 3 chunks (0 done)");
        assertThat(progress(first.out())).containsExactly(
                "   33%  chunk 1/3  persons 3  rows written 3  unchanged 0",
                "   66%  chunk 2/3  persons 6  rows written 6  unchanged 0",
                "  100%  chunk 3/3  persons 7  rows written 7  unchanged 0");
        assertThat(summary(first.out())).startsWith("DONE: 7 persons, 7 rows written, 0 unchanged, ").endsWith(" s");
        AssessmentJob.Run stored = job.run(region, runId);
        assertThat(stored.status()).isEqualTo("DONE");
        assertThat(List.of(stored.doneChunks(), stored.totalChunks())).containsExactly(3, 3);
        assertThat(jdbc.sql("select count(*) from assessment where region_code = ? and run_id = ?")
                .params(region, runId).query(Long.class).single()).isEqualTo(7L);

        // the second of e1's people left at the end of February (recorded late); e1 declares the fifth one's wage
        enrollments.endEmployee(fx.clerk, ofE1.get(1), e1, LocalDate.of(2024, 2, 29), "离职");
        fx.declare(e1, 2024, List.of(ofE1.get(4)), "9000.00");

        Run again = assess("--region=" + region, "--period=2024-03", "--chunk=3", "--workers=1");
        assertThat(again.exit()).as(again.out() + again.err()).isZero();
        long rerunId = lastRun(region, "202403");
        assertThat(rerunId).isNotEqualTo(runId);
        // the plan still holds the seven (the leaver was assessed before): the same 3 chunks.
        // chunk 1 [p1 p2 p3]: p1, p3 insured (persons 2); p2's refund written (1); p1, p3 unchanged (2)
        // chunk 2 [p4 p5 p6]: all insured (persons 2 + 3 = 5); p5's new wage written (1 + 1 = 2); p4, p6 unchanged (2 + 2 = 4)
        // chunk 3 [p7]: insured (6); unchanged (5)
        assertThat(again.out()).contains("核定 / assessment 320400 202403: run " + rerunId + ", 3 chunks (0 done)");
        assertThat(progress(again.out())).containsExactly(
                "   33%  chunk 1/3  persons 2  rows written 1  unchanged 2",
                "   66%  chunk 2/3  persons 5  rows written 2  unchanged 4",
                "  100%  chunk 3/3  persons 6  rows written 2  unchanged 5");
        assertThat(summary(again.out())).startsWith("DONE: 6 persons, 2 rows written, 5 unchanged, ");
        assertThat(jdbc.sql("select person_id from assessment where region_code = ? and run_id = ? order by person_id")
                .params(region, rerunId).query(Long.class).list()).containsExactly(ofE1.get(1), ofE1.get(4));
    }

    @Test
    void theCommandRefusesBadInputWithExitCodeTwoAndStartsNothing() throws Exception {
        long runs = jdbc.sql("select count(*) from assessment_run").query(Long.class).single();

        Run noPeriod = assess("--region=320400");
        assertThat(noPeriod.exit()).isEqualTo(2);
        assertThat(noPeriod.err()).contains("COLLECTION_INVALID_PERIOD");
        Run badChunk = assess("--region=320400", "--period=2024-04", "--chunk=0");
        assertThat(badChunk.exit()).isEqualTo(2);
        assertThat(badChunk.err()).contains("COLLECTION_INVALID_CHUNK");
        Run notANumber = assess("--region=320400", "--period=2024-04", "--chunk=many");
        assertThat(notANumber.exit()).isEqualTo(2);
        assertThat(notANumber.err()).contains("COLLECTION_INVALID_CHUNK");
        assertThat(progress(noPeriod.out() + badChunk.out() + notANumber.out())).isEmpty();

        assertThat(jdbc.sql("select count(*) from assessment_run").query(Long.class).single()).isEqualTo(runs);
    }

    @Test
    void theJobTellsItsCallerEveryChunkInOrderUpToAHundredPercent() {
        String region = "500000";
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, region);
        LocalDate from = LocalDate.of(2023, 1, 1);
        String e = fx.employer(from);
        fx.employees(e, from, 5);

        // one worker: 5 people in chunks of 2 → [2] [2] [1], told in order after each commit
        AssessmentJob.Run run = job.start("test", region, YearMonth.of(2023, 9), 2);
        assertThat(run.totalChunks()).isEqualTo(3);
        List<String> told = Collections.synchronizedList(new ArrayList<>());
        AssessmentJob.Run done = job.execute(region, run.id(), 1, r -> told.add(r.doneChunks() + "/" + r.totalChunks()
                + " " + r.percent() + "% persons " + r.persons() + " written " + r.rowsWritten() + " " + r.status()));
        // 100 × 1 ÷ 3 = 33, 100 × 2 ÷ 3 = 66, 100 × 3 ÷ 3 = 100; the run is marked done only after the last chunk
        assertThat(told).containsExactly("1/3 33% persons 2 written 2 RUNNING", "2/3 66% persons 4 written 4 RUNNING",
                "3/3 100% persons 5 written 5 RUNNING");
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.percent()).isEqualTo(100);

        // two workers on one run: told once per chunk, the counts never going back, the last word all chunks, 100 %
        AssessmentJob.Run two = job.start("test", region, YearMonth.of(2023, 10), 1);
        assertThat(two.totalChunks()).isEqualTo(5);
        List<AssessmentJob.Run> seen = Collections.synchronizedList(new ArrayList<>());
        job.execute(region, two.id(), 2, seen::add);
        assertThat(seen).hasSize(5);
        assertThat(seen).allSatisfy(r -> assertThat(r.doneChunks()).isBetween(1, 5));
        assertThat(seen.stream().mapToInt(AssessmentJob.Run::doneChunks).max().orElseThrow()).isEqualTo(5);
        assertThat(seen.stream().mapToInt(AssessmentJob.Run::percent).max().orElseThrow()).isEqualTo(100);
        for (int k = 1; k < seen.size(); k++) {
            assertThat(seen.get(k).doneChunks()).as("report %d", k).isGreaterThanOrEqualTo(seen.get(k - 1).doneChunks());
        }
        assertThat(seen.get(seen.size() - 1).doneChunks()).isEqualTo(5);

        // a finished run is not worked again: nothing is told
        List<AssessmentJob.Run> none = new ArrayList<>();
        job.execute(region, two.id(), 1, none::add);
        assertThat(none).isEmpty();
    }

    @Test
    void theRunPageOfARunStillWorkingReloadsItselfAndShowsTheChunksDone() {
        String region = "440300";
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, region);
        LocalDate from = LocalDate.of(2024, 1, 1);
        String e = fx.employer(from);
        fx.employees(e, from, 3);

        // three chunks of one; the second crashes before it commits: the run stays RUNNING with one chunk done
        AssessmentJob.Run run = job.start("test", region, YearMonth.of(2024, 5), 1);
        assertThat(run.totalChunks()).isEqualTo(3);
        int[] chunks = { 0 };
        job.hook = (g, id, no) -> {
            if (++chunks[0] == 2) {
                throw new AssessmentJobTests.SimulatedCrash();
            }
        };
        assertThatThrownBy(() -> job.execute(region, run.id(), 1, null))
                .isInstanceOf(AssessmentJobTests.SimulatedCrash.class);
        job.hook = null;

        LiangxianUser clerk = fx.clerk;
        WebSession web = new WebSession(new Http(env).base());
        assertThat(web.login(clerk.getUsername(), TestUsers.PASSWORD).status()).isEqualTo(302);
        String path = "/ui/agency/collection/runs/" + region + "/" + run.id();

        WebSession.Page working = web.get(path + "?lang=en");
        assertThat(working.status()).isEqualTo(200);
        assertThat(working.headers().firstValue("Refresh")).hasValue("2");
        // 1 of 3 done: 100 × 1 ÷ 3 = 33 %
        assertThat(working.body()).contains("id=\"run-status\">Running<")
                .contains("id=\"run-chunks\">1 of 3 chunks done (33%), 1 people per chunk<")
                .contains("aria-valuenow=\"33\"").contains("width:33%")
                .contains("id=\"run-persons\">1<").contains("id=\"run-written\">1<")
                .contains("id=\"run-refreshing\"").doesNotContain("id=\"export-csv\"");
        WebSession.Page zh = web.get(path + "?lang=zh_CN");
        assertThat(zh.headers().firstValue("Refresh")).hasValue("2");
        assertThat(zh.body()).contains("id=\"run-chunks\">已完成 1 / 3 块（33%），每块 1 人<");

        // started again, it resumes and finishes: no more reloading, 3 of 3, 100 %
        AssessmentJob.Run resumed = job.start("test", region, YearMonth.of(2024, 5), 1);
        assertThat(resumed.id()).isEqualTo(run.id());
        assertThat(job.execute(region, run.id(), 1, null).status()).isEqualTo("DONE");
        WebSession.Page done = web.get(path + "?lang=en");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.headers().firstValue("Refresh")).isEmpty();
        assertThat(done.body()).contains("id=\"run-chunks\">3 of 3 chunks done (100%), 1 people per chunk<")
                .contains("aria-valuenow=\"100\"").contains("id=\"run-persons\">3<").contains("id=\"run-written\">3<")
                .doesNotContain("id=\"run-refreshing\"").contains("id=\"export-csv\"");
    }
}
