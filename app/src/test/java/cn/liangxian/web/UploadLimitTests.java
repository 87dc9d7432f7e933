package cn.liangxian.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;

/** Whole-request refusals that happen before any controller runs still answer as coded problems. */
@AppTest
class UploadLimitTests {

    @Autowired
    TestUsers users;
    @Autowired
    Environment env;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aFileOverTheUploadLimitIsRefusedAsACodedProblemAndNothingIsWritten() {
        String uscc = users.employerIn("320400", LocalDate.of(2020, 1, 1));
        String token = users.tokenFor(users.employer(uscc));
        long importsBefore = jdbc.sql("select count(*) from roster_import").query(Long.class).single();

        byte[] oversized = new byte[65 * 1024 * 1024 + 1];
        Http.Response r = new Http(env).postFile("/api/v1/employers/" + uscc + "/roster/imports", "roster.xlsx",
                oversized, "Authorization", "Bearer " + token, "Accept-Language", "zh-CN");

        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("FILE_TOO_LARGE");
        assertThat(r.body()).contains("64 MB");
        assertThat(jdbc.sql("select count(*) from roster_import").query(Long.class).single()).isEqualTo(importsBefore);
    }

    @Test
    void aTruncatedMultipartBodyIsRefusedAsACodedProblem() {
        String uscc = users.employerIn("320400", LocalDate.of(2020, 1, 1));
        String token = users.tokenFor(users.employer(uscc));
        Http http = new Http(env);
        Http.Response r = http.postJson("/api/v1/employers/" + uscc + "/roster/imports", "--x\r\nnot a form",
                "Authorization", "Bearer " + token, "Content-Type", "multipart/form-data; boundary=x");
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/problem+json");
        assertThat(r.json().get("code").asString()).isEqualTo("MALFORMED_UPLOAD");
    }
}
