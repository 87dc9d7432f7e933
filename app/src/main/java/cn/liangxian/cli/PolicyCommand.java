package cn.liangxian.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code liangxian policy show|gaps}: read the encoded law. */
@Command(name = "policy", description = "查看政策参数 / read the policy parameters", mixinStandardHelpOptions = true,
        subcommands = { PolicyCommand.Show.class, PolicyCommand.Gaps.class })
class PolicyCommand {

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "某统筹区某日适用的全部参数及出处 / every parameter in force for a region on a date")
    static class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--region", required = true, description = "统筹区代码 / region code")
        String region;
        @Option(names = "--date", required = true, description = "日期 / date YYYY-MM-DD")
        String date;

        @Override
        public Integer call() {
            LocalDate d;
            try {
                d = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new PolicyException("INVALID_DATE", "日期格式应为 YYYY-MM-DD：" + date, "A date must be YYYY-MM-DD: " + date);
            }
            PolicyBook book = PolicyBook.standard();
            PolicyView view = book.at(region, d);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%s 于 %s 适用的参数 / parameters in force on %s%n", view.chainDisplay(), d, d);
            for (String key : book.definitions().keySet()) {
                view.find(key).ifPresent(p -> out.println(line(p)));
            }
            return 0;
        }

        private static String line(ResolvedParam p) {
            return String.format("  %-62s %-26s [%s %s, %s] %s%s", p.key(), p.display(), p.jurisdictionCode(), p.from(),
                    p.confidence().label(), p.reference(), p.note() == null ? "" : "  — " + p.note());
        }
    }

    @Command(name = "gaps", mixinStandardHelpOptions = true,
            description = "所有未核实的参数值 / every value marked unverified")
    static class Gaps implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<PolicyBook.Gap> gaps = PolicyBook.standard().unverified().stream()
                    .sorted(Comparator.comparing((PolicyBook.Gap g) -> g.jurisdiction().code())
                            .thenComparing(PolicyBook.Gap::key).thenComparing(g -> g.value().from()))
                    .toList();
            for (PolicyBook.Gap g : gaps) {
                out.printf("%s %s  %s  from %s = %s  (%s)  %s%n", g.jurisdiction().code(), g.jurisdiction().nameZh(),
                        g.key(), g.value().from(), g.value().value(), g.value().reference(), g.value().note());
            }
            out.printf("%d 个未核实的参数值 / unverified values%n", gaps.size());
            return 0;
        }
    }
}
