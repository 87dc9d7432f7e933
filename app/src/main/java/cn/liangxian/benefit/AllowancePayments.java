package cn.liangxian.benefit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.payment.BankFiles;
import cn.liangxian.payment.BankReturns;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.web.ApiException;

/**
 * Paying approved allowance claims. A batch takes every approved claim of a region; its bank file lists one line per
 * claim (batch no, line no, account, name, amount). The bank's return file (CSV, UTF-8, header
 * {@code batch_no,line_no,account,amount,status,reason}; status {@code PAID} or {@code FAILED} with a reason) is
 * checked whole before anything is written: each line must be a line of the batch with the same account and amount.
 * The files and the once-only import are {@link BankFiles} and {@link BankReturns}, shared with the other payments.
 * A paid line clears 应付生育津贴 against the expenditure account (支出户存款); a failed line leaves the amount owed,
 * and the clerk either puts the claim into the next batch again (retry) or cancels it, which reverses the approval's
 * entry. The same file imported again changes nothing and answers the first import.
 */
@Service
public class AllowancePayments {

    static final Set<Role> PAYERS = EnumSet.of(Role.AGENCY_CLERK, Role.FINANCE);
    static final String BANK = "1004";
    /** The feature's name in the shared return-file imports, and the prefix of its error codes. */
    static final String PURPOSE = "ALLOWANCE";
    /** The header of the bank's return file. */
    public static final String HEADER = BankFiles.RETURN_HEADER;

    /** A batch as listed. */
    public record Batch(long id, String regionCode, String batchNo, String status, int lineCount, BigDecimal total,
            String createdBy, OffsetDateTime createdAt, List<Line> lines) {
    }

    /** A batch line; the account masked. */
    public record Line(long batchId, String batchNo, int lineNo, long claimId, String payeeName, String payeeAccount,
            BigDecimal amount, String status, String reason, Long paidEntryId) {
    }

    /** What an import did; {@code repeat} when the same file had been imported before (nothing written). */
    public record ReturnResult(long id, String batchNo, int paid, int failed, boolean repeat) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final AllowanceClaims claims;
    private final Postings postings;
    private final BankReturns returns;

    AllowancePayments(JdbcClient jdbc, AccessPolicy access, AuditTrail audit, AllowanceClaims claims,
            Postings postings, BankReturns returns) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.claims = claims;
        this.postings = postings;
        this.returns = returns;
    }

    /** Puts every approved claim of the region into a new batch; refused when there is none. */
    @Transactional
    public Batch createBatch(LiangxianUser by, String region) {
        access.requireRole(by, PAYERS);
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        List<Long> ids = jdbc.sql("""
                select id from allowance_claim where region_code = ? and status = 'APPROVED' order by id for update""")
                .param(region).query(Long.class).list();
        if (ids.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_NOTHING_TO_PAY");
        }
        // a claim whose settled birth was reversed after approval is held back: the clerk cancels it
        List<AllowanceClaims.Claim> cs = ids.stream().map(claims::load).filter(c -> !claims.birthWithdrawn(c)).toList();
        if (cs.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_NOTHING_TO_PAY");
        }
        BigDecimal total = cs.stream().map(AllowanceClaims.Claim::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        long seq = jdbc.sql("select count(*) + 1 from allowance_batch where region_code = ?").param(region)
                .query(Long.class).single();
        String batchNo = BankFiles.batchNo("SJ", region, LocalDate.now(), seq);
        long batchId = jdbc.sql("""
                insert into allowance_batch (region_code, batch_no, status, line_count, total, created_by)
                values (?, ?, 'SENT', ?, ?, ?) returning id""")
                .params(region, batchNo, cs.size(), total, by.getUsername()).query(Long.class).single();
        int lineNo = 0;
        for (AllowanceClaims.Claim c : cs) {
            // the payee as the claim stores it: her name and account encrypted, an employer's name as registered
            jdbc.sql("""
                    insert into allowance_batch_line (batch_id, line_no, claim_id, payee_name, payee_account, amount, status)
                    select ?, ?, id, payee_name, payee_account, ?, 'SENT' from allowance_claim where id = ?""")
                    .params(batchId, ++lineNo, c.amount(), c.id()).update();
            claims.move(c, AllowanceClaims.Status.IN_BATCH, "BATCHED", by.getUsername(), batchNo + " #" + lineNo);
        }
        audit.record(region, "ALLOWANCE_BATCH_CREATED", "allowance_batch", batchNo, null, cs.size() + " " + total);
        return batch(by, batchId);
    }

    /** The bank file of a batch (full accounts, for the bank): CSV, UTF-8. */
    public byte[] bankFile(LiangxianUser by, long batchId) {
        access.requireRole(by, PAYERS);
        Batch b = batch(by, batchId);
        byte[] file = BankFiles.bankFile(b.batchNo(), sent(batchId));
        audit.record(b.regionCode(), "ALLOWANCE_BANK_FILE", "allowance_batch", b.batchNo(), null, "downloaded");
        return file;
    }

    /** The lines of a batch as sent: full accounts and names, for the bank file and the check of a return. */
    private List<BankFiles.SentLine> sent(long batchId) {
        return jdbc.sql("""
                select l.line_no, l.payee_account, l.payee_name, l.amount, l.status, c.payee
                  from allowance_batch_line l join allowance_claim c on c.id = l.claim_id
                 where l.batch_id = ? order by l.line_no""").param(batchId)
                .query((rs, i) -> new BankFiles.SentLine(rs.getInt(1), claims.revealAccount(rs.getString(2)),
                        claims.payeeName(rs.getString(6), rs.getString(3)), rs.getBigDecimal(4),
                        BankFiles.LineStatus.valueOf(rs.getString(5))))
                .list();
    }

    /** Imports the bank's return file (see the class comment); all or nothing; the same file again changes nothing. */
    @Transactional
    public ReturnResult importReturn(LiangxianUser by, String region, String fileName, byte[] content) {
        access.requireRole(by, PAYERS);
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        LocalDate today = LocalDate.now();
        BankReturns.Imported r = returns.importFile(PURPOSE, region, fileName, content, by.getUsername(),
                new BankReturns.Batches() {

                    @Override
                    public Optional<List<BankFiles.SentLine>> sent(String batchNo) {
                        return batchId(region, batchNo).map(AllowancePayments.this::sent);
                    }

                    @Override
                    public void paid(String batchNo, BankFiles.SentLine l) {
                        long batchId = batchId(region, batchNo).orElseThrow();
                        AllowanceClaims.Claim c = claims.load(claimOf(batchId, l.lineNo()));
                        JournalEntry e = postings.post(new PostingRequest(region, AllowanceClaims.book(c),
                                SourceType.ALLOWANCE_BATCH, batchNo + "-" + l.lineNo(), today, today,
                                "生育津贴支付 " + batchNo + " #" + l.lineNo(), List.of(
                                        PostingLine.debit(AllowanceClaims.PAYABLE, l.amount()),
                                        PostingLine.credit(BANK, l.amount()))));
                        jdbc.sql("""
                                update allowance_batch_line set status = 'PAID', paid_entry_id = ?, returned_at = now()
                                 where batch_id = ? and line_no = ?""").params(e.id(), batchId, l.lineNo()).update();
                        claims.move(c, AllowanceClaims.Status.PAID, "PAID", by.getUsername(),
                                batchNo + " #" + l.lineNo());
                    }

                    @Override
                    public void failed(String batchNo, BankFiles.SentLine l, String reason) {
                        long batchId = batchId(region, batchNo).orElseThrow();
                        AllowanceClaims.Claim c = claims.load(claimOf(batchId, l.lineNo()));
                        jdbc.sql("""
                                update allowance_batch_line set status = 'FAILED', reason = ?, returned_at = now()
                                 where batch_id = ? and line_no = ?""").params(reason, batchId, l.lineNo()).update();
                        claims.move(c, AllowanceClaims.Status.PAYMENT_FAILED, "PAYMENT_FAILED", by.getUsername(),
                                batchNo + " #" + l.lineNo() + ": " + reason);
                    }
                });
        if (!r.repeat()) {
            long batchId = batchId(region, r.batchNo()).orElseThrow();
            jdbc.sql("""
                    update allowance_batch set status = 'RETURNED' where id = ?
                       and not exists (select 1 from allowance_batch_line where batch_id = ? and status = 'SENT')""")
                    .params(batchId, batchId).update();
            audit.record(region, "ALLOWANCE_RETURN_IMPORTED", "allowance_batch", r.batchNo(), null, r.paid() + " paid, "
                    + r.failed() + " failed");
        }
        return new ReturnResult(r.id(), r.batchNo(), r.paid(), r.failed(), r.repeat());
    }

    /** The SHA-256 of a file, hex: as the shared return-file imports compute it. */
    static String sha256(byte[] content) {
        return BankFiles.sha256(content);
    }

    private Optional<Long> batchId(String region, String batchNo) {
        return jdbc.sql("select id from allowance_batch where region_code = ? and batch_no = ?").params(region, batchNo)
                .query(Long.class).optional();
    }

    private long claimOf(long batchId, int lineNo) {
        return jdbc.sql("select claim_id from allowance_batch_line where batch_id = ? and line_no = ?")
                .params(batchId, lineNo).query(Long.class).single();
    }

    /** A failed payment goes into the next batch again (the amount stays owed on the ledger). */
    @Transactional
    public AllowanceClaims.Claim retry(LiangxianUser by, long claimId, String note) {
        access.requireRole(by, PAYERS);
        AllowanceClaims.Claim c = claims.visible(by, claimId);
        AllowanceClaims.requireStatus(c, AllowanceClaims.Status.PAYMENT_FAILED);
        claims.move(c, AllowanceClaims.Status.APPROVED, "RETRY", by.getUsername(), note);
        return claims.load(claimId);
    }

    /**
     * A failed payment — or an approved claim whose settled birth was reversed since — is cancelled: the approval's
     * entry is reversed, nothing is owed any more.
     */
    @Transactional
    public AllowanceClaims.Claim cancel(LiangxianUser by, long claimId, String reason) {
        access.requireRole(by, PAYERS);
        AllowanceClaims.Claim c = claims.visible(by, claimId);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_REASON_REQUIRED");
        }
        if (!(c.status() == AllowanceClaims.Status.APPROVED && claims.birthWithdrawn(c))) {
            AllowanceClaims.requireStatus(c, AllowanceClaims.Status.PAYMENT_FAILED);
        }
        postings.reverse(c.regionCode(), c.approvedEntryId(), "生育津贴撤销 #" + claimId + "：" + reason.strip(),
                LocalDate.now());
        claims.move(c, AllowanceClaims.Status.CANCELLED, "CANCELLED", by.getUsername(), reason);
        return claims.load(claimId);
    }

    // ------------------------------------------------------------------ reading

    public List<Batch> batches(LiangxianUser viewer, String region) {
        access.requireRole(viewer, AllowanceClaims.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        return jdbc.sql("select * from allowance_batch where region_code = ? order by id desc limit 100").param(region)
                .query((rs, i) -> batchRow(rs)).list().stream()
                .map(b -> new Batch(b.id(), b.regionCode(), b.batchNo(), b.status(), b.lineCount(), b.total(),
                        b.createdBy(), b.createdAt(), lines(b.id(), b.batchNo())))
                .toList();
    }

    public Batch batch(LiangxianUser viewer, long id) {
        access.requireRole(viewer, AllowanceClaims.READERS);
        Batch b = jdbc.sql("select * from allowance_batch where id = ?").param(id).query((rs, i) -> batchRow(rs))
                .optional().orElseThrow(AllowanceClaims::notFound);
        access.requireVisible(viewer, AccessPolicy.Owner.region(b.regionCode()));
        return new Batch(b.id(), b.regionCode(), b.batchNo(), b.status(), b.lineCount(), b.total(), b.createdBy(),
                b.createdAt(), lines(b.id(), b.batchNo()));
    }

    /** The payment lines of one claim (its case view). */
    public List<Line> linesOfClaim(long claimId) {
        return jdbc.sql("""
                select l.*, b.batch_no, c.payee from allowance_batch_line l join allowance_batch b on b.id = l.batch_id
                  join allowance_claim c on c.id = l.claim_id
                 where l.claim_id = ? order by l.batch_id, l.line_no""").param(claimId)
                .query((rs, i) -> line(rs, rs.getString("batch_no"))).list();
    }

    private List<Line> lines(long batchId, String batchNo) {
        return jdbc.sql("""
                select l.*, c.payee from allowance_batch_line l join allowance_claim c on c.id = l.claim_id
                 where l.batch_id = ? order by l.line_no""").param(batchId)
                .query((rs, i) -> line(rs, batchNo)).list();
    }

    private Line line(java.sql.ResultSet rs, String batchNo) throws java.sql.SQLException {
        return new Line(rs.getLong("batch_id"), batchNo, rs.getInt("line_no"), rs.getLong("claim_id"),
                claims.payeeNameShown(rs.getString("payee"), rs.getString("payee_name")),
                Masking.bankAccount(claims.revealAccount(rs.getString("payee_account"))),
                rs.getBigDecimal("amount"), rs.getString("status"), rs.getString("reason"),
                rs.getObject("paid_entry_id", Long.class));
    }

    private static Batch batchRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Batch(rs.getLong("id"), rs.getString("region_code"), rs.getString("batch_no"), rs.getString("status"),
                rs.getInt("line_count"), rs.getBigDecimal("total"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class), List.of());
    }
}
