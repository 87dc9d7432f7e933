package cn.liangxian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import tools.jackson.databind.JsonNode;

@AppTest
class ApplicationTests {

    @Autowired
    Environment env;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    cn.liangxian.testsupport.TestUsers testUsers;

    Http http() {
        return new Http(env);
    }

    @Test
    void healthIsUp() {
        Http.Response r = http().get("/actuator/health");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("status").asString()).isEqualTo("UP");
    }

    @Test
    void flywayCreatedAndSeededTheRegionsOfTheSeedJurisdictions() {
        // the fund tests add regions of their own (9xxxxx, not a GB/T 2260 province code) to the shared test database
        List<String> codes = jdbc.sql("select region_code from region where region_code not like '9%' order by region_code")
                .query(String.class).list();
        assertThat(codes).containsExactly("000000", "150000", "152501", "320000", "320400", "440000", "440100",
                "440300", "500000");
        String parent = jdbc.sql("select parent_code from region where region_code = '152501'").query(String.class)
                .single();
        assertThat(parent).isEqualTo("150000");
        Integer migrations = jdbc.sql("select count(*) from flyway_schema_history where success").query(Integer.class)
                .single();
        assertThat(migrations).isGreaterThanOrEqualTo(1);
    }

    @Test
    void theTestsRunOnARealPostgreSql() {
        String version = jdbc.sql("select version()").query(String.class).single();
        assertThat(version).startsWith("PostgreSQL");
    }

    @Test
    void openApiDescribesTheEstimateEndpoints() {
        Http.Response r = http().get("/v3/api-docs");
        assertThat(r.status()).isEqualTo(200);
        JsonNode doc = r.json();
        assertThat(doc.get("info").get("title").asString()).isEqualTo("liangxian API");
        assertThat(doc.get("paths").has("/api/v1/estimates/maternity")).isTrue();
        assertThat(doc.get("paths").has("/api/v1/estimates/contribution")).isTrue();
        Http.Response ui = http().get("/swagger-ui");
        assertThat(ui.status()).isBetween(200, 399);
        if (ui.status() >= 300) {
            assertThat(http().get(ui.location().replaceFirst("^https?://[^/]+", "")).status()).isEqualTo(200);
        }
    }

    @Test
    void homePageSpeaksChineseByDefaultAndEnglishOnRequest() {
        Http.Response zh = http().get("/");
        assertThat(zh.status()).isEqualTo(200);
        assertThat(zh.body()).contains("生育保险（510）与职工基本医疗保险（310）合并实施").contains("lang=\"zh-CN\"");
        Http.Response en = http().get("/?lang=en");
        assertThat(en.body()).contains("Merged maternity (510) and employee medical (310) insurance")
                .contains("lang=\"en\"");
    }

    @Test
    void theApiAsksStrangersForATokenInProblemJson() {
        Http.Response r = http().get("/api/v1/no-such-thing", "Accept-Language", "en");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("UNAUTHENTICATED");
        assertThat(r.json().get("message_zh").asString()).isNotBlank();
    }

    @Test
    void unknownApiRoutesAnswerProblemJsonInBothLanguages() {
        String token = testUsers.tokenFor(testUsers.clerk("152501"));
        Http.Response r = http().get("/api/v1/no-such-thing", "Accept-Language", "en", "Authorization", "Bearer " + token);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("code").asString()).isEqualTo("NOT_FOUND");
        assertThat(p.get("message").asString()).isEqualTo("No such resource.");
        assertThat(p.get("message_zh").asString()).isEqualTo("资源不存在。");
        assertThat(p.get("message_en").asString()).isEqualTo("No such resource.");
        Http.Response zh = http().get("/api/v1/no-such-thing", "Accept-Language", "zh-CN", "Authorization",
                "Bearer " + token);
        assertThat(zh.json().get("message").asString()).isEqualTo("资源不存在。");
    }
}
