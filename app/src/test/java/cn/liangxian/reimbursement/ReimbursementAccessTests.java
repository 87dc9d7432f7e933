package cn.liangxian.reimbursement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;

/**
 * Every role against a Guangzhou claim: parties of another region (or another person, employer, hospital) do not
 * see it (404); in its region each role sees what it may, and only reviewers review, only clerks and finance pay
 * (batches, retries and cancellations; 403 for a role the step is closed to). The positive answers keep the matrix
 * from passing by refusing everything.
 */
@AppTest
class ReimbursementAccessTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    Environment env;

    @Test
    void eachRoleSeesAndDoesOnlyWhatItMayWithAClaim() {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        Http http = new Http(env);
        String hr = users.tokenFor(users.employer(fx.employer));
        String number = http.postJson("/api/v1/reimbursements", fx.claimJson(LocalDate.of(2024, 5, 20)),
                "Authorization", "Bearer " + hr).json().get("number").asString();
        String path = "/api/v1/reimbursements/" + number;

        for (Role r : Role.values()) {
            LiangxianUser outsider = switch (r.binding()) {
            case REGIONS -> users.staff(r, "152501");
            case EMPLOYER -> users.employer(users.employerIn("440100", LocalDate.of(2010, 1, 1)));
            case PERSON -> users.insured(users.person("440100"));
            case INSTITUTION -> users.hospital("H44010000099");
            };
            String t = "Bearer " + users.tokenFor(outsider);
            assertThat(http.get(path, "Authorization", t).status()).as("outsider " + r).isEqualTo(404);
            assertThat(http.postJson(path + "/review", "{\"lines\": []}", "Authorization", t).status())
                    .as("outsider " + r + " review").isIn(403, 404);
            assertThat(http.postJson(path + "/retry", "{}", "Authorization", t).status())
                    .as("outsider " + r + " retry").isIn(403, 404);
            assertThat(http.postJson(path + "/cancel", "{\"reason\": \"x\"}", "Authorization", t).status())
                    .as("outsider " + r + " cancel").isIn(403, 404);
            assertThat(http.postJson("/api/v1/reimbursement-batches?region=440100", "{}", "Authorization", t)
                    .status()).as("outsider " + r + " batch").isIn(403, 404);
            assertThat(http.get("/api/v1/reimbursement-batches?region=440100", "Authorization", t).status())
                    .as("outsider " + r + " batches").isIn(403, 404);
            assertThat(http.get("/api/v1/reimbursements?region=440100", "Authorization", t).status())
                    .as("outsider " + r + " list").isIn(403, 404, 200);
            if (r.isAgency()) {
                assertThat(http.get("/api/v1/reimbursements?region=440100", "Authorization", t).status())
                        .as("agency of another region lists Guangzhou").isEqualTo(404);
            }
        }

        Set<Role> reviewers = EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER);
        Set<Role> payers = EnumSet.of(Role.AGENCY_CLERK, Role.FINANCE);
        for (Role r : Role.AGENCY) {
            String t = "Bearer " + users.tokenFor(users.staff(r, "440100"));
            assertThat(http.get(path, "Authorization", t).status()).as("agency " + r).isEqualTo(200);
            assertThat(http.get("/api/v1/reimbursements?region=440100", "Authorization", t).body()).contains(number);
            int review = http.postJson(path + "/review", "{\"lines\": []}", "Authorization", t).status();
            // a reviewer reaches the claim's own check (no invoice yet: 409); the others are refused the step
            assertThat(review).as("review by " + r).isEqualTo(reviewers.contains(r) ? 409 : 403);
            // a payer reaches the claim's own check (not a failed payment: 409); the others are refused the step
            int retry = http.postJson(path + "/retry", "{}", "Authorization", t).status();
            assertThat(retry).as("retry by " + r).isEqualTo(payers.contains(r) ? 409 : 403);
            int cancel = http.postJson(path + "/cancel", "{\"reason\": \"x\"}", "Authorization", t).status();
            assertThat(cancel).as("cancel by " + r).isEqualTo(payers.contains(r) ? 409 : 403);
            if (!payers.contains(r)) {
                assertThat(http.postJson("/api/v1/reimbursement-batches?region=440100", "{}", "Authorization", t)
                        .status()).as("batch by " + r).isEqualTo(403);
            }
            assertThat(http.get("/api/v1/reimbursement-batches?region=440100", "Authorization", t).status())
                    .as("batches read by " + r).isEqualTo(200);
        }
        String self = "Bearer " + users.tokenFor(fx.insured);
        assertThat(http.get(path, "Authorization", self).status()).isEqualTo(200);
        assertThat(http.postJson(path + "/retry", "{}", "Authorization", self).status()).isEqualTo(403);
        assertThat(http.postJson("/api/v1/reimbursement-batches?region=440100", "{}", "Authorization", self).status())
                .isEqualTo(403);
        assertThat(http.get(path, "Authorization", "Bearer " + hr).status()).isEqualTo(200);
        assertThat(http.get("/api/v1/reimbursements", "Authorization", "Bearer " + hr).body()).contains(number);
        assertThat(http.get(path).status()).isEqualTo(401);
    }
}
