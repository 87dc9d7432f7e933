package cn.liangxian.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

@AppTest
class ApiTokenTests {

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    JdbcClient jdbc;

    Http http() {
        return new Http(env);
    }

    @Test
    void aTokenIsShownOnceStoredOnlyAsAHashAndWorksUntilRevoked() {
        LiangxianUser clerk = users.clerk("152501");
        String first = users.tokenFor(clerk);
        Http.Response issued = http().postJson("/api/v1/tokens", "{\"name\":\"nightly import\"}", "Authorization",
                "Bearer " + first);
        assertThat(issued.status()).isEqualTo(201);
        String token = issued.json().get("token").asString();
        long id = issued.json().get("id").asLong();
        assertThat(token).startsWith("lx_");
        assertThat(jdbc.sql("select count(*) from api_token where token_hash = ? or prefix = ?")
                .params(token, token).query(Integer.class).single()).as("the token itself is nowhere").isZero();

        Http.Response list = http().get("/api/v1/tokens", "Authorization", "Bearer " + token);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(token.substring(12)).contains("nightly import");

        assertThat(http().get("/api/v1/tokens", "Authorization", "Bearer " + first).status()).isEqualTo(200);
        Http.Response revoke = http().send("DELETE", "/api/v1/tokens/" + id, "Authorization", "Bearer " + first);
        assertThat(revoke.status()).isEqualTo(204);
        Http.Response after = http().get("/api/v1/tokens", "Authorization", "Bearer " + token);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().get("code").asString()).isEqualTo("INVALID_TOKEN");
    }

    @Test
    void nobodyRevokesAnotherUsersToken() {
        LiangxianUser a = users.clerk("152501");
        LiangxianUser b = users.clerk("152501");
        String ta = users.tokenFor(a);
        String tb = users.tokenFor(b);
        JsonNode bTokens = http().get("/api/v1/tokens", "Authorization", "Bearer " + tb).json();
        long bId = bTokens.get(0).get("id").asLong();
        assertThat(http().send("DELETE", "/api/v1/tokens/" + bId, "Authorization", "Bearer " + ta).status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/tokens", "Authorization", "Bearer " + tb).status()).isEqualTo(200);
    }

    @Test
    void aMadeUpTokenIsRefused() {
        Http.Response r = http().get("/api/v1/tokens", "Authorization",
                "Bearer lx_AAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.contentType()).startsWith("application/problem+json");
    }
}
