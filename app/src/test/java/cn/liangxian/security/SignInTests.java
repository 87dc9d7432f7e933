package cn.liangxian.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

@AppTest
class SignInTests {

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    JdbcClient jdbc;

    WebSession session() {
        return new WebSession(new Http(env).base());
    }

    @Test
    void aClerkSignsInLandsInHerPortalAndSeesWhoAndWhereSheIs() {
        LiangxianUser clerk = users.clerk("152501");
        WebSession s = session();
        WebSession.Page afterLogin = s.login(clerk.getUsername(), TestUsers.PASSWORD);
        assertThat(afterLogin.status()).isEqualTo(302);
        WebSession.Page home = s.follow(afterLogin);
        assertThat(home.location()).endsWith("/ui/agency");
        WebSession.Page portal = s.follow(home);
        assertThat(portal.status()).isEqualTo(200);
        assertThat(portal.body()).contains("id=\"whoami\"").contains("测*").contains("经办人员").contains("152501");
        assertThat(portal.body()).doesNotContain("测试用户");
    }

    @Test
    void signingInWithoutTheCsrfTokenIsRefused() {
        LiangxianUser clerk = users.clerk("152501");
        WebSession s = session();
        s.get("/login");
        WebSession.Page p = s.post("/login", Map.of("username", clerk.getUsername(), "password", TestUsers.PASSWORD),
                "/login", false);
        assertThat(p.status()).isEqualTo(403);
    }

    @Test
    void repeatedFailuresLockTheAccountEvenForTheRightPassword() {
        LiangxianUser clerk = users.clerk("500000");
        WebSession s = session();
        for (int i = 0; i < 3; i++) {
            assertThat(s.login(clerk.getUsername(), "wrong-" + i).location()).contains("/login?error");
        }
        assertThat(s.login(clerk.getUsername(), TestUsers.PASSWORD).location()).as("locked").contains("/login?error");
        assertThat(jdbc.sql("select locked_until is not null from app_user where username = ?")
                .param(clerk.getUsername()).query(Boolean.class).single()).isTrue();
        assertThat(jdbc.sql("select count(*) from audit_event where object_id = ? and action = 'ACCOUNT_LOCKED'")
                .param(clerk.getUsername()).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where object_id = ? and action = 'LOGIN_FAILED'")
                .param(clerk.getUsername()).query(Integer.class).single()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void aSuccessfulSignInResetsTheFailureCount() {
        LiangxianUser clerk = users.clerk("500000");
        WebSession s = session();
        s.login(clerk.getUsername(), "wrong");
        s.login(clerk.getUsername(), "wrong");
        assertThat(s.login(clerk.getUsername(), TestUsers.PASSWORD).location()).doesNotContain("error");
        assertThat(jdbc.sql("select failed_attempts from app_user where username = ?").param(clerk.getUsername())
                .query(Integer.class).single()).isZero();
    }

    @Autowired
    org.springframework.context.ApplicationContext context;

    @Test
    void demoUsersDoNotExistOutsideTheDemoProfile() {
        assertThat(context.containsBean("demoData")).isFalse();
        assertThat(context.getEnvironment().getActiveProfiles()).doesNotContain("demo");
    }

    @Test
    void passwordsAreStoredWithTheDelegatingEncoderNeverInPlainText() {
        LiangxianUser clerk = users.clerk("320400");
        String hash = jdbc.sql("select password_hash from app_user where username = ?").param(clerk.getUsername())
                .query(String.class).single();
        assertThat(hash).startsWith("{bcrypt}").doesNotContain(TestUsers.PASSWORD);
    }

    @Test
    void pagesCarryStrictSecurityHeadersAndAnHttpOnlySessionCookie() {
        WebSession.Page p = session().get("/login");
        assertThat(p.headers().firstValue("Content-Security-Policy").orElse(""))
                .contains("frame-ancestors 'none'").contains("default-src 'self'");
        assertThat(p.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(p.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        LiangxianUser clerk = users.clerk("152501");
        WebSession s = session();
        WebSession.Page login = s.login(clerk.getUsername(), TestUsers.PASSWORD);
        assertThat(login.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).contains("JSESSIONID")
                .containsIgnoringCase("HttpOnly"));
    }

    @Test
    void portalsAreClosedToStrangersAndToOtherRoles() {
        assertThat(session().get("/ui/agency").location()).endsWith("/login");
        long person = users.person("440100");
        LiangxianUser mother = users.insured(person);
        WebSession s = session();
        s.login(mother.getUsername(), TestUsers.PASSWORD);
        assertThat(s.get("/ui/me").status()).isEqualTo(200);
        assertThat(s.get("/ui/agency").status()).isEqualTo(403);
        assertThat(s.get("/ui/employer").status()).isEqualTo(403);
        assertThat(s.get("/ui/hospital").status()).isEqualTo(403);
    }

    @Test
    void signingOutEndsTheSession() {
        LiangxianUser clerk = users.clerk("152501");
        WebSession s = session();
        s.login(clerk.getUsername(), TestUsers.PASSWORD);
        assertThat(s.get("/ui/agency").status()).isEqualTo(200);
        WebSession.Page out = s.post("/logout", Map.of(), "/ui/agency", true);
        assertThat(out.status()).isEqualTo(302);
        assertThat(s.get("/ui/agency").location()).endsWith("/login");
    }
}
