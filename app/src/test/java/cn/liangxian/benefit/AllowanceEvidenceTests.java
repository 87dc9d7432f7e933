package cn.liangxian.benefit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.collection.WageBases;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.Multipart;
import cn.liangxian.testsupport.TestFiles;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Evidence files of a birth settled elsewhere, over the API against the real database: required for such a claim,
 * judged by content (a real JPEG named .pdf is a JPEG, text named .pdf is refused), limited in size, stored encrypted
 * with their SHA-256, and downloadable only by those who may see the claim: its region's clerk, its employer, the woman.
 */
@AppTest
class AllowanceEvidenceTests {

    static final String CHANGZHOU = "320400";
    static final String GUANGZHOU = "440100";

    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AllowanceClaims claims;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment env;

    record Setup(String uscc, long woman, long colleague, String hr) {
    }

    Setup employ() {
        Workplaces.Workplace w = Workplaces.employ(users, enrollments, wageBases, CHANGZHOU, "320402",
                LocalDate.of(2024, 1, 1), 2025, "柳青", "5000.00", "韩雪", "5000.00");
        return new Setup(w.uscc(), w.woman(), w.colleague(), users.tokenFor(users.employer(w.uscc())));
    }

    static String claimJson(long person, String born) {
        return "{\"personId\":" + person + ",\"eventDate\":\"" + born + "\",\"category\":\"NORMAL_DELIVERY\","
                + "\"evidence\":\"出生医学证明 S4403，深圳市妇幼保健院（异地分娩）\"}";
    }

    int rows(String table, long person) {
        return jdbc.sql("select count(*) from " + table + " where " + (table.equals("allowance_evidence")
                ? "claim_id in (select id from allowance_claim where person_id = ?)" : "person_id = ?"))
                .param(person).query(Integer.class).single();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aBirthSettledElsewhereNeedsAnEvidenceFileJudgedByItsContentAndABadFileWritesNothing() {
        Setup s = employ();
        Http http = new Http(env);
        String json = claimJson(s.woman(), "2025-05-06");
        long audits = jdbc.sql("select count(*) from audit_event").query(Long.class).single();

        // the description alone is not evidence any more
        Http.Response none = http.postJson("/api/v1/allowance-claims", json, "Authorization", bearer(s.hr()));
        assertThat(none.status()).isEqualTo(400);
        assertThat(none.contentType()).contains("problem+json");
        assertThat(none.json().get("code").asString()).isEqualTo("ALLOWANCE_EVIDENCE_REQUIRED");
        assertThat(none.json().get("message_zh").asString()).contains("证明文件");
        assertThat(none.json().get("message_en").asString()).contains("evidence file");

        // text named .pdf and sent as application/pdf is not a PDF
        Http.Response text = http.postMultipart("/api/v1/allowance-claims", new Multipart().json("claim", json)
                .file("evidence", "出生医学证明.pdf", "application/pdf",
                        "出生医学证明 S4403 (typed, not scanned)".getBytes(StandardCharsets.UTF_8)),
                "Authorization", bearer(s.hr()));
        assertThat(text.status()).isEqualTo(415);
        assertThat(text.json().get("code").asString()).isEqualTo("ALLOWANCE_EVIDENCE_TYPE");
        assertThat(text.json().get("message_zh").asString()).contains("出生医学证明.pdf").contains("按文件内容判断");
        assertThat(text.json().get("message_en").asString()).contains("judged by its content");

        // a good file beside a bad one: all or nothing
        Http.Response mixed = http.postMultipart("/api/v1/allowance-claims", new Multipart().json("claim", json)
                .file("evidence", "scan.pdf", "application/pdf", TestFiles.pdf("Birth certificate S4403"))
                .file("evidence", "photo.jpg", "image/jpeg", "GIF89a not a jpeg at all".getBytes(StandardCharsets.US_ASCII)),
                "Authorization", bearer(s.hr()));
        assertThat(mixed.status()).isEqualTo(415);

        // one file over the size limit (10 MB): a JPEG's first bytes, then padding
        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        byte[] photo = TestFiles.jpeg(320, 240, "S4403");
        System.arraycopy(photo, 0, huge, 0, photo.length);
        Http.Response large = http.postMultipart("/api/v1/allowance-claims", new Multipart().json("claim", json)
                .file("evidence", "big.jpg", "image/jpeg", huge), "Authorization", bearer(s.hr()));
        assertThat(large.status()).isEqualTo(413);
        assertThat(large.json().get("code").asString()).isEqualTo("ALLOWANCE_EVIDENCE_TOO_LARGE");
        assertThat(large.json().get("message_en").asString()).contains("10 MB");

        // the same file twice
        Http.Response twice = http.postMultipart("/api/v1/allowance-claims", new Multipart().json("claim", json)
                .file("evidence", "a.jpg", "image/jpeg", photo).file("evidence", "b.jpg", "image/jpeg", photo),
                "Authorization", bearer(s.hr()));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("code").asString()).isEqualTo("ALLOWANCE_EVIDENCE_DUPLICATE");

        assertThat(rows("allowance_claim", s.woman())).isZero();
        assertThat(rows("allowance_evidence", s.woman())).isZero();
        assertThat(rows("maternity_event", s.woman())).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where object_type = 'allowance_claim' and id > ?")
                .param(audits).query(Long.class).single()).as("nothing audited for refused input").isZero();
    }

    @Test
    void aJpegNamedPdfIsStoredAsAJpegEncryptedWithItsHashAndOnlyThoseWhoSeeTheClaimDownloadIt() throws Exception {
        Setup s = employ();
        Http http = new Http(env);
        byte[] photo = TestFiles.jpeg(480, 640, "S4403");
        byte[] scan = TestFiles.pdf("Discharge summary S4403");
        assertThat(Arrays.copyOf(photo, 3)).as("a real JPEG: SOI and a marker")
                .containsExactly((byte) 0xff, (byte) 0xd8, (byte) 0xff);
        Http.Response filed = http.postMultipart("/api/v1/allowance-claims", new Multipart()
                .json("claim", claimJson(s.woman(), "2025-05-07"))
                .file("evidence", "出生医学证明.pdf", "application/pdf", photo)
                .file("evidence", "出院小结.pdf", "application/pdf", scan),
                "Authorization", bearer(s.hr()), "Idempotency-Key", "evidence-" + s.woman());
        assertThat(filed.status()).as(filed.body()).isEqualTo(201);
        long id = filed.json().get("id").asLong();
        JsonNode files = filed.json().get("evidenceFiles");
        assertThat(files.size()).isEqualTo(2);
        JsonNode jpeg = files.get(0);
        assertThat(jpeg.get("fileName").asString()).isEqualTo("出生医学证明.pdf");
        assertThat(jpeg.get("contentType").asString()).as("by content, not by name").isEqualTo("image/jpeg");
        assertThat(jpeg.get("sizeBytes").asInt()).isEqualTo(photo.length);
        assertThat(jpeg.get("sha256").asString()).isEqualTo(sha256(photo));
        assertThat(files.get(1).get("contentType").asString()).isEqualTo("application/pdf");
        long jpegId = jpeg.get("id").asLong();
        long pdfId = files.get(1).get("id").asLong();

        // at rest: neither the content nor the file name in the clear, the hash of the plain content
        byte[] stored = jdbc.sql("select content_enc from allowance_evidence where id = ?").param(jpegId)
                .query(byte[].class).single();
        assertThat(TestFiles.holdsClearBytes(stored, photo)).isFalse();
        assertThat(jdbc.sql("select file_name_enc from allowance_evidence where id = ?").param(jpegId)
                .query(String.class).single()).doesNotContain("出生医学证明");
        assertThat(jdbc.sql("select sha256 from allowance_evidence where id = ?").param(jpegId).query(String.class)
                .single()).isEqualTo(sha256(photo));

        // who downloads: the employer that filed it, the woman, the region's clerk — each reading audited
        String path = "/api/v1/allowance-claims/" + id + "/evidence/" + jpegId;
        int readsBefore = reads(id);
        for (String token : List.of(s.hr(), users.tokenFor(users.insured(s.woman())), users.tokenFor(users.clerk(CHANGZHOU)))) {
            HttpResponse<byte[]> r = http.download(path, "Authorization", bearer(token));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(photo);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("image/jpeg");
            assertThat(r.headers().firstValue("X-Content-Type-Options").orElse("")).isEqualTo("nosniff");
            assertThat(r.headers().firstValue("Content-Disposition").orElse("")).startsWith("attachment");
        }
        assertThat(http.download("/api/v1/allowance-claims/" + id + "/evidence/" + pdfId, "Authorization",
                bearer(s.hr())).body()).isEqualTo(scan);
        assertThat(reads(id)).isEqualTo(readsBefore + 4);
        assertThat(jdbc.sql("""
                select string_agg(role, ',' order by id) from audit_event
                 where action = 'ALLOWANCE_EVIDENCE_READ' and object_id = ? and after_masked like ?""")
                .params(String.valueOf(id), "#" + jpegId + " image/jpeg sha256 " + sha256(photo)).query(String.class)
                .single()).isEqualTo("EMPLOYER_HR,INSURED,AGENCY_CLERK");
        // who does not: another employer, another region's clerk, her colleague (and a refusal reads nothing)
        String otherHr = users.tokenFor(users.employer(users.employerIn(CHANGZHOU, LocalDate.of(2020, 1, 1))));
        for (String token : List.of(otherHr, users.tokenFor(users.clerk(GUANGZHOU)),
                users.tokenFor(users.insured(s.colleague())))) {
            assertThat(http.download(path, "Authorization", bearer(token)).statusCode()).isEqualTo(404);
            assertThat(http.get("/api/v1/allowance-claims/" + id + "/evidence", "Authorization", bearer(token)).status())
                    .isEqualTo(404);
            assertThat(http.postMultipart("/api/v1/allowance-claims/" + id + "/evidence", new Multipart()
                    .file("file", "more.png", "image/png", TestFiles.png(60, 60, "x")), "Authorization", bearer(token))
                    .status()).isIn(403, 404);
        }
        assertThat(rows("allowance_evidence", s.woman())).isEqualTo(2);
        assertThat(reads(id)).isEqualTo(readsBefore + 4);
        // a file of another claim is not reached through this one
        Http.Response other = http.postMultipart("/api/v1/allowance-claims", new Multipart()
                .json("claim", claimJson(s.colleague(), "2025-05-08"))
                .file("evidence", "c.png", "image/png", TestFiles.png(80, 80, "colleague")),
                "Authorization", bearer(s.hr()));
        assertThat(other.status()).as(other.body()).isEqualTo(201);
        long foreignFile = other.json().get("evidenceFiles").get(0).get("id").asLong();
        assertThat(http.download("/api/v1/allowance-claims/" + id + "/evidence/" + foreignFile, "Authorization",
                bearer(users.tokenFor(users.insured(s.woman())))).statusCode()).isEqualTo(404);

        // the list, and one more file while the claim awaits review (a PNG named .jpg is a PNG)
        Http.Response list = http.get("/api/v1/allowance-claims/" + id + "/evidence", "Authorization", bearer(s.hr()));
        assertThat(list.json().size()).isEqualTo(2);
        Http.Response added = http.postMultipart("/api/v1/allowance-claims/" + id + "/evidence", new Multipart()
                .file("file", "母婴健康手册.jpg", "image/jpeg", TestFiles.png(120, 90, "handbook")),
                "Authorization", bearer(users.tokenFor(users.insured(s.woman()))));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().get("contentType").asString()).isEqualTo("image/png");
        assertThat(added.json().get("uploadedRole").asString()).isEqualTo("INSURED");
        Http.Response again = http.postMultipart("/api/v1/allowance-claims/" + id + "/evidence", new Multipart()
                .file("file", "copy.jpg", "image/jpeg", photo), "Authorization", bearer(s.hr()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("ALLOWANCE_EVIDENCE_DUPLICATE");
        assertThat(jdbc.sql("select action from audit_event where object_type = 'allowance_claim' and object_id = ?"
                + " and action = 'ALLOWANCE_EVIDENCE_ADDED' order by id").param(String.valueOf(id)).query(String.class)
                .list()).hasSize(3);

        // once reviewed, the evidence is closed
        Http.Response reviewed = http.postJson("/api/v1/allowance-claims/" + id + "/review", "{\"note\":\"材料齐全\"}",
                "Authorization", bearer(users.tokenFor(users.clerk(CHANGZHOU))));
        assertThat(reviewed.status()).as(reviewed.body()).isEqualTo(200);
        Http.Response late = http.postMultipart("/api/v1/allowance-claims/" + id + "/evidence", new Multipart()
                .file("file", "late.png", "image/png", TestFiles.png(50, 50, "late")), "Authorization", bearer(s.hr()));
        assertThat(late.status()).isEqualTo(409);
        assertThat(late.json().get("code").asString()).isEqualTo("ALLOWANCE_WRONG_STATUS");
        assertThat(rows("allowance_evidence", s.woman())).isEqualTo(3);
    }

    @Test
    void theClaimPagesListTheFilesAndServeThemInEachPortal() {
        Setup s = employ();
        byte[] photo = TestFiles.jpeg(200, 260, "S4404");
        AllowanceClaims.Claim c = claims.file(users.employer(s.uscc()), new AllowanceClaims.Filing(s.woman(),
                LocalDate.of(2025, 5, 9), "NORMAL_DELIVERY", 1, null, "出生医学证明 S4404", null, null),
                List.of(new AllowanceClaims.EvidenceUpload("IMG_0001.jpg", photo)));
        long e = c.evidenceFiles().get(0).id();
        String base = new Http(env).base();
        record Portal(LiangxianUser user, String list, String file) {
        }
        for (Portal p : List.of(
                new Portal(users.employer(s.uscc()), "/ui/employer/claims", "/ui/employer/claims/" + c.id() + "/evidence/" + e),
                new Portal(users.clerk(CHANGZHOU), "/ui/agency/claims/" + c.id(), "/ui/agency/claims/" + c.id() + "/evidence/" + e),
                new Portal(users.insured(s.woman()), "/ui/me/allowance", "/ui/me/allowance/" + c.id() + "/evidence/" + e))) {
            cn.liangxian.testsupport.WebSession w = new cn.liangxian.testsupport.WebSession(base);
            w.login(p.user().getUsername(), TestUsers.PASSWORD);
            assertThat(w.get(p.list()).body()).contains("IMG_0001.jpg").contains(p.file());
            HttpResponse<byte[]> r = w.download(p.file());
            assertThat(r.statusCode()).as(p.file()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(photo);
        }
        // another employer's HR and her colleague reach neither the file nor the page
        for (LiangxianUser u : List.of(users.employer(users.employerIn(CHANGZHOU, LocalDate.of(2020, 1, 1))),
                users.insured(s.colleague()))) {
            cn.liangxian.testsupport.WebSession w = new cn.liangxian.testsupport.WebSession(base);
            w.login(u.getUsername(), TestUsers.PASSWORD);
            String portal = u.role() == cn.liangxian.security.Role.INSURED ? "/ui/me/allowance/" : "/ui/employer/claims/";
            assertThat(w.download(portal + c.id() + "/evidence/" + e).statusCode()).isEqualTo(404);
        }
        cn.liangxian.testsupport.WebSession guangzhou = new cn.liangxian.testsupport.WebSession(base);
        guangzhou.login(users.clerk(GUANGZHOU).getUsername(), TestUsers.PASSWORD);
        assertThat(guangzhou.download("/ui/agency/claims/" + c.id() + "/evidence/" + e).statusCode()).isEqualTo(404);
    }

    /** How many readings of the claim's evidence files the audit trail holds. */
    int reads(long claimId) {
        return jdbc.sql("select count(*) from audit_event where action = 'ALLOWANCE_EVIDENCE_READ' and object_id = ?")
                .param(String.valueOf(claimId)).query(Integer.class).single();
    }
}
