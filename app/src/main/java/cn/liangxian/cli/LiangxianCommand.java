package cn.liangxian.cli;

import java.io.PrintWriter;
import java.util.Arrays;

import cn.liangxian.policy.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The command line of the liangxian jar. Commands here never start the server or touch a database. */
@Command(name = "liangxian", mixinStandardHelpOptions = true, version = "liangxian 0.1.0",
        description = "两险合并经办系统命令行 / liangxian command line", subcommands = { EstimateCommand.class, PolicyCommand.class,
                cn.liangxian.settlement.HisSimCommand.class })
public final class LiangxianCommand {

    /** Runs the command line and returns the exit code: 0 done, 2 bad input. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        boolean json = Arrays.asList(args).contains("--json");
        CommandLine cli = new CommandLine(new LiangxianCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, a) -> {
            String msg = ex.getMessage();
            err.println("INVALID_ARGUMENT: " + msg);
            if (json) {
                out.println(CliJson.error("INVALID_ARGUMENT", "参数错误：" + msg, "Invalid arguments: " + msg));
            }
            out.flush();
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof PolicyException pe) {
                err.println(pe.code() + ": " + pe.messageZh() + " / " + pe.messageEn());
                if (json) {
                    out.println(CliJson.error(pe.code(), pe.messageZh(), pe.messageEn()));
                }
                out.flush();
                err.flush();
                return 2;
            }
            throw ex;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }
}
