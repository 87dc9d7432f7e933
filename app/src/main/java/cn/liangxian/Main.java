package cn.liangxian;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.boot.SpringApplication;

import cn.liangxian.cli.LiangxianCommand;

/**
 * Entry point of the jar. Command-line work ({@code estimate}, {@code policy}, and {@code his-sim}, which talks
 * HTTP to a running server) runs without the server and without a database; anything else starts the server.
 */
public final class Main {

    /** Commands answered on the command line alone. */
    static final Set<String> CLI_COMMANDS = Set.of("estimate", "policy", "his-sim", "--help", "-h", "--version", "-V");

    private Main() {
    }

    /**
     * Commands that work on the configured database without the web server: the first two words name the
     * command; a component conditional on {@code liangxian.command=<value>} carries it out and sets the exit
     * code. Options after the two words reach it as application arguments.
     */
    static final java.util.Map<String, String> DATABASE_COMMANDS = java.util.Map.of(
            "audit verify", "audit-verify",
            "demo generate", "demo-generate",
            "bench postings", "bench-postings",
            "bench roster-import", "bench-roster-import",
            "collection assess", "collection-assess",
            "bench assessment", "bench-assessment");

    /** Runs the audit-chain check against the configured database, without the web server. */
    public static int auditVerify(String[] args) {
        return databaseCommand("audit-verify", args);
    }

    /** Runs one database command (see {@link #DATABASE_COMMANDS}) and returns its exit code. */
    public static int databaseCommand(String command, String[] args) {
        SpringApplication app = new SpringApplication(LiangxianApplication.class);
        app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
        app.setBannerMode(org.springframework.boot.Banner.Mode.OFF);
        app.setLogStartupInfo(false);
        if (demoByDefault(args)) {
            app.setAdditionalProfiles("demo");
        }
        app.setDefaultProperties(java.util.Map.of("liangxian.command", command, "logging.level.root", "WARN"));
        return SpringApplication.exit(app.run(args));
    }

    /**
     * The embedded default database runs with demo data: when no profile is chosen and no database is
     * configured, the demo profile is on. With a real database nothing is assumed.
     */
    static boolean demoByDefault(String[] args) {
        boolean profileChosen = System.getenv("SPRING_PROFILES_ACTIVE") != null
                || System.getProperty("spring.profiles.active") != null
                || java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.profiles.active"));
        boolean databaseChosen = (System.getenv("LIANGXIAN_DB_URL") != null && !System.getenv("LIANGXIAN_DB_URL").isBlank())
                || System.getProperty("spring.datasource.url") != null
                || java.util.Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.datasource.url"));
        return !profileChosen && !databaseChosen;
    }

    public static void main(String[] args) {
        if (args.length > 0 && CLI_COMMANDS.contains(args[0])) {
            PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
            PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            System.exit(LiangxianCommand.execute(out, err, args));
        }
        String command = args.length >= 2 ? DATABASE_COMMANDS.get(args[0] + " " + args[1]) : null;
        if (command != null) {
            System.exit(databaseCommand(command, java.util.Arrays.copyOfRange(args, 2, args.length)));
        }
        SpringApplication app = new SpringApplication(LiangxianApplication.class);
        if (demoByDefault(args)) {
            app.setAdditionalProfiles("demo");
        }
        app.run(args);
    }
}
