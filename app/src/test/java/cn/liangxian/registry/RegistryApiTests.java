package cn.liangxian.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/** The registry over REST: shapes, problem+json refusals that write nothing, idempotency keys, OpenAPI. */
@AppTest
class RegistryApiTests {

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PersonDirectory persons;

    Http http() {
        return new Http(env);
    }

    String clerkToken(String region) {
        return "Bearer " + users.tokenFor(users.clerk(region));
    }

    int coverageOf(String employer) {
        return jdbc.sql("select count(*) from coverage where employer_uscc = ?").param(employer).query(Integer.class)
                .single();
    }

    @Test
    void anEmployerEnrollsAnEmployeeByCertificateAndTheAsOfQueryAnswersWithReasons() {
        String employer = users.employerIn("152501", LocalDate.of(2019, 1, 1));
        String hr = "Bearer " + users.tokenFor(users.employer(employer));
        String id = TestUsers.womanId("152501");
        Http.Response r = http().postJson("/api/v1/employers/" + employer + "/enrollments", """
                {"certType":"RESIDENT_ID","certNumber":"%s","name":"乌云","startDate":"2020-05-01"}""".formatted(id),
                "Authorization", hr);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode created = r.json();
        assertThat(created).hasSize(2);
        assertThat(created.get(0).get("insuranceType").asString()).isEqualTo("310");
        assertThat(created.get(1).get("insuranceType").asString()).isEqualTo("510");
        long person = created.get(0).get("personId").asLong();

        String clerk = clerkToken("152501");
        Http.Response m = http().get("/api/v1/persons/" + person + "/maternity-coverage?date=2021-02-03",
                "Authorization", clerk);
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.json().get("covered").asBoolean()).isTrue();
        assertThat(m.json().get("basis").asString()).isEqualTo("EMPLOYEE");
        assertThat(m.json().get("employerUscc").asString()).isEqualTo(employer);
        assertThat(m.json().get("reasons").get(0).get("reference").asString()).contains("第五十四条");

        Http.Response t = http().get("/api/v1/persons/" + person + "/coverage", "Authorization", hr);
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.json().get("person").get("idNumber").asString()).contains("**********").doesNotContain(id);
        assertThat(t.json().get("periods")).hasSize(2);

        Http.Response roster = http().get("/api/v1/employers/" + employer + "/roster?date=2021-01-01", "Authorization", hr);
        assertThat(roster.json()).hasSize(1);
        assertThat(roster.json().get(0).get("name").asString()).isEqualTo("乌*");

        Http.Response end = http().postJson("/api/v1/employers/" + employer + "/enrollments/" + person + "/end",
                "{\"lastDay\":\"2022-08-31\",\"reason\":\"离职\"}", "Authorization", hr);
        assertThat(end.status()).isEqualTo(200);
        assertThat(end.json().get(0).get("endDate").asString()).isEqualTo("2022-08-31");
    }

    @Test
    void refusalsAreProblemJsonInBothLanguagesAndWriteNothing() {
        String employer = users.employerIn("320400", LocalDate.of(2016, 1, 1));
        String clerk = clerkToken("320400");
        String id = TestUsers.womanId("320402");
        Http.Response r = http().postJson("/api/v1/employers/" + employer + "/enrollments", """
                {"certNumber":"%s","name":"蒋红","startDate":"2021-01-01","insuranceTypes":["310"]}""".formatted(id),
                "Authorization", clerk, "Accept-Language", "en");
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("code").asString()).isEqualTo("MATERNITY_REQUIRED_AFTER_MERGER");
        assertThat(p.get("message").asString()).contains("2020-01-01").contains("310 and 510 together");
        assertThat(p.get("message_zh").asString()).contains("同步参加").contains("常政办发〔2019〕111号");
        assertThat(coverageOf(employer)).isZero();

        Http.Response bad = http().postJson("/api/v1/employers/" + employer + "/enrollments", """
                {"certNumber":"320402199001011234","name":"蒋红","startDate":"2021-01-01"}""", "Authorization", clerk);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("code").asString()).isEqualTo("INVALID_CITIZEN_ID");
        assertThat(bad.json().get("message_zh").asString()).contains("校验码");
        assertThat(bad.json().get("message_en").asString()).contains("check character");

        Http.Response unknownType = http().postJson("/api/v1/employers/" + employer + "/enrollments", """
                {"certType":"PASSPORT","certNumber":"E12345678","name":"蒋红","startDate":"2021-01-01"}""",
                "Authorization", clerk);
        assertThat(unknownType.json().get("code").asString()).isEqualTo("INVALID_CERTIFICATE");
        assertThat(persons.search(users.clerk("320400"), "320400", "蒋红")).as("nobody registered").isEmpty();
        assertThat(coverageOf(employer)).isZero();
    }

    @Test
    void aRepeatedRequestWithTheSameIdempotencyKeyGetsTheFirstAnswerAndChangesNothing() throws Exception {
        String employer = users.employerIn("320400", LocalDate.of(2016, 1, 1));
        String clerk = clerkToken("320400");
        String body = """
                {"certNumber":"%s","name":"韩梅","startDate":"2022-04-01"}""".formatted(TestUsers.womanId("320402"));
        String path = "/api/v1/employers/" + employer + "/enrollments";
        Http.Response first = http().postJson(path, body, "Authorization", clerk, "Idempotency-Key", "roster-0001");
        assertThat(first.status()).isEqualTo(201);
        Http.Response again = http().postJson(path, body, "Authorization", clerk, "Idempotency-Key", "roster-0001");
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(coverageOf(employer)).isEqualTo(2);
        // without the key the same request is a new one, and is refused as an overlap
        Http.Response noKey = http().postJson(path, body, "Authorization", clerk);
        assertThat(noKey.status()).isEqualTo(409);
        assertThat(noKey.json().get("code").asString()).isEqualTo("COVERAGE_OVERLAP");
        // the same key with another body is refused
        Http.Response reused = http().postJson(path, body.replace("2022-04-01", "2022-05-01"), "Authorization", clerk,
                "Idempotency-Key", "roster-0001");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().get("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        // many concurrent repeats of a new request enroll once
        String body2 = """
                {"certNumber":"%s","name":"韩雪","startDate":"2022-04-01"}""".formatted(TestUsers.womanId("320402"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            answers.add(pool.submit(() -> http().postJson(path, body2, "Authorization", clerk, "Idempotency-Key",
                    "roster-0002")));
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Http.Response> f : answers) {
            statuses.add(f.get().status());
        }
        pool.shutdown();
        assertThat(statuses).contains(201).allMatch(s -> s == 201 || s == 409);
        assertThat(coverageOf(employer)).isEqualTo(4);
    }

    @Test
    void clerksRegisterEmployersAndChangeTheirStatusWithADatedHistory() {
        String clerk = clerkToken("500000");
        String uscc = TestUsers.uscc("500000");
        Http.Response r = http().postJson("/api/v1/employers", """
                {"regionCode":"500000","uscc":"%s","name":"重庆山城物流有限公司","type":"ENTERPRISE","industry":"交通运输",
                 "contactName":"刘伟","contactPhone":"13800000001","bankAccount":"6222020200000000006",
                 "activeFrom":"2016-05-01"}""".formatted(uscc), "Authorization", clerk);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("contactName").asString()).isEqualTo("刘*");
        Http.Response dup = http().postJson("/api/v1/employers", """
                {"regionCode":"500000","uscc":"%s","name":"x","type":"ENTERPRISE","activeFrom":"2016-05-01"}"""
                .formatted(uscc), "Authorization", clerk);
        assertThat(dup.status()).isEqualTo(409);
        Http.Response badCode = http().postJson("/api/v1/employers", """
                {"regionCode":"500000","uscc":"91500000MA00000000","name":"x","type":"ENTERPRISE","activeFrom":"2016-05-01"}""",
                "Authorization", clerk);
        assertThat(badCode.json().get("code").asString()).isEqualTo("INVALID_USCC");
        Http.Response s = http().postJson("/api/v1/employers/" + uscc + "/status", """
                {"status":"CANCELLED","from":"2023-01-01","reason":"注销登记"}""", "Authorization", clerk);
        assertThat(s.status()).isEqualTo(200);
        assertThat(s.json().get("statusHistory")).hasSize(2);
        assertThat(s.json().get("statusHistory").get(1).get("status").asString()).isEqualTo("CANCELLED");
        for (String[] asOf : new String[][] { { "2022-12-31", "ACTIVE" }, { "2023-01-01", "CANCELLED" } }) {
            JsonNode list = http().get("/api/v1/employers?region=500000&limit=1000&date=" + asOf[0], "Authorization",
                    clerk).json();
            JsonNode mine = null;
            for (JsonNode e : list) {
                if (e.get("uscc").asString().equals(uscc)) {
                    mine = e;
                }
            }
            assertThat(mine).as(asOf[0]).isNotNull();
            assertThat(mine.get("status").asString()).as(asOf[0]).isEqualTo(asOf[1]);
            assertThat(mine.has("contactName")).isFalse();
        }
        Http.Response other = http().get("/api/v1/employers/" + uscc, "Authorization", clerkToken("320400"));
        assertThat(other.status()).isEqualTo(404);
    }

    @Test
    void theRegistryIsDescribedInOpenApi() {
        JsonNode paths = http().get("/v3/api-docs").json().get("paths");
        for (String p : List.of("/api/v1/persons", "/api/v1/persons/{id}/maternity-coverage",
                "/api/v1/employers/{uscc}/enrollments", "/api/v1/employers/{uscc}/enrollments/{personId}/end",
                "/api/v1/persons/{id}/transfer", "/api/v1/spouses", "/api/v1/census", "/api/v1/census/fix")) {
            assertThat(paths.has(p)).as(p).isTrue();
        }
    }
}
