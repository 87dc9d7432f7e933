package cn.liangxian.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import tools.jackson.databind.JsonNode;

@AppTest
class EstimateApiTests {

    @Autowired
    Environment env;

    Http http() {
        return new Http(env);
    }

    @Test
    void maternityEstimateAnswersTheSpecifiedFieldsWithAmountsAsStrings() {
        Http.Response r = http().postJson("/api/v1/estimates/maternity", """
                {"regionCode":"500000","serviceDate":"2021-03-15","category":"CAESAREAN_DELIVERY","fetusCount":"1",
                 "insuredKind":"EMPLOYEE","medicalCost":"4000.00","employerAvgWage":"6600.00"}""");
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        // Chongqing: a caesarean counts as difficult: 98 + 15 + 80 = 193 days, all paid
        assertThat(j.get("leaveDays").asInt()).isEqualTo(193);
        assertThat(j.get("allowanceDays").asInt()).isEqualTo(193);
        // 6600 ÷ 30 × 193 = 42460.00
        assertThat(j.get("allowance").asString()).isEqualTo("42460.00");
        assertThat(j.get("allowanceDaily").asString()).isEqualTo("220.00");
        assertThat(j.get("payingFund").asString()).isEqualTo("EMPLOYEE_MEDICAL_MATERNITY_ITEM");
        assertThat(j.get("medicalBenefit").isString()).isTrue();
        assertThat(j.get("explanation").size()).isGreaterThan(5);
    }

    @Test
    void numbersMayAlsoBeSentAsJsonNumbers() {
        Http.Response r = http().postJson("/api/v1/estimates/maternity", """
                {"regionCode":"152501","serviceDate":"2019-12-31","category":"NORMAL_DELIVERY","fetusCount":2,"medicalCost":2900.00}""");
        assertThat(r.status()).isEqualTo(200);
        // the day before Erenhot's merger: the maternity fund pays, under the same cap 2500 + 300
        assertThat(r.json().get("payingFund").asString()).isEqualTo("MATERNITY_FUND");
        assertThat(r.json().get("medicalBenefit").asString()).isEqualTo("2800.00");
    }

    @Test
    void contributionEstimateClampsTheBaseAndUsesTheMergedRate() {
        Http.Response r = http().postJson("/api/v1/estimates/contribution", """
                {"regionCode":"152501","period":"2020-03","monthlyWage":"20000.00","kind":"EMPLOYEE","regionalAvgMonthlyWage":"5000.00"}""");
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("base").asString()).isEqualTo("15000.00");
        assertThat(j.get("employerAmount").asString()).isEqualTo("930.00");
        assertThat(j.get("employeeAmount").asString()).isEqualTo("300.00");
        assertThat(j.get("merged").asBoolean()).isTrue();
    }

    static Stream<Arguments> badMaternityInput() {
        return Stream.of(
                Arguments.of("UNKNOWN_REGION", "{\"regionCode\":\"999999\",\"serviceDate\":\"2020-06-01\",\"category\":\"NORMAL_DELIVERY\",\"medicalCost\":\"1.00\"}"),
                Arguments.of("UNKNOWN_CATEGORY", "{\"regionCode\":\"152501\",\"serviceDate\":\"2020-06-01\",\"category\":\"BIRTH\",\"medicalCost\":\"1.00\"}"),
                Arguments.of("INVALID_COST", "{\"regionCode\":\"152501\",\"serviceDate\":\"2020-06-01\",\"category\":\"NORMAL_DELIVERY\",\"medicalCost\":\"-5\"}"),
                Arguments.of("INVALID_COST", "{\"regionCode\":\"152501\",\"serviceDate\":\"2020-06-01\",\"category\":\"NORMAL_DELIVERY\",\"medicalCost\":\"abc\"}"),
                Arguments.of("INVALID_FETUS_COUNT", "{\"regionCode\":\"152501\",\"serviceDate\":\"2020-06-01\",\"category\":\"NORMAL_DELIVERY\",\"fetusCount\":0,\"medicalCost\":\"1.00\"}"),
                Arguments.of("NO_RULES_AT_DATE", "{\"regionCode\":\"152501\",\"serviceDate\":\"2018-06-01\",\"category\":\"NORMAL_DELIVERY\",\"medicalCost\":\"1.00\"}"),
                Arguments.of("MISSING_EMPLOYER_AVG_WAGE", "{\"regionCode\":\"440100\",\"serviceDate\":\"2024-06-01\",\"category\":\"NORMAL_DELIVERY\",\"medicalCost\":\"1.00\"}"),
                Arguments.of("MALFORMED_REQUEST", "{\"regionCode\":"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badMaternityInput")
    void badInputIsA400ProblemWithAStableCodeInBothLanguages(String code, String body) {
        Http.Response r = http().postJson("/api/v1/estimates/maternity", body, "Accept-Language", "en");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("code").asString()).isEqualTo(code);
        assertThat(p.get("message_zh").asString()).isNotBlank();
        assertThat(p.get("message_en").asString()).isNotBlank();
        assertThat(p.get("message").asString()).isEqualTo(p.get("message_en").asString());
    }

    @Test
    void badContributionInputIsA400Problem() {
        Http.Response r = http().postJson("/api/v1/estimates/contribution",
                "{\"regionCode\":\"152501\",\"period\":\"2020-3\",\"monthlyWage\":\"3000.00\"}", "Accept-Language", "zh-CN");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("code").asString()).isEqualTo("INVALID_PERIOD");
        assertThat(r.json().get("message").asString()).isEqualTo(r.json().get("message_zh").asString());
    }
}
