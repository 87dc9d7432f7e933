package cn.liangxian.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.web.ApiException;

@AppTest
@Import(FourEyesTests.Decisions.class)
class FourEyesTests {

    @TestConfiguration
    static class Decisions {
        final List<ApprovalDecided> seen = new ArrayList<>();

        @EventListener
        void on(ApprovalDecided e) {
            seen.add(e);
        }
    }

    @Autowired
    FourEyes fourEyes;
    @Autowired
    TestUsers users;
    @Autowired
    Decisions decisions;
    @Autowired
    Environment env;

    ApprovalRequest newRequest(LiangxianUser maker) {
        return fourEyes.request(maker, "152501", "manual_payment", "零星报销 王** 生育医疗费用", "{\"claim\":1}",
                new BigDecimal("2500.00"), "医院未联网，参保人垫付");
    }

    @Test
    void anApproverOfTheRegionApprovesOnceWithAReasonAndTheFeatureHearsOfIt() {
        LiangxianUser maker = users.clerk("152501");
        LiangxianUser checker = users.staff(Role.AGENCY_APPROVER, "152501");
        ApprovalRequest r = newRequest(maker);
        assertThat(r.status()).isEqualTo(ApprovalRequest.Status.PENDING);
        ApprovalRequest done = fourEyes.approve(checker, r.id(), "票据齐全，金额在限额内");
        assertThat(done.status()).isEqualTo(ApprovalRequest.Status.APPROVED);
        assertThat(done.checker()).isEqualTo(checker.getUsername());
        assertThat(decisions.seen).anySatisfy(e -> assertThat(e.request().id()).isEqualTo(r.id()));
        assertThatThrownBy(() -> fourEyes.reject(checker, r.id(), "再看一遍")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("NOT_PENDING");
    }

    @Test
    void theMakerCannotApproveHerOwnRequestEvenAsAnApprover() {
        LiangxianUser maker = users.staff(Role.AGENCY_APPROVER, "152501");
        ApprovalRequest r = newRequest(maker);
        assertThatThrownBy(() -> fourEyes.approve(maker, r.id(), "自己批")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("SELF_APPROVAL");
    }

    @Test
    void onlyApproversDecideAndOnlyInTheirRegions() {
        ApprovalRequest r = newRequest(users.clerk("152501"));
        LiangxianUser otherClerk = users.clerk("152501");
        assertThatThrownBy(() -> fourEyes.approve(otherClerk, r.id(), "ok")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("FORBIDDEN");
        LiangxianUser elsewhere = users.staff(Role.AGENCY_APPROVER, "500000");
        assertThatThrownBy(() -> fourEyes.approve(elsewhere, r.id(), "ok")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void aRejectionNeedsAReason() {
        ApprovalRequest r = newRequest(users.clerk("152501"));
        LiangxianUser checker = users.staff(Role.AGENCY_APPROVER, "152501");
        assertThatThrownBy(() -> fourEyes.reject(checker, r.id(), " ")).isInstanceOf(ApiException.class)
                .extracting(e -> ((ApiException) e).code()).isEqualTo("REASON_REQUIRED");
        assertThat(fourEyes.reject(checker, r.id(), "缺少出院小结").status()).isEqualTo(ApprovalRequest.Status.REJECTED);
    }

    @Test
    void whetherApprovalIsNeededIsAPolicyParameter() {
        assertThat(fourEyes.requiresApproval("152501", LocalDate.of(2025, 1, 1), "manual_payment",
                new BigDecimal("0.01"))).isTrue();
        assertThatThrownBy(() -> fourEyes.requiresApproval("152501", LocalDate.of(2025, 1, 1), "no_such_kind",
                BigDecimal.ONE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRestApiFollowsTheSameRules() {
        LiangxianUser maker = users.clerk("440100");
        LiangxianUser checker = users.staff(Role.AGENCY_APPROVER, "440100");
        String makerToken = users.tokenFor(maker);
        String checkerToken = users.tokenFor(checker);
        Http http = new Http(env);
        Http.Response created = http.postJson("/api/v1/approvals", """
                {"regionCode":"440100","kind":"reversal","subject":"冲销结算 S-1","amount":"300.00","reason":"重复结算"}""",
                "Authorization", "Bearer " + makerToken);
        assertThat(created.status()).isEqualTo(201);
        long id = created.json().get("id").asLong();
        Http.Response self = http.postJson("/api/v1/approvals/" + id + "/approve", "{\"reason\":\"ok\"}",
                "Authorization", "Bearer " + makerToken);
        assertThat(self.status()).isEqualTo(403);
        assertThat(self.json().get("code").asString()).isIn("SELF_APPROVAL", "FORBIDDEN");
        Http.Response ok = http.postJson("/api/v1/approvals/" + id + "/approve", "{\"reason\":\"核实无误\"}",
                "Authorization", "Bearer " + checkerToken);
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.json().get("status").asString()).isEqualTo("APPROVED");
        Http.Response again = http.postJson("/api/v1/approvals/" + id + "/reject", "{\"reason\":\"no\"}",
                "Authorization", "Bearer " + checkerToken);
        assertThat(again.status()).isEqualTo(409);
    }
}
