package cn.liangxian.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.cli.LiangxianCommand;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import tools.jackson.databind.JsonNode;

/** The command line, the REST API and the calculator page give identical numbers for the same case. */
@AppTest
class SameNumbersEverywhereTests {

    @Autowired
    Environment env;

    record Case(String region, String date, String category, String fetuses, String kind, String cost, String wage) {
        Map<String, String> params() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("region", region);
            m.put("date", date);
            m.put("category", category);
            m.put("fetuses", fetuses);
            m.put("insuredKind", kind);
            m.put("cost", cost);
            if (wage != null) {
                m.put("employerAvgWage", wage);
            }
            return m;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("152501", "2020-06-01", "NORMAL_DELIVERY", "1", "EMPLOYEE", "3000.00", null),
                new Case("152501", "2019-12-31", "DIFFICULT_DELIVERY", "3", "SPOUSE", "5000.01", null),
                new Case("440300", "2025-03-03", "CAESAREAN_DELIVERY", "1", "EMPLOYEE", "4100.00", "12345.67"),
                new Case("500000", "2017-06-30", "MISCARRIAGE_4_MONTHS_OR_MORE", "1", "EMPLOYEE", "1500.00", "5000.00"),
                new Case("320400", "2022-02-09", "NORMAL_DELIVERY", "2", "EMPLOYEE", "3199.99", "8000.00"),
                new Case("320400", "2021-10-01", "PRENATAL_CARE", "1", "FLEXIBLE", "1200.00", null),
                new Case("000000", "2021-01-05", "IUD_INSERTION", "1", "EMPLOYEE", "180.00", "4321.00"));
    }

    static final List<String> FIELDS = List.of("medicalBenefit", "selfPay", "payingFund", "leaveDays", "allowanceDays",
            "allowance");

    @ParameterizedTest
    @MethodSource("cases")
    void cliRestAndPageAgree(Case c) {
        Map<String, String> cli = fromJson(cli(c));
        Map<String, String> rest = fromJson(rest(c));
        Map<String, String> page = page(c);
        assertThat(rest).isEqualTo(cli);
        assertThat(page).isEqualTo(cli);
    }

    private JsonNode cli(Case c) {
        List<String> args = new ArrayList<>(List.of("estimate", "maternity", "--json"));
        c.params().forEach((k, v) -> {
            String opt = switch (k) {
                case "insuredKind" -> "--insured-kind";
                case "employerAvgWage" -> "--employer-avg-wage";
                default -> "--" + k;
            };
            args.add(opt);
            args.add(v);
        });
        StringWriter out = new StringWriter();
        int exit = LiangxianCommand.execute(new PrintWriter(out), new PrintWriter(new StringWriter()),
                args.toArray(String[]::new));
        assertThat(exit).isZero();
        return Http.JSON.readTree(out.toString());
    }

    private JsonNode rest(Case c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("regionCode", c.region());
        body.put("serviceDate", c.date());
        body.put("category", c.category());
        body.put("fetusCount", c.fetuses());
        body.put("insuredKind", c.kind());
        body.put("medicalCost", c.cost());
        body.put("employerAvgWage", c.wage());
        Http.Response r = new Http(env).postJson("/api/v1/estimates/maternity", Http.JSON.writeValueAsString(body));
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    private Map<String, String> page(Case c) {
        StringBuilder q = new StringBuilder("/ui/calculator?");
        c.params().forEach((k, v) -> q.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)).append('&'));
        Http.Response r = new Http(env).get(q.toString());
        assertThat(r.status()).isEqualTo(200);
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : FIELDS) {
            Matcher x = Pattern.compile("id=\"" + f + "\"[^>]*>([^<]*)<").matcher(r.body());
            assertThat(x.find()).as("page shows " + f).isTrue();
            m.put(f, x.group(1).trim());
        }
        return m;
    }

    private static Map<String, String> fromJson(JsonNode j) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : FIELDS) {
            m.put(f, j.get(f).asString());
        }
        return m;
    }
}
