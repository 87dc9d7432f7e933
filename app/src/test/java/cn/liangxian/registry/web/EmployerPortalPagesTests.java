package cn.liangxian.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/** The employer's portal: its data, its roster on a date, adding and removing employees; never another employer's people. */
@AppTest
class EmployerPortalPagesTests {

    static final String CZ = "320400";

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

    RegistryFixture fx;
    String uscc;
    LiangxianUser hr;
    WebSession web;

    @BeforeEach
    void setUp() {
        fx = new RegistryFixture(employers, persons, enrollments, users);
        uscc = fx.employer(CZ, "常州示例机械有限公司", LocalDate.of(2019, 1, 1));
        hr = users.employer(uscc);
        web = new WebSession(new Http(env).base());
        web.login(hr.getUsername(), TestUsers.PASSWORD);
    }

    @Test
    void theEmployerSeesItsDataItsStatusAndTheLinksToTheRosterFiles() {
        WebSession.Page p = web.get("/ui/employer");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).doesNotContain("??").contains("id=\"portal-employer\"", "常州示例机械有限公司", uscc, "正常参保",
                "href=\"/ui/employer/roster/upload\"", "href=\"/ui/employer/roster.xlsx\"",
                "href=\"/ui/employer/roster/template.xlsx\"", "共 0 人");
        WebSession.Page en = web.get("/ui/employer?lang=en");
        assertThat(en.body()).doesNotContain("??").contains("Add an employee", "Active", "Download the roster template");
    }

    @Test
    void theEmployerAddsAnEmployeeWhoIsRegisteredAndEnrolledInBothAndThenRemovesHer() {
        String id = RegistryFixture.femaleId("320402");
        WebSession.Page added = web.post("/ui/employer/employees", Map.of("certType", "RESIDENT_ID", "certNumber", id,
                "name", "刘晓燕", "sex", "F", "phone", "13700001111", "startDate", "2023-03-01"), "/ui/employer", true);
        assertThat(added.status()).isEqualTo(302);
        long pid = persons.findByCertificate(CZ, CertType.RESIDENT_ID, id).orElseThrow();
        assertThat(enrollments.roster(hr, uscc, LocalDate.of(2023, 3, 1))).singleElement().satisfies(r -> {
            assertThat(r.personId()).isEqualTo(pid);
            assertThat(r.medicalSince()).isEqualTo(LocalDate.of(2023, 3, 1));
            assertThat(r.maternitySince()).isEqualTo(LocalDate.of(2023, 3, 1));
        });
        WebSession.Page page = web.follow(added);
        assertThat(page.body()).contains("增员完成", "共 1 人", "刘**", id.substring(0, 4) + "**********", "/ui/employer/persons/" + pid,
                "/ui/employer/employees/" + pid + "/end").doesNotContain(id).doesNotContain("刘晓燕");

        WebSession.Page own = web.get("/ui/employer/persons/" + pid);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.body()).doesNotContain("??").contains("刘**", "2023-03-01");

        WebSession.Page removed = web.post("/ui/employer/employees/" + pid + "/end",
                Map.of("lastDay", "2023-08-31", "reason", "合同到期", "date", LocalDate.now().toString()), "/ui/employer",
                true);
        assertThat(removed.status()).isEqualTo(302);
        assertThat(web.follow(removed).body()).contains("减员完成");
        assertThat(enrollments.roster(hr, uscc, LocalDate.of(2023, 9, 1))).isEmpty();
        assertThat(enrollments.roster(hr, uscc, LocalDate.of(2023, 8, 31))).hasSize(1);
        assertThat(enrollments.timeline(hr, pid).periods()).allSatisfy(x -> {
            assertThat(x.endDate()).isEqualTo(LocalDate.of(2023, 8, 31));
            assertThat(x.endReason()).isEqualTo("合同到期");
        });
    }

    @Test
    void aBadAdditionIsRefusedNextToTheFormWhichKeepsItsInputAndNothingIsWritten() {
        WebSession.Page p = web.post("/ui/employer/employees", Map.of("certType", "RESIDENT_ID", "certNumber", "12345",
                "name", "错号", "sex", "", "phone", "", "startDate", "2023-03-01"), "/ui/employer", true);
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.body()).doesNotContain("??").contains("id=\"error-add\"", "INVALID_CITIZEN_ID", "value=\"12345\"",
                "value=\"错号\"", "value=\"2023-03-01\"");

        employers.changeStatus(users.clerk(CZ), CZ, uscc, EmployerRegistry.Status.CANCELLED, LocalDate.of(2024, 1, 1),
                "注销");
        String id = RegistryFixture.femaleId("320402");
        WebSession.Page closed = web.post("/ui/employer/employees", Map.of("certType", "RESIDENT_ID", "certNumber", id,
                "name", "迟到", "startDate", "2024-02-01"), "/ui/employer", true);
        assertThat(closed.status()).isEqualTo(422);
        assertThat(closed.body()).contains("id=\"error-add\"", "EMPLOYER_NOT_ACTIVE", "注销");
        assertThat(persons.findByCertificate(CZ, CertType.RESIDENT_ID, id)).as("nothing registered").isEmpty();
    }

    @Test
    void aRemovalBeforeTheStartIsRefusedOnItsRow() {
        long pid = fx.woman(CZ, "蒋琳");
        fx.enroll(pid, uscc, LocalDate.of(2022, 1, 1));
        WebSession.Page p = web.post("/ui/employer/employees/" + pid + "/end",
                Map.of("lastDay", "2021-12-31", "reason", "离职", "date", "2022-06-01"), "/ui/employer", true);
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.body()).contains("id=\"error-end-" + pid + "\"", "INVALID_END_DATE", "value=\"2021-12-31\"");
        assertThat(enrollments.timeline(hr, pid).periods()).allSatisfy(x -> assertThat(x.endDate()).isNull());
    }

    @Test
    void anEmployerCannotOpenOrRemoveAnotherEmployersPerson() {
        String other = fx.employer(CZ, "别家公司", LocalDate.of(2019, 1, 1));
        long pid = fx.woman(CZ, "外单位");
        fx.enroll(pid, other, LocalDate.of(2022, 1, 1));
        assertThat(web.get("/ui/employer/persons/" + pid).status()).isEqualTo(404);
        WebSession.Page p = web.post("/ui/employer/employees/" + pid + "/end", Map.of("lastDay", "2022-12-31"),
                "/ui/employer", true);
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.body()).doesNotContain("外*");
        assertThat(enrollments.roster(users.employer(other), other, LocalDate.of(2023, 1, 1))).hasSize(1);
        assertThat(web.get("/ui/employer").body()).doesNotContain("外*");
    }

    @Test
    void anEmployerNotYetRegisteredSeesWhatToDo() {
        WebSession s = new WebSession(new Http(env).base());
        String unknown = RegistryFixture.uscc(CZ);
        s.login(users.employer(unknown).getUsername(), TestUsers.PASSWORD);
        WebSession.Page p = s.get("/ui/employer");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).contains("id=\"employer-unregistered\"", unknown);
    }
}
