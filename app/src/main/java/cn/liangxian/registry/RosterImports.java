package cn.liangxian.registry;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.MessageSource;
import org.springframework.context.event.EventListener;
import org.springframework.core.task.TaskExecutor;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.Bilingual;
import cn.liangxian.registry.RosterSheet.Action;
import cn.liangxian.registry.RosterSheet.RawRow;
import cn.liangxian.registry.RosterValidator.Line;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;

/**
 * Employers' roster uploads (增减员): an .xlsx of ADD / REMOVE / CHANGE rows is refused at once when it is not
 * a roster (400, nothing written), otherwise accepted as a job that runs in the background: every row is
 * checked (all reasons collected), then — all or nothing, or only the valid rows, as the uploader chose —
 * the rows are applied in ONE transaction: new people and both coverage periods (310 and 510 from the same
 * date, source ROSTER) by COPY, ends and phone changes by JDBC batch updates, one audit record for the
 * import. If anything unexpected fails, everything rolls back and the import is FAILED with nothing written.
 * Progress (rows checked, rows applied) is visible while it runs; the refused rows come back as an .xlsx
 * with the reasons added.
 */
@Service
public class RosterImports {

    private static final Logger log = LoggerFactory.getLogger(RosterImports.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Who may upload: the employer's own HR, and agency clerks of its region. */
    static final Set<Role> UPLOADERS = EnumSet.of(Role.EMPLOYER_HR, Role.AGENCY_CLERK, Role.AGENCY_REVIEWER,
            Role.AGENCY_APPROVER);
    /** Rows written per batch (and per progress step). */
    static final int WRITE_CHUNK = 5000;
    /** Refused rows shown with the status (all of them are in the errors file). */
    static final int PREVIEW = 20;
    static final String ERROR_FILE = "roster_import.error_file";

    /** What the uploader chose. */
    public enum Mode implements Bilingual {
        ALL_OR_NOTHING("全部正确才导入（任一行有误则整批不导入）", "All or nothing (any invalid row: nothing is imported)"),
        VALID_ROWS_ONLY("只导入正确的行（有误的行退回）", "Valid rows only (invalid rows are returned)");

        private final String zh;
        private final String en;

        Mode(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }
    }

    /** Where an import stands. */
    public enum Status implements Bilingual {
        RUNNING("处理中", "Running"),
        DONE("已完成", "Done"),
        REJECTED("已拒绝，未导入任何数据", "Rejected, nothing imported"),
        FAILED("失败，未导入任何数据", "Failed, nothing imported");

        private final String zh;
        private final String en;

        Status(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        @Override
        public String zh() {
            return zh;
        }

        @Override
        public String en() {
            return en;
        }
    }

    /** Why a row is refused: a stable code and the reason in Chinese and English. */
    public record Reason(String code, String zh, String en) {
    }

    /** The reasons of one refused row (row number as in the sheet; 1 is the header). */
    public record RowErrors(int row, List<Reason> reasons) {
    }

    /**
     * An import as shown: status, progress (percent: checking counts for the first half, applying for the
     * second), what it did, and the first refused rows.
     */
    public record ImportView(long id, String regionCode, String employerUscc, String fileName, Mode mode,
            Status status, String statusZh, String statusEn, int totalRows, int checkedRows, int appliedRows,
            int percent, int errorRows, int addedRows, int removedRows, int changedRows, boolean hasErrorFile,
            String failureCode, String failureZh, String failureEn, OffsetDateTime createdAt,
            OffsetDateTime finishedAt, List<RowErrors> errors) {
    }

    static int percent(Status status, int total, int checked, int applied) {
        if (status != Status.RUNNING) {
            return 100;
        }
        long half = 50L * checked / Math.max(1, total);
        return (int) Math.min(99, half + 50L * applied / Math.max(1, total));
    }

    /** An accepted upload, ready to run. */
    record Job(long id, LiangxianUser by, String region, String uscc, Mode mode, List<RawRow> rows,
            long parseNanos) {
    }

    /** What a run took, phase by phase (for the benchmark). */
    record Outcome(ImportView view, long parseNanos, long validateNanos, long prepareNanos, long writeNanos) {
    }

    /** The encrypted fields a valid row writes. */
    private record Sealed(String idNumber, String name, String phone) {
    }

    /** A row that was valid when checked but whose object changed before it was written. */
    static final class ConcurrentChange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentChange(String what) {
            super(what);
        }
    }

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final DataSource dataSource;
    private final RosterValidator validator;
    private final EmployerRegistry employers;
    private final Enrollments enrollments;
    private final PersonalDataCipher cipher;
    private final AuditTrail audit;
    private final AccessPolicy access;
    private final MessageSource messages;
    private final TaskExecutor executor;
    private final TransactionTemplate tx;
    private final TransactionTemplate progressTx;
    private final int maxRows;
    private final Duration staleAfter;
    private volatile byte[] template;

    RosterImports(JdbcClient jdbc, JdbcTemplate batch, DataSource dataSource, RosterValidator validator, EmployerRegistry employers,
            Enrollments enrollments, PersonalDataCipher cipher, AuditTrail audit, AccessPolicy access,
            MessageSource messages, PlatformTransactionManager transactions,
            @Qualifier("applicationTaskExecutor") TaskExecutor executor,
            @Value("${liangxian.roster.max-rows:100000}") int maxRows,
            @Value("${liangxian.roster.stale-after:PT15M}") Duration staleAfter) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.dataSource = dataSource;
        this.validator = validator;
        this.employers = employers;
        this.enrollments = enrollments;
        this.cipher = cipher;
        this.audit = audit;
        this.access = access;
        this.messages = messages;
        this.executor = executor;
        this.tx = new TransactionTemplate(transactions);
        this.progressTx = new TransactionTemplate(transactions);
        this.progressTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.maxRows = maxRows;
        this.staleAfter = staleAfter;
    }

    // ------------------------------------------------------------------ the API

    /**
     * Accepts an upload and starts its job in the background; answers at once with the import (RUNNING).
     * A file that is not a roster is refused here (400) and nothing is written.
     */
    public ImportView submit(LiangxianUser by, String uscc, String fileName, byte[] content, String mode) {
        Job job = accept(by, uscc, fileName, content, mode);
        executor.execute(() -> run(job));
        return view(job.id(), true);
    }

    /** The same, run to its end in the caller's thread (and transaction, if there is one): for the benchmark. */
    Outcome importNow(LiangxianUser by, String uscc, String fileName, byte[] content, Mode mode) {
        return run(accept(by, uscc, fileName, content, mode.name()));
    }

    /** An import's status and progress: the employer itself and agency staff of its region. */
    public ImportView status(LiangxianUser viewer, long id) {
        requireReaderRole(viewer);
        ImportView v = view(id, true);
        requireReadable(viewer, v.regionCode(), v.employerUscc());
        return v;
    }

    /** The refused rows as uploaded, with the reasons: 409 while the import runs, 404 when no row was refused. */
    public byte[] errors(LiangxianUser viewer, long id) {
        ImportView v = status(viewer, id);
        if (v.status() == Status.RUNNING) {
            throw new ApiException(HttpStatus.CONFLICT, "ROSTER_IMPORT_RUNNING");
        }
        return jdbc.sql("select error_file from roster_import where id = ?").param(id).query(byte[].class).optional()
                .filter(b -> b != null && b.length > 0).map(this::open)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "ROSTER_NO_ERRORS"));
    }

    /** The employer's latest imports, newest first. */
    public List<ImportView> list(LiangxianUser viewer, String uscc) {
        String u = normal(uscc);
        String region = readableEmployer(viewer, u);
        return jdbc.sql("""
                select id from roster_import where region_code = ? and employer_uscc = ?
                 order by created_at desc, id desc limit 20""")
                .params(region, u).query(Long.class).list().stream().map(id -> view(id, false)).toList();
    }

    /** The template to fill in (the same for everyone; no personal data). */
    public byte[] template(LiangxianUser viewer, String uscc) {
        readableEmployer(viewer, normal(uscc));
        byte[] t = template;
        if (t == null) {
            t = RosterSheet.template(messages);
            template = t;
        }
        return t.clone();
    }

    /** The employees covered on a date, masked, as .xlsx. */
    public byte[] roster(LiangxianUser viewer, String uscc, LocalDate date) {
        String u = normal(uscc);
        readableEmployer(viewer, u);
        return RosterSheet.roster(enrollments.roster(viewer, u, date), u, date);
    }

    // ------------------------------------------------------------------ accepting

    private Job accept(LiangxianUser by, String uscc, String fileName, byte[] content, String modeText) {
        access.requireRole(by, UPLOADERS);
        String u = normal(uscc);
        String region = employers.regionOf(u).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        access.requireVisible(by, new AccessPolicy.Owner(region, u, null, null));
        Mode mode = modeText == null || modeText.isBlank() ? Mode.ALL_OR_NOTHING
                : Bilingual.parse(Mode.class, modeText)
                        .orElseThrow(() -> new ApiException(HttpStatus.BAD_REQUEST, "ROSTER_BAD_MODE", modeText));
        long start = System.nanoTime();
        List<RawRow> rows = RosterSheet.read(content, maxRows, n -> {
        });
        long parsed = System.nanoTime() - start;
        long id = jdbc.sql("""
                insert into roster_import (region_code, employer_uscc, file_name, mode, total_rows, created_by)
                values (?, ?, ?, ?, ?, ?) returning id""")
                .params(region, u, fileName(fileName), mode.name(), rows.size(), by.getUsername())
                .query(Long.class).single();
        log.info("roster import {} accepted: employer {}, {} rows, {}", id, u, rows.size(), mode);
        return new Job(id, by, region, u, mode, List.copyOf(rows), parsed);
    }

    // ------------------------------------------------------------------ the job

    Outcome run(Job job) {
        long t0 = System.nanoTime();
        long t1 = t0;
        long t2 = t0;
        try {
            RosterValidator.Plan plan = validator.validate(job.region(), job.uscc(), job.rows(), LocalDate.now(),
                    n -> progress(job.id(), "checked_rows", n));
            List<Line> valid = plan.valid();
            List<Line> refused = plan.refused();
            byte[] errorFile = refused.isEmpty() ? null
                    : seal(RosterSheet.errors(refused.stream().map(l -> new RosterSheet.RefusedRow(l.raw.number(),
                            l.raw.cells(), reasons(l.reasons))).toList()));
            String preview = JSON.writeValueAsString(refused.stream().limit(PREVIEW)
                    .map(l -> new RowErrors(l.raw.number(), List.copyOf(l.reasons))).toList());
            t1 = System.nanoTime();
            if (!refused.isEmpty() && job.mode() == Mode.ALL_OR_NOTHING) {
                tx.executeWithoutResult(s -> finish(job, Status.REJECTED, new int[4], refused.size(), errorFile, preview));
                log.info("roster import {} rejected: {} of {} rows refused", job.id(), refused.size(), job.rows().size());
                return outcome(job, t0, t1, t1, t1);
            }
            Sealed[] sealed = seal(valid);
            t2 = System.nanoTime();
            tx.executeWithoutResult(s -> {
                int[] counts = write(job, valid, sealed);
                audit.record(new AuditTrail.Actor(job.by().getUsername(), job.by().role().name(), job.region()),
                        "ROSTER_IMPORTED", "roster_import", String.valueOf(job.id()), null,
                        "employer " + job.uscc() + " " + job.mode() + ": rows " + job.rows().size() + ", added "
                                + counts[1] + ", removed " + counts[2] + ", changed " + counts[3] + ", refused "
                                + refused.size());
                finish(job, Status.DONE, counts, refused.size(), errorFile, preview);
            });
            long t3 = System.nanoTime();
            log.info("roster import {} done: {} rows applied, {} refused", job.id(), valid.size(), refused.size());
            return outcome(job, t0, t1, t2, t3);
        } catch (RuntimeException e) {
            log.error("roster import {} failed; nothing was written", job.id(), e);
            fail(job, e instanceof ConcurrentChange || e instanceof DataIntegrityViolationException
                    ? "ROSTER_CONFLICT" : "ROSTER_IMPORT_FAILED");
            long t3 = System.nanoTime();
            return outcome(job, t0, t1, t2, t3);
        }
    }

    private Outcome outcome(Job job, long t0, long t1, long t2, long t3) {
        return new Outcome(view(job.id(), true), job.parseNanos(), t1 - t0, t2 - t1, t3 - t2);
    }

    /** Encrypts what the valid rows write (new people's certificate number, name and phone; changed phones). */
    private Sealed[] seal(List<Line> valid) {
        Sealed[] sealed = new Sealed[valid.size()];
        IntStream.range(0, valid.size()).parallel().forEach(i -> {
            Line l = valid.get(i);
            if (l.action == Action.ADD && l.personId == null) {
                sealed[i] = new Sealed(cipher.encrypt(l.number, PersonDirectory.ID),
                        cipher.encrypt(l.name, PersonDirectory.NAME), enc(l.phone));
            } else if (l.action == Action.CHANGE) {
                sealed[i] = new Sealed(null, null, enc(l.phone));
            }
        });
        return sealed;
    }

    /** The errors file holds certificate numbers and names as uploaded: it is stored encrypted like them. */
    private byte[] seal(byte[] file) {
        return cipher.encrypt(java.util.Base64.getEncoder().encodeToString(file), ERROR_FILE)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    private byte[] open(byte[] stored) {
        return java.util.Base64.getDecoder()
                .decode(cipher.decrypt(new String(stored, java.nio.charset.StandardCharsets.US_ASCII), ERROR_FILE));
    }

    private String enc(String phone) {
        return phone == null ? null : cipher.encrypt(phone, PersonDirectory.PHONE);
    }

    /**
     * Applies the valid rows (inside the caller's transaction), in chunks; returns {applied, added, removed,
     * changed}. Person ids for new people are drawn from the person sequence up front, so people and their
     * coverage go in as two COPY streams per chunk; ends and phone changes are JDBC batch updates.
     */
    private int[] write(Job job, List<Line> valid, Sealed[] sealed) {
        int newPeople = (int) valid.stream().filter(l -> l.action == Action.ADD && l.personId == null).count();
        Iterator<Long> ids = newPeople == 0 ? Collections.emptyIterator()
                : jdbc.sql("select nextval(pg_get_serial_sequence('person', 'id')) from generate_series(1, ?)")
                        .param(newPeople).query(Long.class).list().iterator();
        String by = job.by().getUsername();
        int added = 0;
        int removed = 0;
        int changed = 0;
        for (int from = 0; from < valid.size(); from += WRITE_CHUNK) {
            int to = Math.min(valid.size(), from + WRITE_CHUNK);
            List<Object[]> people = new ArrayList<>();
            List<Object[]> covers = new ArrayList<>();
            List<Object[]> ends = new ArrayList<>();
            List<Object[]> phones = new ArrayList<>();
            for (int i = from; i < to; i++) {
                Line l = valid.get(i);
                switch (l.action) {
                    case ADD -> {
                        long pid;
                        if (l.personId == null) {
                            pid = ids.next();
                            people.add(new Object[] { pid, job.region(), l.type.name(), sealed[i].idNumber(), l.idIndex,
                                    sealed[i].name(), l.nameIndex, sealed[i].phone(), l.sex, l.birthDate });
                        } else {
                            pid = l.personId;
                        }
                        covers.add(new Object[] { job.region(), pid, Enrollments.MEDICAL, "EMPLOYEE", job.uscc(), l.date,
                                Enrollments.Source.ROSTER.name(), by });
                        covers.add(new Object[] { job.region(), pid, Enrollments.MATERNITY, "EMPLOYEE", job.uscc(),
                                l.date, Enrollments.Source.ROSTER.name(), by });
                        added++;
                    }
                    case REMOVE -> {
                        String reason = l.remarks == null ? "减员 / roster removal" : l.remarks;
                        for (Long coverage : l.closing) {
                            ends.add(new Object[] { l.date, reason, coverage });
                        }
                        removed++;
                    }
                    case CHANGE -> {
                        phones.add(new Object[] { sealed[i].phone(), l.personId });
                        changed++;
                    }
                    default -> throw new IllegalStateException(l.action.name());
                }
            }
            insertPeople(people);
            insertCoverage(covers);
            endCoverage(ends);
            changePhones(phones);
            progress(job.id(), "applied_rows", to);
        }
        return new int[] { valid.size(), added, removed, changed };
    }

    static final String PERSON_COLUMNS = "id, region_code, cert_type, id_number_enc, id_number_index, name_enc, "
            + "name_index, phone_enc, sex, birth_date";
    static final String COVERAGE_COLUMNS = "region_code, person_id, insurance_type, basis, employer_uscc, start_date, "
            + "source, created_by";

    private void insertPeople(List<Object[]> rows) {
        copy("person", PERSON_COLUMNS, rows);
    }

    private void insertCoverage(List<Object[]> rows) {
        copy("coverage", COVERAGE_COLUMNS, rows);
    }

    /**
     * New rows go in by COPY on the transaction's own connection: constraints, foreign keys and triggers hold
     * as for INSERT, a refusal aborts the transaction. Person ids were drawn from the sequence beforehand.
     */
    private void copy(String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        java.sql.Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            c.unwrap(PGConnection.class).getCopyAPI().copyIn("copy " + table + " (" + columns + ") from stdin",
                    new java.io.StringReader(copyText(rows)));
        } catch (SQLException e) {
            throw java.util.Objects.requireNonNull(batch.getExceptionTranslator().translate("COPY " + table, null, e));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** Rows in COPY's text format: tab-separated, \N for null, backslash escapes. */
    static String copyText(List<Object[]> rows) {
        StringBuilder b = new StringBuilder(rows.size() * 256);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    b.append('\t');
                }
                Object v = row[i];
                if (v == null) {
                    b.append("\\N");
                    continue;
                }
                String text = v.toString();
                for (int j = 0; j < text.length(); j++) {
                    char ch = text.charAt(j);
                    switch (ch) {
                        case '\\' -> b.append("\\\\");
                        case '\t' -> b.append("\\t");
                        case '\n' -> b.append("\\n");
                        case '\r' -> b.append("\\r");
                        default -> b.append(ch);
                    }
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private void endCoverage(List<Object[]> rows) {
        int[] done = batch(rows, "update coverage set end_date = ?, end_reason = ? where id = ? and end_date is null",
                Types.DATE, Types.VARCHAR, Types.BIGINT);
        for (int n : done) {
            if (n == 0) {
                throw new ConcurrentChange("a coverage period was ended by someone else meanwhile");
            }
        }
    }

    private void changePhones(List<Object[]> rows) {
        int[] done = batch(rows, "update person set phone_enc = ? where id = ?", Types.VARCHAR, Types.BIGINT);
        for (int n : done) {
            if (n == 0) {
                throw new ConcurrentChange("a person disappeared meanwhile");
            }
        }
    }

    /** One JDBC batch; nulls are bound with their declared types (no metadata round trips). */
    private int[] batch(List<Object[]> rows, String sql, int... types) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        int[] done = batch.batchUpdate(sql, new BatchPreparedStatementSetter() {
            @Override
            public void setValues(PreparedStatement ps, int i) throws SQLException {
                Object[] row = rows.get(i);
                for (int c = 0; c < row.length; c++) {
                    Object v = row[c];
                    if (v == null) {
                        ps.setNull(c + 1, types[c]);
                    } else if (v instanceof LocalDate d) {
                        ps.setObject(c + 1, d);
                    } else if (v instanceof Long n) {
                        ps.setLong(c + 1, n);
                    } else {
                        ps.setString(c + 1, v.toString());
                    }
                }
            }

            @Override
            public int getBatchSize() {
                return rows.size();
            }
        });
        for (int i = 0; i < done.length; i++) {
            if (done[i] == Statement.SUCCESS_NO_INFO) {
                done[i] = 1;
            }
        }
        return done;
    }

    private void finish(Job job, Status status, int[] counts, int refused, byte[] errorFile, String preview) {
        jdbc.sql("""
                update roster_import set status = ?, checked_rows = total_rows, applied_rows = ?, added_rows = ?,
                       removed_rows = ?, changed_rows = ?, error_rows = ?, error_file = ?, error_preview = ?::jsonb,
                       finished_at = now(), heartbeat_at = now()
                 where id = ?""")
                .params(status.name(), counts[0], counts[1], counts[2], counts[3], refused, errorFile, preview, job.id())
                .update();
    }

    private void fail(Job job, String code) {
        try {
            tx.executeWithoutResult(s -> jdbc.sql("""
                    update roster_import set status = 'FAILED', applied_rows = 0, added_rows = 0, removed_rows = 0,
                           changed_rows = 0, failure_code = ?, finished_at = now(), heartbeat_at = now()
                     where id = ?""").params(code, job.id()).update());
        } catch (RuntimeException e) {
            log.error("could not mark roster import {} failed", job.id(), e);
        }
    }

    /** Progress, committed on its own so that it shows while the job's own transaction is still open. */
    private void progress(long id, String column, int rows) {
        try {
            progressTx.executeWithoutResult(s -> jdbc.sql("update roster_import set " + column
                    + " = ?, heartbeat_at = now() where id = ? and status = 'RUNNING'").params(rows, id).update());
        } catch (RuntimeException e) {
            log.warn("could not record the progress of roster import {}: {}", id, e.toString());
        }
    }

    /** An import left RUNNING by a stopped server is marked FAILED (its transaction never committed). */
    @EventListener(ApplicationReadyEvent.class)
    void markInterrupted() {
        int n = jdbc.sql("""
                update roster_import set status = 'FAILED', failure_code = 'ROSTER_INTERRUPTED', applied_rows = 0,
                       added_rows = 0, removed_rows = 0, changed_rows = 0, finished_at = now()
                 where status = 'RUNNING' and heartbeat_at < now() - make_interval(secs => ?)""")
                .param(staleAfter.toSeconds()).update();
        if (n > 0) {
            log.warn("{} roster imports were interrupted by a restart and are marked failed", n);
        }
    }

    // ------------------------------------------------------------------ views and access

    private ImportView view(long id, boolean withErrors) {
        return jdbc.sql("""
                select id, region_code, employer_uscc, file_name, mode, status, total_rows, checked_rows, applied_rows,
                       error_rows, added_rows, removed_rows, changed_rows, error_file is not null as has_errors,
                       failure_code, created_at, finished_at, error_preview::text as preview
                  from roster_import where id = ?""")
                .param(id).query((rs, i) -> {
                    Status status = Status.valueOf(rs.getString("status"));
                    String failure = rs.getString("failure_code");
                    String preview = withErrors ? rs.getString("preview") : null;
                    List<RowErrors> errors = preview == null ? List.of()
                            : JSON.readValue(preview, new TypeReference<List<RowErrors>>() {
                            });
                    int total = rs.getInt("total_rows");
                    int checked = rs.getInt("checked_rows");
                    int applied = rs.getInt("applied_rows");
                    return new ImportView(rs.getLong("id"), rs.getString("region_code"), rs.getString("employer_uscc"),
                            rs.getString("file_name"), Mode.valueOf(rs.getString("mode")), status, status.zh(),
                            status.en(), total, checked, applied, percent(status, total, checked, applied),
                            rs.getInt("error_rows"), rs.getInt("added_rows"), rs.getInt("removed_rows"),
                            rs.getInt("changed_rows"), rs.getBoolean("has_errors"), failure,
                            failure == null ? null : message("error." + failure, Locale.SIMPLIFIED_CHINESE),
                            failure == null ? null : message("error." + failure, Locale.ENGLISH),
                            rs.getObject("created_at", OffsetDateTime.class),
                            rs.getObject("finished_at", OffsetDateTime.class), errors);
                }).optional().orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    /** Reading an employer's imports and rosters: its HR, agency staff of its region. */
    private void requireReadable(LiangxianUser viewer, String region, String uscc) {
        requireReaderRole(viewer);
        access.requireVisible(viewer, new AccessPolicy.Owner(region, uscc, null, null));
    }

    private static void requireReaderRole(LiangxianUser viewer) {
        if (viewer.role() != Role.EMPLOYER_HR && !Role.AGENCY.contains(viewer.role())) {
            throw new ApiException(HttpStatus.FORBIDDEN, "FORBIDDEN");
        }
    }

    private String readableEmployer(LiangxianUser viewer, String uscc) {
        requireReaderRole(viewer);
        String region = employers.regionOf(uscc).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        requireReadable(viewer, region, uscc);
        return region;
    }

    private String message(String key, Locale locale) {
        return messages.getMessage(key, null, key, locale);
    }

    private static String reasons(List<Reason> reasons) {
        return reasons.stream().map(r -> r.zh() + " / " + r.en() + " [" + r.code() + "]")
                .collect(Collectors.joining("\n"));
    }

    private static String normal(String uscc) {
        if (uscc == null || uscc.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "INVALID_USCC");
        }
        return uscc.trim().toUpperCase(Locale.ROOT);
    }

    private static String fileName(String name) {
        if (name == null || name.isBlank()) {
            return "roster.xlsx";
        }
        String n = name.replace('\\', '/');
        n = n.substring(n.lastIndexOf('/') + 1).strip();
        return n.length() > 200 ? n.substring(n.length() - 200) : n.isEmpty() ? "roster.xlsx" : n;
    }
}
