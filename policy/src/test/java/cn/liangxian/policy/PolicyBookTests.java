package cn.liangxian.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyBookTests {

    static final PolicyBook BOOK = PolicyBook.standard();

    @Test
    void shouldLoadTheNineJurisdictionsWithTheirParents() {
        assertThat(BOOK.jurisdictions()).extracting(Jurisdiction::code).containsExactly("000000", "440000", "440100",
                "440300", "500000", "320000", "320400", "150000", "152501");
        assertThat(BOOK.at("152501", LocalDate.of(2020, 6, 1)).chain()).extracting(Jurisdiction::code)
                .containsExactly("152501", "150000", "000000");
        assertThat(BOOK.at("440300", LocalDate.of(2020, 6, 1)).chain()).extracting(Jurisdiction::code)
                .containsExactly("440300", "440000", "000000");
        assertThat(BOOK.at("320400", LocalDate.of(2020, 6, 1)).chain()).extracting(Jurisdiction::code)
                .containsExactly("320400", "320000", "000000");
    }

    @Test
    void shouldInheritFromTheParentAndOverrideOnlyWhatDiffers() {
        PolicyView guangzhou = BOOK.at("440100", LocalDate.of(2021, 1, 1));
        ResolvedParam difficult = guangzhou.get("leave.difficult_birth.extra_days");
        assertThat(difficult.integer()).isEqualTo(30);
        assertThat(difficult.jurisdictionCode()).isEqualTo("440000");
        ResolvedParam base = guangzhou.get("leave.base.days");
        assertThat(base.integer()).isEqualTo(98);
        assertThat(base.jurisdictionCode()).isEqualTo("000000");
        assertThat(base.confidence()).isEqualTo(Confidence.LAW);
    }

    @Test
    void shouldPickTheValueInForceOnTheDate() {
        assertThat(BOOK.at("440100", LocalDate.of(2024, 2, 29)).get("contribution.employer_rate.merged").decimal())
                .isEqualByComparingTo("0.06");
        assertThat(BOOK.at("440100", LocalDate.of(2024, 3, 1)).get("contribution.employer_rate.merged").decimal())
                .isEqualByComparingTo("0.045");
        assertThat(BOOK.at("440100", LocalDate.of(2026, 1, 1)).get("contribution.employer_rate.merged").decimal())
                .isEqualByComparingTo("0.06");
        assertThat(BOOK.at("440100", LocalDate.of(2021, 1, 1)).find("contribution.employer_rate.merged")).isEmpty();
    }

    @Test
    void shouldReadDecimalsExactlyAndCodesAsText() {
        BigDecimal rate = BOOK.at("000000", LocalDate.of(2020, 1, 1)).get("late_fee.daily_rate").decimal();
        assertThat(rate).isEqualTo(new BigDecimal("0.0005"));
        assertThat(BOOK.jurisdiction("000000")).isPresent();
    }

    @Test
    void shouldRefuseUnknownRegionsAndDatesBeforeTheRules() {
        assertThatThrownBy(() -> BOOK.at("999999", LocalDate.of(2020, 1, 1))).isInstanceOf(PolicyException.class)
                .extracting(e -> ((PolicyException) e).code()).isEqualTo("UNKNOWN_REGION");
        assertThatThrownBy(() -> BOOK.at("152501", LocalDate.of(2018, 12, 31))).isInstanceOf(PolicyException.class)
                .extracting(e -> ((PolicyException) e).code()).isEqualTo("NO_RULES_AT_DATE");
        assertThat(BOOK.at("152501", LocalDate.of(2019, 1, 1)).region().code()).isEqualTo("152501");
    }

    @Test
    void everyValueHasAReferenceAndEveryUnverifiedValueSaysWhy() {
        for (Jurisdiction j : BOOK.jurisdictions()) {
            BOOK.ownValues(j.code()).forEach((key, values) -> values.forEach(v -> {
                assertThat(v.reference()).as(j.code() + " " + key).isNotBlank();
                if (v.confidence().isUnverified()) {
                    assertThat(v.note()).as(j.code() + " " + key + " note").isNotBlank();
                }
            }));
        }
        assertThat(BOOK.unverified()).isNotEmpty()
                .allSatisfy(g -> assertThat(g.value().confidence()).isEqualTo(Confidence.UNVERIFIED));
    }

    @Test
    void everyDeclaredParameterIsGivenSomewhere() {
        for (String key : BOOK.definitions().keySet()) {
            boolean given = BOOK.jurisdictions().stream().anyMatch(j -> BOOK.ownValues(j.code()).containsKey(key));
            assertThat(given).as("parameter " + key + " has a value in some jurisdiction").isTrue();
        }
    }

    @Test
    void holidayCalendarHasElevenStatutoryDaysUntil2024AndThirteenFrom2025() {
        HolidayCalendar h = BOOK.holidays();
        // 2020: Mid-Autumn fell on National Day, so only ten distinct days
        assertThat(h.between(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 12, 31))).hasSize(10);
        assertThat(h.between(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))).hasSize(11);
        assertThat(h.between(LocalDate.of(2025, 1, 1), LocalDate.of(2025, 12, 31))).hasSize(13);
        assertThat(h.isHoliday(LocalDate.of(2024, 10, 1))).isTrue();
        assertThat(h.isHoliday(LocalDate.of(2024, 10, 4))).isFalse();
        assertThatThrownBy(() -> h.isHoliday(LocalDate.of(2030, 1, 1))).isInstanceOf(PolicyException.class);
    }

    // ---- broken policy packs are refused at load time, naming the file ----

    @TempDir
    Path dir;

    /** A national jurisdiction file with the given parameters block. */
    private PolicyBook loadNational(String parameters) throws IOException {
        return loadPack("code: \"000000\"\nname_zh: 全国\nname_en: National\nrules_from: 2012-04-28\n" + parameters);
    }

    private PolicyBook loadPack(String national) throws IOException {
        Path root = dir.resolve("pack");
        Files.createDirectories(root.resolve("jurisdictions"));
        Files.writeString(root.resolve("index.yaml"), "jurisdictions: [\"000000\"]\n");
        Files.writeString(root.resolve("parameters.yaml"), """
                parameters:
                  leave.base.days: {type: integer, unit: days, zh: 产假, en: leave}
                """);
        Files.writeString(root.resolve("holidays.yaml"), "reference: x\nyears:\n  \"2020\": [2020-01-01]\n");
        Files.writeString(root.resolve("jurisdictions/000000.yaml"), national);
        try (URLClassLoader loader = new URLClassLoader(new URL[] { dir.toUri().toURL() }, null)) {
            return PolicyBook.load(loader, "pack/");
        }
    }

    @Test
    void aWellFormedPackLoads() throws IOException {
        PolicyBook b = loadNational("""
                parameters:
                  leave.base.days:
                    - {from: 2012-04-28, value: 98, ref: 国务院令第619号 第七条, confidence: law}
                """);
        assertThat(b.at("000000", LocalDate.of(2020, 1, 1)).get("leave.base.days").integer()).isEqualTo(98);
    }

    @Test
    void anUndeclaredParameterIsRefused() {
        assertThatThrownBy(() -> loadNational("""
                parameters:
                  leave.made_up.days:
                    - {from: 2012-04-28, value: 98, ref: x, confidence: law}
                """)).hasMessageContaining("leave.made_up.days is not in parameters.yaml");
    }

    @Test
    void aValueOfTheWrongTypeIsRefused() {
        assertThatThrownBy(() -> loadNational("""
                parameters:
                  leave.base.days:
                    - {from: 2012-04-28, value: 98.5, ref: x, confidence: law}
                """)).hasMessageContaining("leave.base.days").hasMessageContaining("INTEGER");
    }

    @Test
    void twoValuesFromTheSameDateAreRefused() {
        assertThatThrownBy(() -> loadNational("""
                parameters:
                  leave.base.days:
                    - {from: 2012-04-28, value: 98, ref: x, confidence: law}
                    - {from: 2012-04-28, value: 90, ref: y, confidence: law}
                """)).hasMessageContaining("two values of leave.base.days");
    }

    @Test
    void anUnverifiedValueWithoutANoteIsRefused() {
        assertThatThrownBy(() -> loadNational("""
                parameters:
                  leave.base.days:
                    - {from: 2012-04-28, value: 98, ref: x, confidence: unverified}
                """)).hasMessageContaining("unverified but says not why");
    }

    @Test
    void anUnknownParentIsRefused() {
        assertThatThrownBy(() -> loadPack("""
                code: "000000"
                name_zh: 全国
                name_en: National
                parent: "100000"
                rules_from: 2012-04-28
                """)).hasMessageContaining("unknown parent 100000");
    }

    @Test
    void unverifiedValuesAreFlaggedInTheExplanation() {
        Explanation ex = new Explanation();
        PolicyView v = BOOK.at("440100", LocalDate.of(2021, 1, 1));
        ex.use("medical", v.get("maternity.medical.normal_delivery.amount"));
        ex.use("leave", v.get("leave.base.days"));
        List<ExplanationStep> steps = ex.steps();
        assertThat(steps.get(0).note()).contains("[unverified");
        assertThat(steps.get(1).note()).doesNotContain("unverified");
        assertThat(ex.usesUnverified()).isTrue();
    }
}
