package cn.liangxian.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;

/**
 * {@code ./liangxian bench roster-import [--rows N] [--region CODE]}: how fast a roster of N new employees
 * goes in through the real import service (parse, check every row, encrypt, write), against PostgreSQL's own
 * bulk load (COPY) of the very same result rows — the people and their 310 and 510 coverage, encrypted
 * values included — into scratch tables with the same indexes and constraints, measured in the same run.
 * Everything happens in one transaction that is rolled back at the end: the employer, the people, the
 * coverage, the import and the scratch tables leave nothing behind (not even the import's audit record).
 */
@Component
@ConditionalOnProperty(name = "liangxian.command", havingValue = "bench-roster-import")
class RosterImportBenchmark implements ApplicationRunner, ExitCodeGenerator {

    static final int DEFAULT_ROWS = 100_000;
    private static final String PERSON_COLUMNS = RosterImports.PERSON_COLUMNS;
    private static final String COVERAGE_COLUMNS = RosterImports.COVERAGE_COLUMNS;
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蔡蒋余于杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
    private static final String GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国红玉萍斌宇浩凯鹏飞婷雪琳晨欣怡";

    private final RosterImports imports;
    private final EmployerRegistry employers;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final TransactionTemplate tx;
    private int exitCode;

    RosterImportBenchmark(RosterImports imports, EmployerRegistry employers, JdbcClient jdbc, DataSource dataSource,
            PlatformTransactionManager transactions) {
        this.imports = imports;
        this.employers = employers;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.tx = new TransactionTemplate(transactions);
    }

    /** The figures of one run. */
    record Result(int rows, long fileBytes, RosterImports.Outcome outcome, long importNanos, long copyNanos,
            long copyWithKeysNanos, int copiedPeople, int copiedCoverage) {
        double importRate() {
            return rows / (importNanos / 1e9);
        }

        double copyRate() {
            return rows / (copyNanos / 1e9);
        }

        double ratio() {
            return importRate() / copyRate();
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        int rows;
        try {
            rows = intOption(args.getSourceArgs(), "--rows", DEFAULT_ROWS);
        } catch (IllegalArgumentException e) {
            rows = 0;
        }
        String region = option(args.getSourceArgs(), "--region", "320400");
        if (rows < 1 || !region.matches("[0-9]{6}")) {
            System.err.println("usage: bench roster-import [--rows N (at least 1)] [--region CODE]");
            exitCode = 2;
            return;
        }
        System.out.printf(Locale.ROOT, "职工增减员导入基准 / roster import benchmark: %,d rows, region %s%n", rows, region);
        try {
            Result r = measure(rows, region);
            RosterImports.Outcome o = r.outcome();
            System.out.printf(Locale.ROOT, "  file: %,d rows, %.1f MB (generated, not measured)%n", r.rows(),
                    r.fileBytes() / 1e6);
            System.out.printf(Locale.ROOT,
                    "  import (parse + validate + write, real service): %.2f s = %,.0f rows/s"
                            + "   [parse %.2f s, validate %.2f s, encrypt %.2f s, write %.2f s]%n",
                    r.importNanos() / 1e9, r.importRate(), o.parseNanos() / 1e9, o.validateNanos() / 1e9,
                    o.prepareNanos() / 1e9, o.writeNanos() / 1e9);
            System.out.printf(Locale.ROOT,
                    "  PostgreSQL COPY of the same rows (%,d people + %,d coverage rows): %.2f s = %,.0f rows/s%n",
                    r.copiedPeople(), r.copiedCoverage(), r.copyNanos() / 1e9, r.copyRate());
            System.out.printf(Locale.ROOT, "  ratio import/COPY: %.3f (COPY is %.1fx faster)%n", r.ratio(),
                    1 / r.ratio());
            double keyed = rows / (r.copyWithKeysNanos() / 1e9);
            System.out.printf(Locale.ROOT,
                    "  (the same COPY into tables that also carry the real foreign keys: %.2f s = %,.0f rows/s,"
                            + " ratio %.3f)%n",
                    r.copyWithKeysNanos() / 1e9, keyed, r.importRate() / keyed);
            System.out.println("  rolled back: the benchmark left nothing in the database");
            exitCode = 0;
        } catch (RuntimeException e) {
            System.err.println("roster import benchmark failed: " + e.getMessage());
            exitCode = 1;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    /**
     * One run, in one transaction that is rolled back. The tables are vacuumed first: the rows of earlier
     * (rolled back) runs are dead but still in the indexes until a vacuum, and would slow the import alone.
     */
    Result measure(int rows, String region) {
        jdbc.sql("vacuum (analyze) person, coverage").update();
        return tx.execute(status -> {
            status.setRollbackOnly();
            LiangxianUser clerk = new LiangxianUser(0, "bench.roster-import", null, "基准测试", Role.AGENCY_CLERK,
                    Set.of(region), null, null, null, true, null);
            String uscc = uscc(region);
            employers.register(clerk, new EmployerRegistry.NewEmployer(region, uscc, "基准测试单位 " + uscc,
                    EmployerRegistry.EmployerType.ENTERPRISE, null, null, null, null, null, null,
                    LocalDate.of(2020, 1, 1)));
            byte[] file = roster(rows, region);

            long start = System.nanoTime();
            RosterImports.Outcome outcome = imports.importNow(clerk, uscc, "bench.xlsx", file,
                    RosterImports.Mode.ALL_OR_NOTHING);
            long importNanos = System.nanoTime() - start;
            RosterImports.ImportView v = outcome.view();
            if (v.status() != RosterImports.Status.DONE || v.appliedRows() != rows) {
                throw new IllegalStateException("the import did not take every row: " + v.status() + ", "
                        + v.appliedRows() + " applied, " + v.errorRows() + " refused "
                        + v.errors().stream().limit(3).map(e -> e.row() + ": " + e.reasons()).toList()
                        + (v.failureEn() == null ? "" : " " + v.failureEn()));
            }

            // the result rows as the import wrote them; people by a range of ids filtered here, so that no
            // plan depends on statistics that know nothing yet of the rows this transaction added
            List<Object[]> covered = jdbc.sql("select " + COVERAGE_COLUMNS
                    + " from coverage where region_code = ? and employer_uscc = ?")
                    .params(region, uscc).query().listOfRows().stream().map(r -> r.values().toArray()).toList();
            Set<Long> ids = covered.stream().map(r -> ((Number) r[1]).longValue())
                    .collect(java.util.stream.Collectors.toSet());
            long low = ids.stream().mapToLong(Long::longValue).min().orElse(0);
            long high = ids.stream().mapToLong(Long::longValue).max().orElse(-1);
            String people = RosterImports.copyText(jdbc.sql("select " + PERSON_COLUMNS
                    + " from person where id between ? and ? order by id").params(low, high).query().listOfRows()
                    .stream().map(r -> r.values().toArray()).filter(r -> ids.contains(((Number) r[0]).longValue()))
                    .toList());
            String coverage = RosterImports.copyText(covered);
            // scratch tables with the real tables' indexes, checks and exclusion constraint; the second pair
            // also with their foreign keys
            jdbc.sql("create table bench_roster_person (like person including all)").update();
            jdbc.sql("create table bench_roster_coverage (like coverage including all)").update();
            jdbc.sql("""
                    create table bench_roster_person_fk (like person including all,
                        foreign key (region_code) references region)""").update();
            jdbc.sql("""
                    create table bench_roster_coverage_fk (like coverage including all,
                        foreign key (person_id) references bench_roster_person_fk (id),
                        foreign key (region_code) references region,
                        foreign key (region_code, employer_uscc) references employer)""").update();
            long[] plain = copy("bench_roster_person", "bench_roster_coverage", people, coverage);
            long[] withKeys = copy("bench_roster_person_fk", "bench_roster_coverage_fk", people, coverage);
            return new Result(rows, file.length, outcome, importNanos, plain[0], withKeys[0], (int) plain[1],
                    (int) plain[2]);
        });
    }

    /** COPY of the people, then of their coverage: {nanoseconds, people, coverage rows}. */
    private long[] copy(String personTable, String coverageTable, String people, String coverage) {
        Connection c = DataSourceUtils.getConnection(dataSource);
        try {
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            long t = System.nanoTime();
            long p = copy.copyIn("copy " + personTable + " (" + PERSON_COLUMNS + ") from stdin", new StringReader(people));
            long k = copy.copyIn("copy " + coverageTable + " (" + COVERAGE_COLUMNS + ") from stdin",
                    new StringReader(coverage));
            return new long[] { System.nanoTime() - t, p, k };
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("COPY failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(c, dataSource);
        }
    }

    /** N valid ADD rows: new people, each with a certificate, name, sex, phone, from 2024-01-01. */
    static byte[] roster(int rows, String region) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String prefix = region.substring(0, 4) + String.format("%02d", random.nextInt(1, 10));
        LocalDate firstBirth = LocalDate.of(1960, 1, 1).plusDays(random.nextInt(0, 12_000));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Workbook wb = new Workbook(out, "liangxian-bench", "1.0");
            Worksheet ws = wb.newWorksheet(RosterSheet.DATA_SHEET);
            for (RosterSheet.Column c : RosterSheet.Column.values()) {
                ws.value(0, c.ordinal(), c.header());
            }
            for (int i = 0; i < rows; i++) {
                String id = citizenId(prefix, firstBirth.plusDays(i / 1000), i % 1000);
                int r = i + 1;
                ws.value(r, 0, "增员");
                ws.value(r, 1, "居民身份证");
                ws.value(r, 2, id);
                ws.value(r, 3, name(random));
                ws.value(r, 4, (id.charAt(16) - '0') % 2 == 1 ? "男" : "女");
                ws.value(r, 5, "13" + (5 + random.nextInt(5)) + String.format("%08d", random.nextInt(100_000_000)));
                ws.value(r, 6, "2024-01-01");
                if (r % 10_000 == 0) {
                    ws.flush();
                }
            }
            wb.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String name(ThreadLocalRandom random) {
        StringBuilder b = new StringBuilder().append(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int given = random.nextInt(1, 3);
        for (int i = 0; i < given; i++) {
            b.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return b.toString();
    }

    static String citizenId(String prefix, LocalDate birth, int sequence) {
        String body = prefix + birth.toString().replace("-", "") + String.format("%03d", sequence);
        int[] w = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body.charAt(i) - '0') * w[i];
        }
        return body + "10X98765432".charAt(sum % 11);
    }

    /** A fresh valid unified social credit code (GB 32100) in the region. */
    static String uscc(String region) {
        String chars = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        int[] w = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
        StringBuilder b = new StringBuilder("91").append(region);
        for (int i = 0; i < 9; i++) {
            b.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += chars.indexOf(b.charAt(i)) * w[i];
        }
        return b.append(chars.charAt((31 - sum % 31) % 31)).toString();
    }

    static int intOption(String[] args, String name, int fallback) {
        String v = option(args, name, null);
        try {
            return v == null ? fallback : Integer.parseInt(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " wants a number, not " + v);
        }
    }

    /** {@code --name value} or {@code --name=value}. */
    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
