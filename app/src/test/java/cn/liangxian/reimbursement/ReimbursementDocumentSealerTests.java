package cn.liangxian.reimbursement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.registry.Enrollments;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestFiles;
import cn.liangxian.testsupport.TestUsers;

/**
 * Invoices a version before V24 stored in the clear are sealed at start-up: afterwards the table holds them only
 * encrypted, the claim still shows and serves them as they were, and a second run finds nothing to do.
 */
@AppTest
class ReimbursementDocumentSealerTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    Reimbursements reimbursements;
    @Autowired
    ReimbursementDocumentSealer sealer;

    @Test
    void aDocumentStoredInTheClearIsSealedAndStillServedAsItWas() {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        Reimbursements.Reimbursement r = reimbursements.submit(fx.insured, new Reimbursements.NewReimbursement(fx.person,
                "NORMAL_DELIVERY", 1, LocalDate.of(2024, 5, 20), "香港某产科诊所", "OUT_OF_REGION", "中国工商银行广州分行",
                ReimbursementFixture.ACCOUNT, List.of(new Reimbursements.FeeLine(fx.itemA, "阴道分娩术", BigDecimal.ONE,
                        new BigDecimal("2600.00")))),
                List.of(new Reimbursements.Upload("发票.pdf", ReimbursementFixture.pdf())), LocalDate.now());
        long claimId = Reimbursements.id(r.number());
        // a row as the earlier version wrote it: name and content in the clear
        byte[] scan = TestFiles.png(120, 80, "旧版发票");
        long legacy = jdbc.sql("""
                insert into reimbursement_document (region_code, reimbursement_id, file_name, content_type, size_bytes,
                    sha256, content, uploaded_by)
                values (?, ?, '王某某住院发票.png', 'image/png', ?, ?, ?, 'earlier') returning id""")
                .params(r.regionCode(), claimId, scan.length, ReimbursementApiTests.hex(scan), scan)
                .query(Long.class).single();
        int auditsBefore = sealedAudits();

        assertThat(sealer.sealAll()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.sql("select count(*) from reimbursement_document where content is not null or file_name is not null")
                .query(Integer.class).single()).as("nothing left in the clear").isZero();
        byte[] stored = jdbc.sql("select content_enc from reimbursement_document where id = ?").param(legacy)
                .query(byte[].class).single();
        assertThat(TestFiles.holdsClearBytes(stored, scan)).isFalse();
        assertThat(jdbc.sql("select file_name_enc from reimbursement_document where id = ?").param(legacy)
                .query(String.class).single()).doesNotContain("王某某");
        Reimbursements.DocumentFile back = reimbursements.document(fx.insured, r.number(), legacy);
        assertThat(back.content()).isEqualTo(scan);
        assertThat(back.document().fileName()).isEqualTo("王某某住院发票.png");
        assertThat(back.document().sha256()).isEqualTo(ReimbursementApiTests.hex(scan));
        assertThat(reimbursements.visible(fx.clerk, r.number()).documents()).extracting(Reimbursements.Document::fileName)
                .containsExactly("发票.pdf", "王某某住院发票.png");
        assertThat(sealedAudits()).isEqualTo(auditsBefore + 1);

        assertThat(sealer.sealAll()).as("a second run").isZero();
        assertThat(sealedAudits()).isEqualTo(auditsBefore + 1);
    }

    int sealedAudits() {
        return jdbc.sql("select count(*) from audit_event where action = 'REIMBURSEMENT_DOCUMENTS_SEALED'")
                .query(Integer.class).single();
    }
}
