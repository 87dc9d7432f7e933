package cn.liangxian.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.core.env.Environment;

import cn.liangxian.Main;

/** Runs a database command ({@code ./liangxian demo generate …}, {@code collection assess …}) as the launcher does. */
public final class DatabaseCommands {

    /** What the command answered: its exit code and what it printed. */
    public record Run(int exit, String out, String err) {
    }

    private DatabaseCommands() {
    }

    /** The command on the test's own database, with its output captured. */
    public static Run run(Environment env, String command, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                "--spring.datasource.username=postgres", "--spring.profiles.active=test"));
        args.addAll(List.of(options));
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = Main.databaseCommand(command, args.toArray(String[]::new));
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }
}
