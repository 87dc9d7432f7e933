package cn.liangxian.reimbursement;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.security.pii.PersonalDataCipher;

/**
 * Seals, when the server starts, the reimbursement documents a version before V24 stored in the clear: each
 * file's content and name are encrypted as new uploads are, and the clear columns emptied, a hundred files per
 * transaction (a server stopped half-way finishes the rest at its next start). One audit record says how many.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class ReimbursementDocumentSealer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(ReimbursementDocumentSealer.class);
    static final int BATCH = 100;

    private final JdbcClient jdbc;
    private final PersonalDataCipher cipher;
    private final AuditTrail audit;
    private final TransactionTemplate tx;

    ReimbursementDocumentSealer(JdbcClient jdbc, PersonalDataCipher cipher, AuditTrail audit,
            PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.audit = audit;
        this.tx = new TransactionTemplate(transactions);
    }

    @Override
    public void run(ApplicationArguments args) {
        int sealed = sealAll();
        if (sealed > 0) {
            log.info("Reimbursement documents stored in the clear are now encrypted: {}", sealed);
        }
    }

    /** Seals every document still in the clear; answers how many it sealed. */
    int sealAll() {
        int total = 0;
        int n;
        do {
            n = tx.execute(s -> sealBatch());
            total += n;
        } while (n == BATCH);
        if (total > 0) {
            audit.record(AuditTrail.Actor.system("reimbursement-document-sealer"), "REIMBURSEMENT_DOCUMENTS_SEALED",
                    "reimbursement_document", "all", null, total + " documents encrypted at rest");
        }
        return total;
    }

    private int sealBatch() {
        record Clear(String region, long id, long claimId, String name, byte[] content) {
        }
        var rows = jdbc.sql("""
                select region_code, id, reimbursement_id, file_name, content from reimbursement_document
                 where content_enc is null order by region_code, id limit ? for update skip locked""")
                .param(BATCH)
                .query((rs, i) -> new Clear(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getBytes(5)))
                .list();
        for (Clear c : rows) {
            jdbc.sql("""
                    update reimbursement_document set file_name_enc = ?, content_enc = ?, file_name = null, content = null
                     where region_code = ? and id = ? and content_enc is null""")
                    .params(cipher.encrypt(c.name(), Reimbursements.DOCUMENT_NAME_CONTEXT),
                            cipher.encryptBytes(c.content(), Reimbursements.documentContext(c.region(), c.claimId())),
                            c.region(), c.id())
                    .update();
        }
        return rows.size();
    }
}
