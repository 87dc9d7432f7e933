package cn.liangxian.demo;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * {@code ./liangxian demo generate --persons N [--seed S] [--employers M] [--regions 440100,...] [--threads T]
 * [--women-out FILE]}: writes N generated people with their employers and enrollments into the configured
 * database, for benchmarks and load tests. {@code --women-out} also writes, one a line, the resident ID numbers
 * of the generated women of child-bearing age who are still enrolled in 510 through an employer (the insured
 * women a simulated hospital can settle maternity costs for: {@code ./liangxian his-sim --persons-file}). Exit code 0 when written; 2 for bad arguments or when the seed's data is already in one of
 * the regions (nothing is written then); 1 when the database refused the data (nothing is written either).
 */
@Component
@ConditionalOnProperty(name = "liangxian.command", havingValue = "demo-generate")
class DemoGenerateCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String USAGE = "./liangxian demo generate --persons N [--seed S] [--employers M] "
            + "[--regions 440100,440300,500000,320400,152501] [--threads T] [--women-out FILE]";
    static final long DEFAULT_SEED = 1L;
    static final int MAX_PERSONS = 100_000_000;
    /** People per employer when --employers is not given. */
    static final int PEOPLE_PER_EMPLOYER = 25;

    private final DataSource dataSource;
    private final PlatformTransactionManager transactions;
    private final PersonalDataCipher cipher;
    private final BlindIndex index;
    private final PolicyBook policy;
    private final AuditTrail audit;
    private final MessageSource messages;
    private int exitCode;

    DemoGenerateCommand(DataSource dataSource, PlatformTransactionManager transactions, PersonalDataCipher cipher,
            BlindIndex index, PolicyBook policy, AuditTrail audit, MessageSource messages) {
        this.dataSource = dataSource;
        this.transactions = transactions;
        this.cipher = cipher;
        this.index = index;
        this.policy = policy;
        this.audit = audit;
        this.messages = messages;
    }

    /** Bad arguments: a message code and its arguments. */
    static final class BadArguments extends RuntimeException {
        private final String code;
        private final transient Object[] args;

        BadArguments(String code, Object... args) {
            super(code);
            this.code = code;
            this.args = args;
        }

        String code() {
            return code;
        }
    }

    @Override
    public void run(ApplicationArguments args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        DemoBulkWriter.Options options;
        try {
            options = parse(args.getSourceArgs());
        } catch (BadArguments e) {
            err.println(line(e.code, e.args));
            exitCode = 2;
            return;
        }
        out.printf("生成演示数据 / generating demo data: %,d people, %,d employers, seed %d, regions %s, %d threads%n",
                options.persons(), options.employers(), options.seed(), String.join(",", options.regions()),
                options.threads());
        try {
            DemoBulkWriter.Result r = new DemoBulkWriter(dataSource, transactions, cipher, index, policy, audit)
                    .write(options, out);
            double seconds = r.millis() / 1000.0;
            out.printf("完成 / done: %,d people, %,d employers, %,d coverage periods, %,d spouse registrations "
                    + "(%,d rows) in %.1f s: %,.0f people/s, %,.0f rows/s%n", r.persons(), r.employers(),
                    r.coveragePeriods(), r.spouseRegistrations(), r.rows(), seconds, r.persons() / seconds,
                    r.rows() / seconds);
            if (options.womenOut() != null) {
                out.printf("参保女职工身份证号 / insured women's ID numbers: %,d written to %s%n", r.women().size(),
                        options.womenOut());
            }
            exitCode = 0;
        } catch (DemoBulkWriter.AlreadyGenerated e) {
            err.println(line("DEMO_ALREADY_GENERATED", String.valueOf(e.seed()), String.join(",", e.regions()),
                    e.when()));
            exitCode = 2;
        } catch (RuntimeException e) {
            err.println(line("DEMO_GENERATE_FAILED", e.getMessage()));
            exitCode = 1;
        }
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    private String line(String code, Object... args) {
        return code + ": " + messages.getMessage("error." + code, args, Locale.SIMPLIFIED_CHINESE) + " / "
                + messages.getMessage("error." + code, args, Locale.ENGLISH);
    }

    /**
     * Reads the options. Spring properties given on the same line ({@code --spring.datasource.url=…}, any
     * {@code --name=value} whose name has a dot) are the application's, not the command's, and are skipped.
     */
    static DemoBulkWriter.Options parse(String[] args) {
        Integer persons = null;
        Integer employers = null;
        long seed = DEFAULT_SEED;
        int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
        List<String> regions = DemoGenerator.REGIONS;
        java.nio.file.Path womenOut = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (name.startsWith("--") && name.contains(".")) {
                continue;
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            switch (name) {
                case "--persons" -> persons = (int) number(name, value, 1, MAX_PERSONS);
                case "--employers" -> employers = (int) number(name, value, 1, MAX_PERSONS);
                case "--seed" -> seed = number(name, value, Long.MIN_VALUE, Long.MAX_VALUE);
                case "--threads" -> threads = (int) number(name, value, 1, 64);
                case "--regions" -> regions = regions(value);
                case "--women-out" -> {
                    if (value == null || value.isBlank()) {
                        throw new BadArguments("DEMO_UNKNOWN_OPTION", a, USAGE);
                    }
                    womenOut = java.nio.file.Path.of(value);
                }
                default -> throw new BadArguments("DEMO_UNKNOWN_OPTION", a, USAGE);
            }
        }
        if (persons == null) {
            throw new BadArguments("DEMO_PERSONS_REQUIRED", USAGE);
        }
        int e = employers != null ? employers
                : Math.max(regions.size(), (persons + PEOPLE_PER_EMPLOYER - 1) / PEOPLE_PER_EMPLOYER);
        if (e < regions.size()) {
            throw new BadArguments("DEMO_TOO_FEW_EMPLOYERS", regions.size());
        }
        return new DemoBulkWriter.Options(persons, seed, e, regions, threads, womenOut);
    }

    private static long number(String option, String value, long min, long max) {
        try {
            long n = Long.parseLong(value == null ? "" : value.replace("_", "").trim());
            if (n < min || n > max) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException ex) {
            throw new BadArguments("DEMO_INVALID_NUMBER", option, String.valueOf(min), String.valueOf(max),
                    value == null ? "" : value);
        }
    }

    private static List<String> regions(String value) {
        if (value == null || value.isBlank()) {
            throw new BadArguments("DEMO_UNKNOWN_REGION", "", String.join(",", DemoGenerator.REGIONS));
        }
        Set<String> asked = new LinkedHashSet<>();
        for (String r : value.split(",")) {
            String code = r.trim();
            if (!DemoGenerator.REGIONS.contains(code)) {
                throw new BadArguments("DEMO_UNKNOWN_REGION", code, String.join(",", DemoGenerator.REGIONS));
            }
            asked.add(code);
        }
        // always in the generator's order, so the same options generate the same data
        List<String> out = new ArrayList<>(DemoGenerator.REGIONS);
        out.retainAll(asked);
        return List.copyOf(out);
    }
}
