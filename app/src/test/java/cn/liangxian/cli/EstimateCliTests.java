package cn.liangxian.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class EstimateCliTests {

    static final JsonMapper JSON = JsonMapper.builder().build();

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = LiangxianCommand.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void erenhotNormalDeliveryOverTheCapIsPaidUpToTheCapAndNoAllowance() {
        Run r = run("estimate", "maternity", "--region", "152501", "--date", "2020-06-01", "--category",
                "NORMAL_DELIVERY", "--fetuses", "1", "--cost", "3000.00", "--json");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).isEmpty();
        JsonNode j = r.json();
        assertThat(j.get("regionCode").asString()).isEqualTo("152501");
        assertThat(j.get("medicalBenefit").isString()).isTrue();
        assertThat(j.get("medicalBenefit").asString()).isEqualTo("2500.00");
        assertThat(j.get("selfPay").asString()).isEqualTo("500.00");
        assertThat(j.get("payingFund").asString()).isEqualTo("EMPLOYEE_MEDICAL_MATERNITY_ITEM");
        assertThat(j.get("allowance").asString()).isEqualTo("0.00");
        assertThat(j.get("allowancePayable").asBoolean()).isFalse();
        assertThat(j.get("explanation").isArray()).isTrue();
        JsonNode capStep = null;
        for (JsonNode s : j.get("explanation")) {
            if ("maternity.medical.normal_delivery.amount".equals(s.get("parameter").asString())) {
                capStep = s;
            }
        }
        assertThat(capStep).as("the cap appears in the explanation").isNotNull();
        assertThat(capStep.get("reference").asString()).contains("二连浩特实施细则 三(五)1(1)");
        for (String field : List.of("regionCode", "serviceDate", "category", "fetusCount", "insuredKind", "medicalCost",
                "medicalBenefit", "selfPay", "payingFund", "leaveDays", "allowanceDays", "allowance", "allowancePayable",
                "allowanceDaily", "explanation")) {
            assertThat(j.has(field)).as("field " + field).isTrue();
        }
    }

    @Test
    void guangzhouAllowanceIsWageOverThirtyTimesPaidDaysAndReadableText() {
        Run r = run("estimate", "maternity", "--region", "440100", "--date", "2024-05-10", "--category",
                "NORMAL_DELIVERY", "--cost", "2000.00", "--employer-avg-wage", "9000.00");
        assertThat(r.exit()).isZero();
        // 98 statutory days are paid; the 80 reward days are not: 9000 ÷ 30 × 98 = 29400.00
        assertThat(r.out()).contains("29400.00").contains("奖励假").contains("178").contains("计算依据");
    }

    @Test
    void contributionJsonCarriesBaseRatesAndAmounts() {
        Run r = run("estimate", "contribution", "--region", "152501", "--period", "2020-03", "--monthly-wage",
                "3000.00", "--regional-avg-monthly-wage", "5000.00", "--json");
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        // floor 5000 × 80% = 4000.00 > 3000.00, so the base is the floor
        assertThat(j.get("base").asString()).isEqualTo("4000.00");
        assertThat(j.get("employerRate").asString()).isEqualTo("0.062");
        assertThat(j.get("employeeRate").asString()).isEqualTo("0.02");
        assertThat(j.get("employerAmount").asString()).isEqualTo("248.00");
        assertThat(j.get("employeeAmount").asString()).isEqualTo("80.00");
    }

    static List<Arguments> badInput() {
        List<String> base = List.of("estimate", "maternity", "--region", "152501", "--date", "2020-06-01",
                "--category", "NORMAL_DELIVERY", "--cost", "3000.00");
        return List.of(
                Arguments.of("UNKNOWN_REGION", replace(base, "152501", "999999")),
                Arguments.of("UNKNOWN_CATEGORY", replace(base, "NORMAL_DELIVERY", "TWINS_PLEASE")),
                Arguments.of("INVALID_COST", replace(base, "3000.00", "-1.00")),
                Arguments.of("INVALID_COST", replace(base, "3000.00", "three thousand")),
                Arguments.of("INVALID_COST", replace(base, "3000.00", "3000.001")),
                Arguments.of("INVALID_FETUS_COUNT", with(base, "--fetuses", "0")),
                Arguments.of("NO_RULES_AT_DATE", replace(base, "2020-06-01", "2018-06-01")),
                Arguments.of("INVALID_DATE", replace(base, "2020-06-01", "2020-13-01")),
                Arguments.of("INVALID_ARGUMENT", with(base, "--no-such-option", "x")),
                Arguments.of("INVALID_ARGUMENT", List.of("estimate", "maternity", "--region", "152501")));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("badInput")
    void badInputExitsTwoWithOneLineOnStderrAndAJsonError(String code, List<String> args) {
        Run plain = run(args.toArray(String[]::new));
        assertThat(plain.exit()).isEqualTo(2);
        assertThat(plain.err().strip()).startsWith(code + ":").doesNotContain("\n").doesNotContain("Exception");
        assertThat(plain.out()).isEmpty();

        Run json = run(with(args, "--json").toArray(String[]::new));
        assertThat(json.exit()).isEqualTo(2);
        assertThat(json.json().get("code").asString()).isEqualTo(code);
        assertThat(json.json().get("message").asString()).isNotBlank();
    }

    private static List<String> replace(List<String> args, String from, String to) {
        return args.stream().map(a -> a.equals(from) ? to : a).toList();
    }

    private static List<String> with(List<String> args, String... more) {
        List<String> l = new java.util.ArrayList<>(args);
        l.addAll(List.of(more));
        return l;
    }
}
