package cn.liangxian.payment;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.payment.BankFiles.ReturnLine;
import cn.liangxian.payment.BankFiles.SentLine;
import cn.liangxian.web.ApiException;

/**
 * Imports a bank's return file for a feature, all or nothing and once: the file is read and checked whole
 * ({@link BankFiles}) against the lines of its batch as the feature sent them, then the feature is told of each line
 * the bank answered for the first time, and the import is remembered by the file's SHA-256 per region and purpose.
 * The same file again answers the first import and changes nothing. Imports of one region and purpose run one at a
 * time. The feature checks who may import before it calls, and audits after.
 */
@Service
public class BankReturns {

    /** What an import did; {@code repeat} when the same file had been imported before (nothing was written). */
    public record Imported(long id, String batchNo, int paid, int failed, boolean repeat) {
    }

    /** The feature's side of an import: its batches, and what a line the bank answered does. */
    public interface Batches {

        /** The lines of the region's batch of this number as sent (full accounts); empty when there is none. */
        Optional<List<SentLine>> sent(String batchNo);

        /** A line the bank paid; called once per line, in the file's order. */
        void paid(String batchNo, SentLine line);

        /** A line the bank could not pay, with the bank's reason; called once per line, in the file's order. */
        void failed(String batchNo, SentLine line, String reason);
    }

    private final JdbcClient jdbc;

    BankReturns(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Imports a return file of {@code purpose} (the feature's name, which is also the prefix of its error codes:
     * {@code ALLOWANCE}, {@code REIMBURSEMENT}) in a region. Refused, writing nothing, when the file is empty or wrong
     * ({@link BankFiles}) or names no batch of the region ({@code <purpose>_RETURN_UNKNOWN_BATCH}).
     */
    @Transactional
    public Imported importFile(String purpose, String region, String fileName, byte[] content, String by,
            Batches batches) {
        if (content == null || content.length == 0) {
            throw BankFiles.empty(purpose);
        }
        String hash = BankFiles.sha256(content);
        jdbc.sql("select pg_advisory_xact_lock(hashtext(?))")
                .param(purpose.toLowerCase(Locale.ROOT) + "-return-" + region).query().singleValue();
        Optional<Imported> seen = jdbc.sql("""
                select * from payment_return_file where region_code = ? and purpose = ? and sha256 = ?""")
                .params(region, purpose, hash).query((rs, i) -> new Imported(rs.getLong("id"),
                        rs.getString("batch_no"), rs.getInt("paid"), rs.getInt("failed"), true))
                .optional();
        if (seen.isPresent()) {
            return seen.get();
        }
        List<ReturnLine> lines = BankFiles.parse(purpose, content);
        String batchNo = lines.get(0).batchNo();
        List<SentLine> sent = batches.sent(batchNo).orElseThrow(() -> new ApiException(
                HttpStatus.UNPROCESSABLE_CONTENT, purpose + "_RETURN_UNKNOWN_BATCH", batchNo));
        BankFiles.check(purpose, batchNo, lines, sent);
        int paid = 0;
        int failed = 0;
        for (ReturnLine r : lines) {
            SentLine l = sent.stream().filter(x -> x.lineNo() == r.lineNo()).findFirst().orElseThrow();
            if (l.status() != BankFiles.LineStatus.SENT) {
                continue; // answered before, the same way: nothing to do
            }
            if (r.status() == BankFiles.LineStatus.PAID) {
                batches.paid(batchNo, l);
                paid++;
            } else {
                batches.failed(batchNo, l, r.reason());
                failed++;
            }
        }
        long id = jdbc.sql("""
                insert into payment_return_file (region_code, purpose, sha256, file_name, batch_no, paid, failed,
                    imported_by)
                values (?, ?, ?, ?, ?, ?, ?, ?) returning id""")
                .params(region, purpose, hash, fileName, batchNo, paid, failed, by).query(Long.class).single();
        return new Imported(id, batchNo, paid, failed, false);
    }
}
