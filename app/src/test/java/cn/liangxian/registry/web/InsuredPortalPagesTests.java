package cn.liangxian.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/** "My coverage": her status today, her maternity coverage with its reasons, her history; only her own. */
@AppTest
class InsuredPortalPagesTests {

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    PersonDirectory persons;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    Enrollments enrollments;

    WebSession signIn(long personId) {
        WebSession s = new WebSession(new Http(env).base());
        s.login(users.insured(personId).getUsername(), TestUsers.PASSWORD);
        return s;
    }

    @Test
    void anEmployeeSeesBothInsurancesHerEmployerHerMaternityCoverageAndHerHistory() {
        RegistryFixture fx = new RegistryFixture(employers, persons, enrollments, users);
        String first = fx.employer("440300", "深圳前海示例有限公司", LocalDate.of(2019, 1, 1));
        String now = fx.employer("440300", "深圳南山示例有限公司", LocalDate.of(2019, 1, 1));
        long pid = fx.woman("440300", "许佳");
        fx.enroll(pid, first, LocalDate.of(2020, 3, 1));
        enrollments.transfer(users.clerk("440300"), pid, now, LocalDate.of(2022, 9, 1), "调动");

        WebSession.Page p = signIn(pid).get("/ui/me");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).doesNotContain("??").contains("id=\"portal-me\"", "许*", "id=\"me-310\"", "参保中",
                "深圳南山示例有限公司", "您今天可以享受生育保险待遇", "社会保险法 第五十四条", "深圳前海示例有限公司", "2022-08-31",
                "2022-09-01", "至今").doesNotContain("许佳");
        WebSession.Page en = signIn(pid).get("/ui/me?lang=en");
        assertThat(en.body()).doesNotContain("??").contains("My coverage", "You are covered for maternity today",
                "Employee medical insurance (310)");
    }

    @Test
    void somebodyWithoutCoverageIsToldSoAndWhy() {
        long pid = users.person("152501");
        WebSession.Page p = signIn(pid).get("/ui/me");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).doesNotContain("??").contains("未参保", "您今天不能享受生育保险待遇", "当日无参保记录",
                "id=\"me-history-empty\"");
    }

    @Test
    void theInsuredCannotOpenTheEmployerOrAgencyPages() {
        long pid = users.person("152501");
        WebSession s = signIn(pid);
        assertThat(s.get("/ui/employer").status()).isEqualTo(403);
        assertThat(s.get("/ui/agency/persons/" + pid).status()).isEqualTo(403);
    }
}
