package cn.liangxian.cli;

import java.io.PrintWriter;
import java.util.List;

import cn.liangxian.estimate.ContributionEstimateResponse;
import cn.liangxian.estimate.ExplanationLine;
import cn.liangxian.estimate.LeaveSegmentView;
import cn.liangxian.estimate.MaternityEstimateResponse;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.PayingFund;

/** Plain-text answers for people at a terminal. */
final class CliText {

    private CliText() {
    }

    static void maternity(PrintWriter out, MaternityEstimateResponse r) {
        MaternityCategory cat = MaternityCategory.valueOf(r.category());
        out.printf("生育待遇测算 / Maternity estimate: %s，%s%n", r.regionName(), r.serviceDate());
        row(out, "类别 Category", r.category() + " " + cat.zh() + (cat.isDelivery() ? "，胎儿数 fetuses " + r.fetusCount() : "")
                + "，" + r.insuredKind());
        row(out, "医疗费用 Medical cost", r.medicalCost());
        row(out, "基金支付 Fund pays", r.medicalBenefit() + (r.medicalMethod() == null ? "" : "  (" + r.medicalMethod() + ")"));
        row(out, "个人负担 Insured pays", r.selfPay());
        row(out, "支付基金 Paying fund", r.payingFund() + " " + PayingFund.valueOf(r.payingFund()).zh());
        row(out, "产假 Leave days", r.leaveDays() + (r.leaveStart() == null ? "" : "  (" + r.leaveStart() + " – " + r.leaveEnd() + ")"));
        for (LeaveSegmentView s : r.leaveSegments()) {
            row(out, "  · " + s.nameZh(), s.days() + " 天 " + s.start() + " – " + s.end()
                    + (s.allowancePaid() ? "，计发津贴" : "，不计发津贴"));
        }
        row(out, "津贴天数 Allowance days", String.valueOf(r.allowanceDays()));
        row(out, "生育津贴 Allowance", r.allowancePayable() ? r.allowance() + "  (日标准 daily " + r.allowanceDaily() + ")"
                : r.allowance() + "  (基金不支付 / not paid by the fund)");
        explanation(out, r.explanation(), r.usesUnverified());
    }

    static void contribution(PrintWriter out, ContributionEstimateResponse r) {
        out.printf("缴费测算 / Contribution estimate: %s，%s，%s%n", r.regionName(), r.period(), r.kind());
        row(out, "月工资 Monthly wage", r.monthlyWage());
        row(out, "缴费基数 Base", r.base());
        row(out, "单位费率 Employer rate", r.employerRate() + (r.merged() ? "  (合并后 merged)" : "  (合并前 310+510)"));
        row(out, "个人费率 Employee rate", r.employeeRate());
        row(out, "单位缴费 Employer pays", r.employerAmount());
        row(out, "个人缴费 Employee pays", r.employeeAmount());
        row(out, "合计 Total", r.totalAmount());
        if (r.lateFee() != null) {
            row(out, "滞纳金 Late fee", r.lateFee());
        }
        explanation(out, r.explanation(), r.usesUnverified());
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("  %-26s %s%n", label, value);
    }

    private static void explanation(PrintWriter out, List<ExplanationLine> lines, boolean unverified) {
        out.println("计算依据 / Explanation:");
        int i = 1;
        for (ExplanationLine l : lines) {
            StringBuilder b = new StringBuilder();
            b.append(String.format("  %2d. [%s] %s = %s", i++, l.rule(), l.parameter(), l.value()));
            if (l.reference() != null) {
                b.append("  —  ").append(l.reference());
            }
            if (l.confidence() != null) {
                b.append("  (").append(l.confidence()).append(")");
            }
            if (l.note() != null && !l.note().isBlank()) {
                b.append("  ").append(l.note());
            }
            out.println(b);
        }
        if (unverified) {
            out.println("注意：含未核实参数（unverified），结果仅供参考 / Note: uses unverified parameters.");
        }
    }
}
