package cn.liangxian;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.springframework.boot.SpringApplication;

import cn.liangxian.cli.LiangxianCommand;

/**
 * Entry point of the jar. Command-line work ({@code estimate}, {@code policy}) runs without the server
 * and without a database; anything else starts the server.
 */
public final class Main {

    /** Commands answered on the command line alone. */
    static final Set<String> CLI_COMMANDS = Set.of("estimate", "policy", "--help", "-h", "--version", "-V");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && CLI_COMMANDS.contains(args[0])) {
            PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
            PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
            System.exit(LiangxianCommand.execute(out, err, args));
        }
        SpringApplication.run(LiangxianApplication.class, args);
    }
}
