package cn.liangxian.benefit;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.fund.Book;
import cn.liangxian.fund.Postings;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.UserAccounts;
import cn.liangxian.testsupport.TestDatabase;

/**
 * The demo's allowance claims: each stage is there, in the regions the demo users work in, the ledger owes exactly
 * what is approved and not yet paid, and a second start adds nothing. On a database of its own.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.data-dir=target/demo-test/pgdata")
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("demo")
class AllowanceDemoTests {

    @Autowired
    AllowanceClaims claims;
    @Autowired
    AllowanceDemo demo;
    @Autowired
    UserAccounts accounts;
    @Autowired
    Postings postings;
    @Autowired
    JdbcClient jdbc;

    @Test
    void theDemoShowsAClaimAtEachStageAndTheLedgerOwesWhatIsApprovedButUnpaid() {
        LiangxianUser hr = accounts.find("hr.changzhou").orElseThrow();
        List<AllowanceClaims.Claim> changzhou = claims.list(hr, null, null, null, null);
        Map<AllowanceClaims.Status, Long> stages = changzhou.stream()
                .collect(Collectors.groupingBy(AllowanceClaims.Claim::status, Collectors.counting()));
        assertThat(stages).containsKeys(AllowanceClaims.Status.SUBMITTED, AllowanceClaims.Status.APPROVED,
                AllowanceClaims.Status.PAID, AllowanceClaims.Status.PAYMENT_FAILED);
        BigDecimal owed = changzhou.stream().filter(c -> c.status() == AllowanceClaims.Status.APPROVED
                || c.status() == AllowanceClaims.Status.PAYMENT_FAILED).map(AllowanceClaims.Claim::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(postings.balance("320400", Book.POOLED, "2202", LocalDate.now())).isEqualByComparingTo(owed);
        // births settled elsewhere: each claim carries its scanned certificate, a PDF
        assertThat(changzhou).allSatisfy(c -> assertThat(c.evidenceFiles()).singleElement()
                .satisfies(e -> assertThat(e.contentType()).isEqualTo("application/pdf")));

        List<AllowanceClaims.Claim> erenhot = claims.list(accounts.find("clerk.erenhot").orElseThrow(), "152501", null,
                null, null);
        assertThat(erenhot).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(AllowanceClaims.Status.REFUSED);
            assertThat(c.refusalCode()).isEqualTo("ALLOWANCE_NOT_PAYABLE");
        });
        LiangxianUser mother = accounts.find("mother.guangzhou").orElseThrow();
        assertThat(claims.timelineFor(mother, mother.personId())).singleElement()
                .satisfies(t -> assertThat(t.claim().refusalCode()).isEqualTo("ALLOWANCE_CONTRIBUTION_MONTHS"));

        int before = jdbc.sql("select count(*) from allowance_claim").query(Integer.class).single();
        demo.run(new DefaultApplicationArguments());
        assertThat(jdbc.sql("select count(*) from allowance_claim").query(Integer.class).single()).isEqualTo(before);
    }
}
