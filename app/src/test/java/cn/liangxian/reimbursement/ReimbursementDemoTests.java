package cn.liangxian.reimbursement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.institution.Catalogs;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.UserAccounts;
import cn.liangxian.testsupport.TestDatabase;

/**
 * The demo files two reimbursements for mother.guangzhou, each with its invoice, the earlier one reviewed and
 * approved when the demo catalog holds the items it needs; loading again adds nothing. On the demo's own database.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.data-dir=target/demo-test/pgdata")
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("demo")
class ReimbursementDemoTests {

    @Autowired
    UserAccounts accounts;
    @Autowired
    Reimbursements reimbursements;
    @Autowired
    Catalogs catalogs;
    @Autowired
    ReimbursementDemo demo;

    @Test
    void theDemoMotherHasAClaimOfEachStageAndALoadAgainAddsNone() {
        LiangxianUser mother = accounts.find("mother.guangzhou").orElseThrow();
        List<Reimbursements.Reimbursement> claims = reimbursements.list(mother, null, null);
        assertThat(claims).hasSize(2);
        assertThat(claims).allSatisfy(c -> assertThat(c.documents()).isNotEmpty());
        Reimbursements.Reimbursement recent = claims.get(0);
        Reimbursements.Reimbursement earlier = claims.get(1);
        assertThat(recent.status()).isEqualTo(Reimbursements.Status.SUBMITTED);
        boolean catalog = catalogs.item("440100", "311201001", earlier.serviceDate()).isPresent();
        assertThat(earlier.status()).isEqualTo(catalog ? Reimbursements.Status.APPROVED
                : Reimbursements.Status.SUBMITTED);
        if (catalog) {
            assertThat(earlier.benefit()).isPositive();
            assertThat(earlier.lines()).extracting(Reimbursements.Line::decision)
                    .contains("COVERED", "PARTLY", "EXCLUDED", "REJECTED");
            assertThat(earlier.explanation()).isNotEmpty();
        }
        demo.run(new DefaultApplicationArguments());
        assertThat(reimbursements.list(mother, null, null)).hasSize(2);
    }
}
