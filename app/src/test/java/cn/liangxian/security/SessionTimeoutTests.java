package cn.liangxian.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;
import jakarta.servlet.http.HttpServletRequest;

@AppTest
@Import(SessionTimeoutTests.Probe.class)
class SessionTimeoutTests {

    /** Reports the signed-in session's idle timeout as the servlet container applies it. */
    @TestConfiguration
    @RestController
    static class Probe {
        @GetMapping("/ui/test-session-timeout")
        String timeout(HttpServletRequest request) {
            return String.valueOf(request.getSession().getMaxInactiveInterval());
        }
    }

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;

    @Test
    void aSignedInSessionExpiresAfterThirtyIdleMinutes() {
        LiangxianUser clerk = users.clerk("152501");
        WebSession s = new WebSession(new Http(env).base());
        s.login(clerk.getUsername(), TestUsers.PASSWORD);
        WebSession.Page p = s.get("/ui/test-session-timeout");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).isEqualTo(String.valueOf(30 * 60));
    }
}
