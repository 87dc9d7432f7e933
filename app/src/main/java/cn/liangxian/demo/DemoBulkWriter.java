package cn.liangxian.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * Writes generated employers, people, their coverage and spouse registrations straight into the registry's
 * tables with PostgreSQL COPY, encrypted and indexed exactly as the registry's services write them (so the
 * application reads them like any other), in one transaction: a failed run leaves nothing. People go in
 * chunks; while one chunk is copied the next is encrypted on worker threads. People whose certificate is
 * already registered in the region (another seed, the demo set) are replaced by further generated ones, so
 * exactly the number asked for is written.
 */
final class DemoBulkWriter {

    /** People per COPY. */
    static final int CHUNK = 5_000;
    /** How often progress is printed, in people. */
    static final int PROGRESS_EVERY = 100_000;
    static final String ACTOR = "system:demo-generate";

    /** What to generate. */
    record Options(int persons, long seed, int employers, List<String> regions, int threads) {
    }

    /** What was written and how long it took. */
    record Result(int persons, int employers, long coveragePeriods, int spouseRegistrations, long rows, long millis) {
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
        try {
            Result r = new TransactionTemplate(transactions).execute(s -> run(o, out, workers, t0));
            jdbc.sql("analyze employer, employer_status, person, coverage, spouse_registration").update();
            long millis = (System.nanoTime() - t0) / 1_000_000;
            return new Result(r.persons(), r.employers(), r.coveragePeriods(), r.spouseRegistrations(), r.rows(),
                    millis);
        } finally {
            workers.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------ one run

    private Result run(Options o, PrintStream out, ExecutorService workers, long t0) {
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
        Counts total = new Counts();
        for (String region : o.regions()) {
            int[] written = writeEmployers(copy, generator, region, employerCounts.get(region));
            total.employers += written[0];
            total.rows += written[0] + written[1];
        }
        Progress progress = new Progress(out, o.persons(), t0);
        Pending pending = null;
        for (String region : o.regions()) {
            Counts here = new Counts();
            int remaining = people.get(region);
            while (remaining > 0) {
                List<Household> chunk = take(generator, region, Math.min(CHUNK, remaining));
                remaining -= chunk.stream().mapToInt(Household::size).sum();
                Pending next = new Pending(region, here, chunk, encode(workers, chunk, o.threads()));
                if (pending != null) {
                    flush(copy, generator, pending, progress);
                }
                pending = next;
            }
            if (pending != null) {
                flush(copy, generator, pending, progress);
                pending = null;
            }
            total.add(here);
            finish(o.seed(), region, here, employerCounts.get(region));
        }
        progress.done();
        return new Result(total.persons, total.employers, total.coverage, total.spouses, total.rows, 0);
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
                                           finished_at = now()
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
    private int[] writeEmployers(CopyManager copy, DemoGenerator generator, String region, int count) {
        generator.employers(region, count, List.of());
        // a code already registered in the region (another seed, the demo set) gets a fresh one
        while (true) {
            List<Employer> pool = generator.pool(region);
            Set<String> taken = new HashSet<>();
            for (int i = 0; i < pool.size(); i += CHUNK) {
                List<String> codes = pool.subList(i, Math.min(pool.size(), i + CHUNK)).stream().map(Employer::uscc)
                        .toList();
                taken.addAll(jdbc.sql("select uscc from employer where region_code = ? and uscc = any(?::char(18)[])")
                        .params(region, "{" + String.join(",", codes) + "}").query(String.class).list());
            }
            if (taken.isEmpty()) {
                break;
            }
            pool.stream().filter(e -> taken.contains(e.uscc())).forEach(generator::renewCode);
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

    /** A chunk generated and being encrypted, waiting for its turn to be copied. */
    private record Pending(String region, Counts counts, List<Household> households, List<Future<List<Sealed[]>>> sealed) {
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
     * Copies a chunk: households with a certificate already registered in the region are replaced by further
     * generated ones; person ids come from the person table's own sequence.
     */
    private void flush(CopyManager copy, DemoGenerator generator, Pending p, Progress progress) {
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
        Set<String> taken = registered(p.region(), sealed);
        int missing = 0;
        List<Household> households = new ArrayList<>();
        List<Sealed[]> kept = new ArrayList<>();
        for (int i = 0; i < sealed.size(); i++) {
            Sealed[] s = sealed.get(i);
            if (java.util.Arrays.stream(s).anyMatch(x -> taken.contains(x.idIndex()))) {
                missing += s.length;
            } else {
                households.add(p.households().get(i));
                kept.add(s);
            }
        }
        while (missing > 0) {
            Household h = generator.household(p.region(), missing);
            Sealed[] s = seal(h);
            if (registered(p.region(), List.<Sealed[]>of(s)).isEmpty()) {
                households.add(h);
                kept.add(s);
                missing -= s.length;
            }
        }
        int n = kept.stream().mapToInt(s -> s.length).sum();
        List<Long> ids = jdbc.sql("select nextval(pg_get_serial_sequence('person', 'id')) from generate_series(1, ?)")
                .param(n).query(Long.class).list();
        StringBuilder persons = new StringBuilder(n * 400);
        StringBuilder coverage = new StringBuilder(n * 300);
        StringBuilder spouses = new StringBuilder();
        int next = 0;
        int coverageRows = 0;
        int spouseRows = 0;
        for (int i = 0; i < kept.size(); i++) {
            Household h = households.get(i);
            long[] memberIds = new long[kept.get(i).length];
            for (int m = 0; m < memberIds.length; m++) {
                Sealed s = kept.get(i)[m];
                Person person = s.person();
                long id = ids.get(next++);
                memberIds[m] = id;
                row(persons, String.valueOf(id), person.regionCode(), person.certType().name(), s.idEnc(), s.idIndex(),
                        s.nameEnc(), s.nameIndex(), s.phoneEnc(), person.sex(), person.birthDate().toString());
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
        copyIn(copy, """
                copy person (id, region_code, cert_type, id_number_enc, id_number_index, name_enc, name_index,
                             phone_enc, sex, birth_date) from stdin""", persons);
        copyIn(copy, """
                copy coverage (region_code, person_id, insurance_type, basis, employer_uscc, start_date, end_date,
                               source, end_reason, created_by) from stdin""", coverage);
        if (!spouses.isEmpty()) {
            copyIn(copy, "copy spouse_registration (region_code, wife_id, husband_id, start_date, created_by) from stdin",
                    spouses);
        }
        p.counts().persons += n;
        p.counts().coverage += coverageRows;
        p.counts().spouses += spouseRows;
        p.counts().rows += n + coverageRows + spouseRows;
        progress.add(n);
    }

    /** The blind indexes among these that are already registered in the region. */
    private Set<String> registered(String region, List<Sealed[]> sealed) {
        List<String> keys = new ArrayList<>();
        sealed.forEach(s -> java.util.Arrays.stream(s).forEach(x -> keys.add(x.idIndex())));
        return new HashSet<>(jdbc.sql("""
                select id_number_index from person where region_code = ? and id_number_index = any(?::char(64)[])""")
                .params(region, "{" + String.join(",", keys) + "}").query(String.class).list());
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
        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
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
        int employers;
        long coverage;
        int spouses;
        long rows;

        void add(Counts c) {
            persons += c.persons;
            coverage += c.coverage;
            spouses += c.spouses;
            rows += c.rows;
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

        void add(int n) {
            done += n;
            if (done / PROGRESS_EVERY > printed / PROGRESS_EVERY) {
                print();
            }
        }

        void done() {
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
