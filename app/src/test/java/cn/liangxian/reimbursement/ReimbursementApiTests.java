package cn.liangxian.reimbursement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.fund.JournalEntry;
import cn.liangxian.fund.Postings;
import cn.liangxian.fund.SourceType;
import cn.liangxian.institution.Catalogs;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.policy.maternity.InsuredKind;
import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MaternityEstimator;
import cn.liangxian.policy.maternity.MaternityFacts;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestFiles;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * The claim's way over REST, from the insured's submission through a payment batch and the bank's return file to the
 * payment, with the refusals on the way.
 */
@AppTest
class ReimbursementApiTests {

    static final LocalDate BIRTH = LocalDate.of(2024, 5, 20);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    Catalogs catalogs;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    Postings postings;
    @Autowired
    PolicyBook policy;
    @Autowired
    Environment env;
    @Autowired
    cn.liangxian.registry.MaternityEvents events;

    Http http() {
        return new Http(env);
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String hex(byte[] content) {
        return java.util.HexFormat.of().formatHex(sha256(content));
    }

    static byte[] sha256(byte[] content) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(content);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aClaimGoesFromSubmissionThroughCatalogReviewApprovalAndABankBatchToPaymentInTheLedger() {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        String me = users.tokenFor(fx.insured);

        // submitted by the insured; a repeat with the same key answers the first claim and files nothing
        Http.Response first = http().postJson("/api/v1/reimbursements", fx.claimJson(BIRTH), "Authorization",
                bearer(me), "Idempotency-Key", "claim-" + fx.person);
        Http.Response again = http().postJson("/api/v1/reimbursements", fx.claimJson(BIRTH), "Authorization",
                bearer(me), "Idempotency-Key", "claim-" + fx.person);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(fx.claimsOf(fx.person)).isEqualTo(1);
        JsonNode claim = first.json();
        String number = claim.get("number").asString();
        assertThat(number).startsWith("440100-R");
        assertThat(claim.get("status").asString()).isEqualTo("SUBMITTED");
        assertThat(claim.get("claimedTotal").decimalValue()).isEqualByComparingTo("3238.00");
        assertThat(claim.get("bankAccount").asString()).doesNotContain("6222020200001234567").endsWith("4567");
        assertThat(jdbc.sql("select bank_account_enc from reimbursement where region_code = '440100' and id = ?")
                .param(Reimbursements.id(number)).query(String.class).single()).doesNotContain("6222020200001234567");

        // nobody else sees it: another insured, another employer
        String other = users.tokenFor(users.insured(users.person("440100")));
        assertThat(http().get("/api/v1/reimbursements/" + number, "Authorization", bearer(other)).status())
                .isEqualTo(404);
        String otherHr = users.tokenFor(users.employer(users.employerIn("440100", LocalDate.of(2010, 1, 1))));
        assertThat(http().get("/api/v1/reimbursements/" + number, "Authorization", bearer(otherHr)).status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/reimbursements/" + number, "Authorization",
                bearer(users.tokenFor(users.clerk("320400")))).status()).isEqualTo(404);

        // documents: judged by content, not by name
        String url = http().base() + "/api/v1/reimbursements/" + number + "/documents";
        assertThat(ReimbursementFixture.upload("POST", url, me, "发票.pdf", "application/pdf",
                ReimbursementFixture.pdf()).statusCode()).isEqualTo(201);
        HttpResponse<String> png = ReimbursementFixture.upload("POST", url, me, "scan.pdf", "application/pdf",
                ReimbursementFixture.png());
        assertThat(png.statusCode()).isEqualTo(201);
        assertThat(png.body()).contains("\"contentType\":\"image/png\"");
        // a phone photo of the invoice: a real JPEG (javax.imageio), sent under a PNG's name and type
        byte[] photo = TestFiles.jpeg(480, 640, "invoice 0001");
        HttpResponse<String> jpeg = ReimbursementFixture.upload("POST", url, me, "发票照片.png", "image/png", photo);
        assertThat(jpeg.statusCode()).as(jpeg.body()).isEqualTo(201);
        JsonNode stored = Http.JSON.readTree(jpeg.body());
        assertThat(stored.get("contentType").asString()).isEqualTo("image/jpeg");
        assertThat(stored.get("sizeBytes").asInt()).isEqualTo(photo.length);
        assertThat(stored.get("sha256").asString()).isEqualTo(java.util.HexFormat.of().formatHex(
                sha256(photo)));
        // at rest: neither the content nor the name in the clear; read back whole, and the reading audited
        long docId = stored.get("id").asLong();
        byte[] sealed = jdbc.sql("select content_enc from reimbursement_document where id = ? and content is null")
                .param(docId).query(byte[].class).single();
        assertThat(TestFiles.holdsClearBytes(sealed, photo)).isFalse();
        assertThat(TestFiles.holdsClearBytes(photo, photo)).as("the probe itself").isTrue();
        assertThat(jdbc.sql("select file_name_enc from reimbursement_document where id = ? and file_name is null")
                .param(docId).query(String.class).single()).doesNotContain("发票");
        assertThat(stored.get("fileName").asString()).isEqualTo("发票照片.png");
        java.net.http.HttpResponse<byte[]> back = http().download("/api/v1/reimbursements/" + number + "/documents/"
                + docId, "Authorization", bearer(me));
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
        assertThat(back.body()).isEqualTo(photo);
        assertThat(jdbc.sql("""
                select count(*) from audit_event where action = 'REIMBURSEMENT_DOCUMENT_READ' and object_id = ?
                   and role = 'INSURED' and after_masked = ?""")
                .params(number, "#" + docId + " image/jpeg sha256 " + java.util.HexFormat.of().formatHex(sha256(photo)))
                .query(Integer.class).single()).isEqualTo(1);
        HttpResponse<String> text = ReimbursementFixture.upload("POST", url, me, "invoice.pdf", "application/pdf",
                "just some text pretending".getBytes());
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(text.headers().firstValue("Content-Type").orElse("")).contains("problem+json");
        assertThat(text.body()).contains("REIMBURSEMENT_DOCUMENT_TYPE");

        // the insured cannot review her own claim; the clerk must decide every line
        String clerk = bearer(users.tokenFor(fx.clerk));
        assertThat(http().postJson("/api/v1/reimbursements/" + number + "/review", "{\"lines\": []}",
                "Authorization", bearer(me)).status()).isEqualTo(403);
        Http.Response undecided = http().postJson("/api/v1/reimbursements/" + number + "/review",
                "{\"lines\": [{\"lineNo\": 1}]}", "Authorization", clerk);
        assertThat(undecided.status()).isEqualTo(400);
        assertThat(undecided.body()).contains("REIMBURSEMENT_LINE_UNDECIDED");
        Http.Response reviewed = http().postJson("/api/v1/reimbursements/" + number + "/review", """
                {"lines": [{"lineNo": 1}, {"lineNo": 2}, {"lineNo": 3},
                           {"lineNo": 4, "rejectReason": "陪护床位费不属于生育医疗费用"}]}""", "Authorization", clerk);
        assertThat(reviewed.status()).isEqualTo(200);
        JsonNode r = reviewed.json();

        // the expected benefit, worked out here from the catalog and the engine
        BigDecimal share = catalogs.item("440100", fx.itemB, BIRTH).orElseThrow().selfPayShare();
        BigDecimal lineB = new BigDecimal("15.00").multiply(new BigDecimal("4")).min(new BigDecimal("88.00"))
                .multiply(BigDecimal.ONE.subtract(share)).setScale(2, RoundingMode.HALF_UP);
        BigDecimal covered = new BigDecimal("2600.00").add(lineB);
        BigDecimal benefit = new MaternityEstimator(policy).estimateMedical(MaternityFacts.of("440100", BIRTH,
                MaternityCategory.NORMAL_DELIVERY, 1, InsuredKind.EMPLOYEE, covered, null)).medicalBenefit();
        assertThat(r.get("coveredCost").decimalValue()).isEqualByComparingTo(covered);
        assertThat(r.get("benefit").decimalValue()).isEqualByComparingTo(benefit);
        assertThat(r.get("lines").get(0).get("decision").asString()).isEqualTo("COVERED");
        assertThat(r.get("lines").get(1).get("decision").asString()).isEqualTo("PARTLY");
        assertThat(r.get("lines").get(1).get("allowedAmount").decimalValue()).isEqualByComparingTo("60.00");
        assertThat(r.get("lines").get(2).get("decision").asString()).isEqualTo("EXCLUDED");
        assertThat(r.get("lines").get(3).get("decision").asString()).isEqualTo("REJECTED");
        assertThat(r.get("lines").get(3).get("rejectReason").asString()).contains("陪护");
        assertThat(r.get("explanation").toString()).contains("maternity.medical.normal_delivery").contains(fx.itemB);
        assertThat(r.get("status").asString()).isEqualTo("PENDING_APPROVAL");

        // the approver approves; then the claim waits for a payment batch
        String finance = bearer(users.tokenFor(users.staff(Role.FINANCE, "440100")));
        assertThat(http().postJson("/api/v1/reimbursements/" + number + "/retry", "{}", "Authorization", finance)
                .status()).isEqualTo(409);
        long approval = r.get("approvalId").asLong();
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, "440100");
        fourEyes.approve(approver, approval, "票据齐全，目录匹配无误");
        assertThat(http().get("/api/v1/reimbursements/" + number, "Authorization", bearer(me)).json().get("status")
                .asString()).isEqualTo("APPROVED");

        // a batch of the region's approved claims, its bank file with the full account, the bank's return
        Http.Response created = http().postJson("/api/v1/reimbursement-batches?region=440100", "{}", "Authorization",
                finance);
        assertThat(created.status()).isEqualTo(201);
        String batchNo = created.json().get("batchNo").asString();
        assertThat(created.body()).contains(number).doesNotContain("6222020200001234567");
        assertThat(http().get("/api/v1/reimbursement-batches?region=440100", "Authorization", clerk).body())
                .contains(batchNo);
        assertThat(http().get("/api/v1/reimbursements/" + number, "Authorization", bearer(me)).json().get("status")
                .asString()).isEqualTo("IN_BATCH");
        Http.Response bankFile = http().get("/api/v1/reimbursement-batches/" + batchNo + "/bank-file",
                "Authorization", finance);
        assertThat(bankFile.status()).isEqualTo(200);
        assertThat(bankFile.contentType()).startsWith("text/csv");
        assertThat(bankFile.body()).startsWith("batch_no,line_no,account,name,amount\r\n")
                .contains(",6222020200001234567,报销测试人," + benefit.toPlainString() + "\r\n");
        StringBuilder answer = new StringBuilder("batch_no,line_no,account,amount,status,reason\r\n");
        for (String row : bankFile.body().split("\r\n")) {
            String[] f = row.split(",");
            if (!f[0].equals("batch_no")) {
                answer.append(f[0]).append(',').append(f[1]).append(',').append(f[2]).append(',').append(f[4])
                        .append(",PAID,\r\n");
            }
        }
        byte[] returned = answer.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Http.Response wrong = http().postFile("/api/v1/reimbursement-batches/returns?region=440100", "return.csv",
                answer.toString().replace("," + benefit.toPlainString() + ",PAID", ",1" + benefit.toPlainString()
                        + ",PAID").getBytes(java.nio.charset.StandardCharsets.UTF_8), "Authorization", finance);
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.contentType()).contains("problem+json");
        assertThat(wrong.json().get("code").asString()).isEqualTo("REIMBURSEMENT_RETURN_LINE");
        assertThat(wrong.json().get("message_zh").asString()).contains("银行回盘文件第").contains("amount");
        assertThat(wrong.json().get("message_en").asString()).contains("Row").contains("nothing was imported");
        Http.Response imported = http().postFile("/api/v1/reimbursement-batches/returns?region=440100", "return.csv",
                returned, "Authorization", finance);
        assertThat(imported.status()).isEqualTo(201);
        assertThat(imported.json().get("repeat").asBoolean()).isFalse();
        Http.Response reimported = http().postFile("/api/v1/reimbursement-batches/returns?region=440100",
                "again.csv", returned, "Authorization", finance);
        assertThat(reimported.status()).isEqualTo(200);
        assertThat(reimported.json().get("repeat").asBoolean()).isTrue();
        assertThat(reimported.json().get("id").asLong()).isEqualTo(imported.json().get("id").asLong());

        JsonNode paid = http().get("/api/v1/reimbursements/" + number, "Authorization", bearer(me)).json();
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        assertThat(paid.get("payments").get(0).get("batchNo").asString()).isEqualTo(batchNo);
        assertThat(paid.get("payments").get(0).get("status").asString()).isEqualTo("PAID");
        assertThat(paid.get("payments").get(0).get("payeeAccount").asString()).endsWith("4567")
                .doesNotContain("6222020200001234567");
        JournalEntry entry = postings.findBySource("440100", SourceType.MANUAL_PAYMENT, number).orElseThrow();
        assertThat(entry.id()).isEqualTo(paid.get("entryId").asLong());
        assertThat(entry.legs()).anySatisfy(l -> {
            assertThat(l.accountCode()).isEqualTo("5001010201");
            assertThat(l.amount()).isEqualByComparingTo(benefit);
        });
        JournalEntry cleared = postings.find("440100", paid.get("payments").get(0).get("paidEntryId").asLong())
                .orElseThrow();
        assertThat(cleared.legs()).anySatisfy(l -> {
            assertThat(l.accountCode()).isEqualTo("1004");
            assertThat(l.amount()).isEqualByComparingTo(benefit);
        });
        assertThat(jdbc.sql("select source from maternity_event where id = ?")
                .param(paid.get("maternityEventId").asLong()).query(String.class).single())
                .isEqualTo("REIMBURSEMENT");
        // paid is the end: no retry, no cancellation
        assertThat(http().postJson("/api/v1/reimbursements/" + number + "/retry", "{}", "Authorization", finance)
                .status()).isEqualTo(409);
        assertThat(http().postJson("/api/v1/reimbursements/" + number + "/cancel", "{\"reason\": \"x\"}",
                "Authorization", finance).status()).isEqualTo(409);
        assertThat(fx.auditActions(number)).containsSubsequence("REIMBURSEMENT_SUBMITTED",
                "REIMBURSEMENT_DOCUMENT_ADDED", "REIMBURSEMENT_REVIEWED", "REIMBURSEMENT_APPROVED",
                "REIMBURSEMENT_BATCHED", "REIMBURSEMENT_PAID");

        // the insured lists her own claim, the agency its region's
        assertThat(http().get("/api/v1/reimbursements", "Authorization", bearer(me)).json().size()).isEqualTo(1);
        assertThat(http().get("/api/v1/reimbursements?region=440100&status=PAID", "Authorization", clerk).body())
                .contains(number);
    }

    @Test
    void badClaimsAreRefusedWithAStableCodeAndWriteNothing() {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        String me = bearer(users.tokenFor(fx.insured));
        String good = fx.claimJson(BIRTH);
        List<String[]> bad = List.of(
                new String[] { good.replace(BIRTH.toString(), LocalDate.now().plusDays(3).toString()),
                        "REIMBURSEMENT_FUTURE_DATE" },
                new String[] { good.replace("6222 0202 0000 1234 567", "12ab"), "REIMBURSEMENT_INVALID_BANK_ACCOUNT" },
                new String[] { good.replace("88.00", "88.005"), "REIMBURSEMENT_INVALID_LINE" },
                new String[] { good.replace("NORMAL_DELIVERY", "HAIRCUT"), "REIMBURSEMENT_UNKNOWN_CATEGORY" },
                new String[] { good.replace("\"fetusCount\": 1", "\"fetusCount\": 12"),
                        "REIMBURSEMENT_INVALID_FETUS_COUNT" },
                new String[] { good.replace("OUT_OF_REGION", "BORED"), "REIMBURSEMENT_UNKNOWN_CASH_REASON" },
                new String[] { good.replace(BIRTH.toString(), "2018-06-01"), "REIMBURSEMENT_BEFORE_MERGER" });
        for (String[] b : bad) {
            Http.Response res = http().postJson("/api/v1/reimbursements", b[0], "Authorization", me);
            assertThat(res.status()).as(b[1]).isBetween(400, 422);
            assertThat(res.contentType()).contains("problem+json");
            assertThat(res.body()).contains(b[1]);
        }
        // another person's claim by the insured: as if that person did not exist
        String someoneElse = good.replace("\"personId\": " + fx.person, "\"personId\": " + users.person("440100"));
        assertThat(http().postJson("/api/v1/reimbursements", someoneElse, "Authorization", me).status())
                .isEqualTo(404);
        assertThat(fx.claimsOf(fx.person)).isZero();
    }

    @Test
    void theEmployerFilesForItsEmployeeAndAFeeListReplacesTheLines() throws Exception {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        String hr = users.tokenFor(users.employer(fx.employer));
        Http.Response filed = http().postJson("/api/v1/reimbursements", fx.claimJson(BIRTH), "Authorization",
                bearer(hr));
        assertThat(filed.status()).isEqualTo(201);
        String number = filed.json().get("number").asString();
        assertThat(filed.json().get("employerUscc").asString()).isEqualTo(fx.employer);

        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        org.dhatim.fastexcel.Workbook wb = new org.dhatim.fastexcel.Workbook(out, "test", "1.0");
        org.dhatim.fastexcel.Worksheet ws = wb.newWorksheet("费用清单");
        String[] head = { "项目编码", "项目名称", "数量", "金额" };
        for (int c = 0; c < head.length; c++) {
            ws.value(0, c, head[c]);
        }
        ws.value(1, 0, fx.itemA);
        ws.value(1, 1, "阴道分娩术");
        ws.value(1, 2, 1);
        ws.value(1, 3, new BigDecimal("2450.50"));
        ws.value(3, 1, "产科检查");
        ws.value(3, 2, 2);
        ws.value(3, 3, new BigDecimal("120.00"));
        wb.finish();
        HttpResponse<String> replaced = ReimbursementFixture.upload("PUT", http().base() + "/api/v1/reimbursements/"
                + number + "/lines", hr, "清单.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", out.toByteArray());
        assertThat(replaced.statusCode()).isEqualTo(200);
        JsonNode claim = Http.JSON.readTree(replaced.body());
        assertThat(claim.get("lines").size()).isEqualTo(2);
        assertThat(claim.get("claimedTotal").decimalValue()).isEqualByComparingTo("2570.50");

        HttpResponse<String> notExcel = ReimbursementFixture.upload("PUT", http().base() + "/api/v1/reimbursements/"
                + number + "/lines", hr, "清单.xlsx", "application/octet-stream", ReimbursementFixture.pdf());
        assertThat(notExcel.statusCode()).isEqualTo(400);
        assertThat(notExcel.body()).contains("REIMBURSEMENT_FEE_LIST_NOT_EXCEL");
    }

    @Test
    void aDeliverySettledDirectlyAtAHospitalOnTheSameDayIsNotReimbursedAgain() {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        String clerk = bearer(users.tokenFor(fx.clerk));
        events.record("440100", fx.person, BIRTH, "SETTLEMENT", "SETL-" + fx.person);
        String number = http().postJson("/api/v1/reimbursements", fx.claimJson(BIRTH), "Authorization", clerk).json()
                .get("number").asString();
        ReimbursementFixture.upload("POST", http().base() + "/api/v1/reimbursements/" + number + "/documents",
                users.tokenFor(fx.clerk), "a.pdf", "application/pdf", ReimbursementFixture.pdf());
        String decisions = "{\"lines\": [{\"lineNo\": 1}, {\"lineNo\": 2}, {\"lineNo\": 3}, {\"lineNo\": 4, \"rejectReason\": \"x\"}]}";
        Http.Response review = http().postJson("/api/v1/reimbursements/" + number + "/review", decisions,
                "Authorization", clerk);
        assertThat(review.status()).isEqualTo(409);
        assertThat(review.body()).contains("REIMBURSEMENT_ALREADY_SETTLED").contains("SETL-" + fx.person);
        assertThat(jdbc.sql("select count(*) from reimbursement_line where region_code = '440100' and reimbursement_id = ? and decision <> 'PENDING'")
                .param(Reimbursements.id(number)).query(Long.class).single()).isZero();
        // a settlement on another day is another event: the claim goes on
        ReimbursementFixture other = new ReimbursementFixture(jdbc, users, enrollments);
        events.record("440100", other.person, BIRTH.minusDays(40), "SETTLEMENT", "SETL-" + other.person);
        String second = http().postJson("/api/v1/reimbursements", other.claimJson(BIRTH), "Authorization", clerk)
                .json().get("number").asString();
        ReimbursementFixture.upload("POST", http().base() + "/api/v1/reimbursements/" + second + "/documents",
                users.tokenFor(fx.clerk), "a.pdf", "application/pdf", ReimbursementFixture.pdf());
        assertThat(http().postJson("/api/v1/reimbursements/" + second + "/review", decisions.replace("\"lineNo\": 1}",
                "\"lineNo\": 1, \"catalogCode\": \"" + other.itemA + "\"}"), "Authorization", clerk).status())
                .isEqualTo(200);
    }

    @Test
    void aPersonNotCoveredOnTheServiceDateIsRefusedAtReview() {
        ReimbursementFixture fx = new ReimbursementFixture(jdbc, users, enrollments);
        String clerk = bearer(users.tokenFor(fx.clerk));
        // covered from 2020-03-01: a birth in February 2020 is before her coverage
        Http.Response filed = http().postJson("/api/v1/reimbursements",
                fx.claimJson(LocalDate.of(2020, 2, 10)), "Authorization", clerk);
        assertThat(filed.status()).isEqualTo(201);
        String number = filed.json().get("number").asString();
        ReimbursementFixture.upload("POST", http().base() + "/api/v1/reimbursements/" + number + "/documents",
                users.tokenFor(fx.clerk), "a.pdf", "application/pdf", ReimbursementFixture.pdf());
        Http.Response review = http().postJson("/api/v1/reimbursements/" + number + "/review",
                "{\"lines\": [{\"lineNo\": 1}, {\"lineNo\": 2}, {\"lineNo\": 3}, {\"lineNo\": 4, \"rejectReason\": \"x\"}]}",
                "Authorization", clerk);
        assertThat(review.status()).isEqualTo(422);
        assertThat(review.body()).contains("REIMBURSEMENT_NOT_COVERED");
        assertThat(http().get("/api/v1/reimbursements/" + number, "Authorization", clerk).json().get("status")
                .asString()).isEqualTo("SUBMITTED");
        Http.Response rejected = http().postJson("/api/v1/reimbursements/" + number + "/reject",
                "{\"reason\": \"分娩日未参保\"}", "Authorization", clerk);
        assertThat(rejected.json().get("status").asString()).isEqualTo("REJECTED");
        assertThat(rejected.json().get("rejectReason").asString()).isEqualTo("分娩日未参保");
    }
}
