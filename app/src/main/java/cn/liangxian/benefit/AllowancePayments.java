package cn.liangxian.benefit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
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
 * A paid line clears 应付生育津贴 against the expenditure account (支出户存款); a failed line leaves the amount owed,
 * and the clerk either puts the claim into the next batch again (retry) or cancels it, which reverses the approval's
 * entry. The same file imported again changes nothing and answers the first import.
 */
@Service
public class AllowancePayments {

    static final Set<Role> PAYERS = EnumSet.of(Role.AGENCY_CLERK, Role.FINANCE);
    static final String BANK = "1004";
    /** The header of the bank's return file. */
    public static final String HEADER = "batch_no,line_no,account,amount,status,reason";

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

    AllowancePayments(JdbcClient jdbc, AccessPolicy access, AuditTrail audit, AllowanceClaims claims,
            Postings postings) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.claims = claims;
        this.postings = postings;
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
        List<AllowanceClaims.Claim> cs = ids.stream().map(claims::load).toList();
        BigDecimal total = cs.stream().map(AllowanceClaims.Claim::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        long seq = jdbc.sql("select count(*) + 1 from allowance_batch where region_code = ?").param(region)
                .query(Long.class).single();
        String batchNo = "SJ" + region + LocalDate.now().format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%04d",
                seq);
        long batchId = jdbc.sql("""
                insert into allowance_batch (region_code, batch_no, status, line_count, total, created_by)
                values (?, ?, 'SENT', ?, ?, ?) returning id""")
                .params(region, batchNo, cs.size(), total, by.getUsername()).query(Long.class).single();
        int lineNo = 0;
        for (AllowanceClaims.Claim c : cs) {
            String stored = jdbc.sql("select payee_account from allowance_claim where id = ?").param(c.id())
                    .query(String.class).single();
            jdbc.sql("""
                    insert into allowance_batch_line (batch_id, line_no, claim_id, payee_name, payee_account, amount, status)
                    values (?, ?, ?, ?, ?, ?, 'SENT')""")
                    .params(batchId, ++lineNo, c.id(), c.payeeName(), stored, c.amount()).update();
            claims.move(c, AllowanceClaims.Status.IN_BATCH, "BATCHED", by.getUsername(), batchNo + " #" + lineNo);
        }
        audit.record(region, "ALLOWANCE_BATCH_CREATED", "allowance_batch", batchNo, null, cs.size() + " " + total);
        return batch(by, batchId);
    }

    /** The bank file of a batch (full accounts, for the bank): CSV, UTF-8. */
    public byte[] bankFile(LiangxianUser by, long batchId) {
        access.requireRole(by, PAYERS);
        Batch b = batch(by, batchId);
        StringBuilder out = new StringBuilder("batch_no,line_no,account,name,amount\r\n");
        List<Object[]> rows = jdbc.sql("""
                select line_no, payee_account, payee_name, amount from allowance_batch_line where batch_id = ?
                 order by line_no""").param(batchId)
                .query((rs, i) -> new Object[] { rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBigDecimal(4) })
                .list();
        for (Object[] r : rows) {
            out.append(b.batchNo()).append(',').append(r[0]).append(',').append(claims.revealAccount((String) r[1]))
                    .append(',').append(((String) r[2]).replace(",", " ")).append(',')
                    .append(((BigDecimal) r[3]).toPlainString()).append("\r\n");
        }
        audit.record(b.regionCode(), "ALLOWANCE_BANK_FILE", "allowance_batch", b.batchNo(), null, "downloaded");
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private record ReturnLine(int row, String batchNo, int lineNo, String account, BigDecimal amount, String status,
            String reason) {
    }

    /** Imports the bank's return file (see the class comment); all or nothing; the same file again changes nothing. */
    @Transactional
    public ReturnResult importReturn(LiangxianUser by, String region, String fileName, byte[] content) {
        access.requireRole(by, PAYERS);
        access.requireVisible(by, AccessPolicy.Owner.region(region));
        if (content == null || content.length == 0) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_RETURN_EMPTY");
        }
        String hash = sha256(content);
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))").param("allowance-return-" + region).query().singleValue();
        Optional<ReturnResult> seen = jdbc.sql("select * from allowance_return_file where region_code = ? and sha256 = ?")
                .params(region, hash).query((rs, i) -> new ReturnResult(rs.getLong("id"), rs.getString("batch_no"),
                        rs.getInt("paid"), rs.getInt("failed"), true))
                .optional();
        if (seen.isPresent()) {
            return seen.get();
        }
        List<ReturnLine> lines = parse(content);
        String batchNo = lines.get(0).batchNo();
        Batch b = jdbc.sql("select * from allowance_batch where region_code = ? and batch_no = ?").params(region, batchNo)
                .query((rs, i) -> batchRow(rs)).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ALLOWANCE_RETURN_UNKNOWN_BATCH",
                        batchNo));
        List<Line> current = lines(b.id(), b.batchNo());
        // check everything first
        for (ReturnLine r : lines) {
            if (!r.batchNo().equals(batchNo)) {
                throw bad(r.row(), "batch_no");
            }
            Line l = current.stream().filter(x -> x.lineNo() == r.lineNo()).findFirst()
                    .orElseThrow(() -> bad(r.row(), "line_no"));
            String stored = jdbc.sql("select payee_account from allowance_batch_line where batch_id = ? and line_no = ?")
                    .params(b.id(), r.lineNo()).query(String.class).single();
            if (!claims.revealAccount(stored).equals(r.account())) {
                throw bad(r.row(), "account");
            }
            if (l.amount().compareTo(r.amount()) != 0) {
                throw bad(r.row(), "amount");
            }
            if (!"SENT".equals(l.status()) && !l.status().equals(r.status())) {
                throw new ApiException(HttpStatus.CONFLICT, "ALLOWANCE_RETURN_CONFLICT", r.row(), l.status());
            }
        }
        int paid = 0;
        int failed = 0;
        LocalDate today = LocalDate.now();
        for (ReturnLine r : lines) {
            Line l = current.stream().filter(x -> x.lineNo() == r.lineNo()).findFirst().orElseThrow();
            if (!"SENT".equals(l.status())) {
                continue; // returned before with the same status: nothing to do
            }
            AllowanceClaims.Claim c = claims.load(l.claimId());
            if ("PAID".equals(r.status())) {
                JournalEntry e = postings.post(new PostingRequest(region, AllowanceClaims.book(c), SourceType.ALLOWANCE_BATCH,
                        batchNo + "-" + r.lineNo(), today, today, "生育津贴支付 " + batchNo + " #" + r.lineNo(),
                        List.of(PostingLine.debit(AllowanceClaims.PAYABLE, l.amount()), PostingLine.credit(BANK, l.amount()))));
                jdbc.sql("""
                        update allowance_batch_line set status = 'PAID', paid_entry_id = ?, returned_at = now()
                         where batch_id = ? and line_no = ?""").params(e.id(), b.id(), r.lineNo()).update();
                claims.move(c, AllowanceClaims.Status.PAID, "PAID", by.getUsername(), batchNo + " #" + r.lineNo());
                paid++;
            } else {
                jdbc.sql("""
                        update allowance_batch_line set status = 'FAILED', reason = ?, returned_at = now()
                         where batch_id = ? and line_no = ?""").params(r.reason(), b.id(), r.lineNo()).update();
                claims.move(c, AllowanceClaims.Status.PAYMENT_FAILED, "PAYMENT_FAILED", by.getUsername(),
                        batchNo + " #" + r.lineNo() + ": " + r.reason());
                failed++;
            }
        }
        jdbc.sql("""
                update allowance_batch set status = 'RETURNED' where id = ?
                   and not exists (select 1 from allowance_batch_line where batch_id = ? and status = 'SENT')""")
                .params(b.id(), b.id()).update();
        long id = jdbc.sql("""
                insert into allowance_return_file (region_code, sha256, file_name, batch_no, paid, failed, imported_by)
                values (?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(region, hash, fileName, batchNo, paid, failed, by.getUsername()).query(Long.class).single();
        audit.record(region, "ALLOWANCE_RETURN_IMPORTED", "allowance_batch", batchNo, null, paid + " paid, " + failed
                + " failed");
        return new ReturnResult(id, batchNo, paid, failed, false);
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

    /** A failed payment is cancelled: the approval's entry is reversed, nothing is owed any more. */
    @Transactional
    public AllowanceClaims.Claim cancel(LiangxianUser by, long claimId, String reason) {
        access.requireRole(by, PAYERS);
        AllowanceClaims.Claim c = claims.visible(by, claimId);
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_REASON_REQUIRED");
        }
        AllowanceClaims.requireStatus(c, AllowanceClaims.Status.PAYMENT_FAILED);
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
                select l.*, b.batch_no from allowance_batch_line l join allowance_batch b on b.id = l.batch_id
                 where l.claim_id = ? order by l.batch_id, l.line_no""").param(claimId)
                .query((rs, i) -> line(rs, rs.getString("batch_no"))).list();
    }

    private List<Line> lines(long batchId, String batchNo) {
        return jdbc.sql("select * from allowance_batch_line where batch_id = ? order by line_no").param(batchId)
                .query((rs, i) -> line(rs, batchNo)).list();
    }

    private Line line(java.sql.ResultSet rs, String batchNo) throws java.sql.SQLException {
        return new Line(rs.getLong("batch_id"), batchNo, rs.getInt("line_no"), rs.getLong("claim_id"),
                rs.getString("payee_name"), Masking.bankAccount(claims.revealAccount(rs.getString("payee_account"))),
                rs.getBigDecimal("amount"), rs.getString("status"), rs.getString("reason"),
                rs.getObject("paid_entry_id", Long.class));
    }

    private static Batch batchRow(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Batch(rs.getLong("id"), rs.getString("region_code"), rs.getString("batch_no"), rs.getString("status"),
                rs.getInt("line_count"), rs.getBigDecimal("total"), rs.getString("created_by"),
                rs.getObject("created_at", OffsetDateTime.class), List.of());
    }

    // ------------------------------------------------------------------ the file

    private static List<ReturnLine> parse(byte[] content) {
        String text = new String(content, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<ReturnLine> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            String header = r.readLine();
            if (header == null || !header.strip().replace(" ", "").equalsIgnoreCase(HEADER)) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ALLOWANCE_RETURN_HEADER", HEADER);
            }
            String line;
            int row = 1;
            while ((line = r.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 5 || f.length > 6) {
                    throw bad(row, "columns");
                }
                int lineNo;
                BigDecimal amount;
                try {
                    lineNo = Integer.parseInt(f[1].strip());
                } catch (NumberFormatException e) {
                    throw bad(row, "line_no");
                }
                try {
                    amount = new BigDecimal(f[3].strip());
                } catch (NumberFormatException e) {
                    throw bad(row, "amount");
                }
                String status = f[4].strip().toUpperCase(java.util.Locale.ROOT);
                if (!status.equals("PAID") && !status.equals("FAILED")) {
                    throw bad(row, "status");
                }
                String reason = f.length > 5 ? f[5].strip() : "";
                if (status.equals("FAILED") && reason.isEmpty()) {
                    throw bad(row, "reason");
                }
                out.add(new ReturnLine(row, f[0].strip(), lineNo, f[2].strip(), amount, status,
                        reason.isEmpty() ? null : reason));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "ALLOWANCE_RETURN_EMPTY");
        }
        return out;
    }

    private static ApiException bad(int row, String field) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "ALLOWANCE_RETURN_LINE", row, field);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
