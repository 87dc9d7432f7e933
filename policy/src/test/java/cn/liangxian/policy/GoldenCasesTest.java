package cn.liangxian.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import cn.liangxian.policy.contribution.ContributionEstimate;
import cn.liangxian.policy.contribution.ContributionEstimator;
import cn.liangxian.policy.contribution.ContributionFacts;
import cn.liangxian.policy.contribution.ContributionKind;
import cn.liangxian.policy.contribution.ContributionSchedule;
import cn.liangxian.policy.contribution.LateFeeRule;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;

/**
 * Runs every golden case under {@code golden/<jurisdiction>/*.yaml}: facts, a date, and the expected
 * outputs, written by hand from the law. Only the outputs a case names are compared.
 */
class GoldenCasesTest {

    static final PolicyBook BOOK = PolicyBook.standard();
    /** Minimum number of cases per jurisdiction folder. */
    static final Map<String, Integer> MINIMUM = Map.of("000000", 10, "440000", 15, "500000", 15, "320400", 15,
            "152501", 15);

    @TestFactory
    Stream<DynamicNode> goldenCases() {
        return GoldenCases.all().entrySet().stream().map(folder -> DynamicContainer.dynamicContainer(folder.getKey(),
                folder.getValue().stream().map(c -> DynamicTest.dynamicTest(c.file() + ": " + c.name(), () -> run(c)))));
    }

    @Test
    void everySeedRegionHasEnoughCases() {
        Map<String, List<GoldenCases.Case>> all = GoldenCases.all();
        MINIMUM.forEach((folder, min) -> assertThat(all.getOrDefault(folder, List.of()))
                .as("golden cases for " + folder).hasSizeGreaterThanOrEqualTo(min));
    }

    static void run(GoldenCases.Case c) {
        Map<String, Object> expect = c.expect();
        if (expect.containsKey("error")) {
            assertThatThrownBy(() -> compute(c)).isInstanceOf(PolicyException.class)
                    .extracting(e -> ((PolicyException) e).code()).isEqualTo(expect.get("error"));
            return;
        }
        Map<String, Object> actual = compute(c);
        for (Map.Entry<String, Object> e : expect.entrySet()) {
            assertThat(actual).as("case '%s' has no output named %s", c.name(), e.getKey()).containsKey(e.getKey());
            Object want = e.getValue();
            Object got = actual.get(e.getKey());
            if (got instanceof BigDecimal g) {
                BigDecimal w = new BigDecimal(want.toString());
                assertThat(g).as("%s of '%s'", e.getKey(), c.name()).isEqualByComparingTo(w);
                if (w.scale() == 2) {
                    assertThat(g.scale()).as("%s of '%s' is kept to the fen", e.getKey(), c.name()).isEqualTo(2);
                }
            } else {
                assertThat(Objects.toString(got)).as("%s of '%s'", e.getKey(), c.name()).isEqualTo(Objects.toString(want));
            }
        }
    }

    static Map<String, Object> compute(GoldenCases.Case c) {
        Map<String, Object> f = c.facts();
        return switch (c.estimate()) {
            case "maternity" -> maternity(f);
            case "contribution" -> contribution(f);
            case "assessment" -> assessment(f);
            case "late_fee" -> lateFee(f);
            default -> throw new IllegalArgumentException("unknown estimate " + c.estimate());
        };
    }

    static Map<String, Object> maternity(Map<String, Object> f) {
        MaternityFacts facts = new MaternityFacts(str(f, "region"), LocalDate.parse(str(f, "date")),
                MaternityCategory.parse(str(f, "category")).orElseThrow(
                        () -> new PolicyException("UNKNOWN_CATEGORY", "未知类别", "unknown category")),
                f.containsKey("fetuses") ? Integer.parseInt(str(f, "fetuses")) : 1,
                f.containsKey("insured_kind") ? InsuredKind.parse(str(f, "insured_kind")).orElseThrow() : InsuredKind.EMPLOYEE,
                dec(f, "cost"), dec(f, "employer_avg_wage"),
                f.containsKey("prenatal_units") ? Integer.valueOf(str(f, "prenatal_units")) : null,
                f.containsKey("leave_start") ? LocalDate.parse(str(f, "leave_start")) : null);
        MaternityEstimate e = new MaternityEstimator(BOOK).estimate(facts);
        Map<String, Object> out = new TreeMap<>();
        out.put("medicalBenefit", e.medicalBenefit());
        out.put("selfPay", e.selfPay());
        out.put("medicalMethod", e.medicalMethod());
        out.put("payingFund", e.payingFund());
        out.put("leaveDays", e.leaveDays());
        out.put("allowanceDays", e.allowanceDays());
        out.put("allowance", e.allowance().amount());
        out.put("allowancePayable", e.allowance().payable());
        out.put("allowanceDaily", e.allowance().daily());
        out.put("leaveStart", e.leave().start());
        out.put("leaveEnd", e.leave().end());
        out.put("usesUnverified", e.explanation().stream()
                .anyMatch(s -> s.confidence() != null && s.confidence().isUnverified()));
        return out;
    }

    static Map<String, Object> contribution(Map<String, Object> f) {
        ContributionFacts facts = new ContributionFacts(str(f, "region"), YearMonth.parse(str(f, "period")),
                dec(f, "monthly_wage"),
                f.containsKey("kind") ? ContributionKind.parse(str(f, "kind")).orElseThrow() : ContributionKind.EMPLOYEE,
                dec(f, "regional_avg_monthly_wage"),
                f.containsKey("overdue_days") ? Integer.valueOf(str(f, "overdue_days")) : null,
                dec(f, "employer_avg_wage"));
        ContributionEstimate e = new ContributionEstimator(BOOK).estimate(facts);
        Map<String, Object> out = new TreeMap<>();
        out.put("base", e.base());
        out.put("employerRate", e.employerRate());
        out.put("employeeRate", e.employeeRate());
        out.put("employerAmount", e.employerAmount());
        out.put("employeeAmount", e.employeeAmount());
        out.put("merged", e.merged());
        out.put("employerBase", e.employerBase());
        out.put("dueDate", e.dueDate());
        if (e.lateFee() != null) {
            out.put("lateFee", e.lateFee());
        }
        return out;
    }

    /** One person-month as the monthly assessment computes it: a missing wage is an undeclared one. */
    static Map<String, Object> assessment(Map<String, Object> f) {
        ContributionSchedule s = ContributionSchedule.resolve(BOOK, str(f, "region"), YearMonth.parse(str(f, "period")),
                dec(f, "regional_avg_monthly_wage"), null);
        ContributionKind kind = f.containsKey("kind") ? ContributionKind.parse(str(f, "kind")).orElseThrow()
                : ContributionKind.EMPLOYEE;
        boolean with510 = !f.containsKey("maternity_covered") || Boolean.parseBoolean(str(f, "maternity_covered"));
        ContributionSchedule.PersonMonth m = s.assess(kind, dec(f, "monthly_wage"), dec(f, "employer_avg_wage"), with510);
        // the explained path gives the same figures
        List<cn.liangxian.policy.ExplanationStep> steps = s.explain(kind, dec(f, "monthly_wage"),
                dec(f, "employer_avg_wage"), with510);
        assertThat(steps.stream().filter(x -> x.parameter().equals("employerAmount")).reduce((a, b) -> b)
                .map(x -> x.value()).orElse("0.00")).isEqualTo(m.employerAmount().toPlainString());
        Map<String, Object> out = new TreeMap<>();
        out.put("wage", m.wage());
        out.put("declared", m.declared());
        out.put("base", m.base());
        out.put("clamp", m.clamp());
        out.put("employerBase", m.employerBase());
        out.put("employerClamp", m.employerClamp());
        out.put("employerRate", m.employerRate());
        out.put("employeeRate", m.employeeRate());
        out.put("employerAmount", m.employerAmount());
        out.put("employeeAmount", m.employeeAmount());
        out.put("merged", s.merged());
        out.put("floor", s.floor());
        out.put("ceiling", s.ceiling());
        out.put("dueDate", s.dueDate());
        return out;
    }

    /**
     * The late fee of one period's bill: {@code paid} lists amounts paid and when; {@code unpaid} is what is still
     * owed on {@code as_of}. Days run from the day after the period's due date.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> lateFee(Map<String, Object> f) {
        ContributionSchedule s = ContributionSchedule.resolve(BOOK, str(f, "region"), YearMonth.parse(str(f, "period")),
                dec(f, "regional_avg_monthly_wage"), null);
        List<LateFeeRule.Overdue> parts = new ArrayList<>();
        for (Object o : (List<Object>) f.getOrDefault("paid", List.of())) {
            Map<String, Object> p = (Map<String, Object>) o;
            parts.add(new LateFeeRule.Overdue(dec(p, "amount"),
                    LateFeeRule.daysOverdue(s.dueDate(), LocalDate.parse(str(p, "date")))));
        }
        if (f.containsKey("unpaid")) {
            parts.add(new LateFeeRule.Overdue(dec(f, "unpaid"),
                    LateFeeRule.daysOverdue(s.dueDate(), LocalDate.parse(str(f, "as_of")))));
        }
        Map<String, Object> out = new TreeMap<>();
        out.put("dueDate", s.dueDate());
        out.put("lateFee", LateFeeRule.compute(s.view(), parts, new Explanation()));
        out.put("days", parts.stream().map(p -> String.valueOf(p.days())).toList().toString());
        return out;
    }

    private static String str(Map<String, Object> f, String k) {
        Object v = f.get(k);
        if (v == null) {
            throw new IllegalArgumentException("missing fact " + k);
        }
        return v.toString();
    }

    private static BigDecimal dec(Map<String, Object> f, String k) {
        return f.get(k) == null ? null : new BigDecimal(f.get(k).toString());
    }

    /** Reads the golden case files. */
    static final class GoldenCases {

        record Case(String file, String name, String estimate, Map<String, Object> facts, Map<String, Object> expect) {
        }

        @SuppressWarnings("unchecked")
        static Map<String, List<Case>> all() {
            try {
                Path root = Path.of(GoldenCasesTest.class.getClassLoader().getResource("golden").toURI());
                Map<String, List<Case>> out = new TreeMap<>();
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : files.filter(x -> x.toString().endsWith(".yaml")).sorted().toList()) {
                        String folder = root.relativize(p).getName(0).toString();
                        Map<String, Object> doc;
                        try (InputStream in = Files.newInputStream(p)) {
                            doc = PolicyYaml.newYaml().load(in);
                        }
                        for (Object o : (List<Object>) doc.get("cases")) {
                            Map<String, Object> m = (Map<String, Object>) o;
                            out.computeIfAbsent(folder, k -> new ArrayList<>()).add(new Case(
                                    root.relativize(p).toString(), (String) m.get("name"), (String) m.get("estimate"),
                                    (Map<String, Object>) m.get("facts"), (Map<String, Object>) m.get("expect")));
                        }
                    }
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
