package cn.liangxian.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/** The clerk's registry pages: search, registration, the person page and its actions, employers; and who may open them. */
@AppTest
class AgencyRegistryPagesTests {

    static final String GZ = "440100";

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
    LiangxianUser clerk;
    WebSession web;

    @BeforeEach
    void setUp() {
        fx = new RegistryFixture(employers, persons, enrollments, users);
        clerk = users.clerk(GZ);
        web = signIn(clerk);
    }

    WebSession signIn(LiangxianUser u) {
        WebSession s = new WebSession(new Http(env).base());
        assertThat(s.login(u.getUsername(), TestUsers.PASSWORD).status()).isEqualTo(302);
        return s;
    }

    static void noMissingMessages(WebSession.Page p) {
        assertThat(p.body()).doesNotContain("??");
    }

    List<Enrollments.Period> periods(long personId) {
        return enrollments.timeline(clerk, personId).periods();
    }

    @Test
    void theAgencyPortalAndTheRegistryHomeLinkEveryRegistryPage() {
        for (String page : List.of("/ui/agency", "/ui/agency/registry")) {
            WebSession.Page p = web.get(page);
            assertThat(p.status()).isEqualTo(200);
            noMissingMessages(p);
            assertThat(p.body()).contains("href=\"/ui/agency/persons\"", "href=\"/ui/agency/persons/new\"",
                    "href=\"/ui/agency/employers\"", "href=\"/ui/agency/census\"", "href=\"/ui/agency/approvals\"",
                    "href=\"/ui/agency/flags\"", "href=\"/ui/agency/birth-certificates\"");
        }
    }

    @Test
    void aClerkFindsAPersonByFullCertificateNumberOrExactNameAndSeesItMasked() {
        String id = RegistryFixture.femaleId("440106");
        long pid = persons.register(GZ, id, "欧阳娜娜", "13912345678", LocalDate.now());

        WebSession.Page byId = search(GZ, id);
        assertThat(byId.status()).isEqualTo(200);
        noMissingMessages(byId);
        assertThat(byId.body()).contains("href=\"/ui/agency/persons/" + pid + "\"", id.substring(0, 4) + "**********"
                + id.substring(14), "欧***").doesNotContain("欧阳娜娜");
        assertThat(byId.body().replace("value=\"" + id + "\"", "")).as("only in the search box").doesNotContain(id);

        assertThat(search(GZ, "欧阳娜娜").body()).contains("href=\"/ui/agency/persons/" + pid + "\"");
        assertThat(search(GZ, RegistryFixture.femaleId("440106")).body()).contains("id=\"search-empty\"");
    }

    WebSession.Page search(String region, String q) {
        return web.post("/ui/agency/persons/search", Map.of("region", region, "q", q), "/ui/agency/persons", true);
    }

    @Test
    void aClerkRegistersAPersonAndLandsOnHerMaskedPage() {
        String id = RegistryFixture.femaleId("440104");
        WebSession.Page done = web.post("/ui/agency/persons", Map.of("region", GZ, "certType", "RESIDENT_ID",
                "certNumber", id, "name", "张晓红", "sex", "F", "phone", "13912340000"), "/ui/agency/persons/new", true);
        assertThat(done.status()).isEqualTo(302);
        long pid = persons.findByCertificate(GZ, CertType.RESIDENT_ID, id).orElseThrow();
        assertThat(done.location()).endsWith("/ui/agency/persons/" + pid);

        WebSession.Page page = web.follow(done);
        assertThat(page.status()).isEqualTo(200);
        noMissingMessages(page);
        assertThat(page.body()).contains("id=\"notice\"", "人员登记完成", "张**", "139****0000", "id=\"timeline-empty\"")
                .doesNotContain(id).doesNotContain("张晓红").doesNotContain("13912340000");
    }

    @Test
    void anInvalidCertificateIsRefusedNextToTheFormWhichKeepsItsInputAndNothingIsWritten() {
        String good = RegistryFixture.femaleId("440104");
        String bad = good.substring(0, 17) + (good.charAt(17) == '1' ? '2' : '1');
        WebSession.Page p = web.post("/ui/agency/persons", Map.of("region", GZ, "certType", "RESIDENT_ID",
                "certNumber", bad, "name", "李梅", "sex", "F", "phone", ""), "/ui/agency/persons/new", true);
        assertThat(p.status()).isEqualTo(400);
        noMissingMessages(p);
        assertThat(p.body()).contains("id=\"error-register\"", "公民身份号码无效：公民身份号码校验码不正确", "INVALID_CITIZEN_ID",
                "value=\"" + bad + "\"", "value=\"李梅\"");
        assertThat(persons.findByCertificate(GZ, CertType.RESIDENT_ID, bad)).isEmpty();

        web.get("/ui/agency/persons/new?lang=en");
        WebSession.Page en = web.post("/ui/agency/persons", Map.of("region", GZ, "certType", "RESIDENT_ID",
                "certNumber", bad, "name", "李梅", "sex", "M"), "/ui/agency/persons/new", true);
        assertThat(en.body()).contains("The citizen ID number is not valid: The citizen ID number",
                "check character is wrong", "Register a person");
        noMissingMessages(en);
    }

    @Test
    void registeringTheSamePersonTwiceLinksToTheOneAlreadyRegistered() {
        String id = RegistryFixture.femaleId("440104");
        long pid = persons.register(GZ, id, "王芳", null, LocalDate.now());
        WebSession.Page p = web.post("/ui/agency/persons", Map.of("region", GZ, "certType", "RESIDENT_ID",
                "certNumber", id, "name", "王芳"), "/ui/agency/persons/new", true);
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.body()).contains("DUPLICATE_PERSON", "id=\"duplicate-link\"", "/ui/agency/persons/" + pid);
    }

    @Test
    void aClerkEnrollsAPersonWithAnEmployerAndSeesTheTimelineAndTheMaternityCoverageAsOfADate() {
        String uscc = fx.employer(GZ, "广州示例科技有限公司", LocalDate.of(2019, 1, 1));
        long pid = fx.woman(GZ, "陈静");
        WebSession.Page done = web.post("/ui/agency/persons/" + pid + "/enroll",
                Map.of("uscc", " " + uscc.toLowerCase(java.util.Locale.ROOT) + " ", "startDate", "2021-03-01"),
                "/ui/agency/persons/" + pid, true);
        assertThat(done.status()).isEqualTo(302);
        assertThat(periods(pid)).extracting(Enrollments.Period::insuranceType, Enrollments.Period::employerUscc,
                Enrollments.Period::startDate, Enrollments.Period::endDate)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("310", uscc, LocalDate.of(2021, 3, 1), null),
                        org.assertj.core.groups.Tuple.tuple("510", uscc, LocalDate.of(2021, 3, 1), null));

        WebSession.Page page = web.follow(done);
        noMissingMessages(page);
        assertThat(page.body()).contains("已同时参加 310 和 510", "id=\"timeline-chart\"", "id=\"chart-row-310\"",
                "class=\"bar bar-employee src-enrollment open\"", "广州示例科技有限公司", "职工基本医疗保险（310）",
                "生育保险（510）", "2021-03-01");
        assertThat(page.body()).contains("id=\"coverage-answer\"").contains("享有生育保险待遇")
                .doesNotContain("不享有生育保险待遇").contains("社会保险法 第五十四条");

        WebSession.Page before = web.get("/ui/agency/persons/" + pid + "?asOf=2021-02-28");
        assertThat(before.body()).contains("2021-02-28 不享有生育保险待遇", "当日无参保记录");
        WebSession.Page en = web.get("/ui/agency/persons/" + pid + "?asOf=2021-03-01&lang=en");
        noMissingMessages(en);
        assertThat(en.body()).contains("Covered for maternity on 2021-03-01", "enrolled in maternity insurance (510)",
                "Coverage timeline", "Enroll as employee");
        web.get("/ui/agency/persons/" + pid + "?lang=zh_CN");

        WebSession.Page badDate = web.get("/ui/agency/persons/" + pid + "?asOf=2021-02-30");
        assertThat(badDate.status()).isEqualTo(400);
        assertThat(badDate.body()).contains("id=\"error-asof\"", "INVALID_DATE");
    }

    @Test
    void enrollingAfterTheMergerWithAnEmployerNotActiveIsRefusedAndTheFormKeepsItsInput() {
        String uscc = fx.employer(GZ, "已注销公司", LocalDate.of(2019, 1, 1));
        employers.changeStatus(clerk, GZ, uscc, EmployerRegistry.Status.CANCELLED, LocalDate.of(2022, 1, 1), "注销");
        long pid = fx.woman(GZ, "赵敏");
        WebSession.Page p = web.post("/ui/agency/persons/" + pid + "/enroll",
                Map.of("uscc", uscc, "startDate", "2022-06-01"), "/ui/agency/persons/" + pid, true);
        assertThat(p.status()).isEqualTo(422);
        noMissingMessages(p);
        assertThat(p.body()).contains("id=\"error-enroll\"", "EMPLOYER_NOT_ACTIVE",
                "单位 " + uscc + " 在 2022-06-01 不是正常参保状态（注销）", "value=\"" + uscc + "\"", "value=\"2022-06-01\"");
        assertThat(p.body()).as("the language switch leads back to the page, not to the form's address")
                .contains("id=\"lang-switch\" href=\"/ui/agency/persons/" + pid + "?lang=en\"");
        assertThat(periods(pid)).isEmpty();
    }

    @Test
    void enrollingOverAnOpenCoverageShowsTheOverlapAndWritesNothing() {
        String a = fx.employer(GZ, "甲公司", LocalDate.of(2019, 1, 1));
        String b = fx.employer(GZ, "乙公司", LocalDate.of(2019, 1, 1));
        long pid = fx.woman(GZ, "孙丽");
        fx.enroll(pid, a, LocalDate.of(2021, 1, 1));
        WebSession.Page p = web.post("/ui/agency/persons/" + pid + "/enroll",
                Map.of("uscc", b, "startDate", "2022-01-01"), "/ui/agency/persons/" + pid, true);
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.body()).contains("id=\"error-enroll\"", "COVERAGE_OVERLAP", "该人员自 2021-01-01 起已在 310（" + a + "）参保");
        assertThat(periods(pid)).hasSize(2).allSatisfy(x -> assertThat(x.employerUscc()).isEqualTo(a));
    }

    @Test
    void aClerkTransfersAnEmployeeAndThenEndsHerCoverage() {
        String a = fx.employer(GZ, "甲公司", LocalDate.of(2019, 1, 1));
        String b = fx.employer(GZ, "乙公司", LocalDate.of(2019, 1, 1));
        long pid = fx.woman(GZ, "周雪");
        fx.enroll(pid, a, LocalDate.of(2021, 1, 1));

        WebSession.Page moved = web.post("/ui/agency/persons/" + pid + "/transfer",
                Map.of("toUscc", b, "transferDate", "2022-07-01", "transferReason", "调动"), "/ui/agency/persons/" + pid,
                true);
        assertThat(moved.status()).isEqualTo(302);
        assertThat(periods(pid)).filteredOn(x -> x.employerUscc().equals(a))
                .allSatisfy(x -> assertThat(x.endDate()).isEqualTo(LocalDate.of(2022, 6, 30)));
        assertThat(periods(pid)).filteredOn(x -> x.employerUscc().equals(b)).hasSize(2)
                .allSatisfy(x -> assertThat(x.startDate()).isEqualTo(LocalDate.of(2022, 7, 1)));
        assertThat(web.follow(moved).body()).contains("已转移到新单位", "name=\"endUscc\"", "<option value=\"" + b + "\"");

        WebSession.Page tooEarly = web.post("/ui/agency/persons/" + pid + "/end",
                Map.of("endUscc", b, "lastDay", "2022-01-01", "endReason", "离职"), "/ui/agency/persons/" + pid, true);
        assertThat(tooEarly.status()).isEqualTo(409);
        assertThat(tooEarly.body()).contains("id=\"error-end\"", "INVALID_END_DATE", "value=\"离职\"");

        WebSession.Page ended = web.post("/ui/agency/persons/" + pid + "/end",
                Map.of("endUscc", b, "lastDay", "2023-03-31", "endReason", "离职"), "/ui/agency/persons/" + pid, true);
        assertThat(ended.status()).isEqualTo(302);
        assertThat(periods(pid)).filteredOn(x -> x.employerUscc().equals(b))
                .allSatisfy(x -> assertThat(x.endDate()).isEqualTo(LocalDate.of(2023, 3, 31)))
                .allSatisfy(x -> assertThat(x.endReason()).isEqualTo("离职"));
        assertThat(web.follow(ended).body()).contains("已办理减员");
    }

    @Test
    void aClerkEnrollsAFlexibleWorkerAndRegistersAnUnemployedWife() {
        long flex = fx.woman(GZ, "吴桐");
        WebSession.Page f = web.post("/ui/agency/persons/" + flex + "/flexible", Map.of("flexStart", "2023-02-01"),
                "/ui/agency/persons/" + flex, true);
        assertThat(f.status()).isEqualTo(302);
        assertThat(periods(flex)).singleElement().satisfies(x -> {
            assertThat(x.basis()).isEqualTo("FLEXIBLE");
            assertThat(x.insuranceType()).isEqualTo("310");
        });
        assertThat(web.follow(f).body()).contains("bar-flexible", "id=\"flexible-end-form\"", "灵活就业人员");

        String uscc = fx.employer(GZ, "丈夫单位", LocalDate.of(2019, 1, 1));
        long husband = fx.man(GZ, "郑强");
        fx.enroll(husband, uscc, LocalDate.of(2021, 1, 1));
        long wife = fx.woman(GZ, "郑妻");
        WebSession.Page bad = web.post("/ui/agency/persons/" + wife + "/spouse",
                Map.of("husbandId", "abc", "spouseStart", "2023-05-01"), "/ui/agency/persons/" + wife, true);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("id=\"error-spouse\"", "INVALID_PERSON_ID", "value=\"abc\"");

        WebSession.Page s = web.post("/ui/agency/persons/" + wife + "/spouse",
                Map.of("husbandId", String.valueOf(husband), "spouseStart", "2023-05-01"), "/ui/agency/persons/" + wife,
                true);
        assertThat(s.status()).isEqualTo(302);
        assertThat(enrollments.timeline(clerk, wife).spouseRegistrations()).singleElement()
                .satisfies(r -> assertThat(r.husbandId()).isEqualTo(husband));
        WebSession.Page page = web.get("/ui/agency/persons/" + wife + "?asOf=2023-06-01");
        assertThat(page.body()).contains("id=\"spouse-table\"", "妻子（享受待遇）", "bar-spouse", "2023-06-01 享有生育保险待遇",
                "未就业配偶");
    }

    @Test
    void aClerkOfAnotherRegionGetsNotFoundForThePersonAndHerActionsAndNothingIsWritten() {
        String uscc = fx.employer(GZ, "甲公司", LocalDate.of(2019, 1, 1));
        long pid = fx.woman(GZ, "林安");
        WebSession other = signIn(users.clerk("500000"));
        WebSession.Page p = other.get("/ui/agency/persons/" + pid);
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.body()).contains("id=\"registry-problem\"", "NOT_FOUND").doesNotContain("林*");
        WebSession.Page post = other.post("/ui/agency/persons/" + pid + "/enroll",
                Map.of("uscc", uscc, "startDate", "2022-01-01"), "/ui/agency/persons", true);
        assertThat(post.status()).isEqualTo(404);
        assertThat(periods(pid)).isEmpty();
        assertThat(other.get("/ui/agency/employers/" + uscc).status()).isEqualTo(404);
        assertThat(other.post("/ui/agency/persons/search", Map.of("region", GZ, "q", "x"), "/ui/agency/persons", true)
                .body()).contains("id=\"error-search\"");
    }

    @Test
    void onlyAgencyStaffOpenTheAgencyRegistryPages() {
        long pid = fx.woman(GZ, "何青");
        WebSession insured = signIn(users.insured(pid));
        assertThat(insured.get("/ui/agency/persons/" + pid).status()).isEqualTo(403);
        WebSession hr = signIn(users.employer(RegistryFixture.uscc(GZ)));
        assertThat(hr.get("/ui/agency/census").status()).isEqualTo(403);
    }

    @Test
    void aClerkRegistersAnEmployerSeesItsHistoryChangesItsStatusAndSeesItsRoster() {
        String uscc = RegistryFixture.uscc(GZ);
        WebSession.Page reg = web.post("/ui/agency/employers", Map.of("region", GZ, "uscc", uscc, "name", "花城物流有限公司",
                "type", "ENTERPRISE", "industry", "物流", "address", "", "activeFrom", "2020-01-01"), "/ui/agency/employers",
                true);
        assertThat(reg.status()).isEqualTo(302);
        assertThat(employers.visible(clerk, GZ, uscc).name()).isEqualTo("花城物流有限公司");
        WebSession.Page list = web.get("/ui/agency/employers?region=" + GZ);
        noMissingMessages(list);
        assertThat(list.body()).contains("花城物流有限公司", "/ui/agency/employers/" + uscc);

        WebSession.Page dup = web.post("/ui/agency/employers", Map.of("region", GZ, "uscc", uscc, "name", "重复",
                "type", "ENTERPRISE", "activeFrom", "2020-01-01"), "/ui/agency/employers", true);
        assertThat(dup.status()).isEqualTo(409);
        assertThat(dup.body()).contains("id=\"error-register\"", "DUPLICATE_EMPLOYER", "value=\"重复\"");

        long pid = fx.woman(GZ, "黄莺");
        fx.enroll(pid, uscc, LocalDate.of(2021, 5, 1));
        WebSession.Page page = web.get("/ui/agency/employers/" + uscc + "?date=2021-06-01");
        noMissingMessages(page);
        assertThat(page.body()).contains("花城物流有限公司", "正常参保", ">参保登记</td>", "共 1 人", "黄*",
                "/ui/agency/persons/" + pid);
        assertThat(web.get("/ui/agency/employers/" + uscc + "?date=2021-04-30").body()).contains("共 0 人");

        WebSession.Page noReason = web.post("/ui/agency/employers/" + uscc + "/status",
                Map.of("status", "SUSPENDED", "statusFrom", "2023-01-01", "statusReason", ""),
                "/ui/agency/employers/" + uscc, true);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"error-status\"", "REASON_REQUIRED", "value=\"2023-01-01\"");

        WebSession.Page changed = web.post("/ui/agency/employers/" + uscc + "/status",
                Map.of("status", "SUSPENDED", "statusFrom", "2023-01-01", "statusReason", "停业整顿"),
                "/ui/agency/employers/" + uscc, true);
        assertThat(changed.status()).isEqualTo(302);
        assertThat(employers.statusOn(GZ, uscc, LocalDate.of(2023, 1, 1))).contains(EmployerRegistry.Status.SUSPENDED);
        assertThat(employers.statusOn(GZ, uscc, LocalDate.of(2022, 12, 31))).contains(EmployerRegistry.Status.ACTIVE);
        assertThat(web.follow(changed).body()).contains("单位状态已变更", "暂停缴费", "停业整顿", "2022-12-31");
        assertThat(web.get("/ui/agency/employers/" + uscc + "?lang=en").body()).contains(">registered</td>", "Suspended");
        web.get("/ui/agency/employers?lang=zh_CN");
    }

    @Test
    void aReviewerSeesThePersonPageToo() {
        long pid = fx.woman(GZ, "钱多");
        WebSession reviewer = signIn(users.staff(Role.AGENCY_REVIEWER, GZ));
        assertThat(reviewer.get("/ui/agency/persons/" + pid).status()).isEqualTo(200);
    }
}
