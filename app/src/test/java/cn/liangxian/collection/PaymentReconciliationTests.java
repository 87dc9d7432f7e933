package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The hand-off to the tax bureau end to end: a clerk runs the assessment, exports it (CSV and Excel, documented
 * columns, full certificate numbers for the tax bureau), imports the tax bureau's payment file; every line is
 * matched to its bill — matched, under, over, unknown, duplicate — and posted to the fund's ledger once (idempotent
 * on the line's serial number, and the same file again writes nothing); clerks work the exception queue.
 */
@AppTest
class PaymentReconciliationTests {

    static final String CHONGQING = "500000";

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    PersonDirectory persons;
    @Autowired
    Postings postings;
    @Autowired
    JdbcClient jdbc;

    CollectionFixture fx;
    LiangxianUser clerk;
    String token;
    String e;
    String f;
    String g;
    long flexible;
    String flexibleId;
    String tag;

    Http http() {
        return new Http(env);
    }

    static String header(String t) {
        return "Bearer " + t;
    }

    /** Runs the assessment of a period through the API and waits for it. */
    JsonNode runAndWait(String period) throws InterruptedException {
        Http.Response r = http().postJson("/api/v1/collection/runs", "{\"region\":\"500000\",\"period\":\"" + period + "\"}",
                "Authorization", header(token));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        long id = r.json().get("id").asLong();
        Instant until = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(until)) {
            JsonNode run = http().get("/api/v1/collection/runs/500000/" + id, "Authorization", header(token)).json();
            if ("DONE".equals(run.get("status").asString())) {
                return run;
            }
            assertThat(run.get("status").asString()).isNotEqualTo("FAILED");
            Thread.sleep(100);
        }
        throw new AssertionError("run " + id + " did not finish");
    }

    @BeforeEach
    void setUp() {
        fx = new CollectionFixture(users, enrollments, wageBases, CHONGQING);
        clerk = fx.clerk;
        token = users.tokenFor(clerk);
        LocalDate from = LocalDate.of(2023, 1, 1);
        e = fx.employer(from);
        f = fx.employer(from);
        g = fx.employer(from);
        List<Long> ofE = fx.employees(e, from, 2);
        fx.declare(e, 2023, ofE, "5000.00", "6000.00");
        fx.declare(f, 2023, List.of(fx.employee(f, from)), "5000.00");
        fx.declare(g, 2023, List.of(fx.employee(g, from)), "4000.00");
        flexibleId = fx.idNumber();
        flexible = users.person(CHONGQING, flexibleId, "灵活甲");
        enrollments.enrollFlexible(clerk, flexible, from);
        wageBases.declareFlexible(clerk, flexible, 2023, new BigDecimal("5000.00"));
        tag = UUID.randomUUID().toString().substring(0, 8);
    }

    byte[] paymentFile(String... lines) {
        return ("serial_no,period,payer_kind,payer_id,amount,late_fee,paid_on\r\n" + String.join("\r\n", lines) + "\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    Map<String, BigDecimal> legs(String serial, String side) {
        JournalEntry entry = postings.findBySource(CHONGQING, SourceType.CONTRIBUTION_RECEIPT, serial).orElseThrow();
        return entry.legs().stream().filter(l -> l.side().name().equals(side))
                .collect(Collectors.toMap(JournalEntry.Leg::accountCode, JournalEntry.Leg::amount, BigDecimal::add));
    }

    @Test
    void theTaxBureauGetsADocumentedExportAndItsPaymentsAreMatchedPostedOnceAndQueued() throws Exception {
        JsonNode run = runAndWait("2023-03");
        long runId = run.get("id").asLong();

        // the export: documented columns, one line per person and payer, full certificate numbers, audited
        HttpResponse<byte[]> csv = Uploads.download(http(), "/api/v1/collection/runs/500000/" + runId + "/export.csv", token);
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition").orElse("")).contains("assessment-500000-" + runId + ".csv");
        String text = new String(csv.body(), StandardCharsets.UTF_8);
        List<String> lines = text.lines().toList();
        assertThat(lines.get(0)).isEqualTo("\uFEFF" + TaxExchange.EXPORT_COLUMNS.stream().map(c -> c[0])
                .collect(Collectors.joining(",")));
        assertThat(lines.get(1)).startsWith("行号,统筹区,费款所属期");
        String flexLine = lines.stream().filter(l -> l.contains("," + flexible + ",")).findFirst().orElseThrow();
        assertThat(flexLine).contains(",ASSESSMENT,PERSON," + flexibleId + ",").contains(",0.00,250.00,250.00,2023-04-15");
        List<String> ofE = lines.stream().filter(l -> l.contains(",EMPLOYER," + e + ",")).toList();
        assertThat(ofE).hasSize(2);
        assertThat(ofE).anySatisfy(l -> assertThat(l).contains(",425.00,100.00,525.00,"));
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'PERSONAL_DATA_EXPORTED' and object_id = ?")
                .param(String.valueOf(runId)).query(Long.class).single()).isEqualTo(1);

        HttpResponse<byte[]> xlsx = Uploads.download(http(), "/api/v1/collection/runs/500000/" + runId + "/export.xlsx", token);
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<org.dhatim.fastexcel.reader.Row> rows = wb.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("line_no");
            assertThat(rows.get(1).getCellText(0)).isEqualTo("行号");
            assertThat(rows).hasSize(lines.size());
        }
        // an employer may not export
        assertThat(Uploads.download(http(), "/api/v1/collection/runs/500000/" + runId + "/export.csv",
                users.tokenFor(users.employer(e))).statusCode()).isEqualTo(403);

        // the tax bureau's payment file
        String unknownUscc = TestUsers.uscc(CHONGQING);
        byte[] file = paymentFile(
                "S1-" + tag + ",2023-03,EMPLOYER," + e + ",1155.00,0,2023-04-10",
                "S2-" + tag + ",202303,EMPLOYER," + f + ",500.00,0,2023-04-10",
                "S3-" + tag + ",2023-03,EMPLOYER," + g + ",500.00,1.00,2023-04-20",
                "S4-" + tag + ",2023-03,EMPLOYER," + unknownUscc + ",300.00,0,2023-04-11",
                "S5-" + tag + ",2023-03,PERSON," + flexibleId + ",250.00,0,2023-04-12");
        Http.Response imported = Uploads.upload(http(), "/api/v1/collection/payments?region=500000", token, "到账.csv", file);
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        JsonNode r = imported.json();
        assertThat(r.get("matched").asInt()).isEqualTo(2);
        assertThat(r.get("under").asInt()).isEqualTo(1);
        assertThat(r.get("over").asInt()).isEqualTo(1);
        assertThat(r.get("unknown").asInt()).isEqualTo(1);
        assertThat(r.get("replayed").asBoolean()).isFalse();

        // posted to the pooled fund: contributions to income, the late fee to other income, the rest to 2101
        assertThat(legs("S1-" + tag, "DEBIT")).isEqualTo(Map.of("1002", new BigDecimal("1155.00")));
        assertThat(legs("S1-" + tag, "CREDIT")).isEqualTo(Map.of("400101", new BigDecimal("935.00"), "400102",
                new BigDecimal("220.00")));
        // under: split in proportion to what the bill still owes (425 : 100)
        assertThat(legs("S2-" + tag, "CREDIT")).isEqualTo(Map.of("400101", new BigDecimal("404.76"), "400102",
                new BigDecimal("95.24")));
        assertThat(legs("S3-" + tag, "DEBIT")).isEqualTo(Map.of("1002", new BigDecimal("501.00")));
        assertThat(legs("S3-" + tag, "CREDIT")).isEqualTo(Map.of("400101", new BigDecimal("340.00"), "400102",
                new BigDecimal("80.00"), "2101", new BigDecimal("80.00"), "4009", new BigDecimal("1.00")));
        assertThat(legs("S4-" + tag, "CREDIT")).isEqualTo(Map.of("2101", new BigDecimal("300.00")));
        assertThat(legs("S5-" + tag, "CREDIT")).isEqualTo(Map.of("400103", new BigDecimal("250.00")));

        // the same file again: the first answer, nothing written
        long entries = jdbc.sql("select count(*) from fund_entry where region_code = ?").param(CHONGQING)
                .query(Long.class).single();
        Http.Response again = Uploads.upload(http(), "/api/v1/collection/payments?region=500000", token, "到账(1).csv", file);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("replayed").asBoolean()).isTrue();
        assertThat(again.json().get("fileId").asLong()).isEqualTo(r.get("fileId").asLong());
        assertThat(jdbc.sql("select count(*) from fund_entry where region_code = ?").param(CHONGQING)
                .query(Long.class).single()).isEqualTo(entries);
        // a line seen in another file is a duplicate and is not posted again
        Http.Response dup = Uploads.upload(http(), "/api/v1/collection/payments?region=500000", token, "补传.csv",
                paymentFile("S1-" + tag + ",2023-03,EMPLOYER," + e + ",1155.00,0,2023-04-10"));
        assertThat(dup.status()).isEqualTo(201);
        assertThat(dup.json().get("duplicate").asInt()).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from fund_entry where region_code = ?").param(CHONGQING)
                .query(Long.class).single()).isEqualTo(entries);

        // bills as of the day
        JsonNode billE = http().get("/api/v1/collection/bills/" + e + "/2023-03?asOf=2023-04-30", "Authorization",
                header(token)).json();
        assertThat(billE.get("status").asString()).isEqualTo("SETTLED");
        JsonNode billF = http().get("/api/v1/collection/bills/" + f + "/2023-03?asOf=2023-04-30", "Authorization",
                header(token)).json();
        assertThat(billF.get("status").asString()).isEqualTo("PART_PAID");
        assertThat(billF.get("outstanding").decimalValue()).isEqualByComparingTo("25.00");

        // the exception queue: under, over, unknown
        JsonNode queue = http().get("/api/v1/collection/exceptions?region=500000", "Authorization", header(token)).json();
        List<String> mine = java.util.stream.StreamSupport.stream(queue.spliterator(), false)
                .filter(l -> l.get("serialNo").asString().endsWith(tag)).map(l -> l.get("outcome").asString()).sorted()
                .toList();
        assertThat(mine).containsExactly("OVER", "UNDER", "UNKNOWN");
        long fileId = r.get("fileId").asLong();
        // the unknown payment belongs to F: what F still owes is applied out of 2101
        Http.Response assigned = http().postJson("/api/v1/collection/exceptions/500000/" + fileId + "/5/assign",
                "{\"period\":\"2023-03\",\"payer\":\"" + f + "\",\"note\":\"单位来电确认\"}", "Authorization", header(token));
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("applied").decimalValue()).isEqualByComparingTo("25.00");
        assertThat(assigned.json().get("suspense").decimalValue()).isEqualByComparingTo("275.00");
        assertThat(legs("S4-" + tag + "/assigned", "DEBIT")).isEqualTo(Map.of("2101", new BigDecimal("25.00")));
        assertThat(legs("S4-" + tag + "/assigned", "CREDIT")).isEqualTo(Map.of("400101", new BigDecimal("20.24"),
                "400102", new BigDecimal("4.76")));
        assertThat(http().get("/api/v1/collection/bills/" + f + "/2023-03?asOf=2023-04-30", "Authorization",
                header(token)).json().get("status").asString()).isEqualTo("SETTLED");
        Http.Response ack = http().postJson("/api/v1/collection/exceptions/500000/" + fileId + "/4/acknowledge",
                "{\"note\":\"多缴部分下月抵缴\"}", "Authorization", header(token));
        assertThat(ack.status()).isEqualTo(200);
        Http.Response noNote = http().postJson("/api/v1/collection/exceptions/500000/" + fileId + "/3/acknowledge",
                "{\"note\":\"\"}", "Authorization", header(token));
        assertThat(noNote.status()).isEqualTo(400);
        assertThat(http().postJson("/api/v1/collection/exceptions/500000/" + fileId + "/4/acknowledge",
                "{\"note\":\"again\"}", "Authorization", header(token)).status()).isEqualTo(409);
        JsonNode left = http().get("/api/v1/collection/exceptions?region=500000", "Authorization", header(token)).json();
        assertThat(java.util.stream.StreamSupport.stream(left.spliterator(), false)
                .filter(l -> l.get("serialNo").asString().endsWith(tag)).map(l -> l.get("outcome").asString()).toList())
                .containsExactly("UNDER");
    }

    @Test
    void aBadPaymentFileIsAProblemAndOnlyStaffOfTheRegionImport() {
        String path = "/api/v1/collection/payments?region=500000";
        long files = jdbc.sql("select count(*) from payment_file").query(Long.class).single();
        Http.Response noAmount = Uploads.upload(http(), path, token, "x.csv",
                "serial_no,period,payer_id,paid_on\r\nA,2023-03,X,2023-04-01\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(noAmount.status()).isEqualTo(400);
        assertThat(noAmount.contentType()).startsWith("application/problem+json");
        assertThat(noAmount.json().get("code").asString()).isEqualTo("COLLECTION_FILE_COLUMNS");
        Http.Response badRows = Uploads.upload(http(), path, token, "y.csv", paymentFile(
                "B1-" + tag + ",2023-03,EMPLOYER," + e + ",12.345,0,2023-04-10",
                "B2-" + tag + ",2023-13,EMPLOYER," + e + ",1.00,0,2023-04-10",
                "B2-" + tag + ",2023-03,EMPLOYER," + e + ",1.00,0,2023-04-31"));
        assertThat(badRows.status()).isEqualTo(422);
        assertThat(badRows.json().get("message_en").asString()).contains("2: COLLECTION_PAYMENT_AMOUNT")
                .contains("3: COLLECTION_INVALID_PERIOD").contains("4: COLLECTION_PAYMENT_SERIAL_REPEATED");
        assertThat(jdbc.sql("select count(*) from payment_file").query(Long.class).single()).isEqualTo(files);

        byte[] ok = paymentFile("C1-" + tag + ",2023-03,EMPLOYER," + e + ",1.00,0,2023-04-10");
        assertThat(Uploads.upload(http(), path, users.tokenFor(users.employer(e)), "z.csv", ok).status()).isEqualTo(403);
        assertThat(Uploads.upload(http(), "/api/v1/collection/payments?region=500000",
                users.tokenFor(users.clerk("152501")), "z.csv", ok).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/collection/exceptions?region=500000", "Authorization",
                header(users.tokenFor(users.employer(e)))).status()).isEqualTo(403);
    }

    @Test
    void anEmployerSeesOnlyItsOwnBillsAndTheirLinesMasked() throws Exception {
        runAndWait("2023-04");
        String hr = users.tokenFor(users.employer(e));
        JsonNode own = http().get("/api/v1/collection/bills?asOf=2023-05-01", "Authorization", header(hr)).json();
        assertThat(own).isNotEmpty();
        assertThat(java.util.stream.StreamSupport.stream(own.spliterator(), false).map(b -> b.get("payer").asString())
                .distinct().toList()).containsExactly(e);
        JsonNode lines = http().get("/api/v1/collection/bills/" + e + "/2023-04/lines", "Authorization", header(hr)).json();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("idNumber").asString()).contains("*");
        assertThat(http().get("/api/v1/collection/bills/" + f + "/2023-04", "Authorization", header(hr)).status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/collection/bills?payer=" + f, "Authorization", header(hr)).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/collection/bills/" + e + "/2023-04/lines", "Authorization",
                header(users.tokenFor(users.clerk("440100")))).status()).isEqualTo(404);
        // the flexible worker sees her own bill
        JsonNode hers = http().get("/api/v1/collection/bills", "Authorization",
                header(users.tokenFor(users.insured(flexible)))).json();
        assertThat(hers.get(0).get("payer").asString()).isEqualTo("P" + flexible);
    }
    /** The lines of a CSV export for the given payers, split into fields (no field of these lines is quoted). */
    static List<List<String>> linesOf(String csv, String... payers) {
        return csv.lines().skip(2).map(l -> List.of(l.split(",", -1)))
                .filter(f -> List.of(payers).contains(f.get(7))).toList();
    }

    /** The export's fields this test checks: version, type, payer kind, payer, person, base, rates, amounts, due date. */
    static List<String> checked(List<String> f) {
        return List.of(f.get(4), f.get(5), f.get(6), f.get(7), f.get(9), f.get(13), f.get(14), f.get(15), f.get(16),
                f.get(17), f.get(18), f.get(19), f.get(20));
    }

    @Test
    void aRerunsExportCarriesSupplementsAndRefundsWithTheirSignsAndAnExcelPaymentFileIsMatchedLikeACsvOne()
            throws Exception {
        LocalDate from = LocalDate.of(2023, 1, 1);
        String x = fx.employer(from);
        String y = fx.employer(from);
        long raised = fx.employee(x, from);
        long leaves = fx.employee(x, from);
        long moves = fx.employee(x, from);
        fx.declare(x, 2023, List.of(raised, leaves, moves), "5000.00", "6000.00", "5500.00");
        // Chongqing 2023 (500000.yaml): employer 8% + 0.5% = 8.5% merged, employee 2%; band 3300–16500
        JsonNode first = runAndWait("2023-07");

        // the employer raises one wage, the second employee's leaving at the end of June is recorded late, and the
        // third turns out to have moved to Y on 1 July (declared there at 4000.00)
        fx.declare(x, 2023, List.of(raised), "7000.00");
        enrollments.endEmployee(clerk, leaves, x, LocalDate.of(2023, 6, 30), "离职");
        enrollments.endEmployee(clerk, moves, x, LocalDate.of(2023, 6, 30), "调出");
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(moves), y, LocalDate.of(2023, 7, 1), null,
                Enrollments.Source.ENROLLMENT);
        fx.declare(y, 2023, List.of(moves), "4000.00");
        JsonNode rerun = runAndWait("2023-07");
        long runId = rerun.get("id").asLong();
        assertThat(runId).isNotEqualTo(first.get("id").asLong());

        HttpResponse<byte[]> csv = Uploads.download(http(), "/api/v1/collection/runs/500000/" + runId + "/export.csv", token);
        assertThat(csv.statusCode()).isEqualTo(200);
        List<List<String>> lines = linesOf(new String(csv.body(), StandardCharsets.UTF_8), x, y);
        assertThat(lines.stream().map(PaymentReconciliationTests::checked).toList()).containsExactly(
                // raised: 5000 → 7000: employer 7000 × 8.5% = 595.00 − 425.00 = +170.00; employee 140.00 − 100.00 = +40.00
                List.of("2", "SUPPLEMENT", "EMPLOYER", x, String.valueOf(raised), "7000.00", "7000.00", "0.085", "0.02",
                        "170.00", "40.00", "210.00", "2023-08-15"),
                // left: not insured in July any more: all of 6000 × 8.5% = 510.00 and 6000 × 2% = 120.00 back
                List.of("2", "REFUND", "EMPLOYER", x, String.valueOf(leaves), "0.00", "0.00", "0.085", "0.02",
                        "-510.00", "-120.00", "-630.00", "2023-08-15"),
                // moved: X gets back 5500 × 8.5% = 467.50 and 5500 × 2% = 110.00; X has no base for her any more
                // (as for the leaver; Y's base is not X's) …
                List.of("2", "REFUND", "EMPLOYER", x, String.valueOf(moves), "0.00", "0.00", "0.085", "0.02",
                        "-467.50", "-110.00", "-577.50", "2023-08-15"),
                // … and Y owes 4000 × 8.5% = 340.00 and 4000 × 2% = 80.00
                List.of("2", "SUPPLEMENT", "EMPLOYER", y, String.valueOf(moves), "4000.00", "4000.00", "0.085", "0.02",
                        "340.00", "80.00", "420.00", "2023-08-15"));
        // the first run's export has the three first assessments, all positive
        HttpResponse<byte[]> firstCsv = Uploads.download(http(), "/api/v1/collection/runs/500000/"
                + first.get("id").asLong() + "/export.csv", token);
        assertThat(linesOf(new String(firstCsv.body(), StandardCharsets.UTF_8), x, y).stream()
                .map(f -> f.get(5) + " " + f.get(7) + " " + f.get(19)).toList())
                .containsExactly("ASSESSMENT " + x + " 525.00", "ASSESSMENT " + x + " 630.00", "ASSESSMENT " + x + " 577.50");

        // the Excel export holds the same lines, amounts as numbers with their signs
        HttpResponse<byte[]> xlsx = Uploads.download(http(), "/api/v1/collection/runs/500000/" + runId + "/export.xlsx", token);
        assertThat(xlsx.statusCode()).isEqualTo(200);
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx.body()))) {
            List<org.dhatim.fastexcel.reader.Row> rows = wb.getFirstSheet().read().stream()
                    .filter(r -> List.of(x, y).contains(r.getCellText(7))).toList();
            assertThat(rows.stream().map(r -> r.getCellText(5) + " " + r.getCellText(7)).toList()).containsExactly(
                    "SUPPLEMENT " + x, "REFUND " + x, "REFUND " + x, "SUPPLEMENT " + y);
            List<List<BigDecimal>> amounts = rows.stream().map(r -> List.of(r.getCell(17).asNumber(),
                    r.getCell(18).asNumber(), r.getCell(19).asNumber())).toList();
            List<List<String>> expected = List.of(List.of("170.00", "40.00", "210.00"),
                    List.of("-510.00", "-120.00", "-630.00"), List.of("-467.50", "-110.00", "-577.50"),
                    List.of("340.00", "80.00", "420.00"));
            for (int i = 0; i < expected.size(); i++) {
                for (int j = 0; j < 3; j++) {
                    assertThat(amounts.get(i).get(j)).as("line %d, amount %d", i, j)
                            .isEqualByComparingTo(expected.get(i).get(j));
                }
            }
        }

        // the bills after both runs: X 595.00 + 140.00 = 735.00 (one person); Y 340.00 + 80.00 = 420.00
        // the tax bureau's payment file as Excel, typed as it comes: amounts as numbers, dates as date cells
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(file, "test", "1.0");
        org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("到账");
        List<String> header = List.of("电子税票号码", "费款所属期", "缴费主体类型", "缴费主体代码", "实缴金额", "滞纳金", "入库日期");
        for (int c = 0; c < header.size(); c++) {
            ws.value(0, c, header.get(c));
        }
        Object[][] data = { { "X1-" + tag, "2023-07", "EMPLOYER", x, new BigDecimal("735.00"), 0, LocalDate.of(2023, 8, 10) },
                { "Y1-" + tag, "2023-07", "EMPLOYER", y, new BigDecimal("400"), 0, LocalDate.of(2023, 8, 11) } };
        for (int r = 0; r < data.length; r++) {
            for (int c = 0; c < data[r].length; c++) {
                Object v = data[r][c];
                if (v instanceof LocalDate d) {
                    ws.value(r + 1, c, d);
                    ws.style(r + 1, c).format("yyyy-mm-dd").set();
                } else if (v instanceof BigDecimal n) {
                    ws.value(r + 1, c, n);
                } else if (v instanceof Integer n) {
                    ws.value(r + 1, c, n);
                } else {
                    ws.value(r + 1, c, (String) v);
                }
            }
        }
        wb.finish();
        Http.Response imported = Uploads.upload(http(), "/api/v1/collection/payments?region=500000", token, "到账.xlsx",
                file.toByteArray());
        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(imported.json().get("lines").asInt()).isEqualTo(2);
        assertThat(imported.json().get("matched").asInt()).isEqualTo(1);
        assertThat(imported.json().get("under").asInt()).isEqualTo(1);
        // X paid its bill exactly: 595.00 to 400101, 140.00 to 400102
        assertThat(legs("X1-" + tag, "DEBIT")).isEqualTo(Map.of("1002", new BigDecimal("735.00")));
        assertThat(legs("X1-" + tag, "CREDIT")).isEqualTo(Map.of("400101", new BigDecimal("595.00"), "400102",
                new BigDecimal("140.00")));
        // Y paid 400.00 of 420.00: split as the bill owes (340 : 80): employee 400 × 80 / 420 = 76.190… → 76.19,
        // employer 400.00 − 76.19 = 323.81
        assertThat(legs("Y1-" + tag, "CREDIT")).isEqualTo(Map.of("400101", new BigDecimal("323.81"), "400102",
                new BigDecimal("76.19")));
        JsonNode billX = http().get("/api/v1/collection/bills/" + x + "/2023-07?asOf=2023-08-31", "Authorization",
                header(token)).json();
        assertThat(billX.get("persons").asInt()).isEqualTo(1);
        assertThat(billX.get("due").decimalValue()).isEqualByComparingTo("735.00");
        assertThat(billX.get("status").asString()).isEqualTo("SETTLED");
        JsonNode billY = http().get("/api/v1/collection/bills/" + y + "/2023-07?asOf=2023-08-31", "Authorization",
                header(token)).json();
        assertThat(billY.get("status").asString()).isEqualTo("PART_PAID");
        assertThat(billY.get("outstanding").decimalValue()).isEqualByComparingTo("20.00");
        // the dates came from the date cells
        assertThat(jdbc.sql("select paid_on::text from payment_line where region_code = ? and serial_no = ?")
                .params(CHONGQING, "Y1-" + tag).query(String.class).single()).isEqualTo("2023-08-11");
    }
}
