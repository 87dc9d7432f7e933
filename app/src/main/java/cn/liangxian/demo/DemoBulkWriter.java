package cn.liangxian.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.demo.DemoGenerator.Coverage;
import cn.liangxian.demo.DemoGenerator.Employer;
import cn.liangxian.demo.DemoGenerator.Household;
import cn.liangxian.demo.DemoGenerator.Person;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * Writes generated employers, people, their coverage and spouse registrations straight into the registry's
 * tables with PostgreSQL COPY, encrypted and indexed exactly as the registry's services write them (so the
 * application reads them like any other), in one transaction: a failed run leaves nothing. People go in
 * chunks through a pipeline: the main thread generates a chunk, worker threads encrypt it, the main thread
 * turns it into COPY text and a writer thread copies it while the next chunk is being prepared. People whose
 * certificate is already registered in the region (another seed, the demo set) are replaced by further
 * generated ones, so exactly the number asked for is written.
 */
final class DemoBulkWriter {

    /** People per COPY. */
    static final int CHUNK = 5_000;
    /** How often progress is printed, in people. */
    static final int PROGRESS_EVERY = 100_000;
    static final String ACTOR = "system:demo-generate";

    /** What to generate. */
    record Options(int persons, long seed, int employers, List<String> regions, int threads,
            java.nio.file.Path womenOut) {
    }

    /** What was written and how long it took. */
    record Result(int persons, int employers, long coveragePeriods, int spouseRegistrations, long rows, long millis,
            List<String> women) {
    }

    /** The seed's data is already in some of the regions: nothing was written. */
    static final class AlreadyGenerated extends RuntimeException {
        private final long seed;
        private final List<String> regions;
        private final String when;

        AlreadyGenerated(long seed, List<String> regions, String when) {
            super("seed " + seed + " already generated in " + regions);
            this.seed = seed;
            this.regions = List.copyOf(regions);
            this.when = when;
        }

        long seed() {
            return seed;
        }

        List<String> regions() {
            return regions;
        }

        String when() {
            return when;
        }
    }

    private final DataSource dataSource;
    private final PlatformTransactionManager transactions;
    private final PersonalDataCipher cipher;
    private final BlindIndex index;
    private final PolicyBook policy;
    private final AuditTrail audit;
    private final JdbcClient jdbc;

    DemoBulkWriter(DataSource dataSource, PlatformTransactionManager transactions, PersonalDataCipher cipher,
            BlindIndex index, PolicyBook policy, AuditTrail audit) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.cipher = cipher;
        this.index = index;
        this.policy = policy;
        this.audit = audit;
        this.jdbc = JdbcClient.create(dataSource);
    }

    Result write(Options o, PrintStream out) {
        long t0 = System.nanoTime();
        ExecutorService workers = Executors.newFixedThreadPool(o.threads(), r -> {
            Thread t = new Thread(r, "demo-encrypt");
            t.setDaemon(true);
            return t;
        });
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "demo-copy");
            t.setDaemon(true);
            return t;
        });
        try {
            Result r = new TransactionTemplate(transactions).execute(s -> run(o, out, workers, writer, t0));
            jdbc.sql("analyze employer, employer_status, person, coverage, spouse_registration").update();
            if (o.womenOut() != null) {
                writeWomen(o.womenOut(), r.women());
            }
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return new Result(r.persons(), r.employers(), r.coveragePeriods(), r.spouseRegistrations(), r.rows(),
                    millis, r.women());
        } finally {
            workers.shutdownNow();
            writer.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------ one run

    private Result run(Options o, PrintStream out, ExecutorService workers, ExecutorService writerThread,
            long t0) {
        Map<String, Integer> people = DemoGenerator.split(o.persons(), o.regions());
        Map<String, Integer> employerCounts = atLeastOne(DemoGenerator.split(o.employers(), o.regions()));
        claim(o, people, employerCounts);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        CopyManager copy;
        try {
            copy = connection.unwrap(PGConnection.class).getCopyAPI();
        } catch (SQLException e) {
            throw new IllegalStateException("the database is not PostgreSQL: COPY is not available", e);
        }
        DemoGenerator generator = new DemoGenerator(o.seed(), policy);
        Taken taken = taken(o.regions());
        Map<String, Counts> counts = new LinkedHashMap<>();
        long rows = 0;
        int employers = 0;
        for (String region : o.regions()) {
            int[] written = writeEmployers(copy, generator, taken, region, employerCounts.get(region));
            employers += written[0];
            rows += written[0] + written[1];
            counts.put(region, new Counts());
        }
        Ids ids = new Ids(reserve(o.persons()));
        Writer writer = new Writer(copy, new Progress(out, o.persons(), t0));
        writer.start(writerThread);
        try {
            Chunk pending = null;
            for (String region : o.regions()) {
                int remaining = people.get(region);
                while (remaining > 0) {
                    List<Household> households = take(generator, region, Math.min(CHUNK, remaining));
                    remaining -= households.stream().mapToInt(Household::size).sum();
                    Chunk next = new Chunk(region, households, encode(workers, households, o.threads()));
                    if (pending != null) {
                        writer.put(batch(generator, taken, ids, pending, counts.get(pending.region())));
                    }
                    pending = next;
                }
            }
            if (pending != null) {
                writer.put(batch(generator, taken, ids, pending, counts.get(pending.region())));
            }
            writer.finish();
        } catch (RuntimeException e) {
            writer.abort();
            throw e;
        }
        Counts total = new Counts();
        counts.forEach((region, c) -> {
            finish(o.seed(), region, c, employerCounts.get(region));
            total.add(c);
        });
        writer.progress.done();
        return new Result(total.persons, employers, total.coverage, total.spouses, rows + total.rows, 0,
                List.copyOf(total.women));
    }

    /**
     * A woman a hospital can settle maternity costs for: a resident ID, aged 20 to 44 when the generated data
     * ends, and enrolled in 510 through an employer with no end.
     */
    static boolean insuredWoman(Person p) {
        return "F".equals(p.sex()) && p.certType() == cn.liangxian.security.pii.Identifiers.CertType.RESIDENT_ID
                && !p.birthDate().isAfter(DemoGenerator.LATEST.minusYears(20))
                && p.birthDate().isAfter(DemoGenerator.LATEST.minusYears(45))
                && p.coverage().stream().anyMatch(c -> Enrollments.MATERNITY.equals(c.insuranceType()) && "EMPLOYEE".equals(c.basis())
                        && c.end() == null);
    }

    /** The women's ID numbers, one a line, readable by the owner only (they are personal data, even generated). */
    private static void writeWomen(java.nio.file.Path file, List<String> women) {
        try {
            java.nio.file.Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                java.nio.file.Files.createDirectories(parent);
            }
            java.nio.file.Files.write(file, women, StandardCharsets.US_ASCII);
            try {
                java.nio.file.Files.setPosixFilePermissions(file,
                        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("the women's list could not be written to " + file, e);
        }
    }

    /** Takes person ids from the person table's own sequence, as many as will be written, in one go. */
    private long[] reserve(int n) {
        long[] out = new long[n];
        org.springframework.jdbc.core.JdbcTemplate cursor = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        cursor.setFetchSize(50_000);
        int[] i = { 0 };
        cursor.query("select nextval(pg_get_serial_sequence('person', 'id')) from generate_series(1, ?)",
                rs -> {
                    out[i[0]++] = rs.getLong(1);
                }, n);
        return out;
    }

    /** The reserved person ids, handed out in order. */
    private static final class Ids {
        private final long[] ids;
        private int next;

        Ids(long[] ids) {
            this.ids = ids;
        }

        long next() {
            return ids[next++];
        }
    }

    /** Records the run (refusing a seed already generated in any of the regions) before anything is written. */
    private void claim(Options o, Map<String, Integer> people, Map<String, Integer> employers) {
        List<Map.Entry<String, OffsetDateTime>> present = jdbc.sql("""
                select region_code, started_at from demo_generation where seed = ? and region_code = any(?::char(6)[])
                 order by region_code""")
                .params(o.seed(), "{" + String.join(",", o.regions()) + "}")
                .query((rs, i) -> Map.entry(rs.getString(1), rs.getObject(2, OffsetDateTime.class))).list();
        if (!present.isEmpty()) {
            throw new AlreadyGenerated(o.seed(), present.stream().map(Map.Entry::getKey).toList(),
                    present.get(0).getValue().toLocalDate().toString());
        }
        try {
            for (String region : o.regions()) {
                jdbc.sql("""
                        insert into demo_generation (region_code, seed, persons, employers, created_by)
                        values (?, ?, ?, ?, ?)""")
                        .params(region, o.seed(), people.get(region), employers.get(region), ACTOR).update();
            }
        } catch (DuplicateKeyException e) {
            throw new AlreadyGenerated(o.seed(), o.regions(), LocalDate.now().toString());
        }
    }

    private void finish(long seed, String region, Counts c, int employers) {
        jdbc.sql("""
                update demo_generation set persons = ?, employers = ?, coverage_periods = ?, spouse_registrations = ?,
                                           finished_at = clock_timestamp()
                 where region_code = ? and seed = ?""")
                .params(c.persons, employers, c.coverage, c.spouses, region, seed).update();
        audit.record(new AuditTrail.Actor(ACTOR, null, region), "DEMO_DATA_GENERATED", "region", region, null,
                "seed " + seed + ": " + c.persons + " people, " + employers + " employers, " + c.coverage
                        + " coverage periods, " + c.spouses + " spouse registrations");
    }

    private static Map<String, Integer> atLeastOne(Map<String, Integer> split) {
        Map<String, Integer> out = new java.util.LinkedHashMap<>(split);
        for (Map.Entry<String, Integer> e : out.entrySet()) {
            if (e.getValue() == 0) {
                String biggest = out.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
                out.merge(biggest, -1, Integer::sum);
                e.setValue(1);
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ employers

    /** Writes the region's employers and their status history; answers {employers, status rows}. */
    private int[] writeEmployers(CopyManager copy, DemoGenerator generator, Taken taken, String region, int count) {
        generator.employers(region, count, List.of());
        // a code already registered in the region (another seed, the demo set) gets a fresh one
        for (Employer e : generator.pool(region)) {
            Employer free = e;
            while (taken.codes().contains(region + free.uscc())) {
                free = generator.renewCode(free);
            }
        }
        List<Employer> pool = generator.pool(region);
        StringBuilder employers = new StringBuilder();
        StringBuilder statuses = new StringBuilder();
        int statusRows = 0;
        for (Employer e : pool) {
            row(employers, e.regionCode(), e.uscc(), e.name(), e.type().name(), e.industry(), e.address(),
                    cipher.encrypt(e.contactName(), EmployerRegistry.CONTACT_NAME),
                    cipher.encrypt(e.contactPhone(), EmployerRegistry.CONTACT_PHONE), e.bankName(),
                    e.bankAccount() == null ? null : cipher.encrypt(e.bankAccount(), EmployerRegistry.BANK_ACCOUNT));
            row(statuses, e.regionCode(), e.uscc(), "ACTIVE", e.activeFrom().toString(),
                    e.cancelledFrom() == null ? null : e.cancelledFrom().toString(), "参保登记 / registered", ACTOR);
            statusRows++;
            if (e.cancelledFrom() != null) {
                statusRows++;
                row(statuses, e.regionCode(), e.uscc(), "CANCELLED", e.cancelledFrom().toString(), null,
                        "注销登记 / registration cancelled", ACTOR);
            }
        }
        copyIn(copy, """
                copy employer (region_code, uscc, name, employer_type, industry, address, contact_name_enc,
                               contact_phone_enc, bank_name, bank_account_enc) from stdin""", employers);
        copyIn(copy, """
                copy employer_status (region_code, uscc, status, valid_from, valid_to, reason, recorded_by)
                from stdin""", statuses);
        return new int[] { pool.size(), statusRows };
    }

    // ------------------------------------------------------------------------------------------ people

    /** A person's stored form: encrypted certificate, name and phone, and the blind indexes. */
    record Sealed(Person person, String idIndex, String idEnc, String nameIndex, String nameEnc, String phoneEnc) {
    }

    /** A chunk generated and being encrypted. */
    private record Chunk(String region, List<Household> households, List<Future<List<Sealed[]>>> sealed) {
    }

    /** A chunk as COPY text, for the writer. */
    private record Batch(int persons, byte[] personRows, byte[] coverageRows, byte[] spouseRows) {
    }

    private static List<Household> take(DemoGenerator generator, String region, int people) {
        List<Household> out = new ArrayList<>();
        int n = 0;
        while (n < people) {
            Household h = generator.household(region, people - n);
            out.add(h);
            n += h.size();
        }
        return out;
    }

    /** Encrypts a chunk on the workers: one slice of households per thread. */
    private List<Future<List<Sealed[]>>> encode(ExecutorService workers, List<Household> chunk, int threads) {
        List<Future<List<Sealed[]>>> parts = new ArrayList<>();
        int slice = (chunk.size() + threads - 1) / threads;
        for (int from = 0; from < chunk.size(); from += slice) {
            List<Household> part = chunk.subList(from, Math.min(chunk.size(), from + slice));
            parts.add(workers.submit(() -> part.stream().map(this::seal).toList()));
        }
        return parts;
    }

    private Sealed[] seal(Household h) {
        List<Person> members = h.members();
        Sealed[] out = new Sealed[members.size()];
        for (int i = 0; i < out.length; i++) {
            Person p = members.get(i);
            out[i] = new Sealed(p, index.of(p.certType().indexKind(), p.certNumber()),
                    cipher.encrypt(p.certNumber(), PersonDirectory.ID), index.of("name", p.name()),
                    cipher.encrypt(p.name(), PersonDirectory.NAME), cipher.encrypt(p.phone(), PersonDirectory.PHONE));
        }
        return out;
    }

    /**
     * Turns an encrypted chunk into COPY text: households with a certificate already registered in the region
     * are replaced by further generated ones; each person takes the next reserved id.
     */
    private Batch batch(DemoGenerator generator, Taken taken, Ids ids, Chunk p, Counts counts) {
        List<Sealed[]> sealed = new ArrayList<>();
        for (Future<List<Sealed[]>> f : p.sealed()) {
            try {
                sealed.addAll(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("encrypting generated people failed", e.getCause());
            }
        }
        int missing = 0;
        List<Household> households = new ArrayList<>();
        List<Sealed[]> kept = new ArrayList<>();
        for (int i = 0; i < sealed.size(); i++) {
            Sealed[] s = sealed.get(i);
            if (taken.any(p.region(), s)) {
                missing += s.length;
            } else {
                households.add(p.households().get(i));
                kept.add(s);
            }
        }
        while (missing > 0) {
            Household h = generator.household(p.region(), missing);
            Sealed[] s = seal(h);
            if (!taken.any(p.region(), s)) {
                households.add(h);
                kept.add(s);
                missing -= s.length;
            }
        }
        int n = kept.stream().mapToInt(s -> s.length).sum();
        StringBuilder persons = new StringBuilder(n * 400);
        StringBuilder coverage = new StringBuilder(n * 300);
        StringBuilder spouses = new StringBuilder();
        int coverageRows = 0;
        int spouseRows = 0;
        for (int i = 0; i < kept.size(); i++) {
            Household h = households.get(i);
            long[] memberIds = new long[kept.get(i).length];
            for (int m = 0; m < memberIds.length; m++) {
                Sealed s = kept.get(i)[m];
                Person person = s.person();
                long id = ids.next();
                memberIds[m] = id;
                row(persons, String.valueOf(id), person.regionCode(), person.certType().name(), s.idEnc(), s.idIndex(),
                        s.nameEnc(), s.nameIndex(), s.phoneEnc(), person.sex(), person.birthDate().toString());
                if (insuredWoman(person)) {
                    counts.women.add(person.certNumber());
                }
                for (Coverage c : person.coverage()) {
                    row(coverage, person.regionCode(), String.valueOf(id), c.insuranceType(), c.basis(),
                            c.employerUscc(), c.start().toString(), c.end() == null ? null : c.end().toString(),
                            c.source().name(), c.endReason(), ACTOR);
                    coverageRows++;
                }
            }
            if (h.wife() != null) {
                row(spouses, p.region(), String.valueOf(memberIds[1]), String.valueOf(memberIds[0]),
                        h.spouseFrom().toString(), ACTOR);
                spouseRows++;
            }
        }
        counts.persons += n;
        counts.coverage += coverageRows;
        counts.spouses += spouseRows;
        counts.rows += n + coverageRows + spouseRows;
        return new Batch(n, utf8(persons), utf8(coverage), spouses.isEmpty() ? null : utf8(spouses));
    }

    private static byte[] utf8(StringBuilder b) {
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The thread that copies batches into the database, one after another on the run's connection, while the
     * main thread prepares the next. At most two batches wait.
     */
    private static final class Writer {
        private static final Batch END = new Batch(0, null, null, null);
        private final CopyManager copy;
        private final Progress progress;
        private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(2);
        private Future<?> done;

        Writer(CopyManager copy, Progress progress) {
            this.copy = copy;
            this.progress = progress;
        }

        void start(ExecutorService thread) {
            done = thread.submit(() -> {
                while (true) {
                    Batch b = queue.take();
                    if (b == END) {
                        return null;
                    }
                    copyIn(copy, """
                            copy person (id, region_code, cert_type, id_number_enc, id_number_index, name_enc, name_index,
                                         phone_enc, sex, birth_date) from stdin""", b.personRows());
                    copyIn(copy, """
                            copy coverage (region_code, person_id, insurance_type, basis, employer_uscc, start_date,
                                           end_date, source, end_reason, created_by) from stdin""", b.coverageRows());
                    if (b.spouseRows() != null) {
                        copyIn(copy, """
                                copy spouse_registration (region_code, wife_id, husband_id, start_date, created_by)
                                from stdin""", b.spouseRows());
                    }
                    progress.add(b.persons());
                }
            });
        }

        /** Hands a batch over; fails with the writer's error if it stopped. */
        void put(Batch b) {
            try {
                while (!queue.offer(b, 1, TimeUnit.SECONDS)) {
                    if (done.isDone()) {
                        await();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }

        /** Waits until every batch is copied. */
        void finish() {
            put(END);
            await();
        }

        /** Stops after the batch being copied, so the transaction can roll back on a quiet connection. */
        void abort() {
            queue.clear();
            queue.offer(END);
            try {
                done.get(5, TimeUnit.MINUTES);
            } catch (Exception e) {
                // the run fails with its own error
            }
        }

        private void await() {
            try {
                done.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r
                        : new IllegalStateException(e.getCause().getMessage(), e.getCause());
            }
        }
    }

    /**
     * What the regions hold already: the employers' codes, and the people's certificates as the first 64 bits of
     * their blind index (read once, so the check costs nothing per chunk; a rare false match only replaces a
     * generated person by another).
     */
    private record Taken(Set<String> codes, Map<String, DemoGenerator.LongSet> certificates) {
        boolean any(String region, Sealed[] people) {
            DemoGenerator.LongSet set = certificates.get(region);
            for (Sealed s : people) {
                if (set.contains(prefix(s.idIndex()))) {
                    return true;
                }
            }
            return false;
        }

        static long prefix(String index) {
            return Long.parseUnsignedLong(index.substring(0, 15), 16) + 1;
        }
    }

    private Taken taken(List<String> regions) {
        String array = "{" + String.join(",", regions) + "}";
        Set<String> codes = new HashSet<>(jdbc.sql("""
                select region_code || uscc from employer where region_code = any(?::char(6)[])""")
                .param(array).query(String.class).list());
        Map<String, DemoGenerator.LongSet> certificates = new java.util.HashMap<>();
        regions.forEach(r -> certificates.put(r, new DemoGenerator.LongSet()));
        // read with a cursor: a region may hold millions
        org.springframework.jdbc.core.JdbcTemplate cursor = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        cursor.setFetchSize(10_000);
        cursor.query("select region_code, id_number_index from person where region_code = any(?::char(6)[])",
                rs -> {
                    certificates.get(rs.getString(1)).add(Taken.prefix(rs.getString(2)));
                }, array);
        return new Taken(codes, certificates);
    }

    // ------------------------------------------------------------------------------------------ COPY text

    /** Appends one row of COPY text format: tab-separated, \N for null, backslash escapes. */
    static void row(StringBuilder b, String... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                b.append('\t');
            }
            String v = values[i];
            if (v == null) {
                b.append("\\N");
                continue;
            }
            for (int k = 0; k < v.length(); k++) {
                char c = v.charAt(k);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '\t' -> b.append("\\t");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    default -> b.append(c);
                }
            }
        }
        b.append('\n');
    }

    private static void copyIn(CopyManager copy, String sql, StringBuilder rows) {
        copyIn(copy, sql, utf8(rows));
    }

    private static void copyIn(CopyManager copy, String sql, byte[] bytes) {
        try {
            CopyIn in = copy.copyIn(sql);
            try {
                in.writeToCopy(bytes, 0, bytes.length);
                in.endCopy();
            } finally {
                if (in.isActive()) {
                    in.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------ bookkeeping

    private static final class Counts {
        int persons;
        long coverage;
        int spouses;
        long rows;
        final List<String> women = new ArrayList<>();

        void add(Counts c) {
            persons += c.persons;
            coverage += c.coverage;
            spouses += c.spouses;
            rows += c.rows;
            women.addAll(c.women);
        }
    }

    /** Prints a line every {@link #PROGRESS_EVERY} people. */
    private static final class Progress {
        private final PrintStream out;
        private final int total;
        private final long t0;
        private int done;
        private int printed;

        Progress(PrintStream out, int total, long t0) {
            this.out = out;
            this.total = total;
            this.t0 = t0;
        }

        synchronized void add(int n) {
            done += n;
            if (done / PROGRESS_EVERY > printed / PROGRESS_EVERY) {
                print();
            }
        }

        synchronized void done() {
            if (printed != done) {
                print();
            }
        }

        private void print() {
            printed = done;
            long ms = (System.nanoTime() - t0) / 1_000_000;
            out.printf("  %,d / %,d 人 people (%d%%), %.1f s%n", done, total, total == 0 ? 100 : 100L * done / total,
                    ms / 1000.0);
            out.flush();
        }
    }
}
