package cn.liangxian.payment;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.http.HttpStatus;

import cn.liangxian.web.ApiException;

/**
 * The files exchanged with the bank for a payment batch: CSV, UTF-8, lines ended by CRLF.
 *
 * <p>The bank file lists the batch, header {@value #BANK_HEADER}: one line per payment with the payee's full account
 * and name (only the bank reads it). The bank's return file, header {@value #RETURN_HEADER}, answers some or all
 * lines of one batch: status {@code PAID}, or {@code FAILED} with the bank's reason; a byte-order mark and blank lines
 * are ignored. A return file is checked whole before anything is written: every line must name the same batch and a
 * line of it, once, with the account and amount that were sent, and a line the bank answered before must keep its
 * answer.
 *
 * <p>Refusals carry the codes of the feature whose file it is, {@code <purpose>_RETURN_EMPTY}, {@code _HEADER} (the
 * header expected), {@code _LINE} (the row and the field that is wrong) and {@code _CONFLICT} (the row and the earlier
 * answer): the allowance's are {@code ALLOWANCE_RETURN_…}, a reimbursement's {@code REIMBURSEMENT_RETURN_…}.
 */
public final class BankFiles {

    /** The header of the bank file. */
    public static final String BANK_HEADER = "batch_no,line_no,account,name,amount";
    /** The header of the bank's return file. */
    public static final String RETURN_HEADER = "batch_no,line_no,account,amount,status,reason";
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** How a line of a batch stands with the bank. */
    public enum LineStatus {
        /** In the bank file, not answered yet. */
        SENT,
        /** Paid to the payee. */
        PAID,
        /** Not paid, with the bank's reason. */
        FAILED
    }

    /** A line of a batch as sent: the full account and name (for the bank file and the check of a return only). */
    public record SentLine(int lineNo, String account, String name, BigDecimal amount, LineStatus status) {
    }

    /** A line of a return file; {@code row} is its row in the file (the header is row 1). */
    public record ReturnLine(int row, String batchNo, int lineNo, String account, BigDecimal amount, LineStatus status,
            String reason) {
    }

    private BankFiles() {
    }

    /** A batch number: the feature's prefix, region, day and the region's sequence ({@code SJ440100202506010007}). */
    public static String batchNo(String prefix, String region, LocalDate day, long seq) {
        return prefix + region + day.format(DAY) + String.format("%04d", seq);
    }

    /** The bank file of a batch (see the class comment); a comma in a name becomes a space. */
    public static byte[] bankFile(String batchNo, List<SentLine> lines) {
        StringBuilder out = new StringBuilder(BANK_HEADER).append("\r\n");
        for (SentLine l : lines) {
            out.append(batchNo).append(',').append(l.lineNo()).append(',').append(l.account()).append(',')
                    .append(l.name().replace(",", " ")).append(',').append(l.amount().toPlainString()).append("\r\n");
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a return file; refused (nothing read) at its first wrong row. */
    public static List<ReturnLine> parse(String purpose, byte[] content) {
        if (content == null || content.length == 0) {
            throw empty(purpose);
        }
        String text = new String(content, StandardCharsets.UTF_8).replace("\uFEFF", "");
        List<ReturnLine> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new StringReader(text))) {
            String header = r.readLine();
            if (header == null || !header.strip().replace(" ", "").equalsIgnoreCase(RETURN_HEADER)) {
                throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, purpose + "_RETURN_HEADER", RETURN_HEADER);
            }
            String line;
            int row = 1;
            while ((line = r.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(line(purpose, row, line.split(",", -1)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (out.isEmpty()) {
            throw empty(purpose);
        }
        return out;
    }

    private static ReturnLine line(String purpose, int row, String[] f) {
        if (f.length < 5 || f.length > 6) {
            throw bad(purpose, row, "columns");
        }
        int lineNo;
        BigDecimal amount;
        try {
            lineNo = Integer.parseInt(f[1].strip());
        } catch (NumberFormatException e) {
            throw bad(purpose, row, "line_no");
        }
        try {
            amount = new BigDecimal(f[3].strip());
        } catch (NumberFormatException e) {
            throw bad(purpose, row, "amount");
        }
        String s = f[4].strip().toUpperCase(Locale.ROOT);
        if (!s.equals("PAID") && !s.equals("FAILED")) {
            throw bad(purpose, row, "status");
        }
        LineStatus status = LineStatus.valueOf(s);
        String reason = f.length > 5 ? f[5].strip() : "";
        if (status == LineStatus.FAILED && reason.isEmpty()) {
            throw bad(purpose, row, "reason");
        }
        return new ReturnLine(row, f[0].strip(), lineNo, f[2].strip(), amount, status,
                reason.isEmpty() ? null : reason);
    }

    /**
     * Checks a whole return file against the lines of its batch as sent (see the class comment); refused at the first
     * wrong row, so that nothing is written.
     */
    public static void check(String purpose, String batchNo, List<ReturnLine> returned, List<SentLine> sent) {
        Map<Integer, SentLine> byNo = sent.stream().collect(Collectors.toMap(SentLine::lineNo, Function.identity()));
        Set<Integer> seen = new HashSet<>();
        for (ReturnLine r : returned) {
            if (!r.batchNo().equals(batchNo)) {
                throw bad(purpose, r.row(), "batch_no");
            }
            SentLine l = byNo.get(r.lineNo());
            if (l == null || !seen.add(r.lineNo())) {
                throw bad(purpose, r.row(), "line_no");
            }
            if (!l.account().equals(r.account())) {
                throw bad(purpose, r.row(), "account");
            }
            if (l.amount().compareTo(r.amount()) != 0) {
                throw bad(purpose, r.row(), "amount");
            }
            if (l.status() != LineStatus.SENT && l.status() != r.status()) {
                throw new ApiException(HttpStatus.CONFLICT, purpose + "_RETURN_CONFLICT", r.row(), l.status().name());
            }
        }
    }

    /** The file's SHA-256, hex: what makes an import of the same file again a repeat. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static ApiException empty(String purpose) {
        return new ApiException(HttpStatus.BAD_REQUEST, purpose + "_RETURN_EMPTY");
    }

    private static ApiException bad(String purpose, int row, String field) {
        return new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, purpose + "_RETURN_LINE", row, field);
    }
}
