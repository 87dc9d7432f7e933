package cn.liangxian.collection;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.PGCopyOutputStream;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.contribution.ContributionKind;
import cn.liangxian.policy.contribution.ContributionSchedule;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;
import jakarta.annotation.PreDestroy;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monthly assessment (核定) of a region and period as a restartable job. Starting plans the run: the people
 * to assess (everyone with employee medical insurance (310) in the month, and everyone assessed for it before)
 * are cut into chunks by person id; the rules of the period are resolved once and recorded with the run. Workers
 * then claim chunks one at a time ({@code for update skip locked}, so several may share a run) and each chunk
 * commits in one transaction: its results (written with PostgreSQL COPY) and its own "done" mark. The
 * differences the run makes to the payers' bills are added in one statement when the last chunk is done, in the
 * transaction that marks the run done (so workers do not queue on the same bill rows, and a run changes the bills
 * exactly once): from the sums the workers kept as their chunks committed when this execution did every chunk of
 * the run, else (a resumed or shared run) read back from the run's rows. A crash loses at most the open chunks;
 * starting again resumes the open run.
 * Results are versioned per person: a run that finds a person's figures unchanged writes nothing, a run that finds
 * them changed adds the next version (a supplementary assessment), and a run never updates or deletes one.
 *
 * <p>Per person, in one month: the 310 coverage that began last in the month decides who pays (an employer, or
 * the person herself as a flexible worker); the payer's newest declared wage for the year is the wage (none: the
 * region's rule for undeclared wages); before the merger the employer's 510 part is charged only for people in 510
 * that month. The arithmetic is the policy engine's ({@link ContributionSchedule#assess}).
 */
@Service
public class AssessmentJob {

    static final int DEFAULT_CHUNK = 10_000;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A run and its progress. */
    public record Run(long id, String regionCode, String period, String status, int chunkSize, int totalChunks,
            int doneChunks, long persons, long rowsWritten, long unchanged, BigDecimal avgWage, String avgSource,
            String startedBy, OffsetDateTime startedAt, OffsetDateTime finishedAt, String error) {
        public int percent() {
            return totalChunks == 0 ? 100 : (int) (100L * doneChunks / totalChunks);
        }

        public boolean finished() {
            return "DONE".equals(status);
        }
    }

    /** Told after every committed chunk (the command line prints it). */
    public interface Progress {
        void chunkDone(Run run);
    }

    /** A test's stand-in for a crash inside an open chunk, after its rows are written and before it commits. */
    interface ChunkHook {
        void beforeCommit(String region, long runId, int chunkNo);
    }

    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private final Schedules schedules;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final ExecutorService background = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "assessment");
        t.setDaemon(true);
        return t;
    });
    volatile ChunkHook hook;
    /** Rows of the coverage table above which a run's chunks are cut from a sample (see {@link #bounds}). */
    volatile long sampleAbove = 1_000_000;
    /** About how many coverage rows the sample reads. */
    static final long SAMPLE_ROWS = 200_000;

    AssessmentJob(JdbcClient jdbc, DataSource dataSource, PlatformTransactionManager transactions,
            Schedules schedules, AccessPolicy access, AuditTrail audit) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tx = new TransactionTemplate(transactions);
        this.schedules = schedules;
        this.access = access;
        this.audit = audit;
    }

    @PreDestroy
    void stop() {
        background.shutdownNow();
    }

    // ------------------------------------------------------------------ start

    /** A clerk starts (or resumes) the assessment of a region and period; it runs in the background. */
    public Run startInBackground(LiangxianUser by, String region, String period) {
        access.requireRole(by, CollectionSupport.CLERKS);
        if (region == null || schedules.book().jurisdiction(region).isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "UNKNOWN_REGION");
        }
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        Run run = start(by.getUsername(), region, CollectionSupport.period(period), DEFAULT_CHUNK);
        if (!run.finished()) {
            background.submit(() -> {
                try {
                    execute(region, run.id(), 1, null);
                } catch (RuntimeException e) {
                    // recorded on the run (FAILED, with the error); resumed by starting again
                }
            });
        }
        return run;
    }

    /**
     * Plans a run of the region and period, or answers the open one (which then resumes). A run with nobody to
     * assess is done at once.
     */
    public Run start(String actor, String region, YearMonth period, int chunkSize) {
        if (chunkSize < 1) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "COLLECTION_INVALID_CHUNK");
        }
        String key = CollectionSupport.key(period);
        Optional<Run> open = openRun(region, key);
        if (open.isPresent()) {
            jdbc.sql("update assessment_run set status = 'RUNNING', error = null where region_code = ? and id = ?")
                    .params(region, open.get().id()).update();
            return run(region, open.get().id());
        }
        Schedules.Resolved r = schedules.forPeriod(region, period);
        try {
            return tx.execute(s -> plan(actor, region, period, key, chunkSize, r));
        } catch (DuplicateKeyException e) {
            return run(region, openRun(region, key).orElseThrow().id());
        }
    }

    /**
     * The first person id of each chunk (a chunk runs to the next one's; the first from 0, the last without end, so
     * that every id falls in exactly one chunk whatever the bounds). For a small coverage table: every
     * {@code chunkSize}-th of the people to assess, counted exactly; none when nobody is to be assessed. Above
     * {@link #sampleAbove} rows, from a repeatable sample of the table's pages of about {@link #SAMPLE_ROWS} rows (the
     * way range partitioning is usually planned): chunks then hold about {@code chunkSize} people rather than
     * exactly, and the plan does not read and sort the whole table before the work can start. An empty sample falls
     * back to the exact count.
     */
    private List<Long> bounds(String region, YearMonth period, String key, int chunkSize) {
        LocalDate first = period.atDay(1);
        LocalDate last = period.atEndOfMonth();
        double rows = jdbc.sql("select reltuples from pg_class where oid = 'coverage'::regclass").query(Double.class)
                .single();
        if (rows > sampleAbove) {
            double percent = Math.min(100.0, 100.0 * SAMPLE_ROWS / Math.max(rows, 1.0));
            List<Long> sample = jdbc.sql("""
                    select distinct person_id from coverage tablesample system (?::real) repeatable (0)
                     where region_code = ? and insurance_type = '310' and start_date <= ?
                       and (end_date is null or end_date >= ?)
                     order by person_id""")
                    .params(percent, region, last, first).query(Long.class).list();
            if (!sample.isEmpty()) {
                long estimate = Math.round(sample.size() * 100.0 / percent);
                int chunks = (int) Math.min(sample.size(), Math.max(1, (estimate + chunkSize - 1) / chunkSize));
                List<Long> out = new ArrayList<>(chunks);
                for (int i = 0; i < chunks; i++) {
                    long b = sample.get((int) ((long) i * sample.size() / chunks));
                    if (out.isEmpty() || out.get(out.size() - 1) < b) {
                        out.add(b);
                    }
                }
                return out;
            }
        }
        // the statement sorts everyone of the month by id: enough memory to do it without spilling to disk
        jdbc.sql("set local work_mem = '64MB'").update();
        return jdbc.sql("""
                select person_id from (
                    select person_id, row_number() over (order by person_id) as rn from (
                        select person_id from coverage
                         where region_code = ? and insurance_type = '310' and start_date <= ?
                           and (end_date is null or end_date >= ?)
                        union
                        select person_id from assessment where region_code = ? and period = ?) ids) x
                 where (rn - 1) % ? = 0 order by person_id""")
                .params(region, last, first, region, key, chunkSize).query(Long.class).list();
    }

    private Run plan(String actor, String region, YearMonth period, String key, int chunkSize, Schedules.Resolved r) {
        List<Long> bounds = bounds(region, period, key, chunkSize);
        List<Map<String, Object>> params = new ArrayList<>();
        for (ExplanationStep st : r.schedule().parameters()) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("rule", st.rule());
            m.put("parameter", st.parameter());
            m.put("value", st.value());
            m.put("reference", st.reference());
            m.put("confidence", st.confidence() == null ? null : st.confidence().label());
            m.put("note", st.note());
            params.add(m);
        }
        long id = jdbc.sql("""
                insert into assessment_run (region_code, period, status, chunk_size, total_chunks, avg_wage, avg_source,
                                            parameters, started_by)
                values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?) returning id""")
                .params(region, key, bounds.isEmpty() ? "DONE" : "RUNNING", chunkSize, bounds.size(), r.avgWage(),
                        r.avgSource(), JSON.writeValueAsString(params), actor)
                .query(Long.class).single();
        for (int i = 0; i < bounds.size(); i++) {
            jdbc.sql("""
                    insert into assessment_chunk (region_code, run_id, chunk_no, from_person, to_person)
                    values (?, ?, ?, ?, ?)""")
                    .params(region, id, i, i == 0 ? 0L : bounds.get(i), i + 1 < bounds.size() ? bounds.get(i + 1) : null)
                    .update();
        }
        if (bounds.isEmpty()) {
            jdbc.sql("update assessment_run set finished_at = now() where region_code = ? and id = ?").params(region, id)
                    .update();
        }
        audit.record(new AuditTrail.Actor(actor, null, region), "ASSESSMENT_STARTED", "assessment_run",
                String.valueOf(id), null, key + ": " + bounds.size() + " chunks");
        return run(region, id);
    }

    // ------------------------------------------------------------------ execute

    /**
     * Works the run's open chunks with {@code workers} threads until none is left, then marks the run done.
     * Returns the run as it ends. A failure marks the run FAILED with the error (its committed chunks stay).
     */
    public Run execute(String region, long runId, int workers, Progress progress) {
        Run run = run(region, runId);
        if (run.finished()) {
            return run;
        }
        Context ctx = context(run);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers));
        Object reporting = new Object();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < Math.max(1, workers); w++) {
                futures.add(pool.submit(() -> {
                    for (BillDeltas chunk; (chunk = tx.execute(s -> nextChunk(ctx))) != null;) {
                        ctx.deltas().add(chunk); // only once its chunk has committed
                        if (progress != null) {
                            // read and told under one lock: the caller sees the counts never going back
                            synchronized (reporting) {
                                progress.chunkDone(run(region, runId));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error err) {
                throw err;
            }
            fail(region, runId, cause);
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
        return finish(ctx);
    }

    private void fail(String region, long runId, Throwable cause) {
        String msg = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        jdbc.sql("update assessment_run set status = 'FAILED', error = ? where region_code = ? and id = ? and status <> 'DONE'")
                .params(msg.length() > 1000 ? msg.substring(0, 1000) : msg, region, runId).update();
    }

    /**
     * Marks the run done once no chunk is open and, in the same transaction, adds what the run changed to the
     * payers' bills: each of its rows adds its figures to its payer's bill, and the version it replaced (if any)
     * takes its own figures off its payer's bill. Only the caller that marks the run done applies them (the others
     * find it done), so a run changes the bills exactly once however many workers or restarts it had.
     */
    private Run finish(Context ctx) {
        String region = ctx.run().regionCode();
        long runId = ctx.run().id();
        tx.executeWithoutResult(s -> {
            long open = jdbc.sql("select count(*) from assessment_chunk where region_code = ? and run_id = ? and status <> 'DONE'")
                    .params(region, runId).query(Long.class).single();
            if (open == 0 && jdbc.sql("""
                    update assessment_run set status = 'DONE', finished_at = now(), error = null
                     where region_code = ? and id = ? and status <> 'DONE'""").params(region, runId).update() > 0) {
                if (ctx.deltas().chunks() == ctx.run().totalChunks()) {
                    storeBills(region, ctx.run().period(), ctx.schedule().dueDate(), ctx.deltas());
                } else {
                    applyBills(region, ctx.run().period(), runId, ctx.schedule().dueDate());
                }
                Run r = run(region, runId);
                audit.record(new AuditTrail.Actor(r.startedBy(), null, region), "ASSESSMENT_DONE", "assessment_run",
                        String.valueOf(runId), null, r.period() + ": " + r.persons() + " persons, " + r.rowsWritten()
                                + " rows written, " + r.unchanged() + " unchanged");
            }
        });
        return run(region, runId);
    }

    /**
     * The differences a run's rows make to the payers' bills, read back from the rows and applied in one statement:
     * for a run whose chunks were not all done by the execution that finishes it (resumed after a crash, or shared
     * with another process), whose running sums therefore do not cover the whole run.
     */
    private void applyBills(String region, String period, long runId, LocalDate due) {
        // the statement sorts the run's rows by payer: enough memory to do it without spilling to disk
        jdbc.sql("set local work_mem = '64MB'").update();
        jdbc.sql("""
                insert into collection_bill (region_code, period, payer, persons, employer_due, employee_due, due_date)
                select ?, ?, d.payer, sum(d.n), sum(d.e), sum(d.w), ? from (
                    select a.payer, case when a.covered then 1 else 0 end as n, a.employer_amount as e,
                           a.employee_amount as w
                      from assessment a where a.region_code = ? and a.period = ? and a.run_id = ?
                    union all
                    select p.payer, case when p.covered then -1 else 0 end, -p.employer_amount, -p.employee_amount
                      from assessment a
                      join assessment p on p.region_code = a.region_code and p.period = a.period
                                       and p.person_id = a.person_id and p.version = a.version - 1
                     where a.region_code = ? and a.period = ? and a.run_id = ? and a.version > 1) d
                 group by d.payer
                having sum(d.n) <> 0 or sum(d.e) <> 0 or sum(d.w) <> 0
                 order by d.payer
                on conflict (region_code, period, payer) do update
                   set persons = collection_bill.persons + excluded.persons,
                       employer_due = collection_bill.employer_due + excluded.employer_due,
                       employee_due = collection_bill.employee_due + excluded.employee_due""")
                .params(region, period, due, region, period, runId, region, period, runId).update();
    }

    /**
     * The differences the workers summed as their chunks committed, stored in one statement (the same figures
     * {@link #applyBills} reads back from the rows; payers whose bill does not change are left alone).
     */
    private void storeBills(String region, String period, LocalDate due, BillDeltas deltas) {
        StringBuilder copy = new StringBuilder();
        deltas.forEachChange((payer, d) -> copy.append(payer).append('\t').append(d.persons).append('\t')
                .append(d.employer.toPlainString()).append('\t').append(d.employee.toPlainString()).append('\n'));
        if (copy.isEmpty()) {
            return;
        }
        jdbc.sql("""
                create temporary table assessment_bill_delta (payer text, persons integer, employer_due numeric,
                                                              employee_due numeric) on commit drop""").update();
        copyIn("copy assessment_bill_delta from stdin", copy.toString());
        jdbc.sql("""
                insert into collection_bill (region_code, period, payer, persons, employer_due, employee_due, due_date)
                select ?, ?, payer, persons, employer_due, employee_due, ? from assessment_bill_delta order by payer
                on conflict (region_code, period, payer) do update
                   set persons = collection_bill.persons + excluded.persons,
                       employer_due = collection_bill.employer_due + excluded.employer_due,
                       employee_due = collection_bill.employee_due + excluded.employee_due""")
                .params(region, period, due).update();
    }

    /** One payer's change: people covered, employer and employee amounts. */
    static final class Delta {
        int persons;
        BigDecimal employer = BigDecimal.ZERO;
        BigDecimal employee = BigDecimal.ZERO;

        boolean isZero() {
            return persons == 0 && employer.signum() == 0 && employee.signum() == 0;
        }
    }

    /**
     * What rows change on their payers' bills: a chunk's, and the sum of the chunks one execution committed (with
     * their count, so the execution that finishes a run knows whether its sums cover all of it).
     */
    static final class BillDeltas {
        private final Map<String, Delta> byPayer = new HashMap<>();
        private int chunks;

        /** A written row adds its figures to its payer; the version it replaces takes its own off its payer. */
        void row(Row now, Row prev) {
            add(now.payer(), now.covered() ? 1 : 0, now.employerAmount(), now.employeeAmount());
            if (prev != null) {
                add(prev.payer(), prev.covered() ? -1 : 0, prev.employerAmount().negate(),
                        prev.employeeAmount().negate());
            }
        }

        private void add(String payer, int persons, BigDecimal employer, BigDecimal employee) {
            Delta d = byPayer.computeIfAbsent(payer, k -> new Delta());
            d.persons += persons;
            d.employer = d.employer.add(employer);
            d.employee = d.employee.add(employee);
        }

        /** Adds a committed chunk's changes. */
        synchronized void add(BillDeltas chunk) {
            chunk.byPayer.forEach((payer, d) -> add(payer, d.persons, d.employer, d.employee));
            chunks++;
        }

        synchronized int chunks() {
            return chunks;
        }

        /** The payers whose bill changes (in no order: the statement that stores them sorts them). */
        synchronized void forEachChange(java.util.function.BiConsumer<String, Delta> to) {
            byPayer.forEach((payer, d) -> {
                if (!d.isZero()) {
                    to.accept(payer, d);
                }
            });
        }
    }

    /** What every chunk of a run shares: the rules and the employers' average wages. */
    record Context(Run run, YearMonth period, ContributionSchedule schedule, Map<String, BigDecimal> employerAverages,
            BillDeltas deltas) {
    }

    private Context context(Run run) {
        YearMonth period = CollectionSupport.fromKey(run.period());
        ContributionSchedule s = schedules.replay(run.regionCode(), period, run.avgWage(), run.avgSource());
        Map<String, BigDecimal> averages = new HashMap<>();
        if (s.clampUnit() == ContributionSchedule.ClampUnit.EMPLOYER_AVERAGE) {
            jdbc.sql("""
                    select payer, avg(declared_wage) from (
                        select distinct on (person_id, payer) payer, declared_wage from wage_base
                         where region_code = ? and contrib_year = ? and payer not like 'P%'
                         order by person_id, payer, seq desc) x group by payer""")
                    .params(run.regionCode(), period.getYear())
                    .query((rs, i) -> averages.put(rs.getString(1), rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_UP)))
                    .list();
        }
        return new Context(run, period, s, Map.copyOf(averages), new BillDeltas());
    }

    /** One person's assessment row (a new version, or the current one read back). */
    record Row(long personId, int version, boolean covered, String kind, String payer, boolean declared,
            BigDecimal wage, BigDecimal base, String clamp, BigDecimal employerAvg, BigDecimal employerBase,
            String employerClamp, boolean with510, BigDecimal employerRate, BigDecimal employeeRate,
            BigDecimal employerAmount, BigDecimal employeeAmount) {

        boolean sameFigures(Row o) {
            return covered == o.covered && kind.equals(o.kind) && payer.equals(o.payer) && declared == o.declared
                    && eq(wage, o.wage) && eq(base, o.base) && clamp.equals(o.clamp) && eq(employerAvg, o.employerAvg)
                    && eq(employerBase, o.employerBase) && employerClamp.equals(o.employerClamp) && with510 == o.with510
                    && eq(employerRate, o.employerRate) && eq(employeeRate, o.employeeRate)
                    && eq(employerAmount, o.employerAmount) && eq(employeeAmount, o.employeeAmount);
        }

        private static boolean eq(BigDecimal a, BigDecimal b) {
            return a == null ? b == null : b != null && a.compareTo(b) == 0;
        }
    }

    /** Who pays for a person in the month and on what. */
    private record Cover(String basis, String employer) {
    }

    /**
     * Claims, computes and writes one chunk; answers what its rows change on the bills, or null when no chunk is
     * left. Runs inside a transaction.
     */
    private BillDeltas nextChunk(Context ctx) {
        String region = ctx.run().regionCode();
        long runId = ctx.run().id();
        Optional<long[]> claimed = jdbc.sql("""
                select chunk_no, from_person, coalesce(to_person, -1) from assessment_chunk
                 where region_code = ? and run_id = ? and status = 'PENDING'
                 order by chunk_no limit 1 for update skip locked""")
                .params(region, runId).query((rs, i) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) })
                .optional();
        if (claimed.isEmpty()) {
            return null;
        }
        int chunkNo = (int) claimed.get()[0];
        long from = claimed.get()[1];
        long to = claimed.get()[2] < 0 ? Long.MAX_VALUE : claimed.get()[2];
        String key = ctx.run().period();
        LocalDate first = ctx.period().atDay(1);
        LocalDate last = ctx.period().atEndOfMonth();
        int year = ctx.period().getYear();
        ContributionSchedule s = ctx.schedule();

        // who is covered in the month, by whom (the coverage that began last in the month)
        Map<Long, Cover> covers = new TreeMap<>();
        jdbc.sql("""
                select person_id, basis, employer_uscc from coverage
                 where region_code = ? and insurance_type = '310' and person_id >= ? and person_id < ?
                   and start_date <= ? and (end_date is null or end_date >= ?)
                 order by person_id, start_date""")
                .params(region, from, to, last, first)
                .query((rs, i) -> covers.put(rs.getLong(1), new Cover(rs.getString(2), rs.getString(3)))).list();
        Set<Long> in510 = new HashSet<>();
        if (!s.merged()) {
            jdbc.sql("""
                    select distinct person_id from coverage
                     where region_code = ? and insurance_type = '510' and person_id >= ? and person_id < ?
                       and start_date <= ? and (end_date is null or end_date >= ?)""")
                    .params(region, from, to, last, first).query((rs, i) -> in510.add(rs.getLong(1))).list();
        }
        // every declaration line in key order (no sort): the newest (highest seq) of a person and payer comes last
        Map<Long, Map<String, BigDecimal>> wages = new HashMap<>();
        jdbc.sql("""
                select person_id, payer, declared_wage from wage_base
                 where region_code = ? and contrib_year = ? and person_id >= ? and person_id < ?
                 order by region_code, contrib_year, person_id, payer, seq""")
                .params(region, year, from, to)
                .query((rs, i) -> wages.computeIfAbsent(rs.getLong(1), k -> new HashMap<>(2)).put(rs.getString(2),
                        rs.getBigDecimal(3)))
                .list();
        Map<Long, Row> previous = new HashMap<>();
        jdbc.sql("""
                select distinct on (person_id) * from assessment
                 where region_code = ? and period = ? and person_id >= ? and person_id < ?
                 order by person_id, version desc""")
                .params(region, key, from, to).query((rs, i) -> previous.put(rs.getLong("person_id"), row(rs))).list();

        Set<Long> everyone = new java.util.TreeSet<>(covers.keySet());
        everyone.addAll(previous.keySet());
        int written = 0;
        int unchanged = 0;
        BillDeltas deltas = new BillDeltas();
        // the rows go to COPY as they are computed, so that PostgreSQL takes them in while the next are worked out
        StringBuilder copy = new StringBuilder(256);
        RowStream rows = new RowStream(COPY_SQL);
        try {
            for (long pid : everyone) {
                Cover c = covers.get(pid);
                Row prev = previous.get(pid);
                Row now;
                if (c != null) {
                    boolean flexible = "FLEXIBLE".equals(c.basis());
                    ContributionKind kind = flexible ? ContributionKind.FLEXIBLE : ContributionKind.EMPLOYEE;
                    String payer = flexible ? CollectionSupport.personPayer(pid) : c.employer();
                    Map<String, BigDecimal> w = wages.get(pid);
                    BigDecimal wage = w == null ? null : w.get(payer);
                    BigDecimal avg = flexible ? null : ctx.employerAverages().get(payer);
                    boolean with510 = s.merged() || in510.contains(pid);
                    ContributionSchedule.PersonMonth m = s.assess(kind, wage, avg, with510);
                    now = new Row(pid, prev == null ? 1 : prev.version() + 1, true, kind.name(), payer, m.declared(),
                            m.wage(), m.base(), m.clamp().code(), s.clampUnit() == ContributionSchedule.ClampUnit.EMPLOYER_AVERAGE
                                    && !flexible ? avg : null,
                            m.employerBase(), m.employerClamp().code(), with510, m.employerRate(), m.employeeRate(),
                            m.employerAmount(), m.employeeAmount());
                } else if (prev.covered()) {
                    BigDecimal zero = BigDecimal.ZERO.setScale(2);
                    now = new Row(pid, prev.version() + 1, false, prev.kind(), prev.payer(), false, zero, zero, "W", null,
                            zero, "W", prev.with510(), prev.employerRate(), prev.employeeRate(), zero, zero);
                } else {
                    unchanged++;
                    continue;
                }
                if (prev != null && prev.sameFigures(now)) {
                    unchanged++;
                    continue;
                }
                copy.setLength(0);
                appendCopy(copy, region, key, runId, now, prev);
                rows.write(copy);
                deltas.row(now, prev);
                written++;
            }
            rows.finish();
        } finally {
            rows.abandon();
        }
        ChunkHook h = hook;
        if (h != null) {
            h.beforeCommit(region, runId, chunkNo);
        }
        jdbc.sql("""
                update assessment_chunk set status = 'DONE', persons = ?, rows_written = ?, done_at = now()
                 where region_code = ? and run_id = ? and chunk_no = ?""")
                .params(covers.size(), written, region, runId, chunkNo).update();
        jdbc.sql("""
                update assessment_run set done_chunks = done_chunks + 1, persons = persons + ?,
                       rows_written = rows_written + ?, unchanged = unchanged + ?
                 where region_code = ? and id = ?""")
                .params(covers.size(), written, unchanged, region, runId).update();
        return deltas;
    }

    private static void appendCopy(StringBuilder b, String region, String period, long runId, Row r, Row prev) {
        b.append(region).append('\t').append(period).append('\t').append(r.personId()).append('\t').append(r.version())
                .append('\t').append(runId).append('\t').append(r.covered() ? 't' : 'f').append('\t').append(r.kind())
                .append('\t').append(r.payer()).append('\t').append(r.declared() ? 't' : 'f').append('\t')
                .append(r.wage().toPlainString()).append('\t').append(r.base().toPlainString()).append('\t')
                .append(r.clamp()).append('\t').append(r.employerAvg() == null ? "\\N" : r.employerAvg().toPlainString())
                .append('\t').append(r.employerBase().toPlainString()).append('\t').append(r.employerClamp())
                .append('\t').append(r.with510() ? 't' : 'f').append('\t').append(r.employerRate().toPlainString())
                .append('\t').append(r.employeeRate().toPlainString()).append('\t')
                .append(r.employerAmount().toPlainString()).append('\t').append(r.employeeAmount().toPlainString())
                .append('\t').append(prev == null ? "\\N" : prev.payer()).append('\t')
                .append(prev == null ? "0" : prev.employerAmount().toPlainString()).append('\t')
                .append(prev == null ? "0" : prev.employeeAmount().toPlainString()).append('\n');
    }

    static final String COPY_SQL = """
            copy assessment (region_code, period, person_id, version, run_id, covered, kind, payer, declared, wage, base,
                             clamp, employer_avg, employer_base, employer_clamp, with_510, employer_rate, employee_rate,
                             employer_amount, employee_amount, prev_payer, prev_employer, prev_employee)
            from stdin""";

    /**
     * Rows streamed to a COPY on the transaction's connection: opened at the first row, ended by {@link #finish};
     * {@link #abandon} cancels one left open by a failure, so the connection can roll back.
     */
    private final class RowStream {
        private final String sql;
        private Connection connection;
        private PGCopyOutputStream out;
        private java.io.Writer writer;

        RowStream(String sql) {
            this.sql = sql;
        }

        void write(CharSequence row) {
            try {
                if (out == null) {
                    connection = DataSourceUtils.getConnection(dataSource);
                    out = new PGCopyOutputStream(connection.unwrap(PGConnection.class), sql, 1 << 16);
                    writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
                }
                writer.append(row);
            } catch (SQLException | IOException e) {
                throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
            }
        }

        void finish() {
            if (out != null) {
                try {
                    writer.flush();
                    out.endCopy();
                } catch (SQLException | IOException e) {
                    throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
                }
            }
        }

        void abandon() {
            if (out != null && out.isActive()) {
                try {
                    out.cancelCopy();
                } catch (SQLException e) {
                    // the transaction is rolled back (or the connection discarded) anyway
                }
            }
            if (connection != null) {
                DataSourceUtils.releaseConnection(connection, dataSource);
            }
        }
    }

    /** COPY on the transaction's connection. */
    private void copyIn(String sql, String data) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, new StringReader(data));
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY failed (" + sql.substring(0, sql.indexOf('(') < 0 ? sql.length()
                    : sql.indexOf('(')).strip() + "): " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    static Row row(java.sql.ResultSet rs) throws SQLException {
        return new Row(rs.getLong("person_id"), rs.getInt("version"), rs.getBoolean("covered"), rs.getString("kind"),
                rs.getString("payer"), rs.getBoolean("declared"), rs.getBigDecimal("wage"), rs.getBigDecimal("base"),
                rs.getString("clamp"), rs.getBigDecimal("employer_avg"), rs.getBigDecimal("employer_base"),
                rs.getString("employer_clamp"), rs.getBoolean("with_510"), rs.getBigDecimal("employer_rate"),
                rs.getBigDecimal("employee_rate"), rs.getBigDecimal("employer_amount"),
                rs.getBigDecimal("employee_amount"));
    }

    // ------------------------------------------------------------------ reading

    Optional<Run> openRun(String region, String period) {
        return jdbc.sql("select * from assessment_run where region_code = ? and period = ? and status <> 'DONE'")
                .params(region, period).query(AssessmentJob::map).optional();
    }

    Run run(String region, long id) {
        return jdbc.sql("select * from assessment_run where region_code = ? and id = ?").params(region, id)
                .query(AssessmentJob::map).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    /** A run as its region's readers see it. */
    public Run run(LiangxianUser viewer, String region, long id) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(Objects.requireNonNullElse(region, "")));
        return run(region, id);
    }

    /** The runs of a region, newest first. */
    public List<Run> runs(LiangxianUser viewer, String region, int limit) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(Objects.requireNonNullElse(region, "")));
        return jdbc.sql("select * from assessment_run where region_code = ? order by id desc limit ?")
                .params(region, limit).query(AssessmentJob::map).list();
    }

    /** What a run wrote: first assessments (version 1) and later versions (supplements and refunds). */
    public record Versions(long first, long later) {
    }

    /** The versions a run of the region wrote, for its readers. */
    public Versions versions(LiangxianUser viewer, String region, long id) {
        Run r = run(viewer, region, id);
        long[] n = new long[2];
        jdbc.sql("""
                select version = 1, count(*) from assessment where region_code = ? and period = ? and run_id = ?
                 group by 1""").params(region, r.period(), id)
                .query((rs, i) -> n[rs.getBoolean(1) ? 0 : 1] = rs.getLong(2)).list();
        return new Versions(n[0], n[1]);
    }

    static Run map(java.sql.ResultSet rs, int i) throws SQLException {
        return new Run(rs.getLong("id"), rs.getString("region_code"), rs.getString("period"), rs.getString("status"),
                rs.getInt("chunk_size"), rs.getInt("total_chunks"), rs.getInt("done_chunks"), rs.getLong("persons"),
                rs.getLong("rows_written"), rs.getLong("unchanged"), rs.getBigDecimal("avg_wage"),
                rs.getString("avg_source"), rs.getString("started_by"),
                rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class),
                rs.getString("error"));
    }
}
