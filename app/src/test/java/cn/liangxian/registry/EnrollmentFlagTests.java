package cn.liangxian.registry;

import static cn.liangxian.registry.CertificateFixtures.femaleId;
import static cn.liangxian.registry.CertificateFixtures.maleId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * Speculative enrollment: a maternity event soon after the start of continuous maternity coverage flags the
 * person; an employer whose new enrollees are mostly women who claim soon is flagged too. Supervisors work
 * the queue. Dates are in Guangzhou, where the national defaults apply: 10 months for the person, and for the
 * employer at least 5 new enrollees in 12 months of whom at least half claim within 12 months.
 */
@AppTest
class EnrollmentFlagTests {

    static final String GZ = "440100";
    static final String PERSON_RULE = "ENROLLED_SHORTLY_BEFORE_MATERNITY";
    static final String EMPLOYER_RULE = "EMPLOYER_ENROLLEES_CLAIM_SOON";

    @Autowired
    TestUsers users;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    Enrollments enrollments;
    @Autowired
    MaternityEvents events;
    @Autowired
    EnrollmentFlags flags;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment env;

    LiangxianUser clerk;
    Http http;

    @BeforeEach
    void setUp() {
        clerk = users.clerk(GZ);
        http = new Http(env);
    }

    // ------------------------------------------------------------------ fixtures

    String employer(String name) {
        String uscc = CertificateFixtures.uscc(GZ);
        employers.register(clerk, new EmployerRegistry.NewEmployer(GZ, uscc, name,
                EmployerRegistry.EmployerType.ENTERPRISE, null, null, null, null, null, null, LocalDate.of(2015, 1, 1)));
        return uscc;
    }

    long woman(String name) {
        return users.person(GZ, femaleId("440106"), name);
    }

    long man(String name) {
        return users.person(GZ, maleId("440106"), name);
    }

    void enroll(long person, String uscc, LocalDate start) {
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(person), uscc, start, null,
                Enrollments.Source.ENROLLMENT);
    }

    MaternityEvents.Event event(long person, LocalDate date) {
        return events.record(GZ, person, date, "SETTLEMENT", "MDTRT-" + UUID.randomUUID());
    }

    Optional<JsonNode> evidence(String rule, String subject) {
        return jdbc.sql("select evidence::text from enrollment_flag where region_code = ? and rule = ? and subject_key = ?")
                .params(GZ, rule, subject).query(String.class).optional().map(Http.JSON::readTree);
    }

    long flagId(String rule, String subject) {
        return jdbc.sql("select id from enrollment_flag where region_code = ? and rule = ? and subject_key = ?")
                .params(GZ, rule, subject).query(Long.class).single();
    }

    // ------------------------------------------------------------------ the person rule

    @Test
    void personEnrolledThreeMonthsBeforeAMaternityEventIsFlaggedWithTheEvidence() {
        String uscc = employer("广州临时参保测试有限公司");
        long p = woman("林小红");
        enroll(p, uscc, LocalDate.of(2024, 3, 1));

        MaternityEvents.Event e = event(p, LocalDate.of(2024, 6, 1));

        assertThat(e.repeat()).isFalse();
        assertThat(e.flagIds()).hasSize(1);
        JsonNode ev = evidence(PERSON_RULE, "person:" + p).orElseThrow();
        assertThat(ev.get("coverageStart").asString()).isEqualTo("2024-03-01");
        assertThat(ev.get("basisAtStart").asString()).isEqualTo("EMPLOYEE");
        assertThat(ev.get("employerAtStart").asString()).isEqualTo(uscc);
        assertThat(ev.get("employerAtEvent").asString()).isEqualTo(uscc);
        assertThat(ev.get("event").get("date").asString()).isEqualTo("2024-06-01");
        assertThat(ev.get("event").get("id").asLong()).isEqualTo(e.id());
        assertThat(ev.get("monthsBetween").asInt()).isEqualTo(3);
        assertThat(ev.get("daysBetween").asInt()).isEqualTo(92);
        JsonNode param = ev.get("parameters").get(0);
        assertThat(param.get("key").asString()).isEqualTo("registry.speculative.window_months");
        assertThat(param.get("value").asInt()).isEqualTo(10);
        assertThat(param.get("reference").asString()).contains("粤府办〔2019〕24号 二(三)7");
        assertThat(param.get("confidence").asString()).isEqualTo("unverified");
        assertThat(jdbc.sql("select person_id || ' ' || employer_uscc || ' ' || status from enrollment_flag where id = ?")
                .param(e.flagIds().get(0)).query(String.class).single()).isEqualTo(p + " " + uscc + " OPEN");
    }

    @Test
    void personEnrolledTwoYearsBeforeIsNotFlagged() {
        String uscc = employer("广州老职工测试有限公司");
        long p = woman("许静");
        enroll(p, uscc, LocalDate.of(2022, 6, 1));

        MaternityEvents.Event e = event(p, LocalDate.of(2024, 6, 1));

        assertThat(e.flagIds()).isEmpty();
        assertThat(evidence(PERSON_RULE, "person:" + p)).isEmpty();
    }

    @Test
    void aTransferBetweenEmployersKeepsTheCoverageContinuous() {
        String from = employer("广州转出测试有限公司");
        String to = employer("广州转入测试有限公司");
        long p = woman("梁雨");
        enroll(p, from, LocalDate.of(2022, 1, 1));
        enrollments.transfer(clerk, p, to, LocalDate.of(2024, 4, 1), "调动");

        MaternityEvents.Event e = event(p, LocalDate.of(2024, 6, 1));

        assertThat(evidence(PERSON_RULE, "person:" + p)).isEmpty();
        assertThat(e.flagIds()).isEmpty();
        assertThat(flags.continuousCoverage(p, LocalDate.of(2024, 6, 1)).orElseThrow().start())
                .isEqualTo(LocalDate.of(2022, 1, 1));
    }

    @Test
    void aGapInCoverageStartsItAnew() {
        String before = employer("广州原单位测试有限公司");
        String after = employer("广州新单位测试有限公司");
        long p = woman("邓敏");
        enroll(p, before, LocalDate.of(2020, 1, 1));
        enrollments.endEmployee(clerk, p, before, LocalDate.of(2023, 12, 31), "离职");
        enroll(p, after, LocalDate.of(2024, 3, 1));

        event(p, LocalDate.of(2024, 6, 1));

        JsonNode ev = evidence(PERSON_RULE, "person:" + p).orElseThrow();
        assertThat(ev.get("coverageStart").asString()).isEqualTo("2024-03-01");
        assertThat(ev.get("employerAtStart").asString()).isEqualTo(after);
    }

    /** The boundary is inclusive: coverage that began exactly N months before the event is flagged. */
    @Test
    void coverageStartingExactlyTheWindowBeforeTheEventIsFlaggedAndOneDayEarlierIsNot() {
        String uscc = employer("广州边界测试有限公司");
        long exactly = woman("罗丹");
        long dayEarlier = woman("罗青");
        enroll(exactly, uscc, LocalDate.of(2024, 1, 15));
        enroll(dayEarlier, uscc, LocalDate.of(2024, 1, 14));

        event(exactly, LocalDate.of(2024, 11, 15));
        event(dayEarlier, LocalDate.of(2024, 11, 15));

        JsonNode ev = evidence(PERSON_RULE, "person:" + exactly).orElseThrow();
        assertThat(ev.get("monthsBetween").asInt()).isEqualTo(10);
        assertThat(ev.get("windowStart").asString()).isEqualTo("2024-01-15");
        assertThat(evidence(PERSON_RULE, "person:" + dayEarlier)).isEmpty();
    }

    @Test
    void aFlexibleWorkerEnrolledShortlyBeforeIsFlaggedToo() {
        long p = woman("高洁");
        enrollments.enrollFlexible(clerk, p, LocalDate.of(2024, 4, 1));

        event(p, LocalDate.of(2024, 6, 10));

        JsonNode ev = evidence(PERSON_RULE, "person:" + p).orElseThrow();
        assertThat(ev.get("basisAtStart").asString()).isEqualTo("FLEXIBLE");
        assertThat(ev.get("employerAtEvent").isNull()).isTrue();
    }

    @Test
    void recordingTheSameEventTwiceKeepsOneEventAndOneFlag() {
        String uscc = employer("广州重复报送测试有限公司");
        long p = woman("宋佳");
        enroll(p, uscc, LocalDate.of(2024, 3, 1));
        String ref = "CLAIM-" + UUID.randomUUID();

        MaternityEvents.Event first = events.record(GZ, p, LocalDate.of(2024, 6, 1), "CLAIM", ref);
        MaternityEvents.Event again = events.record(GZ, p, LocalDate.of(2024, 6, 1), "CLAIM", ref);

        assertThat(again.repeat()).isTrue();
        assertThat(again.id()).isEqualTo(first.id());
        assertThat(again.flagIds()).isEmpty();
        assertThat(jdbc.sql("select count(*) from maternity_event where source_ref = ?").param(ref).query(Integer.class)
                .single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from enrollment_flag where person_id = ?").param(p).query(Integer.class)
                .single()).isEqualTo(1);
        assertThatThrownBy(() -> events.record(GZ, p, LocalDate.of(2024, 6, 2), "CLAIM", ref))
                .isInstanceOfSatisfying(ApiException.class,
                        ex -> assertThat(ex.code()).isEqualTo("MATERNITY_EVENT_REF_CONFLICT"));
    }

    @Test
    void aLaterEventLeavesAnExistingFlagAsItWas() {
        String uscc = employer("广州后续事件测试有限公司");
        long p = woman("唐颖");
        enroll(p, uscc, LocalDate.of(2024, 3, 1));
        MaternityEvents.Event first = event(p, LocalDate.of(2024, 6, 1));
        String before = jdbc.sql("select evidence::text from enrollment_flag where id = ?").param(first.flagIds().get(0))
                .query(String.class).single();

        MaternityEvents.Event later = event(p, LocalDate.of(2024, 7, 1));

        assertThat(later.flagIds()).isEmpty();
        assertThat(jdbc.sql("select evidence::text from enrollment_flag where id = ?").param(first.flagIds().get(0))
                .query(String.class).single()).isEqualTo(before);
    }

    @Test
    void anEventOfAPersonOfAnotherRegionIsRefused() {
        long chongqing = users.person("500000", femaleId("500103"), "何琳");
        assertThatThrownBy(() -> event(chongqing, LocalDate.of(2024, 6, 1)))
                .isInstanceOfSatisfying(ApiException.class, ex -> assertThat(ex.code()).isEqualTo("REGION_MISMATCH"));
    }

    // ------------------------------------------------------------------ the employer rule

    @Test
    void anEmployerIsFlaggedOnceHalfOfItsNewEnrolleesAreWomenWhoClaimedSoon() {
        String uscc = employer("广州挂靠测试有限公司");
        long old = woman("老员工");
        enroll(old, uscc, LocalDate.of(2019, 1, 1));
        List<Long> claimants = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long w = woman("挂靠" + i);
            enroll(w, uscc, LocalDate.of(2024, 1, 1).plusDays(i));
            claimants.add(w);
        }
        long quiet = woman("未生育");
        enroll(quiet, uscc, LocalDate.of(2024, 2, 1));
        long m1 = man("男职工甲");
        long m2 = man("男职工乙");
        enroll(m1, uscc, LocalDate.of(2024, 2, 1));
        enroll(m2, uscc, LocalDate.of(2024, 2, 1));
        // the old employee's event does not count: her 510 began long before the window
        event(old, LocalDate.of(2024, 5, 1));

        event(claimants.get(0), LocalDate.of(2024, 6, 1));
        event(claimants.get(1), LocalDate.of(2024, 6, 2));
        assertThat(evidence(EMPLOYER_RULE, "employer:" + uscc)).as("2 of 6 is below half").isEmpty();

        event(claimants.get(2), LocalDate.of(2024, 6, 3));

        JsonNode ev = evidence(EMPLOYER_RULE, "employer:" + uscc).orElseThrow();
        assertThat(ev.get("newEnrollees").asInt()).isEqualTo(6);
        assertThat(ev.get("claimants").asInt()).isEqualTo(3);
        assertThat(ev.get("share").asString()).isEqualTo("0.5000");
        List<Long> claimantIds = new ArrayList<>();
        ev.get("claimantIds").forEach(n -> claimantIds.add(n.asLong()));
        assertThat(claimantIds).containsExactlyInAnyOrderElementsOf(claimants);
        List<Long> newIds = new ArrayList<>();
        ev.get("newEnrolleeIds").forEach(n -> newIds.add(n.asLong()));
        assertThat(newIds).hasSize(6).doesNotContain(old).contains(quiet, m1, m2);
        assertThat(ev.get("windowFrom").asString()).isEqualTo("2023-06-03");
        List<String> keys = new ArrayList<>();
        ev.get("parameters").forEach(p -> keys.add(p.get("key").asString()));
        assertThat(keys).containsExactly("registry.speculative.employer_min_new_enrollees",
                "registry.speculative.employer_claim_window_months", "registry.speculative.employer_claimant_share");
        assertThat(jdbc.sql("select person_id is null and employer_uscc = ? from enrollment_flag where id = ?")
                .params(uscc, flagId(EMPLOYER_RULE, "employer:" + uscc)).query(Boolean.class).single()).isTrue();
    }

    @Test
    void anEmployerWithFewerNewEnrolleesThanTheMinimumIsNotFlaggedAndWithTheMinimumIs() {
        String uscc = employer("广州小微测试有限公司");
        List<Long> women = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            long w = woman("小微" + i);
            enroll(w, uscc, LocalDate.of(2024, 2, 1));
            women.add(w);
        }
        for (long w : women) {
            event(w, LocalDate.of(2024, 6, 1));
        }
        assertThat(evidence(EMPLOYER_RULE, "employer:" + uscc)).as("4 new enrollees, all claiming").isEmpty();

        long fifth = man("小微男");
        enroll(fifth, uscc, LocalDate.of(2024, 5, 1));
        event(women.get(0), LocalDate.of(2024, 7, 1));

        JsonNode ev = evidence(EMPLOYER_RULE, "employer:" + uscc).orElseThrow();
        assertThat(ev.get("newEnrollees").asInt()).isEqualTo(5);
        assertThat(ev.get("claimants").asInt()).isEqualTo(4);
        assertThat(ev.get("share").asString()).isEqualTo("0.8000");
    }

    // ------------------------------------------------------------------ the queue

    long openFlag() {
        String uscc = employer("广州队列测试有限公司");
        long p = woman("欧阳娜娜");
        enroll(p, uscc, LocalDate.of(2024, 3, 1));
        return event(p, LocalDate.of(2024, 6, 1)).flagIds().get(0);
    }

    Http.Response queue(LiangxianUser u, String query) {
        return http.get("/api/v1/enrollment-flags?" + query, "Authorization", "Bearer " + users.tokenFor(u));
    }

    Http.Response decide(LiangxianUser u, long id, String decision, String body) {
        return http.postJson("/api/v1/enrollment-flags/" + id + "/" + decision, body, "Authorization",
                "Bearer " + users.tokenFor(u));
    }

    static List<Long> ids(Http.Response r) {
        List<Long> ids = new ArrayList<>();
        r.json().forEach(f -> ids.add(f.get("id").asLong()));
        return ids;
    }

    @Test
    void theQueueIsOpenToSupervisorsAndCaseworkersOfTheRegionWithPersonalDataMasked() {
        long id = openFlag();
        for (Role r : List.of(Role.SUPERVISOR, Role.AGENCY_CLERK, Role.AGENCY_REVIEWER, Role.AGENCY_APPROVER)) {
            Http.Response q = queue(users.staff(r, GZ), "region=" + GZ + "&status=OPEN");
            assertThat(q.status()).as(r.name()).isEqualTo(200);
            assertThat(ids(q)).as(r.name()).contains(id);
        }
        Http.Response q = queue(users.staff(Role.SUPERVISOR, GZ), "region=" + GZ);
        JsonNode f = null;
        for (JsonNode n : q.json()) {
            if (n.get("id").asLong() == id) {
                f = n;
            }
        }
        assertThat(f).isNotNull();
        assertThat(f.get("person").get("name").asString()).isEqualTo("欧***");
        assertThat(f.get("person").get("idNumber").asString()).contains("**********");
        assertThat(f.get("ruleZh").asString()).isEqualTo("参保后短期内即发生生育就医或申请");
        assertThat(f.get("employerName").asString()).isEqualTo("广州队列测试有限公司");
        assertThat(f.get("lines").toString()).contains("coverageStart").contains("2024-03-01");
        assertThat(q.body()).doesNotContain("欧阳娜娜");

        assertThat(queue(users.staff(Role.FINANCE, GZ), "region=" + GZ).status()).isEqualTo(403);
        assertThat(queue(users.employer(CertificateFixtures.uscc(GZ)), "region=" + GZ).status()).isEqualTo(403);
        assertThat(queue(users.staff(Role.SUPERVISOR, "500000"), "region=" + GZ).status()).isEqualTo(404);
        assertThat(queue(users.staff(Role.SUPERVISOR, GZ), "region=" + GZ + "&status=MAYBE").status()).isEqualTo(400);
    }

    @Test
    void onlyASupervisorOfTheRegionClearsAFlagWithAReasonAndItIsAudited() {
        long id = openFlag();
        LiangxianUser supervisor = users.staff(Role.SUPERVISOR, GZ);

        assertThat(decide(users.clerk(GZ), id, "clear", "{\"reason\":\"在职证明齐全\"}").status()).isEqualTo(403);
        assertThat(decide(users.staff(Role.SUPERVISOR, "500000"), id, "clear", "{\"reason\":\"x\"}").status())
                .isEqualTo(404);
        Http.Response noReason = decide(supervisor, id, "clear", "{\"reason\":\" \"}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("code").asString()).isEqualTo("FLAG_REASON_REQUIRED");

        Http.Response cleared = decide(supervisor, id, "clear", "{\"reason\":\"劳动合同与工资流水齐全，系正常招聘\"}");

        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("status").asString()).isEqualTo("CLEARED");
        assertThat(cleared.json().get("decidedBy").asString()).isEqualTo(supervisor.getUsername());
        assertThat(cleared.json().get("decisionReason").asString()).isEqualTo("劳动合同与工资流水齐全，系正常招聘");
        assertThat(decide(supervisor, id, "confirm", "{\"reason\":\"改判\"}").status()).isEqualTo(409);
        assertThat(jdbc.sql("""
                select actor || '|' || before_masked || '|' || after_masked from audit_event
                 where action = 'ENROLLMENT_FLAG_CLEARED' and object_id = ?""").param(String.valueOf(id))
                .query(String.class).single())
                .isEqualTo(supervisor.getUsername() + "|OPEN|CLEARED: 劳动合同与工资流水齐全，系正常招聘");
        assertThat(ids(queue(supervisor, "region=" + GZ + "&status=OPEN"))).doesNotContain(id);
        assertThat(ids(queue(supervisor, "region=" + GZ + "&status=CLEARED"))).contains(id);
    }

    @Test
    void aSupervisorConfirmsAFlagWithAReasonAndItIsAudited() {
        long id = openFlag();
        LiangxianUser supervisor = users.staff(Role.SUPERVISOR, GZ);

        Http.Response confirmed = decide(supervisor, id, "confirm", "{\"reason\":\"无劳动关系，挂靠参保\"}");

        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asString()).isEqualTo("CONFIRMED");
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ENROLLMENT_FLAG_CONFIRMED' and object_id = ?")
                .param(String.valueOf(id)).query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ENROLLMENT_FLAG_RAISED' and object_id = ?")
                .param(String.valueOf(id)).query(Integer.class).single()).isEqualTo(1);
        assertThat(decide(supervisor, 999_999_999L, "confirm", "{\"reason\":\"x\"}").status()).isEqualTo(404);
    }
}
