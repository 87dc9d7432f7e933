package cn.liangxian.estimate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import org.springframework.stereotype.Service;

import cn.liangxian.policy.Amounts;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.contribution.ContributionEstimate;
import cn.liangxian.policy.contribution.ContributionEstimator;
import cn.liangxian.policy.contribution.ContributionFacts;
import cn.liangxian.policy.contribution.ContributionKind;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;

/**
 * Turns text input into facts, runs the policy engine and shapes the answer. The CLI, the REST API and
 * the calculator page all call this, so they cannot disagree.
 */
@Service
public class EstimateService {

    private final PolicyBook book;
    private final MaternityEstimator maternity;
    private final ContributionEstimator contribution;

    public EstimateService(PolicyBook book) {
        this.book = book;
        this.maternity = new MaternityEstimator(book);
        this.contribution = new ContributionEstimator(book);
    }

    public PolicyBook book() {
        return book;
    }

    public MaternityEstimateResponse maternity(MaternityEstimateRequest r) {
        MaternityFacts facts = new MaternityFacts(region(r.regionCode()), date(r.serviceDate(), "serviceDate"),
                parse(r.category(), MaternityCategory::parse, "UNKNOWN_CATEGORY", "生育类别", "category", null),
                integer(r.fetusCount(), "INVALID_FETUS_COUNT", "胎儿数", "fetus count", 1),
                parse(r.insuredKind(), InsuredKind::parse, "UNKNOWN_INSURED_KIND", "参保人类别", "insured kind",
                        InsuredKind.EMPLOYEE),
                money(r.medicalCost(), "INVALID_COST", "医疗费用", "medical cost", true),
                money(r.employerAvgWage(), "INVALID_WAGE", "用人单位月平均工资", "employer average wage", false),
                blank(r.prenatalUnits()) ? null
                        : integer(r.prenatalUnits(), "INVALID_UNITS", "产前检查单元数", "prenatal units", null),
                blank(r.leaveStart()) ? null : date(r.leaveStart(), "leaveStart"));
        MaternityEstimate e = maternity.estimate(facts);
        return new MaternityEstimateResponse(e.regionCode(), regionName(e.regionCode()), e.serviceDate().toString(),
                e.category().name(), e.fetusCount(), e.insuredKind().name(), Amounts.fmt(e.medicalCost()),
                Amounts.fmt(e.medicalBenefit()), Amounts.fmt(e.selfPay()),
                e.medicalMethod() == null ? null : e.medicalMethod().name(), e.payingFund().name(), e.leaveDays(),
                e.allowanceDays(), Amounts.fmt(e.allowance().amount()), e.allowance().payable(),
                Amounts.fmt(e.allowance().daily()), Objects.toString(e.leave().start(), null),
                Objects.toString(e.leave().end(), null),
                e.leave().segments().stream().map(s -> new LeaveSegmentView(s.code(), s.nameZh(), s.nameEn(), s.days(),
                        s.allowancePaid() && e.allowance().payable(), s.countMode().name(), s.start().toString(),
                        s.end().toString(), s.reference())).toList(),
                unverified(e.explanation()), lines(e.explanation()));
    }

    public ContributionEstimateResponse contribution(ContributionEstimateRequest r) {
        ContributionFacts facts = new ContributionFacts(region(r.regionCode()), period(r.period()),
                money(r.monthlyWage(), "INVALID_WAGE", "月工资", "monthly wage", true),
                parse(r.kind(), ContributionKind::parse, "UNKNOWN_CONTRIBUTION_KIND", "缴费人员类别", "contribution kind",
                        ContributionKind.EMPLOYEE),
                money(r.regionalAvgMonthlyWage(), "INVALID_WAGE", "社会平均工资", "regional average wage", false),
                blank(r.overdueDays()) ? null
                        : integer(r.overdueDays(), "INVALID_OVERDUE_DAYS", "滞纳天数", "days overdue", null));
        ContributionEstimate e = contribution.estimate(facts);
        return new ContributionEstimateResponse(e.regionCode(), regionName(e.regionCode()), e.period().toString(),
                e.kind().name(), Amounts.fmt(e.monthlyWage()), Amounts.fmt(e.base()), e.employerRate().toPlainString(),
                e.employeeRate().toPlainString(), Amounts.fmt(e.employerAmount()), Amounts.fmt(e.employeeAmount()),
                Amounts.fmt(e.total()), e.merged(), e.lateFee() == null ? null : Amounts.fmt(e.lateFee()),
                unverified(e.explanation()), lines(e.explanation()));
    }

    private String regionName(String code) {
        return book.jurisdiction(code).map(j -> j.nameZh() + " / " + j.nameEn()).orElse(code);
    }

    private static List<ExplanationLine> lines(List<ExplanationStep> steps) {
        return steps.stream().map(ExplanationLine::of).toList();
    }

    private static boolean unverified(List<ExplanationStep> steps) {
        return steps.stream().anyMatch(s -> s.confidence() != null && s.confidence().isUnverified());
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String region(String s) {
        if (blank(s)) {
            throw new PolicyException("UNKNOWN_REGION", "缺少统筹区代码", "A pooling region code is required");
        }
        return s.trim();
    }

    private static LocalDate date(String s, String field) {
        if (blank(s)) {
            throw new PolicyException("INVALID_DATE", "缺少日期 " + field, "The date " + field + " is required");
        }
        try {
            return LocalDate.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new PolicyException("INVALID_DATE", "日期格式应为 YYYY-MM-DD：" + s, "A date must be YYYY-MM-DD: " + s);
        }
    }

    private static YearMonth period(String s) {
        if (blank(s)) {
            throw new PolicyException("INVALID_PERIOD", "缺少费款所属期", "A contribution period is required");
        }
        try {
            return YearMonth.parse(s.trim());
        } catch (DateTimeParseException e) {
            throw new PolicyException("INVALID_PERIOD", "费款所属期格式应为 YYYY-MM：" + s, "A period must be YYYY-MM: " + s);
        }
    }

    private static <T> T parse(String s, Function<String, java.util.Optional<T>> parser, String code, String zh,
            String en, T dflt) {
        if (blank(s)) {
            if (dflt != null) {
                return dflt;
            }
            throw new PolicyException(code, "缺少" + zh, "The " + en + " is required");
        }
        return parser.apply(s).orElseThrow(() -> new PolicyException(code, "未知的" + zh + "：" + s,
                "Unknown " + en + ": " + s));
    }

    private static Integer integer(String s, String code, String zh, String en, Integer dflt) {
        if (blank(s)) {
            return dflt;
        }
        try {
            return Integer.valueOf(s.trim());
        } catch (NumberFormatException e) {
            throw new PolicyException(code, zh + "应为整数：" + s, "The " + en + " must be a whole number: " + s);
        }
    }

    private static BigDecimal money(String s, String code, String zh, String en, boolean required) {
        if (blank(s)) {
            if (required) {
                throw new PolicyException(code, "缺少" + zh, "The " + en + " is required");
            }
            return null;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(s.trim());
        } catch (NumberFormatException e) {
            throw new PolicyException(code, zh + "应为金额（元，最多两位小数）：" + s,
                    "The " + en + " must be an amount in CNY with at most two decimals: " + s);
        }
        return Amounts.money(zh, en, v, code);
    }
}
