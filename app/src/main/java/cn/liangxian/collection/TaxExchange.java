package cn.liangxian.collection;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.audit.AuditTrail;
import cn.liangxian.fund.Book;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.PostingLine;
import cn.liangxian.fund.PostingRequest;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.web.ApiException;
import cn.liangxian.web.TableFile;

/**
 * The hand-off to the tax bureau (税务): the export of a run's assessments (what the tax bureau collects: first
 * assessments, supplements and refunds, one line per person and payer) as CSV or Excel, and the import of the tax
 * bureau's payment file (到账). Each payment line is matched to its bill (matched, under, over, unknown); the money
 * is posted to the pooled fund's ledger through {@link Postings} (source {@link SourceType#CONTRIBUTION_RECEIPT},
 * the line's serial number as the source id, so a line is never posted twice): employer and employee parts to
 * 400101/400102 (a flexible worker's to 400103), the late fee to 4009, anything that matched no bill or exceeded it
 * to 2101 暂收款, against 1002 收入户存款. Lines that did not match exactly wait in the clerks' exception queue.
 * Importing the same file again answers the first import and writes nothing.
 */
@Service
public class TaxExchange {

    static final String INCOME_DEPOSITS = "1002";
    static final String EMPLOYER_INCOME = "400101";
    static final String EMPLOYEE_INCOME = "400102";
    static final String FLEXIBLE_INCOME = "400103";
    static final String SUSPENSE = "2101";
    static final String OTHER_INCOME = "4009";

    /** The export's columns: field name, Chinese header. Documented in the README. */
    static final List<String[]> EXPORT_COLUMNS = List.of(new String[] { "line_no", "行号" },
            new String[] { "region_code", "统筹区" }, new String[] { "period", "费款所属期" },
            new String[] { "run_id", "核定批次" }, new String[] { "version", "版本" },
            new String[] { "type", "类型" }, new String[] { "payer_kind", "缴费主体类型" },
            new String[] { "payer_id", "缴费主体代码" }, new String[] { "payer_name", "缴费主体名称" },
            new String[] { "person_id", "人员编号" }, new String[] { "cert_type", "证件类型" },
            new String[] { "cert_number", "证件号码" }, new String[] { "name", "姓名" },
            new String[] { "base", "缴费基数" }, new String[] { "employer_base", "单位缴费基数" },
            new String[] { "employer_rate", "单位费率" }, new String[] { "employee_rate", "个人费率" },
            new String[] { "employer_amount", "单位应缴" }, new String[] { "employee_amount", "个人应缴" },
            new String[] { "total", "合计" }, new String[] { "due_date", "缴费期限" });

    static final TableFile PAYMENT_FILE = new TableFile("COLLECTION_FILE", Map.ofEntries(
            Map.entry("serialno", "serialNo"), Map.entry("流水号", "serialNo"), Map.entry("税票号码", "serialNo"),
            Map.entry("电子税票号码", "serialNo"), Map.entry("regioncode", "regionCode"), Map.entry("统筹区", "regionCode"),
            Map.entry("period", "period"), Map.entry("费款所属期", "period"), Map.entry("payerkind", "payerKind"),
            Map.entry("缴费主体类型", "payerKind"), Map.entry("payerid", "payerId"), Map.entry("缴费主体代码", "payerId"),
            Map.entry("统一社会信用代码", "payerId"), Map.entry("certtype", "certType"), Map.entry("证件类型", "certType"),
            Map.entry("amount", "amount"), Map.entry("金额", "amount"), Map.entry("实缴金额", "amount"),
            Map.entry("latefee", "lateFee"), Map.entry("滞纳金", "lateFee"), Map.entry("paidon", "paidOn"),
            Map.entry("到账日期", "paidOn"), Map.entry("入库日期", "paidOn")),
            List.of("serialNo", "period", "payerId", "amount", "paidOn"));

    /** One payment line and how it matched. */
    public record PaymentLine(long fileId, int lineNo, String serialNo, String period, String payer, String payerShown,
            BigDecimal amount, BigDecimal lateFee, LocalDate paidOn, String outcome, BigDecimal applied,
            BigDecimal suspense, Long entryId, String resolution, String resolvedBy, String resolutionNote) {
    }

    /** An imported file: its counts, and the lines that did not match exactly. */
    public record ImportResult(long fileId, String regionCode, String fileName, boolean replayed, int lines,
            int matched, int under, int over, int unknown, int duplicate, BigDecimal totalAmount,
            OffsetDateTime importedAt, String importedBy, List<PaymentLine> exceptions) {
    }

    private final JdbcClient jdbc;
    private final AccessPolicy access;
    private final AuditTrail audit;
    private final Postings postings;
    private final PersonDirectory persons;
    private final EmployerRegistry employers;
    private final BlindIndex index;
    private final AssessmentJob job;

    TaxExchange(JdbcClient jdbc, AccessPolicy access, AuditTrail audit, Postings postings, PersonDirectory persons,
            EmployerRegistry employers, BlindIndex index, AssessmentJob job) {
        this.jdbc = jdbc;
        this.access = access;
        this.audit = audit;
        this.postings = postings;
        this.persons = persons;
        this.employers = employers;
        this.index = index;
        this.job = job;
    }

    // ------------------------------------------------------------------ export

    /** One line of the export. */
    record ExportLine(String period, long runId, int version, String type, String payer, long personId,
            BigDecimal base, BigDecimal employerBase, BigDecimal employerRate, BigDecimal employeeRate,
            BigDecimal employerAmount, BigDecimal employeeAmount, LocalDate dueDate) {
    }

    /**
     * Writes a finished run's export for the tax bureau: CSV (UTF-8 with a BOM, a header row of the English field
     * names and one of the Chinese headers) or Excel (the same two header rows; a new sheet every million lines).
     * It carries full certificate numbers and names, which the tax bureau needs to collect: only the region's
     * clerks and finance may export it, and every export is audited.
     */
    @Transactional
    public int export(LiangxianUser by, String region, long runId, boolean excel, OutputStream out) {
        AssessmentJob.Run run = checkExport(by, region, runId);
        LocalDate due = jdbc.sql("select min(due_date) from collection_bill where region_code = ? and period = ?")
                .params(region, run.period()).query(LocalDate.class).optional().orElse(null);
        Sink sink = excel ? new ExcelSink(out) : new CsvSink(out);
        int[] n = { 0 };
        try {
            sink.header();
            long after = -1;
            while (true) {
                List<Object[]> page = jdbc.sql("""
                        select * from assessment where region_code = ? and period = ? and run_id = ? and person_id > ?
                         order by person_id, version limit 5000""")
                        .params(region, run.period(), runId, after)
                        .query((rs, i) -> new Object[] { AssessmentJob.row(rs), rs.getString("prev_payer"),
                                rs.getBigDecimal("prev_employer"), rs.getBigDecimal("prev_employee") })
                        .list();
                if (page.isEmpty()) {
                    break;
                }
                after = ((AssessmentJob.Row) page.get(page.size() - 1)[0]).personId();
                Set<Long> ids = page.stream().map(o -> ((AssessmentJob.Row) o[0]).personId())
                        .collect(Collectors.toCollection(LinkedHashSet::new));
                Map<Long, PersonDirectory.RevealedPerson> people = persons.loadAll(ids).stream()
                        .collect(Collectors.toMap(PersonDirectory.RevealedPerson::id, p -> p));
                Set<String> usccs = new LinkedHashSet<>();
                for (Object[] o : page) {
                    AssessmentJob.Row r = (AssessmentJob.Row) o[0];
                    usccs.add(r.payer());
                    if (o[1] != null) {
                        usccs.add((String) o[1]);
                    }
                }
                Map<String, String> names = employers.names(region, usccs.stream()
                        .filter(p -> !CollectionSupport.isPersonPayer(p)).toList());
                for (Object[] o : page) {
                    AssessmentJob.Row r = (AssessmentJob.Row) o[0];
                    String prevPayer = (String) o[1];
                    BigDecimal pe = (BigDecimal) o[2];
                    BigDecimal pp = (BigDecimal) o[3];
                    PersonDirectory.RevealedPerson p = people.get(r.personId());
                    List<ExportLine> lines = new ArrayList<>();
                    if (prevPayer != null && !prevPayer.equals(r.payer())) {
                        // the previous payer no longer pays for the person: no base with it, as for a leaver
                        BigDecimal none = BigDecimal.ZERO.setScale(2);
                        lines.add(new ExportLine(run.period(), runId, r.version(), "REFUND", prevPayer, r.personId(),
                                none, none, r.employerRate(), r.employeeRate(), pe.negate(), pp.negate(), due));
                        pe = BigDecimal.ZERO;
                        pp = BigDecimal.ZERO;
                    }
                    BigDecimal de = r.employerAmount().subtract(pe);
                    BigDecimal dp = r.employeeAmount().subtract(pp);
                    if (de.signum() != 0 || dp.signum() != 0 || r.version() == 1) {
                        String type = r.version() == 1 && prevPayer == null ? "ASSESSMENT"
                                : de.add(dp).signum() < 0 ? "REFUND" : "SUPPLEMENT";
                        lines.add(new ExportLine(run.period(), runId, r.version(), type, r.payer(), r.personId(),
                                r.base(), r.employerBase(), r.employerRate(), r.employeeRate(), de, dp, due));
                    }
                    for (ExportLine l : lines) {
                        n[0]++;
                        sink.line(n[0], region, l, p, CollectionSupport.isPersonPayer(l.payer()) ? (p == null ? ""
                                : p.name()) : names.getOrDefault(l.payer(), ""));
                    }
                }
            }
            sink.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        audit.record(new AuditTrail.Actor(by.getUsername(), by.role().name(), region), "PERSONAL_DATA_EXPORTED",
                "assessment_run", String.valueOf(runId), null,
                "tax hand-off " + (excel ? "xlsx" : "csv") + ": " + n[0] + " lines (full certificate numbers and names)");
        return n[0];
    }

    /** Whether the user may export the run and the run is finished; answers the run. */
    public AssessmentJob.Run checkExport(LiangxianUser by, String region, long runId) {
        access.requireRole(by, CollectionSupport.PAYMENTS);
        access.requireVisible(by, AccessPolicy.Owner.region(region == null ? "" : region));
        AssessmentJob.Run run = job.run(region, runId);
        if (!run.finished()) {
            throw new ApiException(HttpStatus.CONFLICT, "COLLECTION_RUN_NOT_DONE", runId);
        }
        return run;
    }

    private interface Sink {
        void header() throws IOException;

        void line(int n, String region, ExportLine l, PersonDirectory.RevealedPerson p, String payerName)
                throws IOException;

        void finish() throws IOException;
    }

    static List<String> values(int n, String region, ExportLine l, PersonDirectory.RevealedPerson p, String payerName) {
        boolean person = CollectionSupport.isPersonPayer(l.payer());
        return List.of(String.valueOf(n), region, l.period(), String.valueOf(l.runId()), String.valueOf(l.version()),
                l.type(), person ? "PERSON" : "EMPLOYER", person ? (p == null ? "" : p.idNumber()) : l.payer(),
                payerName == null ? "" : payerName, String.valueOf(l.personId()), p == null ? "" : p.certType(),
                p == null ? "" : p.idNumber(), p == null ? "" : p.name(), l.base().toPlainString(),
                l.employerBase().toPlainString(), l.employerRate().stripTrailingZeros().toPlainString(),
                l.employeeRate().stripTrailingZeros().toPlainString(), l.employerAmount().setScale(2).toPlainString(),
                l.employeeAmount().setScale(2).toPlainString(),
                l.employerAmount().add(l.employeeAmount()).setScale(2).toPlainString(),
                l.dueDate() == null ? "" : l.dueDate().toString());
    }

    /** A CSV field, quoted when it must be (RFC 4180). */
    static String csvQuote(String v) {
        return v.contains(",") || v.contains("\"") || v.contains("\n") ? "\"" + v.replace("\"", "\"\"") + "\"" : v;
    }

    private static final class CsvSink implements Sink {
        private final Writer w;

        CsvSink(OutputStream out) {
            this.w = new java.io.BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        }

        @Override
        public void header() throws IOException {
            w.write('\uFEFF');
            w.write(EXPORT_COLUMNS.stream().map(c -> c[0]).collect(Collectors.joining(",")) + "\r\n");
            w.write(EXPORT_COLUMNS.stream().map(c -> c[1]).collect(Collectors.joining(",")) + "\r\n");
        }

        @Override
        public void line(int n, String region, ExportLine l, PersonDirectory.RevealedPerson p, String payerName)
                throws IOException {
            w.write(values(n, region, l, p, payerName).stream().map(TaxExchange::csvQuote).collect(Collectors.joining(",")));
            w.write("\r\n");
        }


        @Override
        public void finish() throws IOException {
            w.flush();
        }
    }

    private static final class ExcelSink implements Sink {
        static final int SHEET_ROWS = 1_000_000;
        private final Workbook wb;
        private Worksheet ws;
        private int row;
        private int sheet;

        ExcelSink(OutputStream out) {
            this.wb = new Workbook(out, "liangxian", "1.0");
        }

        @Override
        public void header() {
            ws = wb.newWorksheet("核定 " + (++sheet));
            for (int c = 0; c < EXPORT_COLUMNS.size(); c++) {
                ws.value(0, c, EXPORT_COLUMNS.get(c)[0]);
                ws.value(1, c, EXPORT_COLUMNS.get(c)[1]);
            }
            row = 2;
        }

        @Override
        public void line(int n, String region, ExportLine l, PersonDirectory.RevealedPerson p, String payerName)
                throws IOException {
            if (row >= SHEET_ROWS + 2) {
                ws.finish();
                header();
            }
            List<String> v = values(n, region, l, p, payerName);
            for (int c = 0; c < v.size(); c++) {
                boolean money = c >= 13 && c <= 19;
                if (money && !v.get(c).isEmpty()) {
                    ws.value(row, c, new BigDecimal(v.get(c)));
                } else {
                    ws.value(row, c, v.get(c));
                }
            }
            row++;
            if (row % 10_000 == 0) {
                ws.flush();
            }
        }

        @Override
        public void finish() throws IOException {
            ws.finish();
            wb.finish();
        }
    }

    // ------------------------------------------------------------------ import

    /** A payment line as read and checked. */
    private record Incoming(int row, String serialNo, String period, String payerKind, String payerId,
            CertType certType, BigDecimal amount, BigDecimal lateFee, LocalDate paidOn) {
    }

    /** Imports the tax bureau's payment file of a region: all lines checked first, then matched and posted. */
    @Transactional
    public ImportResult importPayments(LiangxianUser by, String region, String fileName, byte[] content) {
        access.requireRole(by, CollectionSupport.PAYMENTS);
        access.requireVisible(by, AccessPolicy.Owner.region(region == null ? "" : region));
        String hash = sha256(content == null ? new byte[0] : content);
        Optional<Long> existing = jdbc.sql("select id from payment_file where region_code = ? and content_hash = ?")
                .params(region, hash).query(Long.class).optional();
        if (existing.isPresent()) {
            return result(region, existing.get(), true);
        }
        List<TableFile.RawRow> rows = PAYMENT_FILE.read(fileName, content);
        WageBases.RowProblems problems = new WageBases.RowProblems();
        List<Incoming> lines = new ArrayList<>();
        Set<String> serials = new java.util.HashSet<>();
        for (TableFile.RawRow r : rows) {
            String serial = r.get("serialNo");
            if (serial == null || serial.length() > 60) {
                problems.add(r.row(), "COLLECTION_PAYMENT_SERIAL");
                continue;
            }
            if (!serials.add(serial)) {
                problems.add(r.row(), "COLLECTION_PAYMENT_SERIAL_REPEATED");
                continue;
            }
            if (r.get("regionCode") != null && !r.get("regionCode").equals(region)) {
                problems.add(r.row(), "COLLECTION_PAYMENT_OTHER_REGION");
                continue;
            }
            String period;
            try {
                period = CollectionSupport.key(CollectionSupport.period(r.get("period")));
            } catch (ApiException e) {
                problems.add(r.row(), "COLLECTION_INVALID_PERIOD");
                continue;
            }
            String payerId = r.get("payerId") == null ? "" : r.get("payerId").strip().toUpperCase(Locale.ROOT);
            String kind = r.get("payerKind") == null ? inferKind(region, payerId)
                    : r.get("payerKind").strip().toUpperCase(Locale.ROOT);
            if (!kind.equals("EMPLOYER") && !kind.equals("PERSON") || payerId.isEmpty()) {
                problems.add(r.row(), "COLLECTION_PAYMENT_PAYER");
                continue;
            }
            CertType certType = CertType.RESIDENT_ID;
            if (r.get("certType") != null) {
                Optional<CertType> t = cn.liangxian.policy.Bilingual.parse(CertType.class, r.get("certType"));
                if (t.isEmpty()) {
                    problems.add(r.row(), "COLLECTION_PAYMENT_PAYER");
                    continue;
                }
                certType = t.get();
            }
            BigDecimal amount = money(r.get("amount"));
            BigDecimal fee = r.get("lateFee") == null ? BigDecimal.ZERO.setScale(2) : money(r.get("lateFee"));
            if (amount == null || fee == null) {
                problems.add(r.row(), "COLLECTION_PAYMENT_AMOUNT");
                continue;
            }
            LocalDate paidOn;
            try {
                paidOn = LocalDate.parse(r.get("paidOn").strip());
            } catch (DateTimeParseException e) {
                problems.add(r.row(), "INVALID_DATE");
                continue;
            }
            lines.add(new Incoming(r.row(), serial, period, kind, payerId, certType, amount, fee, paidOn));
        }
        problems.throwIfAny();

        long fileId = jdbc.sql("""
                insert into payment_file (region_code, file_name, content_hash, line_count, imported_by)
                values (?, ?, ?, ?, ?) returning id""")
                .params(region, fileName == null ? "-" : fileName, hash, lines.size(), by.getUsername())
                .query(Long.class).single();
        Map<String, String> payers = resolvePayers(region, lines);
        Map<String, Integer> counts = new HashMap<>();
        BigDecimal total = BigDecimal.ZERO;
        for (Incoming in : lines) {
            String outcome = match(region, fileId, in, payers.get(in.payerKind() + ":" + in.payerId()));
            counts.merge(outcome, 1, Integer::sum);
            total = total.add(in.amount()).add(in.lateFee());
        }
        jdbc.sql("""
                update payment_file set matched = ?, under_paid = ?, over_paid = ?, unknown = ?, duplicate = ?,
                       total_amount = ? where region_code = ? and id = ?""")
                .params(counts.getOrDefault("MATCHED", 0), counts.getOrDefault("UNDER", 0), counts.getOrDefault("OVER", 0),
                        counts.getOrDefault("UNKNOWN", 0), counts.getOrDefault("DUPLICATE", 0), total, region, fileId)
                .update();
        audit.record(region, "PAYMENT_FILE_IMPORTED", "payment_file", String.valueOf(fileId), null,
                (fileName == null ? "-" : fileName) + ": " + lines.size() + " lines, " + counts);
        return result(region, fileId, false);
    }

    /**
     * Without a payer_kind column: a code of an employer registered in the region, or a valid unified social credit
     * code, is an employer; anything else a person's certificate number.
     */
    private String inferKind(String region, String payerId) {
        if (payerId.isEmpty()) {
            return "PERSON";
        }
        if (employers.regionOf(payerId).filter(region::equals).isPresent()
                || cn.liangxian.security.pii.Identifiers.uscc(payerId).valid()
                        && !cn.liangxian.security.pii.Identifiers.citizenId(payerId, CollectionSupport.today()).valid()) {
            return "EMPLOYER";
        }
        return "PERSON";
    }

    private static BigDecimal money(String text) {
        if (text == null) {
            return null;
        }
        try {
            BigDecimal v = new BigDecimal(text.strip().replace(",", ""));
            if (v.signum() < 0 || v.stripTrailingZeros().scale() > 2) {
                return null;
            }
            return v.setScale(2, RoundingMode.UNNECESSARY);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** kind:id → payer as kept in bills (a USCC, or P + person id), for the payers that exist. */
    private Map<String, String> resolvePayers(String region, List<Incoming> lines) {
        Map<String, String> out = new HashMap<>();
        Map<String, String> byIndex = new HashMap<>();
        for (Incoming in : lines) {
            if (in.payerKind().equals("EMPLOYER")) {
                out.put("EMPLOYER:" + in.payerId(), in.payerId());
            } else {
                byIndex.put(index.of(in.certType().indexKind(), in.payerId()), "PERSON:" + in.payerId());
            }
        }
        if (!byIndex.isEmpty()) {
            jdbc.sql("select id, id_number_index from person where region_code = ? and id_number_index = any(?::char(64)[])")
                    .params(region, "{" + String.join(",", byIndex.keySet()) + "}")
                    .query((rs, i) -> out.put(byIndex.get(rs.getString(2)), CollectionSupport.personPayer(rs.getLong(1))))
                    .list();
        }
        return out;
    }

    /** Matches one line to its bill, posts it and records it; answers the outcome. */
    private String match(String region, long fileId, Incoming in, String payer) {
        boolean duplicate = jdbc.sql("""
                select exists (select 1 from payment_line where region_code = ? and serial_no = ? and outcome <> 'DUPLICATE')""")
                .params(region, in.serialNo()).query(Boolean.class).single();
        String shown = in.payerKind().equals("PERSON") ? cn.liangxian.security.pii.Masking.idNumber(in.payerId())
                : in.payerId();
        if (duplicate) {
            insertLine(region, fileId, in, payer, shown, "DUPLICATE", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    BigDecimal.ZERO, null);
            return "DUPLICATE";
        }
        Optional<Bills.Stored> bill = payer == null ? Optional.empty() : jdbc.sql("""
                select * from collection_bill where region_code = ? and period = ? and payer = ? for update""")
                .params(region, in.period(), payer).query((rs, i) -> Bills.stored(rs)).optional();
        if (bill.isEmpty()) {
            BigDecimal suspense = in.amount().add(in.lateFee());
            Long entry = post(region, in, List.of(), suspense, BigDecimal.ZERO, "到账未匹配 / unmatched payment");
            insertLine(region, fileId, in, null, shown, "UNKNOWN", BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO,
                    suspense, entry);
            return "UNKNOWN";
        }
        BigDecimal[] paid = jdbc.sql("select paid_employer, paid_employee from collection_bill where region_code = ? and period = ? and payer = ?")
                .params(region, in.period(), payer)
                .query((rs, i) -> new BigDecimal[] { rs.getBigDecimal(1), rs.getBigDecimal(2) }).single();
        Bills.Stored b = bill.get();
        BigDecimal owedEmployer = b.employerDue().subtract(paid[0]).max(BigDecimal.ZERO);
        BigDecimal owedEmployee = b.employeeDue().subtract(paid[1]).max(BigDecimal.ZERO);
        BigDecimal owed = owedEmployer.add(owedEmployee);
        BigDecimal applied = in.amount().min(owed);
        BigDecimal employeePart = owed.signum() == 0 ? BigDecimal.ZERO.setScale(2)
                : applied.multiply(owedEmployee).divide(owed, 2, RoundingMode.HALF_UP).min(owedEmployee);
        BigDecimal employerPart = applied.subtract(employeePart);
        BigDecimal excess = in.amount().subtract(applied);
        String outcome = in.amount().compareTo(owed) == 0 ? "MATCHED" : in.amount().compareTo(owed) < 0 ? "UNDER" : "OVER";
        List<PostingLine> income = new ArrayList<>();
        boolean person = CollectionSupport.isPersonPayer(payer);
        if (employerPart.signum() > 0) {
            income.add(PostingLine.credit(person ? FLEXIBLE_INCOME : EMPLOYER_INCOME, employerPart));
        }
        if (employeePart.signum() > 0) {
            income.add(PostingLine.credit(person ? FLEXIBLE_INCOME : EMPLOYEE_INCOME, employeePart));
        }
        Long entry = post(region, in, income, excess, in.lateFee(), "征缴到账 / contributions received " + in.period()
                + " " + payer);
        jdbc.sql("""
                update collection_bill set paid_employer = paid_employer + ?, paid_employee = paid_employee + ?,
                       late_fee_paid = late_fee_paid + ? where region_code = ? and period = ? and payer = ?""")
                .params(employerPart, employeePart, in.lateFee(), region, in.period(), payer).update();
        insertLine(region, fileId, in, payer, shown, outcome, applied, employerPart, employeePart, excess, entry);
        return outcome;
    }

    /** Posts one line: 1002 against the income lines, the suspense part (2101) and the late fee (4009). */
    private Long post(String region, Incoming in, List<PostingLine> income, BigDecimal suspense, BigDecimal lateFee,
            String description) {
        List<PostingLine> lines = new ArrayList<>();
        BigDecimal total = in.amount().add(in.lateFee());
        if (total.signum() == 0) {
            return null;
        }
        lines.add(PostingLine.debit(INCOME_DEPOSITS, total));
        Map<String, BigDecimal> credits = new LinkedHashMap<>();
        for (PostingLine l : income) {
            credits.merge(l.accountCode(), l.amount(), BigDecimal::add);
        }
        if (suspense.signum() > 0) {
            credits.merge(SUSPENSE, suspense, BigDecimal::add);
        }
        if (lateFee.signum() > 0) {
            credits.merge(OTHER_INCOME, lateFee, BigDecimal::add);
        }
        credits.forEach((a, v) -> lines.add(PostingLine.credit(a, v)));
        JournalEntry e = postings.post(new PostingRequest(region, Book.POOLED, SourceType.CONTRIBUTION_RECEIPT,
                in.serialNo(), in.paidOn(), in.paidOn(), description, lines));
        return e.id();
    }

    private void insertLine(String region, long fileId, Incoming in, String payer, String shown, String outcome,
            BigDecimal applied, BigDecimal employer, BigDecimal employee, BigDecimal suspense, Long entry) {
        jdbc.sql("""
                insert into payment_line (region_code, file_id, line_no, serial_no, period, payer, payer_shown, amount,
                                          late_fee, paid_on, outcome, applied, applied_employer, applied_employee,
                                          suspense, entry_id)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(region, fileId, in.row(), in.serialNo(), in.period(), payer, shown, in.amount(), in.lateFee(),
                        in.paidOn(), outcome, applied, employer, employee, suspense, entry)
                .update();
    }

    private ImportResult result(String region, long fileId, boolean replayed) {
        return jdbc.sql("select * from payment_file where region_code = ? and id = ?").params(region, fileId)
                .query((rs, i) -> new ImportResult(rs.getLong("id"), region, rs.getString("file_name"), replayed,
                        rs.getInt("line_count"), rs.getInt("matched"), rs.getInt("under_paid"), rs.getInt("over_paid"),
                        rs.getInt("unknown"), rs.getInt("duplicate"), rs.getBigDecimal("total_amount"),
                        rs.getObject("imported_at", OffsetDateTime.class), rs.getString("imported_by"),
                        lines(region, fileId, true)))
                .single();
    }

    private List<PaymentLine> lines(String region, long fileId, boolean exceptionsOnly) {
        return jdbc.sql("""
                select * from payment_line where region_code = ? and file_id = ?
                   and (not ? or outcome <> 'MATCHED') order by line_no limit 1000""")
                .params(region, fileId, exceptionsOnly).query((rs, i) -> line(rs)).list();
    }

    static PaymentLine line(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new PaymentLine(rs.getLong("file_id"), rs.getInt("line_no"), rs.getString("serial_no"),
                rs.getString("period"), rs.getString("payer"), rs.getString("payer_shown"), rs.getBigDecimal("amount"),
                rs.getBigDecimal("late_fee"), rs.getDate("paid_on").toLocalDate(), rs.getString("outcome"),
                rs.getBigDecimal("applied"), rs.getBigDecimal("suspense"), rs.getObject("entry_id", Long.class),
                rs.getString("resolution"), rs.getString("resolved_by"), rs.getString("resolution_note"));
    }

    /** The region's payment files, newest first. */
    public List<ImportResult> files(LiangxianUser viewer, String region, int limit) {
        access.requireRole(viewer, CollectionSupport.READERS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region == null ? "" : region));
        List<Long> ids = jdbc.sql("select id from payment_file where region_code = ? order by id desc limit ?")
                .params(region, limit).query(Long.class).list();
        return ids.stream().map(id -> result(region, id, false)).toList();
    }

    // ------------------------------------------------------------------ exception queue

    /** Lines that did not match exactly and no clerk has dealt with yet, oldest first. */
    public List<PaymentLine> exceptions(LiangxianUser viewer, String region) {
        access.requireRole(viewer, CollectionSupport.PAYMENTS);
        access.requireVisible(viewer, AccessPolicy.Owner.region(region == null ? "" : region));
        return jdbc.sql("""
                select * from payment_line where region_code = ? and resolution is null
                   and outcome in ('UNDER', 'OVER', 'UNKNOWN') order by paid_on, file_id, line_no limit 1000""")
                .param(region).query((rs, i) -> line(rs)).list();
    }

    /** A clerk takes note of an under- or over-payment (or an unknown one to be refunded outside), with a note. */
    @Transactional
    public PaymentLine acknowledge(LiangxianUser by, String region, long fileId, int lineNo, String note) {
        PaymentLine l = openLine(by, region, fileId, lineNo, note);
        jdbc.sql("""
                update payment_line set resolution = 'ACKNOWLEDGED', resolved_by = ?, resolved_at = now(),
                       resolution_note = ? where region_code = ? and file_id = ? and line_no = ?""")
                .params(by.getUsername(), note.strip(), region, fileId, lineNo).update();
        audit.record(region, "PAYMENT_LINE_ACKNOWLEDGED", "payment_line", fileId + "/" + lineNo, l.outcome(), note.strip());
        return find(region, fileId, lineNo);
    }

    /**
     * A clerk assigns an unknown line's money (held in 2101 暂收款) to a payer's bill of a period: what the bill still
     * owes is applied (2101 → income, a second entry for the serial), any rest stays in 2101.
     */
    @Transactional
    public PaymentLine assign(LiangxianUser by, String region, long fileId, int lineNo, String period, String payer,
            String note) {
        PaymentLine l = openLine(by, region, fileId, lineNo, note);
        if (!"UNKNOWN".equals(l.outcome())) {
            throw new ApiException(HttpStatus.CONFLICT, "COLLECTION_LINE_NOT_UNKNOWN", l.outcome());
        }
        String key = CollectionSupport.key(CollectionSupport.period(period));
        String p = payer == null ? "" : payer.strip().toUpperCase(Locale.ROOT);
        Bills.Stored b = jdbc.sql("select * from collection_bill where region_code = ? and period = ? and payer = ? for update")
                .params(region, key, p).query((rs, i) -> Bills.stored(rs)).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "COLLECTION_NO_SUCH_BILL", key, p));
        BigDecimal[] paid = jdbc.sql("select paid_employer, paid_employee from collection_bill where region_code = ? and period = ? and payer = ?")
                .params(region, key, p).query((rs, i) -> new BigDecimal[] { rs.getBigDecimal(1), rs.getBigDecimal(2) })
                .single();
        BigDecimal owedEmployer = b.employerDue().subtract(paid[0]).max(BigDecimal.ZERO);
        BigDecimal owedEmployee = b.employeeDue().subtract(paid[1]).max(BigDecimal.ZERO);
        BigDecimal owed = owedEmployer.add(owedEmployee);
        BigDecimal applied = l.amount().min(owed);
        BigDecimal employeePart = owed.signum() == 0 ? BigDecimal.ZERO.setScale(2)
                : applied.multiply(owedEmployee).divide(owed, 2, RoundingMode.HALF_UP).min(owedEmployee);
        BigDecimal employerPart = applied.subtract(employeePart);
        boolean person = CollectionSupport.isPersonPayer(p);
        Long entry = l.entryId();
        if (applied.signum() > 0) {
            List<PostingLine> lines = new ArrayList<>();
            lines.add(PostingLine.debit(SUSPENSE, applied));
            Map<String, BigDecimal> credits = new LinkedHashMap<>();
            if (employerPart.signum() > 0) {
                credits.merge(person ? FLEXIBLE_INCOME : EMPLOYER_INCOME, employerPart, BigDecimal::add);
            }
            if (employeePart.signum() > 0) {
                credits.merge(person ? FLEXIBLE_INCOME : EMPLOYEE_INCOME, employeePart, BigDecimal::add);
            }
            credits.forEach((a, v) -> lines.add(PostingLine.credit(a, v)));
            LocalDate today = CollectionSupport.today();
            entry = postings.post(new PostingRequest(region, Book.POOLED, SourceType.CONTRIBUTION_RECEIPT,
                    l.serialNo() + "/assigned", today, l.paidOn(), "暂收款转征缴收入 / suspense assigned to " + key + " " + p,
                    lines)).id();
        }
        jdbc.sql("""
                update collection_bill set paid_employer = paid_employer + ?, paid_employee = paid_employee + ?
                 where region_code = ? and period = ? and payer = ?""")
                .params(employerPart, employeePart, region, key, p).update();
        jdbc.sql("""
                update payment_line set period = ?, payer = ?, applied = ?, applied_employer = ?, applied_employee = ?,
                       suspense = suspense - ?, entry_id = ?, resolution = 'ASSIGNED', resolved_by = ?,
                       resolved_at = now(), resolution_note = ?
                 where region_code = ? and file_id = ? and line_no = ?""")
                .params(key, p, applied, employerPart, employeePart, applied, entry, by.getUsername(),
                        note.strip() + " (原所属期 / period in the file " + l.period() + ")", region, fileId, lineNo)
                .update();
        audit.record(region, "PAYMENT_LINE_ASSIGNED", "payment_line", fileId + "/" + lineNo, "UNKNOWN",
                key + " " + p + ": " + applied.toPlainString());
        return find(region, fileId, lineNo);
    }

    private PaymentLine openLine(LiangxianUser by, String region, long fileId, int lineNo, String note) {
        access.requireRole(by, CollectionSupport.PAYMENTS);
        access.requireVisible(by, AccessPolicy.Owner.region(region == null ? "" : region));
        if (note == null || note.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "REASON_REQUIRED");
        }
        PaymentLine l = find(region, fileId, lineNo);
        if (l.resolution() != null || "MATCHED".equals(l.outcome()) || "DUPLICATE".equals(l.outcome())) {
            throw new ApiException(HttpStatus.CONFLICT, "COLLECTION_LINE_NOT_OPEN");
        }
        return l;
    }

    PaymentLine find(String region, long fileId, int lineNo) {
        return jdbc.sql("select * from payment_line where region_code = ? and file_id = ? and line_no = ? for update")
                .params(region, fileId, lineNo).query((rs, i) -> line(rs)).optional()
                .orElseThrow(Assessments::notFound);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
