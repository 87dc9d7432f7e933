package cn.liangxian.reimbursement;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.payment.BankFiles;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.TestUsers;

/**
 * Builds what a reimbursement test needs through the real services: an employer, an insured employee of it, catalog
 * items of each class (the catalog has no writing service yet: rows as the catalog's own tests write them), a
 * minimal PDF and PNG, multipart uploads, an approved claim, and the bank's return file of a batch.
 */
final class ReimbursementFixture {

    static final String REGION = "440100";
    private static final AtomicInteger SEQ = new AtomicInteger();

    final JdbcClient jdbc;
    final TestUsers users;
    final Enrollments enrollments;
    final String employer;
    final long person;
    final String idNumber;
    final LiangxianUser insured;
    final LiangxianUser clerk;
    final String itemA;
    final String itemB;
    final String itemC;

    ReimbursementFixture(JdbcClient jdbc, TestUsers users, Enrollments enrollments) {
        this.jdbc = jdbc;
        this.users = users;
        this.enrollments = enrollments;
        this.clerk = users.clerk(REGION);
        this.employer = users.employerIn(REGION, LocalDate.of(2015, 1, 1));
        this.idNumber = TestUsers.womanId("440106");
        this.person = users.person(REGION, idNumber, "报销测试人");
        enrollments.enrollEmployee(clerk, Enrollments.Enrollee.of(person), employer, LocalDate.of(2020, 3, 1), null,
                Enrollments.Source.ENROLLMENT);
        this.insured = users.insured(person);
        String n = System.nanoTime() % 1_000_000 + "-" + SEQ.incrementAndGet();
        itemA = "RA" + n;
        itemB = "RB" + n;
        itemC = "RC" + n;
        item(itemA, "阴道分娩术", "SERVICE", "A", null);
        item(itemB, "缩宫素注射液", "DRUG", "B", "15.00");
        item(itemC, "产后修复理疗", "SERVICE", "C", null);
    }

    void item(String code, String name, String kind, String cls, String cap) {
        jdbc.sql("""
                insert into catalog_item (code, valid_from, name, kind, item_class, unit, price_cap, maternity_relevant,
                                          recorded_by)
                values (?, ?, ?, ?, ?, '次', ?, true, 'test')""")
                .params(code, LocalDate.of(2020, 1, 1), name, kind, cls, cap == null ? null : new BigDecimal(cap))
                .update();
    }

    /** A claim of a normal delivery with one line of each class and one line the clerk will reject. */
    String claimJson(LocalDate date) {
        return """
                {"personId": %d, "category": "NORMAL_DELIVERY", "fetusCount": 1, "serviceDate": "%s",
                 "institutionName": "香港某产科诊所", "cashReason": "OUT_OF_REGION", "bankName": "中国工商银行广州分行",
                 "bankAccount": "6222 0202 0000 1234 567",
                 "lines": [
                   {"itemCode": "%s", "itemName": "阴道分娩术", "quantity": 1, "amount": 2600.00},
                   {"itemCode": "%s", "itemName": "缩宫素注射液", "quantity": 4, "amount": 88.00},
                   {"itemCode": "%s", "itemName": "产后修复理疗", "quantity": 2, "amount": 400.00},
                   {"itemName": "陪护床位费", "quantity": 3, "amount": 150.00}
                 ]}""".formatted(person, date, itemA, itemB, itemC);
    }

    static byte[] pdf() {
        return "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] png() {
        return new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 'I', 'H', 'D', 'R' };
    }

    /** Posts (or puts) one file as multipart field {@code file}; answers status and body. */
    static HttpResponse<String> upload(String method, String url, String token, String fileName, String type,
            byte[] content, String... headers) {
        String boundary = "----lx" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                    + "\"\r\nContent-Type: " + type + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.write(content);
            body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .header("Authorization", "Bearer " + token)
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                b.header(headers[i], headers[i + 1]);
            }
            return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Her claim of {@link #claimJson} through the services: filed with an invoice, reviewed (line 4 refused), approved
     * by an approver when the region's threshold asks for one.
     */
    Reimbursements.Reimbursement approved(Reimbursements reimbursements, FourEyes fourEyes, LocalDate date) {
        Reimbursements.Reimbursement r = reimbursements.submit(insured, new Reimbursements.NewReimbursement(person,
                "NORMAL_DELIVERY", 1, date, "香港某产科诊所", "OUT_OF_REGION", "中国工商银行广州分行", ACCOUNT,
                List.of(new Reimbursements.FeeLine(itemA, "阴道分娩术", BigDecimal.ONE, new BigDecimal("2600.00")),
                        new Reimbursements.FeeLine(itemB, "缩宫素注射液", new BigDecimal("4"), new BigDecimal("88.00")),
                        new Reimbursements.FeeLine(itemC, "产后修复理疗", new BigDecimal("2"), new BigDecimal("400.00")),
                        new Reimbursements.FeeLine(null, "陪护床位费", new BigDecimal("3"), new BigDecimal("150.00")))),
                List.of(new Reimbursements.Upload("发票.pdf", pdf())), LocalDate.now());
        r = reimbursements.review(clerk, r.number(), List.of(new Reimbursements.LineReview(1, null, null),
                new Reimbursements.LineReview(2, null, null), new Reimbursements.LineReview(3, null, null),
                new Reimbursements.LineReview(4, null, "陪护床位费不属于生育医疗费用")));
        if (r.approvalId() != null) {
            fourEyes.approve(users.staff(Role.AGENCY_APPROVER, REGION), r.approvalId(), "票据齐全");
        }
        return reimbursements.visible(clerk, r.number());
    }

    /**
     * Her claim of one Class C line only (post-natal physiotherapy), reviewed and, when the region asks for it,
     * approved: approved with a benefit of zero, so closed at once with nothing payable.
     */
    Reimbursements.Reimbursement nothingPayable(Reimbursements reimbursements, FourEyes fourEyes, LocalDate date) {
        Reimbursements.Reimbursement r = reimbursements.submit(insured, new Reimbursements.NewReimbursement(person,
                "NORMAL_DELIVERY", 1, date, "香港某产科诊所", "OUT_OF_REGION", "中国工商银行广州分行", ACCOUNT,
                List.of(new Reimbursements.FeeLine(itemC, "产后修复理疗", BigDecimal.ONE, new BigDecimal("400.00")))),
                List.of(new Reimbursements.Upload("发票.pdf", pdf())), LocalDate.now());
        r = reimbursements.review(clerk, r.number(), List.of(new Reimbursements.LineReview(1, null, null)));
        if (r.approvalId() != null) {
            fourEyes.approve(users.staff(Role.AGENCY_APPROVER, REGION), r.approvalId(), "丙类，不予支付");
        }
        return reimbursements.visible(clerk, r.number());
    }

    /** The account of her claims, as typed and as the bank knows it. */
    static final String ACCOUNT = "6222020200001234567";

    /**
     * The bank's return file of a batch, made from its bank file as the bank would: every line answered as {@code
     * answer} says for the claim it pays ({@code "PAID,"}, {@code "FAILED,<reason>"}, or null to leave it out).
     */
    static byte[] bankReturn(ReimbursementPayments.Batch batch, byte[] bankFile, Function<String, String> answer) {
        String[] rows = new String(bankFile, StandardCharsets.UTF_8).split("\r\n");
        List<String> out = new ArrayList<>(List.of(BankFiles.RETURN_HEADER));
        for (int i = 1; i < rows.length; i++) {
            String[] f = rows[i].split(",");
            int lineNo = Integer.parseInt(f[1]);
            String number = batch.lines().stream().filter(l -> l.lineNo() == lineNo).findFirst().orElseThrow()
                    .number();
            String a = answer.apply(number);
            if (a != null) {
                out.add(f[0] + "," + f[1] + "," + f[2] + "," + f[4] + "," + a);
            }
        }
        return (String.join("\r\n", out) + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    long claimsOf(long personId) {
        return jdbc.sql("select count(*) from reimbursement where person_id = ?").param(personId).query(Long.class)
                .single();
    }

    List<String> auditActions(String number) {
        return jdbc.sql("select action from audit_event where object_type = 'reimbursement' and object_id = ? order by id")
                .param(number).query(String.class).list();
    }
}
