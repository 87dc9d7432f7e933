package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.registry.Enrollments;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/**
 * The monthly assessment as a job: amounts per person from the policy engine (merged rate, flexible workers' own
 * bills, around the merger date), bills per payer, and the job's promises — a re-run of a finished run changes and
 * duplicates nothing, later changes become supplementary versions (or refunds) instead of overwrites, a run that
 * crashes inside a chunk resumes to the results of an uninterrupted one, and workers sharing a run never write a
 * person twice.
 */
@AppTest
class AssessmentJobTests {

    static final String CHANGZHOU = "320400";

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

    CollectionFixture fx() {
        return new CollectionFixture(users, enrollments, wageBases, CHANGZHOU);
    }

    @AfterEach
    void noCrash() {
        job.hook = null;
        job.sampleAbove = 1_000_000;
    }

    AssessmentJob.Run assess(String period, int chunk, int workers) {
        AssessmentJob.Run run = job.start("test", CHANGZHOU, YearMonth.parse(period), chunk);
        return job.execute(CHANGZHOU, run.id(), workers, null);
    }

    /** Current version of each person's row for the period: person → [version, employer, employee, payer, covered]. */
    Map<Long, Object[]> current(String period, List<Long> people) {
        return jdbc.sql("""
                select distinct on (person_id) person_id, version, employer_amount, employee_amount, payer, covered, base,
                       clamp from assessment where region_code = ? and period = ? and person_id = any(?::bigint[])
                 order by person_id, version desc""")
                .params(CHANGZHOU, period.replace("-", ""), WageBases.array(people))
                .query((rs, i) -> new Object[] { rs.getLong(1), rs.getInt(2), rs.getBigDecimal(3), rs.getBigDecimal(4),
                        rs.getString(5), rs.getBoolean(6), rs.getBigDecimal(7), rs.getString(8) })
                .list().stream().collect(Collectors.toMap(o -> (Long) o[0], o -> o));
    }

    List<String> snapshot(String period) {
        return jdbc.sql("select a::text from assessment a where region_code = ? and period = ? order by person_id, version")
                .params(CHANGZHOU, period.replace("-", "")).query(String.class).list();
    }

    List<String> bills(String period) {
        return jdbc.sql("select b::text from collection_bill b where region_code = ? and period = ? order by payer")
                .params(CHANGZHOU, period.replace("-", "")).query(String.class).list();
    }

    @Test
    void everyInsuredPersonIsAssessedAtTheMergedRateWithBasesClampedAndFlexibleWorkersBilledThemselves() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2020, 1, 1));
        LocalDate from = LocalDate.of(2021, 1, 1);
        long within = fx.employee(e, from);
        long below = fx.employee(e, from);
        long above = fx.employee(e, from);
        long atFloor = fx.employee(e, from);
        long undeclared = fx.employee(e, from);
        long flexible = fx.flexible(from);
        fx.declare(e, 2021, List.of(within, below, above, atFloor), "5000.65", "2000.00", "30000.00", "3600.00");
        wageBases.declareFlexible(fx.clerk, flexible, 2021, new BigDecimal("5000.00"));

        AssessmentJob.Run run = assess("2021-05", 2, 2);

        assertThat(run.status()).isEqualTo("DONE");
        assertThat(run.doneChunks()).isEqualTo(run.totalChunks());
        Map<Long, Object[]> rows = current("2021-05", List.of(within, below, above, atFloor, undeclared, flexible));
        // Changzhou 2021: average 6000 (demo) → band 3600–18000; 7% + 0.8% merged = 7.8%; employee 2%
        assertThat(rows.get(within)).containsExactly(within, 1, new BigDecimal("390.05"), new BigDecimal("100.01"), e,
                true, new BigDecimal("5000.65"), "W");
        assertThat(rows.get(below)).containsExactly(below, 1, new BigDecimal("280.80"), new BigDecimal("72.00"), e,
                true, new BigDecimal("3600.00"), "L");
        assertThat(rows.get(above)).containsExactly(above, 1, new BigDecimal("1404.00"), new BigDecimal("360.00"), e,
                true, new BigDecimal("18000.00"), "H");
        assertThat(rows.get(atFloor)[6]).isEqualTo(new BigDecimal("3600.00"));
        assertThat(rows.get(atFloor)[7]).isEqualTo("W");
        // no declaration: the region's rule (the average wage, 6000)
        assertThat(rows.get(undeclared)).containsExactly(undeclared, 1, new BigDecimal("468.00"),
                new BigDecimal("120.00"), e, true, new BigDecimal("6000.00"), "W");
        // a flexible worker's own bill at her old rate (8%), nothing from an employer
        assertThat(rows.get(flexible)).containsExactly(flexible, 1, new BigDecimal("0.00"), new BigDecimal("400.00"),
                "P" + flexible, true, new BigDecimal("5000.00"), "W");

        Map<String, Object> bill = jdbc.sql("select * from collection_bill where region_code = ? and period = '202105' and payer = ?")
                .params(CHANGZHOU, e).query().singleRow();
        assertThat(bill.get("persons")).isEqualTo(5);
        assertThat((BigDecimal) bill.get("employer_due")).isEqualByComparingTo("2823.65");
        assertThat((BigDecimal) bill.get("employee_due")).isEqualByComparingTo("724.01");
        assertThat(bill.get("due_date").toString()).isEqualTo("2021-06-15");
        Map<String, Object> own = jdbc.sql("select * from collection_bill where region_code = ? and period = '202105' and payer = ?")
                .params(CHANGZHOU, "P" + flexible).query().singleRow();
        assertThat((BigDecimal) own.get("employee_due")).isEqualByComparingTo("400.00");
    }

    @Test
    void aroundTheMergerTheEmployerPaysTwoRoundedPartsBeforeAndOneMergedRateFrom() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2019, 1, 1));
        long both = fx.employee(e, LocalDate.of(2019, 6, 1));
        long only310 = fx.employeeWithout510(e, LocalDate.of(2019, 6, 1));
        fx.declare(e, 2019, List.of(both, only310), "5000.65", "5000.65");
        fx.declare(e, 2020, List.of(both, only310), "5000.65", "5000.65");

        assess("2019-12", 100, 1);
        assess("2020-01", 100, 1);

        Map<Long, Object[]> dec = current("2019-12", List.of(both, only310));
        Map<Long, Object[]> jan = current("2020-01", List.of(both, only310));
        // before: 310 part 5000.65 × 7% = 350.05 and 510 part × 0.8% = 40.01, rounded each
        assertThat(dec.get(both)[2]).isEqualTo(new BigDecimal("390.06"));
        // no 510 that month: no 510 part
        assertThat(dec.get(only310)[2]).isEqualTo(new BigDecimal("350.05"));
        // from the merger: one merged rate 7.8%, rounded once, for everyone in 310
        assertThat(jan.get(both)[2]).isEqualTo(new BigDecimal("390.05"));
        assertThat(jan.get(only310)[2]).isEqualTo(new BigDecimal("390.05"));
        assertThat(dec.get(both)[3]).isEqualTo(new BigDecimal("100.01"));
        assertThat(jan.get(both)[3]).isEqualTo(new BigDecimal("100.01"));
    }

    @Test
    void reRunningAFinishedAssessmentChangesNothingAndDuplicatesNothing() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2020, 1, 1));
        List<Long> people = fx.employees(e, LocalDate.of(2021, 1, 1), 5);
        fx.declare(e, 2021, people, "4000.00", "5000.00", "6000.00", "7000.00", "8000.00");
        AssessmentJob.Run first = assess("2021-06", 2, 2);
        List<String> rows = snapshot("2021-06");
        List<String> bills = bills("2021-06");
        assertThat(first.rowsWritten()).isEqualTo(rows.size());

        AssessmentJob.Run again = assess("2021-06", 2, 2);
        AssessmentJob.Run third = assess("2021-06", 3, 1);

        assertThat(again.id()).isNotEqualTo(first.id());
        assertThat(again.status()).isEqualTo("DONE");
        assertThat(again.rowsWritten()).isZero();
        assertThat(again.unchanged()).isEqualTo(rows.size());
        assertThat(third.rowsWritten()).isZero();
        assertThat(snapshot("2021-06")).isEqualTo(rows);
        assertThat(bills("2021-06")).isEqualTo(bills);
    }

    @Test
    void aChangedDeclarationBecomesASupplementAndAnEndedCoverageARefundNeverAnOverwrite() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2020, 1, 1));
        long raised = fx.employee(e, LocalDate.of(2021, 1, 1));
        long leaves = fx.employee(e, LocalDate.of(2021, 1, 1));
        fx.declare(e, 2021, List.of(raised, leaves), "5000.00", "5000.00");
        assess("2021-07", 100, 1);
        List<String> before = snapshot("2021-07");

        // the employer corrects a wage upwards, and the other one's leaving is recorded late (end of June)
        fx.declare(e, 2021, List.of(raised), "6000.00");
        enrollments.endEmployee(fx.clerk, leaves, e, LocalDate.of(2021, 6, 30), "离职");
        AssessmentJob.Run rerun = assess("2021-07", 100, 1);

        assertThat(rerun.rowsWritten()).isEqualTo(2);
        List<String> after = snapshot("2021-07");
        assertThat(after).containsAll(before);
        Map<String, Object> supplement = jdbc.sql("""
                select * from assessment where region_code = ? and period = '202107' and person_id = ? and version = 2""")
                .params(CHANGZHOU, raised).query().singleRow();
        assertThat((BigDecimal) supplement.get("employer_amount")).isEqualByComparingTo("468.00");
        assertThat((BigDecimal) supplement.get("prev_employer")).isEqualByComparingTo("390.00");
        assertThat((BigDecimal) supplement.get("employee_amount")).isEqualByComparingTo("120.00");
        assertThat((BigDecimal) supplement.get("prev_employee")).isEqualByComparingTo("100.00");
        Map<String, Object> refund = jdbc.sql("""
                select * from assessment where region_code = ? and period = '202107' and person_id = ? and version = 2""")
                .params(CHANGZHOU, leaves).query().singleRow();
        assertThat(refund.get("covered")).isEqualTo(false);
        assertThat((BigDecimal) refund.get("employer_amount")).isEqualByComparingTo("0");
        assertThat((BigDecimal) refund.get("prev_employer")).isEqualByComparingTo("390.00");

        Map<String, Object> bill = jdbc.sql("select * from collection_bill where region_code = ? and period = '202107' and payer = ?")
                .params(CHANGZHOU, e).query().singleRow();
        assertThat(bill.get("persons")).isEqualTo(1);
        assertThat((BigDecimal) bill.get("employer_due")).isEqualByComparingTo("468.00");
        assertThat((BigDecimal) bill.get("employee_due")).isEqualByComparingTo("120.00");
    }

    /** Thrown by the test's hook in place of a crash: an Error, which the job does not catch as a failure. */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash inside an open chunk");
        }
    }

    @Test
    void aRunThatCrashesInsideAChunkResumesToTheResultsOfAnUninterruptedRun() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2020, 1, 1));
        List<Long> people = fx.employees(e, LocalDate.of(2021, 1, 1), 7);
        fx.declare(e, 2021, people, "3000.00", "4000.00", "5000.00", "6000.00", "7000.00", "8000.00", "20000.00");
        // the uninterrupted run of the same inputs, in another month of the same rules
        AssessmentJob.Run clean = assess("2021-09", 2, 1);

        AssessmentJob.Run run = job.start("test", CHANGZHOU, YearMonth.of(2021, 8), 2);
        int[] chunks = { 0 };
        job.hook = (region, runId, chunkNo) -> {
            if (++chunks[0] == 2) {
                throw new SimulatedCrash();
            }
        };
        assertThatThrownBy(() -> job.execute(CHANGZHOU, run.id(), 1, null)).isInstanceOf(SimulatedCrash.class);
        job.hook = null;

        AssessmentJob.Run crashed = job.run(CHANGZHOU, run.id());
        assertThat(crashed.status()).isEqualTo("RUNNING");
        assertThat(crashed.doneChunks()).isEqualTo(1);
        long written = jdbc.sql("select count(*) from assessment where region_code = ? and run_id = ?")
                .params(CHANGZHOU, run.id()).query(Long.class).single();
        assertThat(written).as("only the committed chunk's rows").isEqualTo(crashed.rowsWritten());

        // starting again resumes the open run
        AssessmentJob.Run resumed = job.start("test", CHANGZHOU, YearMonth.of(2021, 8), 2);
        assertThat(resumed.id()).isEqualTo(run.id());
        AssessmentJob.Run done = job.execute(CHANGZHOU, resumed.id(), 1, null);
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(done.rowsWritten()).isEqualTo(clean.rowsWritten());

        Map<Long, Object[]> aug = current("2021-08", people);
        Map<Long, Object[]> sep = current("2021-09", people);
        for (long p : people) {
            assertThat(aug.get(p)).as("person " + p).containsExactly(sep.get(p));
        }
        assertThat(jdbc.sql("""
                select count(*) from assessment where region_code = ? and period = '202108'
                 group by person_id having count(*) > 1""").params(CHANGZHOU).query(Long.class).list()).isEmpty();
        assertThat(bills("2021-08").stream().map(b -> b.replace("202108", "")).toList())
                .isEqualTo(bills("2021-09").stream().map(b -> b.replace("202109", "").replace("2021-10-15", "2021-09-15"))
                        .toList());
        // and once more: nothing
        assertThat(assess("2021-08", 2, 2).rowsWritten()).isZero();
    }

    @Test
    void workersSharingARunNeverWriteAPersonTwice() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2020, 1, 1));
        List<Long> people = fx.employees(e, LocalDate.of(2021, 1, 1), 12);
        AssessmentJob.Run run = job.start("test", CHANGZHOU, YearMonth.of(2021, 10), 1);
        // two callers on the same run at once, two threads each
        Thread other = new Thread(() -> job.execute(CHANGZHOU, run.id(), 2, null));
        other.start();
        AssessmentJob.Run done = job.execute(CHANGZHOU, run.id(), 2, null);
        try {
            other.join();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        done = job.run(CHANGZHOU, run.id());
        assertThat(done.status()).isEqualTo("DONE");
        assertThat(jdbc.sql("""
                select count(*) from assessment where region_code = ? and period = '202110'
                 group by person_id having count(*) > 1""").params(CHANGZHOU).query(Long.class).list()).isEmpty();
        assertThat(current("2021-10", people)).hasSize(12);
        assertThat(done.rowsWritten()).isEqualTo(jdbc.sql("select count(*) from assessment where region_code = ? and run_id = ?")
                .params(CHANGZHOU, run.id()).query(Long.class).single());
    }
    /** Each payer's bill of the period (people, employer, employee), leaving out bills that are all zero. */
    Map<String, List<BigDecimal>> billTotals(String period) {
        return jdbc.sql("""
                select payer, persons, employer_due, employee_due from collection_bill
                 where region_code = ? and period = ? and (persons <> 0 or employer_due <> 0 or employee_due <> 0)""")
                .params(CHANGZHOU, period.replace("-", ""))
                .query((rs, i) -> Map.entry(rs.getString(1), List.of(BigDecimal.valueOf(rs.getInt(2)),
                        rs.getBigDecimal(3).stripTrailingZeros(), rs.getBigDecimal(4).stripTrailingZeros())))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** The same, summed from every person's current version of the period. */
    Map<String, List<BigDecimal>> currentTotals(String period) {
        return jdbc.sql("""
                select payer, count(*) filter (where covered), sum(employer_amount), sum(employee_amount) from (
                    select distinct on (person_id) * from assessment where region_code = ? and period = ?
                     order by person_id, version desc) c
                 group by payer having count(*) filter (where covered) <> 0 or sum(employer_amount) <> 0
                     or sum(employee_amount) <> 0""")
                .params(CHANGZHOU, period.replace("-", ""))
                .query((rs, i) -> Map.entry(rs.getString(1), List.of(BigDecimal.valueOf(rs.getLong(2)),
                        rs.getBigDecimal(3).stripTrailingZeros(), rs.getBigDecimal(4).stripTrailingZeros())))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void theBillsAreTheSumsOfTheCurrentVersionsWhetherTheWorkersSummedThemOrTheyAreReadBackAfterACrash() {
        CollectionFixture fx = fx();
        LocalDate from = LocalDate.of(2021, 1, 1);
        String x = fx.employer(from);
        String y = fx.employer(from);
        List<Long> xs = fx.employees(x, from, 9);
        List<Long> ys = fx.employees(y, from, 4);
        long own = fx.flexible(from);
        fx.declare(x, 2022, xs, "3000.00", "4000.00", "5000.00", "6000.00", "7000.00", "8000.00", "9000.00",
                "20000.00", "30000.00");
        fx.declare(y, 2022, ys, "3500.00", "4500.00", "5500.00", "6500.00");

        // first run: every chunk done by this execution, so the workers' sums are stored
        AssessmentJob.Run first = assess("2022-03", 3, 2);
        assertThat(first.totalChunks()).isGreaterThan(2);
        Map<String, List<BigDecimal>> bills = billTotals("2022-03");
        assertThat(bills).isEqualTo(currentTotals("2022-03"));
        assertThat(bills.get(x).get(0)).isEqualByComparingTo("9");
        assertThat(bills.get(y).get(0)).isEqualByComparingTo("4");
        assertThat(bills).containsKey(CollectionSupport.personPayer(own));

        // a raise, a leaver and a move from X to Y, assessed again by the workers: supplements and refunds
        fx.declare(x, 2022, List.of(xs.get(0)), "6600.00");
        enrollments.endEmployee(fx.clerk, xs.get(1), x, LocalDate.of(2022, 2, 28), "离职");
        enrollments.endEmployee(fx.clerk, xs.get(2), x, LocalDate.of(2022, 2, 28), "调出");
        enrollments.enrollEmployee(fx.clerk, Enrollments.Enrollee.of(xs.get(2)), y, LocalDate.of(2022, 3, 1), null,
                Enrollments.Source.ENROLLMENT);
        fx.declare(y, 2022, List.of(xs.get(2)), "9900.00");
        AssessmentJob.Run second = assess("2022-03", 3, 2);
        assertThat(second.rowsWritten()).isEqualTo(3);
        bills = billTotals("2022-03");
        assertThat(bills).isEqualTo(currentTotals("2022-03"));
        assertThat(bills.get(x).get(0)).isEqualByComparingTo("7");
        assertThat(bills.get(y).get(0)).isEqualByComparingTo("5");

        // another move back, in a run that crashes after its first chunk: resumed, its sums are read back
        enrollments.endEmployee(fx.clerk, ys.get(0), y, LocalDate.of(2022, 2, 28), "调出");
        enrollments.enrollEmployee(fx.clerk, Enrollments.Enrollee.of(ys.get(0)), x, LocalDate.of(2022, 3, 1), null,
                Enrollments.Source.ENROLLMENT);
        fx.declare(x, 2022, List.of(ys.get(0)), "12000.00");
        AssessmentJob.Run run = job.start("test", CHANGZHOU, YearMonth.of(2022, 3), 3);
        int[] chunks = { 0 };
        job.hook = (region, runId, chunkNo) -> {
            if (++chunks[0] == 2) {
                throw new SimulatedCrash();
            }
        };
        assertThatThrownBy(() -> job.execute(CHANGZHOU, run.id(), 1, null)).isInstanceOf(SimulatedCrash.class);
        job.hook = null;
        assertThat(job.execute(CHANGZHOU, run.id(), 2, null).status()).isEqualTo("DONE");
        bills = billTotals("2022-03");
        assertThat(bills).isEqualTo(currentTotals("2022-03"));
        assertThat(bills.get(x).get(0)).isEqualByComparingTo("8");
        assertThat(bills.get(y).get(0)).isEqualByComparingTo("4");
    }

    @Test
    void chunksCutFromASampleOfTheCoverageAssessEveryoneOnceWithTheFiguresOfAnExactPlan() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2020, 1, 1));
        List<Long> people = fx.employees(e, LocalDate.of(2021, 1, 1), 20);
        fx.declare(e, 2022, people.subList(0, 18), "3000.00", "4000.00", "5000.00", "6000.00", "7000.00", "8000.00",
                "9000.00", "10000.00", "11000.00", "12000.00", "13000.00", "14000.00", "15000.00", "16000.00",
                "17000.00", "18000.00", "19000.00", "40000.00");
        AssessmentJob.Run exact = assess("2022-05", 5, 2);

        job.sampleAbove = Long.MIN_VALUE; // every table counts as large: the plan samples (here all of its pages)
        AssessmentJob.Run sampled = assess("2022-06", 5, 2);
        assertThat(sampled.status()).isEqualTo("DONE");
        assertThat(sampled.totalChunks()).isGreaterThan(1);
        List<long[]> chunks = jdbc.sql("""
                select from_person, coalesce(to_person, -1) from assessment_chunk where region_code = ? and run_id = ?
                 order by chunk_no""").params(CHANGZHOU, sampled.id())
                .query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }).list();
        assertThat(chunks.get(0)[0]).as("the first chunk starts at 0").isZero();
        assertThat(chunks.get(chunks.size() - 1)[1]).as("the last has no end").isEqualTo(-1);
        for (int i = 1; i < chunks.size(); i++) {
            assertThat(chunks.get(i)[0]).as("chunks follow each other without gap").isEqualTo(chunks.get(i - 1)[1]);
        }

        long covered = jdbc.sql("""
                select count(distinct person_id) from coverage where region_code = ? and insurance_type = '310'
                   and start_date <= '2022-06-30' and (end_date is null or end_date >= '2022-06-01')""")
                .param(CHANGZHOU).query(Long.class).single();
        assertThat(sampled.persons()).isEqualTo(covered);
        assertThat(jdbc.sql("""
                select count(*) from assessment where region_code = ? and period = '202206'
                 group by person_id having count(*) > 1""").params(CHANGZHOU).query(Long.class).list()).isEmpty();
        Map<Long, Object[]> may = current("2022-05", people);
        Map<Long, Object[]> june = current("2022-06", people);
        assertThat(june).hasSize(20);
        for (long p : people) {
            assertThat(june.get(p)).as("person " + p).containsExactly(may.get(p));
        }
        assertThat(billTotals("2022-06").get(e)).isEqualTo(billTotals("2022-05").get(e));
        assertThat(billTotals("2022-06")).isEqualTo(currentTotals("2022-06"));
        assertThat(exact.persons()).isPositive();
    }

    static final String ERENHOT = "152501";

    /** An Erenhot person's row for the period: base, clamp, employer average, employer base and clamp, amounts. */
    List<Object> erenhot(String period, long person) {
        return jdbc.sql("""
                select base, clamp, employer_avg, employer_base, employer_clamp, employer_rate, employee_rate,
                       employer_amount, employee_amount from assessment
                 where region_code = ? and period = ? and person_id = ? order by version desc limit 1""")
                .params(ERENHOT, period, person)
                .query((rs, i) -> java.util.Arrays.asList((Object) rs.getBigDecimal(1), rs.getString(2),
                        rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getString(5), rs.getBigDecimal(6).stripTrailingZeros(),
                        rs.getBigDecimal(7).stripTrailingZeros(), rs.getBigDecimal(8), rs.getBigDecimal(9)))
                .single();
    }

    static List<Object> row(String base, String clamp, String avg, String employerBase, String employerClamp,
            String employer, String employee) {
        // Erenhot's rates (policy/jurisdictions/152501.yaml): contribution.employer_rate.merged 0.062 (实施细则
        // 三(二)1, from 2020-01-01), contribution.employee_rate 0.02
        return java.util.Arrays.asList(new BigDecimal(base), clamp, new BigDecimal(avg), new BigDecimal(employerBase),
                employerClamp, new BigDecimal("0.062"), new BigDecimal("0.02"), new BigDecimal(employer),
                new BigDecimal(employee));
    }

    @Test
    void inErenhotTheEmployerPartIsOnTheEmployersAverageWageClampedToEightyAndThreeHundredPercent() {
        CollectionFixture fx = new CollectionFixture(users, enrollments, wageBases, ERENHOT);
        LocalDate from = LocalDate.of(2024, 1, 1);
        String low = fx.employer(from);
        String high = fx.employer(from);
        String within = fx.employer(from);
        String atFloor = fx.employer(from);
        String atCeiling = fx.employer(from);
        List<Long> l = fx.employees(low, from, 2);
        List<Long> h = fx.employees(high, from, 2);
        List<Long> w = fx.employees(within, from, 4);
        List<Long> f = fx.employees(atFloor, from, 2);
        List<Long> c = fx.employees(atCeiling, from, 2);
        fx.declare(low, 2024, l, "3000.00", "6000.00");
        fx.declare(high, 2024, h, "25000.00", "18000.00");
        // the fourth of "within" declares nothing: she is assessed on the average wage and left out of the average
        fx.declare(within, 2024, w.subList(0, 3), "4000.00", "9000.00", "10000.00");
        fx.declare(atFloor, 2024, f, "5000.00", "5400.00");
        fx.declare(atCeiling, 2024, c, "19000.00", "20000.00");

        AssessmentJob.Run r = job.start("test", ERENHOT, YearMonth.of(2024, 4), 3);
        AssessmentJob.Run run = job.execute(ERENHOT, r.id(), 2, null);
        assertThat(run.status()).isEqualTo("DONE");
        // no average entered for 2024: the parameter (150000.yaml contribution.regional_avg_monthly_wage 6500 from
        // 2020-01-01) → floor 6500 × 0.8 = 5200.00, ceiling 6500 × 3 = 19500.00 (152501.yaml floor/ceiling ratios)
        assertThat(run.avgWage()).isEqualByComparingTo("6500.00");

        // low: average (3000 + 6000) / 2 = 4500.00 < 5200 → employer base 5200.00; 5200 × 0.062 = 322.40 each.
        // Each person's own part on her own clamped wage: 3000 → 5200 × 0.02 = 104.00; 6000 × 0.02 = 120.00
        assertThat(erenhot("202404", l.get(0))).isEqualTo(row("5200.00", "L", "4500.00", "5200.00", "L", "322.40", "104.00"));
        assertThat(erenhot("202404", l.get(1))).isEqualTo(row("6000.00", "W", "4500.00", "5200.00", "L", "322.40", "120.00"));
        // high: (25000 + 18000) / 2 = 21500.00 > 19500 → 19500 × 0.062 = 1209.00; own 25000 → 19500 × 0.02 = 390.00,
        // 18000 × 0.02 = 360.00
        assertThat(erenhot("202404", h.get(0))).isEqualTo(row("19500.00", "H", "21500.00", "19500.00", "H", "1209.00", "390.00"));
        assertThat(erenhot("202404", h.get(1))).isEqualTo(row("18000.00", "W", "21500.00", "19500.00", "H", "1209.00", "360.00"));
        // within: (4000 + 9000 + 10000) / 3 = 7666.666… → 7666.67; 7666.67 × 0.062 = 475.33354 → 475.33;
        // own 4000 → 5200 × 0.02 = 104.00, 9000 → 180.00, 10000 → 200.00, undeclared → 6500 × 0.02 = 130.00
        assertThat(erenhot("202404", w.get(0))).isEqualTo(row("5200.00", "L", "7666.67", "7666.67", "W", "475.33", "104.00"));
        assertThat(erenhot("202404", w.get(1))).isEqualTo(row("9000.00", "W", "7666.67", "7666.67", "W", "475.33", "180.00"));
        assertThat(erenhot("202404", w.get(2))).isEqualTo(row("10000.00", "W", "7666.67", "7666.67", "W", "475.33", "200.00"));
        assertThat(erenhot("202404", w.get(3))).isEqualTo(row("6500.00", "W", "7666.67", "7666.67", "W", "475.33", "130.00"));
        // on the floor: (5000 + 5400) / 2 = 5200.00 = the floor, within (bounds inclusive) → 322.40; own 5000 → 5200
        // → 104.00, 5400 → 108.00
        assertThat(erenhot("202404", f.get(0))).isEqualTo(row("5200.00", "L", "5200.00", "5200.00", "W", "322.40", "104.00"));
        assertThat(erenhot("202404", f.get(1))).isEqualTo(row("5400.00", "W", "5200.00", "5200.00", "W", "322.40", "108.00"));
        // on the ceiling: (19000 + 20000) / 2 = 19500.00 = the ceiling, within → 1209.00; own 19000 → 380.00,
        // 20000 → 19500 → 390.00
        assertThat(erenhot("202404", c.get(0))).isEqualTo(row("19000.00", "W", "19500.00", "19500.00", "W", "1209.00", "380.00"));
        assertThat(erenhot("202404", c.get(1))).isEqualTo(row("19500.00", "H", "19500.00", "19500.00", "W", "1209.00", "390.00"));

        // the bills add them up: within 4 × 475.33 = 1901.32 and 104 + 180 + 200 + 130 = 614.00; low 2 × 322.40 =
        // 644.80 and 224.00; high 2418.00 and 750.00
        Map<String, List<Object>> bills = jdbc.sql("""
                select payer, persons, employer_due, employee_due from collection_bill
                 where region_code = ? and period = '202404' and payer in (?, ?, ?)""")
                .params(ERENHOT, within, low, high)
                .query((rs, i) -> java.util.Arrays.asList((Object) rs.getString(1), rs.getInt(2), rs.getBigDecimal(3),
                        rs.getBigDecimal(4)))
                .list().stream().collect(Collectors.toMap(x -> (String) x.get(0), x -> x));
        assertThat(bills.get(within)).isEqualTo(java.util.Arrays.asList(within, 4, new BigDecimal("1901.32"),
                new BigDecimal("614.00")));
        assertThat(bills.get(low)).isEqualTo(java.util.Arrays.asList(low, 2, new BigDecimal("644.80"),
                new BigDecimal("224.00")));
        assertThat(bills.get(high)).isEqualTo(java.util.Arrays.asList(high, 2, new BigDecimal("2418.00"),
                new BigDecimal("750.00")));
    }
}
