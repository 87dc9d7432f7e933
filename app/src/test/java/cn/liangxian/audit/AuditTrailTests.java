package cn.liangxian.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.Main;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestDatabase;

@AppTest
class AuditTrailTests {

    @Autowired
    AuditTrail audit;
    @Autowired
    AuditVerifier verifier;
    @Autowired
    JdbcClient jdbc;

    @Test
    void eachRowChainsToThePreviousOneAndTheChainVerifies() {
        AuditEvent a = audit.record(new AuditTrail.Actor("clerk.a", "AGENCY_CLERK", "152501"), "TEST_ACTION", "thing",
                "1", null, "4401**********1235");
        AuditEvent b = audit.record(new AuditTrail.Actor("clerk.b", "AGENCY_CLERK", "152501"), "TEST_ACTION", "thing",
                "2", "x", "y");
        assertThat(b.prevHash()).isEqualTo(a.hash());
        assertThat(b.hash()).isNotEqualTo(a.hash()).hasSize(64);
        AuditVerifier.Result r = verifier.verify();
        assertThat(r.intact()).as(String.valueOf(r)).isTrue();
        assertThat(r.rowsChecked()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void theTableRefusesUpdatesAndDeletes() {
        AuditEvent e = audit.record(AuditTrail.Actor.system("test"), "TEST_ACTION", "thing", "3", null, null);
        assertThatThrownBy(() -> jdbc.sql("update audit_event set actor = 'someone else' where id = ?").param(e.id())
                .update()).hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("delete from audit_event where id = ?").param(e.id()).update())
                .hasMessageContaining("append-only");
    }

    @Test
    void tamperingWithARowIsDetectedAndTheRowNamedAlsoByTheCommand() {
        audit.record(AuditTrail.Actor.system("test"), "TEST_ACTION", "thing", "before-tamper", null, "100.00");
        AuditEvent victim = audit.record(AuditTrail.Actor.system("test"), "PAYMENT", "thing", "victim", null,
                "100.00");
        audit.record(AuditTrail.Actor.system("test"), "TEST_ACTION", "thing", "after-tamper", null, null);
        String[] args = { "--spring.datasource.url=" + TestDatabase.url(), "--spring.datasource.username=postgres",
                "--spring.profiles.active=test" };
        assertThat(Main.auditVerify(args)).as("intact before").isZero();
        // someone with database superuser rights switches the guard off and edits an amount
        jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update();
        try {
            jdbc.sql("update audit_event set after_masked = '999999.00' where id = ?").param(victim.id()).update();
            AuditVerifier.Result r = verifier.verify();
            assertThat(r.intact()).isFalse();
            assertThat(r.firstBrokenId()).isEqualTo(victim.id());
            assertThat(r.reason()).contains("content does not match");
            assertThat(Main.auditVerify(args)).as("the command reports the break").isEqualTo(1);
        } finally {
            jdbc.sql("update audit_event set after_masked = '100.00' where id = ?").param(victim.id()).update();
            jdbc.sql("alter table audit_event enable trigger audit_event_no_update").update();
        }
        assertThat(verifier.verify().intact()).isTrue();
    }

    @Test
    void aDeletedRowBreaksTheLinkOfTheNextOne() {
        AuditEvent gone = audit.record(AuditTrail.Actor.system("test"), "TEST_ACTION", "thing", "gone", null, null);
        AuditEvent next = audit.record(AuditTrail.Actor.system("test"), "TEST_ACTION", "thing", "next", null, null);
        jdbc.sql("alter table audit_event disable trigger audit_event_no_update").update();
        try {
            var saved = jdbc.sql("select * from audit_event where id = ?").param(gone.id()).query().singleRow();
            jdbc.sql("delete from audit_event where id = ?").param(gone.id()).update();
            AuditVerifier.Result r = verifier.verify();
            assertThat(r.firstBrokenId()).isEqualTo(next.id());
            assertThat(r.reason()).contains("prev_hash");
            jdbc.sql("""
                    insert into audit_event (id, at, actor, role, region_code, action, object_type, object_id,
                      before_masked, after_masked, client_address, prev_hash, hash) overriding system value
                    values (:id, :at, :actor, :role, :region_code, :action, :object_type, :object_id, :before_masked,
                      :after_masked, :client_address, :prev_hash, :hash)""").params(saved).update();
        } finally {
            jdbc.sql("alter table audit_event enable trigger audit_event_no_update").update();
        }
        assertThat(verifier.verify().intact()).isTrue();
    }
}
