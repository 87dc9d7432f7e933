package cn.liangxian.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.Jurisdiction;
import cn.liangxian.policy.ParameterDefinition;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.PolicyException;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.policy.maternity.PayingFund;
import cn.liangxian.web.ApiException;

/**
 * 生育待遇不变对照: computes every case of a region's case set under the rules in force the day before the region's
 * merger date and under the merged system (on the merger date, or a later date asked for), and compares the
 * benefits — medical benefit, the insured's own share, leave days, allowance days and allowance. Where they differ,
 * the cause is looked up, not asserted: every parameter either computation read (its explanation names it) is
 * resolved on both dates, and those whose value differs are the legal changes behind the difference, each with
 * its document and clause. A difference with no changed parameter behind it is reported as unexplained.
 */
@Service
public class BenefitsUnchanged {

    /** The benefits compared, in the order shown. */
    public enum Measure {
        MEDICAL_BENEFIT("生育医疗费用基金支付", "Medical benefit"),
        SELF_PAY("个人负担", "Insured's own share"),
        LEAVE_DAYS("假期天数", "Leave days"),
        ALLOWANCE_DAYS("津贴天数", "Allowance days"),
        ALLOWANCE("生育津贴", "Maternity allowance");

        private final String zh;
        private final String en;

        Measure(String zh, String en) {
            this.zh = zh;
            this.en = en;
        }

        public String zh() {
            return zh;
        }

        public String en() {
            return en;
        }
    }

    /** How a case came out. */
    public enum Verdict {
        /** Every benefit is the same on both dates. */
        EQUAL,
        /** Some benefit differs and parameters whose value changed explain it. */
        EXPLAINED,
        /** Some benefit differs and no parameter the computations read has changed: a finding to look into. */
        UNEXPLAINED,
        /** The law of one of the two dates refused the case (it names why). */
        NOT_COMPUTED
    }

    /** How a parameter stands on the two dates. */
    public enum ChangeKind {
        /** Its value differs. */
        VALUE_CHANGED,
        /** Same value, restated with a new date or reference (for instance by the merger document itself). */
        RESTATED,
        /** Only in force on the later date. */
        ADDED,
        /** Only in force on the earlier date. */
        REMOVED;

        public boolean changesValue() {
            return this != RESTATED;
        }
    }

    /** The result of one case on one date, or why the law of that date refused it. */
    public record Outcome(LocalDate date, BigDecimal medicalBenefit, BigDecimal selfPay, String medicalMethod,
            int leaveDays, int allowanceDays, BigDecimal allowance, PayingFund payingFund,
            List<ExplanationStep> explanation, String refusalCode, String refusalZh, String refusalEn) {

        public boolean computed() {
            return refusalCode == null;
        }

        Object value(Measure m) {
            return switch (m) {
            case MEDICAL_BENEFIT -> medicalBenefit;
            case SELF_PAY -> selfPay;
            case LEAVE_DAYS -> leaveDays;
            case ALLOWANCE_DAYS -> allowanceDays;
            case ALLOWANCE -> allowance;
            };
        }

        public String display(Measure m) {
            Object v = value(m);
            return v instanceof BigDecimal d ? String.format(java.util.Locale.ROOT, "%,.2f", d) : String.valueOf(v);
        }

        /** The parameters this computation read. */
        Set<String> parameters(Map<String, ParameterDefinition> catalog) {
            Set<String> keys = new LinkedHashSet<>();
            if (explanation != null) {
                for (ExplanationStep s : explanation) {
                    if (s.reference() != null && catalog.containsKey(s.parameter())) {
                        keys.add(s.parameter());
                    }
                }
            }
            return keys;
        }
    }

    /** One benefit that differs. */
    public record Difference(Measure measure, String before, String after) {
    }

    /** A parameter as it stands on the two dates (either side may be absent). */
    public record ParamChange(String key, String descriptionZh, String descriptionEn, ChangeKind kind,
            ResolvedParam before, ResolvedParam after) {
    }

    /** One case compared. {@code causes} are the parameters it read whose value changed between the dates. */
    public record Row(BenefitCase benefitCase, Outcome before, Outcome after, List<Difference> differences,
            List<ParamChange> causes, Verdict verdict) {
    }

    /** The whole comparison for one region. */
    public record Report(String regionCode, String regionNameZh, String regionNameEn, LocalDate mergerDate,
            String mergerReference, LocalDate before, LocalDate after, List<ParamChange> changes, List<Row> rows,
            Set<String> readByCases) {

        public long count(Verdict v) {
            return rows.stream().filter(r -> r.verdict() == v).count();
        }

        /** Whether any case read the parameter (a change no case reads cannot change a benefit). */
        public boolean read(String key) {
            return readByCases.contains(key);
        }
    }

    private final PolicyBook book;

    public BenefitsUnchanged(PolicyBook book) {
        this.book = book;
    }

    /** The pooling regions of the policy pack: the jurisdictions no other jurisdiction names as its parent. */
    public List<Jurisdiction> poolingRegions() {
        Set<String> parents = new LinkedHashSet<>();
        book.jurisdictions().forEach(j -> parents.add(j.parentCode()));
        return book.jurisdictions().stream().filter(j -> !parents.contains(j.code())).toList();
    }

    /** The region's merger date as its rules stand today. */
    public LocalDate mergerDate(String region) {
        return merger(region).date();
    }

    private ResolvedParam merger(String region) {
        Jurisdiction j = pooling(region);
        return book.at(j.code(), LocalDate.now().isBefore(j.rulesFrom()) ? j.rulesFrom() : LocalDate.now())
                .get("merger.date");
    }

    private Jurisdiction pooling(String region) {
        return poolingRegions().stream().filter(j -> j.code().equals(region)).findFirst()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "BENEFITS_UNKNOWN_REGION", region));
    }

    /** The report of a region with its own case set; {@code after} null means the merger date. */
    public Report report(String region, LocalDate after) {
        return report(region, after, BenefitCaseSet.forRegion(region));
    }

    /** The report of a region over the given cases. */
    public Report report(String region, LocalDate after, List<BenefitCase> cases) {
        Jurisdiction j = pooling(region);
        ResolvedParam merger = merger(region);
        LocalDate before = merger.date().minusDays(1);
        LocalDate on = after == null ? merger.date() : after;
        if (on.isBefore(merger.date())) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "BENEFITS_AFTER_BEFORE_MERGER", on.toString(),
                    merger.date().toString());
        }
        if (before.isBefore(j.rulesFrom())) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "BENEFITS_NO_RULES_BEFORE_MERGER",
                    j.rulesFrom().toString(), merger.date().toString());
        }
        PolicyView viewBefore = book.at(region, before);
        PolicyView viewAfter = book.at(region, on);
        MaternityEstimator estimator = new MaternityEstimator(book);
        Map<String, ParamChange> memo = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        Set<String> read = new LinkedHashSet<>();
        for (BenefitCase c : cases) {
            Outcome b = outcome(estimator, region, before, c);
            Outcome a = outcome(estimator, region, on, c);
            read.addAll(b.parameters(book.definitions()));
            read.addAll(a.parameters(book.definitions()));
            rows.add(compare(c, b, a, viewBefore, viewAfter, memo));
        }
        List<ParamChange> changes = new ArrayList<>();
        for (String key : book.definitions().keySet()) {
            change(key, viewBefore, viewAfter, memo).ifPresent(changes::add);
        }
        // changes of value first, those the cases read before those they do not; restatements last
        changes.sort(java.util.Comparator.comparing((ParamChange p) -> !p.kind().changesValue())
                .thenComparing(p -> !read.contains(p.key())));
        return new Report(region, j.nameZh(), j.nameEn(), merger.date(), merger.reference(), before, on,
                List.copyOf(changes), List.copyOf(rows), Set.copyOf(read));
    }

    private Row compare(BenefitCase c, Outcome b, Outcome a, PolicyView vb, PolicyView va,
            Map<String, ParamChange> memo) {
        Set<String> read = new LinkedHashSet<>(b.parameters(book.definitions()));
        read.addAll(a.parameters(book.definitions()));
        List<ParamChange> causes = new ArrayList<>();
        for (String key : read) {
            change(key, vb, va, memo).filter(p -> p.kind().changesValue()).ifPresent(causes::add);
        }
        if (!b.computed() || !a.computed()) {
            return new Row(c, b, a, List.of(), List.copyOf(causes), Verdict.NOT_COMPUTED);
        }
        List<Difference> diffs = new ArrayList<>();
        for (Measure m : Measure.values()) {
            if (!same(b.value(m), a.value(m))) {
                diffs.add(new Difference(m, b.display(m), a.display(m)));
            }
        }
        Verdict v = diffs.isEmpty() ? Verdict.EQUAL : causes.isEmpty() ? Verdict.UNEXPLAINED : Verdict.EXPLAINED;
        return new Row(c, b, a, List.copyOf(diffs), List.copyOf(causes), v);
    }

    private Optional<ParamChange> change(String key, PolicyView vb, PolicyView va, Map<String, ParamChange> memo) {
        if (memo.containsKey(key)) {
            return Optional.ofNullable(memo.get(key));
        }
        ResolvedParam b = vb.find(key).orElse(null);
        ResolvedParam a = va.find(key).orElse(null);
        ChangeKind kind;
        if (b == null && a == null) {
            kind = null;
        } else if (b == null) {
            kind = ChangeKind.ADDED;
        } else if (a == null) {
            kind = ChangeKind.REMOVED;
        } else if (!same(b.value(), a.value())) {
            kind = ChangeKind.VALUE_CHANGED;
        } else if (!b.from().equals(a.from()) || !b.jurisdictionCode().equals(a.jurisdictionCode())
                || !Objects.equals(b.reference(), a.reference())) {
            kind = ChangeKind.RESTATED;
        } else {
            kind = null;
        }
        ParameterDefinition d = book.definitions().get(key);
        ParamChange p = kind == null ? null : new ParamChange(key, d.descriptionZh(), d.descriptionEn(), kind, b, a);
        memo.put(key, p);
        return Optional.ofNullable(p);
    }

    static boolean same(Object x, Object y) {
        if (x instanceof BigDecimal a && y instanceof BigDecimal b) {
            return a.compareTo(b) == 0;
        }
        return Objects.equals(x, y);
    }

    private static Outcome outcome(MaternityEstimator estimator, String region, LocalDate date, BenefitCase c) {
        try {
            MaternityEstimate e = estimator.estimate(MaternityFacts.of(region, date, c.category(), c.fetusCount(),
                    c.insuredKind(), c.medicalCost(), c.employerAvgMonthlyWage()));
            return new Outcome(date, e.medicalBenefit(), e.selfPay(),
                    e.medicalMethod() == null ? null : e.medicalMethod().name(), e.leaveDays(), e.allowanceDays(),
                    e.allowance().amount(), e.payingFund(), e.explanation(), null, null, null);
        } catch (PolicyException ex) {
            return new Outcome(date, null, null, null, 0, 0, null, null, List.of(), ex.code(), ex.messageZh(),
                    ex.messageEn());
        }
    }
}
