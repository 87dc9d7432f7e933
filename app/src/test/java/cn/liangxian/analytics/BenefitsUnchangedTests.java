package cn.liangxian.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import cn.liangxian.analytics.BenefitsUnchanged.Measure;
import cn.liangxian.analytics.BenefitsUnchanged.Row;
import cn.liangxian.analytics.BenefitsUnchanged.Verdict;
import cn.liangxian.policy.ExplanationStep;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.ResolvedParam;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimate;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;

/**
 * The "benefits unchanged" comparison of every seed region, checked against the engine directly: each case is
 * recomputed here on both dates; where every parameter the two computations read has the same value on both dates
 * the benefits must be equal, and where a benefit differs the report must name exactly the parameters whose value
 * changed, with their references. A policy pack with a changed value on the merger date shows the report finding
 * the change it did not know about.
 */
class BenefitsUnchangedTests {

    static final PolicyBook BOOK = PolicyBook.standard();

    @ParameterizedTest
    @ValueSource(strings = { "152501", "320400", "440100", "500000", "440300" })
    void everyDifferenceAtTheMergerIsExplainedByAChangedParameterAndIdenticalParametersGiveIdenticalBenefits(
            String region) {
        BenefitsUnchanged service = new BenefitsUnchanged(BOOK);
        BenefitsUnchanged.Report report = service.report(region, null);

        LocalDate merger = BOOK.at(region, LocalDate.now()).get("merger.date").date();
        assertThat(report.before()).isEqualTo(merger.minusDays(1));
        assertThat(report.after()).isEqualTo(merger);
        assertCovers(report);
        assertAgreesWithTheEngine(report);
        assertThat(report.count(Verdict.UNEXPLAINED)).as("unexplained differences in " + region).isZero();
        assertThat(report.count(Verdict.NOT_COMPUTED)).isZero();
    }

    @Test
    void aLaterComparisonDateShowsJiangsusLongerLeaveWithItsDocument() {
        BenefitsUnchanged service = new BenefitsUnchanged(BOOK);
        BenefitsUnchanged.Report report = service.report("320400", LocalDate.of(2022, 3, 1));

        assertAgreesWithTheEngine(report);
        List<Row> longer = report.rows().stream()
                .filter(r -> r.differences().stream().anyMatch(d -> d.measure() == Measure.LEAVE_DAYS)).toList();
        assertThat(longer).isNotEmpty();
        assertThat(longer).allSatisfy(r -> {
            assertThat(r.benefitCase().category().isDelivery()).isTrue();
            assertThat(r.verdict()).isEqualTo(Verdict.EXPLAINED);
            assertThat(r.causes()).extracting(BenefitsUnchanged.ParamChange::key).contains("leave.extension.days");
        });
        ResolvedParam ext = BOOK.at("320400", LocalDate.of(2022, 3, 1)).get("leave.extension.days");
        assertThat(report.changes()).anySatisfy(c -> {
            assertThat(c.key()).isEqualTo("leave.extension.days");
            assertThat(c.after().reference()).isEqualTo(ext.reference());
        });
        // the non-delivery cases read no changed parameter and stay equal
        assertThat(report.rows().stream().filter(r -> !r.benefitCase().category().isDelivery()))
                .allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.EQUAL));
    }

    @Test
    void aChangedStandardOnTheMergerDateIsFoundAndCitedWithoutBeingNamedToTheReport(@TempDir Path dir)
            throws IOException {
        PolicyBook changed = packWith(dir, "152501", """
                  maternity.medical.normal_delivery.amount:
                    - {from: 2019-01-01, value: 2500, ref: 二连浩特实施细则 三(五)1(1), confidence: seed}
                    - {from: 2020-01-01, value: 2800, ref: 测试文件 第一条（正常产限额调整）, confidence: seed}
                """, "maternity.medical.normal_delivery.amount");
        BenefitsUnchanged.Report report = new BenefitsUnchanged(changed).report("152501", null);

        assertAgreesWithTheEngine(report, changed);
        List<Row> differ = report.rows().stream().filter(r -> !r.differences().isEmpty()).toList();
        assertThat(differ).isNotEmpty().allSatisfy(r -> {
            assertThat(r.benefitCase().category()).isIn(MaternityCategory.NORMAL_DELIVERY,
                    MaternityCategory.CAESAREAN_DELIVERY);
            assertThat(r.benefitCase().medicalCost()).isGreaterThan(new BigDecimal("2500"));
            assertThat(r.verdict()).isEqualTo(Verdict.EXPLAINED);
            assertThat(r.causes()).singleElement().satisfies(c -> {
                assertThat(c.key()).isEqualTo("maternity.medical.normal_delivery.amount");
                assertThat(c.after().reference()).isEqualTo("测试文件 第一条（正常产限额调整）");
            });
        });
        // a bill under both caps gets the same benefit although the standard changed
        assertThat(report.rows()).anySatisfy(r -> {
            assertThat(r.benefitCase().category()).isEqualTo(MaternityCategory.NORMAL_DELIVERY);
            assertThat(r.verdict()).isEqualTo(Verdict.EQUAL);
            assertThat(r.causes()).isNotEmpty();
        });
    }

    // ------------------------------------------------------------------ checks

    private static void assertCovers(BenefitsUnchanged.Report report) {
        List<Row> rows = report.rows();
        assertThat(rows.stream().map(r -> r.benefitCase().category()).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(MaternityCategory.class));
        assertThat(rows.stream().map(r -> r.benefitCase().insuredKind()).collect(Collectors.toSet()))
                .isEqualTo(EnumSet.allOf(InsuredKind.class));
        assertThat(rows.stream().filter(r -> r.benefitCase().category().isDelivery())
                .map(r -> r.benefitCase().fetusCount()).collect(Collectors.toSet())).contains(1, 2, 3);
        assertThat(rows).hasSize(BenefitCaseSet.forRegion(report.regionCode()).size());
    }

    private static void assertAgreesWithTheEngine(BenefitsUnchanged.Report report) {
        assertAgreesWithTheEngine(report, BOOK);
    }

    /** Recomputes every case on both dates and checks the report's verdict and causes against it. */
    private static void assertAgreesWithTheEngine(BenefitsUnchanged.Report report, PolicyBook book) {
        MaternityEstimator engine = new MaternityEstimator(book);
        String region = report.regionCode();
        for (Row row : report.rows()) {
            BenefitCase c = row.benefitCase();
            MaternityEstimate b = engine.estimate(MaternityFacts.of(region, report.before(), c.category(),
                    c.fetusCount(), c.insuredKind(), c.medicalCost(), c.employerAvgMonthlyWage()));
            MaternityEstimate a = engine.estimate(MaternityFacts.of(region, report.after(), c.category(),
                    c.fetusCount(), c.insuredKind(), c.medicalCost(), c.employerAvgMonthlyWage()));
            List<String> benefitsBefore = benefits(b);
            List<String> benefitsAfter = benefits(a);
            Set<String> read = new LinkedHashSet<>();
            for (List<ExplanationStep> steps : List.of(b.explanation(), a.explanation())) {
                steps.stream().filter(s -> s.reference() != null && book.definitions().containsKey(s.parameter()))
                        .forEach(s -> read.add(s.parameter()));
            }
            List<String> changed = new ArrayList<>();
            for (String key : read) {
                Optional<Object> vb = book.at(region, report.before()).find(key).map(ResolvedParam::value);
                Optional<Object> va = book.at(region, report.after()).find(key).map(ResolvedParam::value);
                if (!vb.map(BenefitsUnchangedTests::norm).equals(va.map(BenefitsUnchangedTests::norm))) {
                    changed.add(key);
                }
            }
            String where = region + " " + c.code() + " " + c;
            assertThat(row.before().medicalBenefit()).as(where).isEqualByComparingTo(b.medicalBenefit());
            assertThat(row.after().allowance()).as(where).isEqualByComparingTo(a.allowance().amount());
            assertThat(row.after().leaveDays()).as(where).isEqualTo(a.leaveDays());
            if (changed.isEmpty()) {
                assertThat(benefitsAfter).as("identical parameters, identical benefits: " + where)
                        .isEqualTo(benefitsBefore);
                assertThat(row.verdict()).as(where).isEqualTo(Verdict.EQUAL);
            }
            if (!benefitsAfter.equals(benefitsBefore)) {
                assertThat(changed).as("a difference needs a changed parameter: " + where).isNotEmpty();
                assertThat(row.verdict()).as(where).isEqualTo(Verdict.EXPLAINED);
                assertThat(row.differences()).as(where).isNotEmpty();
            } else {
                assertThat(row.verdict()).as(where).isEqualTo(Verdict.EQUAL);
            }
            assertThat(row.causes()).extracting(BenefitsUnchanged.ParamChange::key).as(where)
                    .containsExactlyInAnyOrderElementsOf(changed);
            assertThat(row.causes()).allSatisfy(p -> assertThat(p.before() == null ? p.after().reference()
                    : p.before().reference()).isNotBlank());
        }
    }

    private static Object norm(Object v) {
        return v instanceof BigDecimal d ? d.stripTrailingZeros() : v;
    }

    private static List<String> benefits(MaternityEstimate e) {
        return List.of(e.medicalBenefit().stripTrailingZeros().toPlainString(),
                e.selfPay().stripTrailingZeros().toPlainString(), String.valueOf(e.leaveDays()),
                String.valueOf(e.allowanceDays()), e.allowance().amount().stripTrailingZeros().toPlainString());
    }

    /** The standard pack copied to {@code dir}, with one parameter of one jurisdiction replaced by {@code yaml}. */
    static PolicyBook packWith(Path dir, String code, String yaml, String replacedKey) throws IOException {
        ClassLoader loader = BenefitsUnchangedTests.class.getClassLoader();
        Path root = dir.resolve("policy");
        Files.createDirectories(root.resolve("jurisdictions"));
        for (String f : List.of("index.yaml", "parameters.yaml", "holidays.yaml")) {
            copy(loader, "policy/" + f, root.resolve(f));
        }
        for (var j : BOOK.jurisdictions()) {
            copy(loader, "policy/jurisdictions/" + j.code() + ".yaml", root.resolve("jurisdictions/" + j.code() + ".yaml"));
        }
        Path file = root.resolve("jurisdictions/" + code + ".yaml");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        boolean skipping = false;
        for (String l : lines) {
            if (l.startsWith("  " + replacedKey + ":")) {
                skipping = true;
                continue;
            }
            if (skipping && l.startsWith("    ")) {
                continue;
            }
            skipping = false;
            out.add(l);
        }
        Files.write(file, out, StandardCharsets.UTF_8);
        Files.writeString(file, yaml, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (URLClassLoader cl = new URLClassLoader(new URL[] { dir.toUri().toURL() }, null)) {
            return PolicyBook.load(cl, "policy/");
        }
    }

    private static void copy(ClassLoader loader, String resource, Path target) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            Files.copy(in, target);
        }
    }
}
