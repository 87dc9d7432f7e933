package cn.liangxian.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.registry.Census;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/** The census page, the bulk-fix request and the approvals page where a second person decides it. */
@AppTest
class CensusAndApprovalPagesTests {

    /** Chongqing: merged from 2017-07-01, so imported 310-only history before it shows in a later census. */
    static final String CQ = "500000";

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
    @Autowired
    Census census;
    @Autowired
    FourEyes fourEyes;

    WebSession signIn(LiangxianUser u) {
        WebSession s = new WebSession(new Http(env).base());
        s.login(u.getUsername(), TestUsers.PASSWORD);
        return s;
    }

    @Test
    void aClerkSeesTheCensusRequestsTheFixAndAnApproverApprovesItAfterWhichTheCensusIsEmpty() {
        RegistryFixture fx = new RegistryFixture(employers, persons, enrollments, users);
        String uscc = fx.employer(CQ, "重庆示例实业有限公司", LocalDate.of(2015, 1, 1));
        long a = fx.woman(CQ, "唐一");
        long b = fx.woman(CQ, "唐二");
        fx.legacyMedicalOnly(a, uscc, LocalDate.of(2016, 1, 1));
        fx.legacyMedicalOnly(b, uscc, LocalDate.of(2016, 6, 1));
        LocalDate day = LocalDate.of(2018, 3, 1);
        LiangxianUser clerk = users.clerk(CQ);
        WebSession web = signIn(clerk);

        String url = "/ui/agency/census?region=" + CQ + "&date=" + day;
        WebSession.Page page = web.get(url);
        assertThat(page.status()).isEqualTo(200);
        int total = census.report(clerk, CQ, day).total();
        assertThat(total).isGreaterThanOrEqualTo(2);
        assertThat(page.body()).doesNotContain("??").contains("id=\"census-total\">" + total + "<", "重庆示例实业有限公司",
                "唐*", "2016-01-01", "2016-06-01", "/ui/agency/persons/" + a, "id=\"fix-form\"").doesNotContain("唐一");

        WebSession.Page noReason = web.post("/ui/agency/census/fix", Map.of("region", CQ, "date", day.toString(),
                "reason", " "), url, true);
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.body()).contains("id=\"error-fix\"", "REASON_REQUIRED", "id=\"census-total\"");

        WebSession.Page beforeMerger = web.post("/ui/agency/census/fix", Map.of("region", CQ, "date", "2017-06-30",
                "reason", "补登"), url, true);
        assertThat(beforeMerger.status()).isEqualTo(422);
        assertThat(beforeMerger.body()).contains("CENSUS_BEFORE_MERGER", "2017-07-01");

        WebSession.Page requested = web.post("/ui/agency/census/fix", Map.of("region", CQ, "date", day.toString(),
                "reason", "摸清底数，统一补登"), url, true);
        assertThat(requested.status()).isEqualTo(302);
        ApprovalRequest r = fourEyes.list(clerk).stream().filter(x -> x.kind().equals("census_fix")
                && x.status() == ApprovalRequest.Status.PENDING && x.maker().equals(clerk.getUsername())).findFirst()
                .orElseThrow();
        assertThat(web.follow(requested).body()).contains("批量补登已提交审批", "审批事项 #" + r.id());

        WebSession.Page clerkView = web.get("/ui/agency/approvals");
        assertThat(clerkView.body()).doesNotContain("??").contains("id=\"approval-" + r.id() + "\"",
                "摸清底数：" + total + " 人自 2018-03-01 补登生育保险", "摸清底数，统一补登", "待审批")
                .doesNotContain("id=\"approve-" + r.id() + "\"");

        WebSession approver = signIn(users.staff(Role.AGENCY_APPROVER, CQ));
        WebSession.Page list = approver.get("/ui/agency/approvals");
        assertThat(list.body()).contains("id=\"approve-" + r.id() + "\"", "href=\"/ui/agency/census?region=" + CQ
                + "&amp;date=2018-03-01\"");
        WebSession.Page en = approver.get("/ui/agency/approvals?lang=en");
        assertThat(en.body()).doesNotContain("??").contains("census fix: " + total + " people enrolled in 510 from 2018-03-01",
                "Census fix (enroll in 510)", "Pending");
        approver.get("/ui/agency/approvals?lang=zh_CN");

        WebSession.Page blank = approver.post("/ui/agency/approvals/" + r.id() + "/approve", Map.of("reason", ""),
                "/ui/agency/approvals", true);
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.body()).contains("id=\"error-decide-" + r.id() + "\"", "REASON_REQUIRED");

        WebSession.Page approved = approver.post("/ui/agency/approvals/" + r.id() + "/approve",
                Map.of("reason", "名单核对无误"), "/ui/agency/approvals", true);
        assertThat(approved.status()).isEqualTo(302);
        assertThat(approver.follow(approved).body()).contains("审批事项 #" + r.id() + " 已同意", "已同意", "名单核对无误");
        assertThat(fourEyes.visible(clerk, r.id()).status()).isEqualTo(ApprovalRequest.Status.APPROVED);
        assertThat(enrollments.coverageOn(a, Enrollments.MATERNITY, day)).hasValueSatisfying(p -> {
            assertThat(p.source()).isEqualTo("CENSUS_FIX");
            assertThat(p.employerUscc()).isEqualTo(uscc);
        });

        WebSession.Page after = web.get(url);
        assertThat(after.body()).contains("id=\"census-total\">0<", "id=\"census-empty\"");
        assertThat(web.get("/ui/agency/persons/" + a).body()).contains("src-census-fix", "摸清底数补登");
    }

    @Test
    void anApproverCannotDecideHerOwnRequestAndARejectionIsRecorded() {
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, "152501");
        ApprovalRequest own = fourEyes.request(approver, "152501", "manual_payment", "零星报销 测试", "{}",
                new BigDecimal("100.00"), "医院未联网");
        WebSession web = signIn(approver);
        WebSession.Page p = web.post("/ui/agency/approvals/" + own.id() + "/approve", Map.of("reason", "自己批"),
                "/ui/agency/approvals", true);
        assertThat(p.status()).isEqualTo(403);
        assertThat(p.body()).contains("id=\"error-decide-" + own.id() + "\"", "SELF_APPROVAL", "value=\"自己批\"");
        assertThat(fourEyes.visible(approver, own.id()).status()).isEqualTo(ApprovalRequest.Status.PENDING);

        WebSession other = signIn(users.staff(Role.AGENCY_APPROVER, "152501"));
        WebSession.Page rejected = other.post("/ui/agency/approvals/" + own.id() + "/reject",
                Map.of("reason", "票据不全"), "/ui/agency/approvals", true);
        assertThat(rejected.status()).isEqualTo(302);
        assertThat(fourEyes.visible(approver, own.id()).status()).isEqualTo(ApprovalRequest.Status.REJECTED);
        assertThat(other.follow(rejected).body()).contains("已驳回", "票据不全", "零星报销支付");
    }

    @Test
    void anApproverOfAnotherRegionNeitherSeesNorDecidesTheRequest() {
        ApprovalRequest r = fourEyes.request(users.clerk("152501"), "152501", "manual_payment", "零星报销 别区", "{}",
                new BigDecimal("100.00"), "理由");
        WebSession web = signIn(users.staff(Role.AGENCY_APPROVER, "440100"));
        assertThat(web.get("/ui/agency/approvals").body()).doesNotContain("id=\"approval-" + r.id() + "\"");
        WebSession.Page p = web.post("/ui/agency/approvals/" + r.id() + "/approve", Map.of("reason", "越权"),
                "/ui/agency/approvals", true);
        assertThat(p.status()).isEqualTo(404);
        assertThat(fourEyes.visible(users.clerk("152501"), r.id()).status()).isEqualTo(ApprovalRequest.Status.PENDING);
    }

    @Test
    void anApproverSeesTheCensusButCannotFileTheFix() {
        WebSession web = signIn(users.staff(Role.AGENCY_APPROVER, CQ));
        WebSession.Page p = web.get("/ui/agency/census?region=" + CQ + "&date=2019-01-01");
        assertThat(p.status()).isEqualTo(200);
        assertThat(p.body()).contains("id=\"census-report\"").doesNotContain("id=\"fix-form\"");
    }
}
