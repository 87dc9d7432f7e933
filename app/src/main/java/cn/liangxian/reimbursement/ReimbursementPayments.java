package cn.liangxian.reimbursement;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.fund.FundAccounts;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.LegacyFundClearing;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.payment.BankFiles;
import cn.liangxian.payment.BankReturns;
import cn.liangxian.policy.Amounts;
import cn.liangxian.registry.MaternityEvents;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.web.ApiException;

/**
 * Paying approved reimbursements through the bank. A batch takes every approved claim of a region; its bank file
 * ({@link BankFiles}: {@code batch_no,line_no,account,name,amount}) lists one line per claim with the insured's name
 * and account. The bank's return file ({@code batch_no,line_no,account,amount,status,reason}) is checked whole before
 * anything is written and imported once ({@link BankReturns}).
 *
 * <p>The ledger, in the book that pays a maternity payment made today ({@link LegacyFundClearing#payingBook}): when a
 * claim first goes into a batch its benefit is owed, maternity medical expenditure against 应付零星报销款 ({@code
 * MANUAL_PAYMENT}, the claim's number), and its maternity event is recorded in the registry; a paid line clears the
 * payable against the expenditure account 1004 ({@code REIMBURSEMENT_BATCH}, batch number and line); a failed line
 * leaves it owed, and a clerk either puts the claim into the next batch again (retry) or cancels it with a reason,
 * which reverses the batching entry and withdraws the maternity event. Only agency clerks and finance of the claim's
 * region act; every step is audited, with accounts masked.
 */
@Service
public class ReimbursementPayments {

    /** The feature's name in the shared return-file imports, and the prefix of its error codes. */
    static final String PURPOSE = "REIMBURSEMENT";
    /** The prefix of a batch number: {@code BX<region><day><seq>}. */
    static final String BATCH_PREFIX = "BX";
    static final String NAME_CONTEXT = "reimbursement_batch_line.payee_name";
    static final String ACCOUNT_CONTEXT = "reimbursement_batch_line.payee_account";

    /** A batch as listed: its lines with names and accounts masked. */
    public record Batch(String batchNo, String regionCode, String status, int lineCount, BigDecimal total,
            String createdBy, Instant createdAt, List<Reimbursements.Payment> lines) {
    }

    /** What an import did; {@code repeat} when the same file had been imported before (nothing written). */
    public record ReturnResult(long id, String batchNo, int paid, int failed, boolean repeat) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final Reimbursements reimbursements;
    private final Postings postings;
    private final LegacyFundClearing funds;
    private final MaternityEvents events;
    private final PersonDirectory persons;
    private final PersonalDataCipher cipher;
    private final BankReturns returns;

    ReimbursementPayments(JdbcClient jdbc, AccessPolicy access, AuditTrail audit, Reimbursements reimbursements,
            Postings postings, LegacyFundClearing funds, MaternityEvents events, PersonDirectory persons,
            PersonalDataCipher cipher, BankReturns returns) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.reimbursements = reimbursements;
        this.postings = postings;
        this.funds = funds;
        this.events = events;
        this.persons = persons;
        this.cipher = cipher;
        this.returns = returns;
    }

    // ------------------------------------------------------------------ batch

    /**
     * Puts every approved claim of the region into a new batch (refused when there is none): a claim batched for the
     * first time is owed on the ledger and its maternity event recorded; a retried claim is owed already.
     */
    @Transactional
    public Batch createBatch(LiangxianUser by, String region, LocalDate today) {
        access.requireRole(by, Reimbursements.PAYERS);
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("reimbursement-batch-" + region).query()
                .singleValue();
        List<Long> ids = jdbc.sql("""
                select id from reimbursement where region_code = ? and status = 'APPROVED' and benefit > 0
                 order by id for update""")
                .param(region).query(Long.class).list();
        if (ids.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_NOTHING_TO_PAY");
        }
        List<Reimbursements.Reimbursement> claims = ids.stream().map(id -> reimbursements.load(region, id)).toList();
        BigDecimal total = claims.stream().map(Reimbursements.Reimbursement::benefit).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        long seq = jdbc.sql("select count(*) + 1 from reimbursement_batch where region_code = ?").param(region)
                .query(Long.class).single();
        String batchNo = BankFiles.batchNo(BATCH_PREFIX, region, today, seq);
        long batchId = jdbc.sql("""
                insert into reimbursement_batch (region_code, batch_no, status, line_count, total, created_by)
                values (?, ?, 'SENT', ?, ?, ?) returning id""")
                .params(region, batchNo, claims.size(), total, by.getUsername()).query(Long.class).single();
        List<PersonDirectory.RevealedPerson> people = persons.loadAll(claims.stream()
                .map(Reimbursements.Reimbursement::personId).distinct().toList());
        int lineNo = 0;
        for (Reimbursements.Reimbursement r : claims) {
            lineNo++;
            String name = people.stream().filter(p -> p.id() == r.personId()).findFirst().orElseThrow().name();
            String account = cipher.decrypt(jdbc.sql("""
                    select bank_account_enc from reimbursement where region_code = ? and id = ?""")
                    .params(region, Reimbursements.id(r.number())).query(String.class).single(),
                    Reimbursements.BANK_CONTEXT);
            jdbc.sql("""
                    insert into reimbursement_batch_line (region_code, batch_id, line_no, reimbursement_id,
                        payee_name_enc, payee_name_masked, payee_account_enc, payee_account_masked, amount, status)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'SENT')""")
                    .params(region, batchId, lineNo, Reimbursements.id(r.number()), cipher.encrypt(name, NAME_CONTEXT),
                            Masking.name(name), cipher.encrypt(account, ACCOUNT_CONTEXT), Masking.bankAccount(account),
                            r.benefit())
                    .update();
            Long entryId = r.entryId() != null ? r.entryId() : owe(r, today).id();
            Long eventId = r.maternityEventId() != null ? r.maternityEventId()
                    : events.record(region, r.personId(), r.serviceDate(), Reimbursements.EVENT_SOURCE, r.number())
                            .id();
            move(r, """
                    update reimbursement set status = 'IN_BATCH', entry_id = ?, maternity_event_id = ?,
                        version = version + 1
                    where region_code = ? and id = ? and status = 'APPROVED'""", entryId, eventId, region,
                    Reimbursements.id(r.number()));
            audit(by, region, "REIMBURSEMENT_BATCHED", "reimbursement", r.number(), r.status().name(),
                    Reimbursements.Status.IN_BATCH.name() + " " + batchNo + " #" + lineNo + " "
                            + Amounts.fmt(r.benefit()) + " to " + r.bankAccount() + " entry " + entryId);
        }
        audit(by, region, "REIMBURSEMENT_BATCH_CREATED", "reimbursement_batch", batchNo, null,
                claims.size() + " " + Amounts.fmt(total));
        return batch(by, batchNo);
    }

    /** The benefit owed from the claim's first batch: maternity medical expenditure against 应付零星报销款. */
    private JournalEntry owe(Reimbursements.Reimbursement r, LocalDate today) {
        LegacyFundClearing.PayingBook book = funds.payingBook(r.regionCode(), null, today, r.serviceDate());
        return postings.post(new PostingRequest(r.regionCode(), book.bookCode(), SourceType.MANUAL_PAYMENT, r.number(),
                today, r.serviceDate(), "零星报销 " + r.number() + " 生育医疗费用 / manual reimbursement",
                List.of(PostingLine.debit(book.medicalAccount(), r.benefit()),
                        PostingLine.credit(FundAccounts.REIMBURSEMENTS_PAYABLE, r.benefit()))));
    }

    /** The bank file of a batch (full names and accounts, for the bank); its download is audited. */
    public byte[] bankFile(LiangxianUser by, String batchNo) {
        access.requireRole(by, Reimbursements.PAYERS);
        Batch b = batch(by, batchNo);
        byte[] file = BankFiles.bankFile(b.batchNo(), sent(b.regionCode(), batchId(b.regionCode(), batchNo)
                .orElseThrow()));
        audit(by, b.regionCode(), "REIMBURSEMENT_BANK_FILE", "reimbursement_batch", b.batchNo(), null,
                "downloaded " + b.lineCount() + " " + Amounts.fmt(b.total()));
        return file;
    }

    /** The lines of a batch as sent: full names and accounts, for the bank file and the check of a return. */
    private List<BankFiles.SentLine> sent(String region, long batchId) {
        return jdbc.sql("""
                select line_no, payee_account_enc, payee_name_enc, amount, status from reimbursement_batch_line
                 where region_code = ? and batch_id = ? order by line_no""")
                .params(region, batchId)
                .query((rs, i) -> new BankFiles.SentLine(rs.getInt(1), cipher.decrypt(rs.getString(2), ACCOUNT_CONTEXT),
                        cipher.decrypt(rs.getString(3), NAME_CONTEXT), rs.getBigDecimal(4),
                        BankFiles.LineStatus.valueOf(rs.getString(5))))
                .list();
    }

    // ------------------------------------------------------------------ the bank's answer

    /** Imports the bank's return file (see the class comment); all or nothing; the same file again changes nothing. */
    @Transactional
    public ReturnResult importReturn(LiangxianUser by, String region, String fileName, byte[] content,
            LocalDate today) {
        access.requireRole(by, Reimbursements.PAYERS);
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        BankReturns.Imported r = returns.importFile(PURPOSE, region, fileName, content, by.getUsername(),
                new BankReturns.Batches() {

                    @Override
                    public Optional<List<BankFiles.SentLine>> sent(String batchNo) {
                        return batchId(region, batchNo).map(id -> ReimbursementPayments.this.sent(region, id));
                    }

                    @Override
                    public void paid(String batchNo, BankFiles.SentLine l) {
                        ReimbursementPayments.this.paid(by, region, batchNo, l.lineNo(), today);
                    }

                    @Override
                    public void failed(String batchNo, BankFiles.SentLine l, String reason) {
                        ReimbursementPayments.this.failed(by, region, batchNo, l.lineNo(), reason);
                    }
                });
        if (!r.repeat()) {
            long batchId = batchId(region, r.batchNo()).orElseThrow();
            jdbc.sql("""
                    update reimbursement_batch set status = 'RETURNED' where region_code = ? and id = ?
                       and not exists (select 1 from reimbursement_batch_line
                                        where region_code = ? and batch_id = ? and status = 'SENT')""")
                    .params(region, batchId, region, batchId).update();
            audit(by, region, "REIMBURSEMENT_RETURN_IMPORTED", "reimbursement_batch", r.batchNo(), null,
                    r.paid() + " paid, " + r.failed() + " failed" + (fileName == null ? "" : " (" + fileName + ")"));
        }
        return new ReturnResult(r.id(), r.batchNo(), r.paid(), r.failed(), r.repeat());
    }

    /** A paid line clears the payable against the expenditure account; the claim is paid. */
    private void paid(LiangxianUser by, String region, String batchNo, int lineNo, LocalDate today) {
        long batchId = batchId(region, batchNo).orElseThrow();
        Reimbursements.Reimbursement r = reimbursements.load(region, claimOf(region, batchId, lineNo));
        String book = postings.find(region, r.entryId()).orElseThrow().bookCode();
        JournalEntry e = postings.post(new PostingRequest(region, book, SourceType.REIMBURSEMENT_BATCH,
                batchNo + "-" + lineNo, today, today, "零星报销支付 " + batchNo + " #" + lineNo + " " + r.number(),
                List.of(PostingLine.debit(FundAccounts.REIMBURSEMENTS_PAYABLE, r.benefit()),
                        PostingLine.credit(FundAccounts.PAYMENT_ACCOUNT, r.benefit()))));
        jdbc.sql("""
                update reimbursement_batch_line set status = 'PAID', paid_entry_id = ?, returned_at = now()
                 where region_code = ? and batch_id = ? and line_no = ? and status = 'SENT'""")
                .params(e.id(), region, batchId, lineNo).update();
        move(r, """
                update reimbursement set status = 'PAID', paid_by = ?, paid_at = now(), version = version + 1
                where region_code = ? and id = ? and status = 'IN_BATCH'""", by.getUsername(), region,
                Reimbursements.id(r.number()));
        audit(by, region, "REIMBURSEMENT_PAID", "reimbursement", r.number(), r.status().name(),
                "paid " + Amounts.fmt(r.benefit()) + " to " + r.bankAccount() + ": " + batchNo + " #" + lineNo
                        + " entry " + e.id());
    }

    /** A failed line leaves the benefit owed; the claim waits for a retry or a cancellation. */
    private void failed(LiangxianUser by, String region, String batchNo, int lineNo, String reason) {
        long batchId = batchId(region, batchNo).orElseThrow();
        Reimbursements.Reimbursement r = reimbursements.load(region, claimOf(region, batchId, lineNo));
        jdbc.sql("""
                update reimbursement_batch_line set status = 'FAILED', reason = ?, returned_at = now()
                 where region_code = ? and batch_id = ? and line_no = ? and status = 'SENT'""")
                .params(reason, region, batchId, lineNo).update();
        move(r, """
                update reimbursement set status = 'PAYMENT_FAILED', version = version + 1
                where region_code = ? and id = ? and status = 'IN_BATCH'""", region, Reimbursements.id(r.number()));
        audit(by, region, "REIMBURSEMENT_PAYMENT_FAILED",
                "reimbursement", r.number(), r.status().name(),
                "not paid to " + r.bankAccount() + ": " + batchNo + " #" + lineNo + ": " + reason);
    }

    // ------------------------------------------------------------------ failed payments

    /** A failed payment goes into the next batch again (the benefit stays owed on the ledger). */
    @Transactional
    public Reimbursements.Reimbursement retry(LiangxianUser by, String number, String note) {
        Reimbursements.Reimbursement r = reimbursements.visible(by, number);
        access.requireRole(by, Reimbursements.PAYERS);
        Reimbursements.requireStatus(r, Reimbursements.Status.PAYMENT_FAILED);
        move(r, """
                update reimbursement set status = 'APPROVED', version = version + 1
                where region_code = ? and id = ? and status = 'PAYMENT_FAILED'""", r.regionCode(),
                Reimbursements.id(number));
        audit(by, r.regionCode(), "REIMBURSEMENT_RETRY", "reimbursement", number, r.status().name(),
                Reimbursements.Status.APPROVED.name() + (note == null || note.isBlank() ? "" : ": " + note.strip()));
        return reimbursements.load(r.regionCode(), Reimbursements.id(number));
    }

    /**
     * A failed payment given up, with the reason: the batching entry is reversed (nothing is owed any more) and the
     * maternity event withdrawn from the registry.
     */
    @Transactional
    public Reimbursements.Reimbursement cancel(LiangxianUser by, String number, String reason, LocalDate today) {
        Reimbursements.Reimbursement r = reimbursements.visible(by, number);
        access.requireRole(by, Reimbursements.PAYERS);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REIMBURSEMENT_CANCEL_REASON_REQUIRED");
        }
        Reimbursements.requireStatus(r, Reimbursements.Status.PAYMENT_FAILED);
        String why = reason.strip();
        JournalEntry reversal = postings.reverse(r.regionCode(), r.entryId(), "零星报销撤销 " + number + "：" + why, today);
        events.withdraw(r.regionCode(), Reimbursements.EVENT_SOURCE, number,
                "零星报销撤销 / reimbursement cancelled: " + why);
        move(r, """
                update reimbursement set status = 'CANCELLED', cancelled_by = ?, cancelled_at = now(),
                    cancel_reason = ?, cancel_entry_id = ?, version = version + 1
                where region_code = ? and id = ? and status = 'PAYMENT_FAILED'""", by.getUsername(), why,
                reversal.id(), r.regionCode(), Reimbursements.id(number));
        audit(by, r.regionCode(), "REIMBURSEMENT_CANCELLED", "reimbursement", number, r.status().name(),
                Reimbursements.Status.CANCELLED.name() + ": " + why + " (reversal entry " + reversal.id() + ")");
        return reimbursements.load(r.regionCode(), Reimbursements.id(number));
    }

    // ------------------------------------------------------------------ reading

    /** The region's batches, newest first (at most 100), for the agency of the region. */
    public List<Batch> batches(LiangxianUser viewer, String region) {
        access.requireRole(viewer, Role.AGENCY);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        return jdbc.sql("select * from reimbursement_batch where region_code = ? order by id desc limit 100")
                .param(region).query((rs, i) -> batchRow(rs)).list().stream().map(this::withLines).toList();
    }

    /** One batch by its number, for the agency of its region (404 for anyone else). */
    public Batch batch(LiangxianUser viewer, String batchNo) {
        access.requireRole(viewer, Role.AGENCY);
        String region = regionOf(batchNo);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region));
        return jdbc.sql("select * from reimbursement_batch where region_code = ? and batch_no = ?")
                .params(region, batchNo).query((rs, i) -> batchRow(rs)).optional().map(this::withLines)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
    }

    private Batch withLines(Batch b) {
        List<Reimbursements.Payment> lines = jdbc.sql("""
                select l.*, b.batch_no from reimbursement_batch_line l
                  join reimbursement_batch b on b.region_code = l.region_code and b.id = l.batch_id
                 where b.region_code = ? and b.batch_no = ? order by l.line_no""")
                .params(b.regionCode(), b.batchNo()).query((rs, i) -> Reimbursements.payment(rs)).list();
        return new Batch(b.batchNo(), b.regionCode(), b.status(), b.lineCount(), b.total(), b.createdBy(),
                b.createdAt(), lines);
    }

    private static Batch batchRow(ResultSet rs) throws SQLException {
        return new Batch(rs.getString("batch_no"), rs.getString("region_code"), rs.getString("status"),
                rs.getInt("line_count"), rs.getBigDecimal("total"), rs.getString("created_by"),
                Reimbursements.instant(rs, "created_at"), List.of());
    }

    // ------------------------------------------------------------------ helpers

    /** The region of a batch number ({@code BX<region>…}); a number of no region answers 404. */
    static String regionOf(String batchNo) {
        if (batchNo == null || !batchNo.matches(BATCH_PREFIX + "[0-9]{6}[0-9]{8}[0-9]{4,}")) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        return batchNo.substring(BATCH_PREFIX.length(), BATCH_PREFIX.length() + 6);
    }

    private Optional<Long> batchId(String region, String batchNo) {
        return jdbc.sql("select id from reimbursement_batch where region_code = ? and batch_no = ?")
                .params(region, batchNo).query(Long.class).optional();
    }

    private long claimOf(String region, long batchId, int lineNo) {
        return jdbc.sql("""
                select reimbursement_id from reimbursement_batch_line where region_code = ? and batch_id = ?
                   and line_no = ?""")
                .params(region, batchId, lineNo).query(Long.class).single();
    }

    /** Moves a claim from the status it was read in (checked again by the update's own condition). */
    private void move(Reimbursements.Reimbursement r, String update, Object... params) {
        if (jdbc.sql(update).params(params).update() == 0) {
            throw new ApiException(HttpStatus.CONFLICT, "REIMBURSEMENT_WRONG_STATUS", r.status().name());
        }
    }

    /** Audits a step as done by the user who did it, in the claim's (or batch's) region. */
    private void audit(LiangxianUser by, String region, String action, String objectType, String objectId,
            String before, String after) {
        audit.record(new AuditTrail.Actor(by.getUsername(), by.role().name(), region), action, objectType, objectId,
                before, after);
    }
}
