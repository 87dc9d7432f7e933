package cn.liangxian.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import cn.liangxian.estimate.ContributionEstimateRequest;
import cn.liangxian.estimate.ContributionEstimateResponse;
import cn.liangxian.estimate.EstimateService;
import cn.liangxian.estimate.MaternityEstimateRequest;
import cn.liangxian.estimate.MaternityEstimateResponse;
import cn.liangxian.policy.PolicyBook;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code liangxian estimate maternity|contribution}: answers from the encoded law, no database needed. */
@Command(name = "estimate", description = "测算生育待遇或缴费 / estimate maternity benefits or contributions",
        mixinStandardHelpOptions = true, subcommands = { EstimateCommand.Maternity.class, EstimateCommand.Contribution.class })
class EstimateCommand {

    static EstimateService service() {
        return new EstimateService(PolicyBook.standard());
    }

    static class Output {
        @Option(names = "--json", description = "只输出一个 JSON 对象 / print one JSON object only")
        boolean json;

        /** Prints the answer as one JSON object or as text for people. */
        <T> Integer print(CommandSpec spec, T answer, java.util.function.BiConsumer<PrintWriter, T> text) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(CliJson.write(answer));
            } else {
                text.accept(out, answer);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "maternity", mixinStandardHelpOptions = true,
            description = "生育医疗费用、产假与生育津贴 / maternity medical benefit, leave and allowance")
    static class Maternity implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Output output;
        @Option(names = "--region", required = true, description = "统筹区代码 / region code, e.g. 152501")
        String region;
        @Option(names = "--date", required = true, description = "分娩或手术日期 / service date YYYY-MM-DD")
        String date;
        @Option(names = "--category", required = true,
                description = "PRENATAL_CARE, NORMAL_DELIVERY, DIFFICULT_DELIVERY, CAESAREAN_DELIVERY, MISCARRIAGE_UNDER_4_MONTHS, MISCARRIAGE_4_MONTHS_OR_MORE, STERILIZATION, IUD_INSERTION, IUD_REMOVAL")
        String category;
        @Option(names = "--fetuses", description = "胎儿数 / babies delivered (default 1)")
        String fetuses;
        @Option(names = "--cost", required = true, description = "目录内医疗费用（元） / medical cost, CNY")
        String cost;
        @Option(names = "--insured-kind", description = "EMPLOYEE (default), FLEXIBLE, SPOUSE")
        String insuredKind;
        @Option(names = "--employer-avg-wage", description = "用人单位上年度职工月平均工资 / employer's prior-year average monthly wage")
        String employerAvgWage;
        @Option(names = "--prenatal-units", description = "产前检查单元数（按单元付费地区）/ prenatal units used")
        String prenatalUnits;
        @Option(names = "--leave-start", description = "产假开始日期 / first day of leave YYYY-MM-DD")
        String leaveStart;

        @Override
        public Integer call() {
            MaternityEstimateResponse r = service().maternity(new MaternityEstimateRequest(region, date, category,
                    fetuses, insuredKind, cost, employerAvgWage, prenatalUnits, leaveStart));
            return output.print(spec, r, CliText::maternity);
        }
    }

    @Command(name = "contribution", mixinStandardHelpOptions = true,
            description = "月缴费：基数、费率、金额 / monthly contribution: base, rates, amounts")
    static class Contribution implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        Output output;
        @Option(names = "--region", required = true, description = "统筹区代码 / region code")
        String region;
        @Option(names = "--period", required = true, description = "费款所属期 / period YYYY-MM")
        String period;
        @Option(names = "--monthly-wage", required = true, description = "月工资（元） / monthly wage, CNY")
        String monthlyWage;
        @Option(names = "--kind", description = "EMPLOYEE (default) or FLEXIBLE")
        String kind;
        @Option(names = "--regional-avg-monthly-wage", description = "社会平均工资（月）；不填用公布值 / regional average monthly wage")
        String regionalAvg;
        @Option(names = "--overdue-days", description = "滞纳天数 / days overdue (adds the late fee)")
        String overdueDays;

        @Override
        public Integer call() {
            ContributionEstimateResponse r = service().contribution(new ContributionEstimateRequest(region, period,
                    monthlyWage, kind, regionalAvg, overdueDays));
            return output.print(spec, r, CliText::contribution);
        }
    }
}
