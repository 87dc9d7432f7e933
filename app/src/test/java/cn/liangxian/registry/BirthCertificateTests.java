package cn.liangxian.registry;

import static cn.liangxian.registry.CertificateFixtures.csv;
import static cn.liangxian.registry.CertificateFixtures.femaleId;
import static cn.liangxian.registry.CertificateFixtures.maleId;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Birth service certificates: imported from xlsx and CSV files and pushed as JSON, checked row by row and
 * written all or nothing; never silently overwritten; found through a person's own certificate number.
 */
@AppTest
class BirthCertificateTests {

    static final String CQ = "500000";
    static final String GZ = "440100";
    static final String HEADER = "cert_no,kind,mother_cert_type,mother_cert_number,mother_name,father_cert_type,"
            + "father_cert_number,father_name,issued_on,child_order,issuer";

    @Autowired
    TestUsers users;
    @Autowired
    BirthCertificates certificates;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment env;

    Http http;
    String clerkToken;

    @BeforeEach
    void setUp() {
        http = new Http(env);
        clerkToken = users.tokenFor(users.clerk(CQ));
    }

    static String row(String certNo, String kind, String motherId, String motherName, String fatherId,
            String fatherName, String issuedOn, String childOrder, String issuer) {
        return String.join(",", certNo, kind, "", motherId, motherName, "", nz(fatherId), nz(fatherName), issuedOn,
                nz(childOrder), nz(issuer));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    Http.Response uploadCsv(String token, byte[] content) {
        return CertificateFixtures.upload(http, "/api/v1/birth-certificates/imports", token, "certs.csv", content,
                "region", CQ);
    }

    Http.Response push(String token, String region, List<Map<String, Object>> rows, String... headers) {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        h.addAll(List.of(headers));
        return http.postJson("/api/v1/birth-certificates" + (region == null ? "" : "?region=" + region),
                Http.JSON.writeValueAsString(rows), h.toArray(String[]::new));
    }

    static Map<String, Object> pushed(String certNo, String motherId, String motherName) {
        Map<String, Object> m = new HashMap<>();
        m.put("certNo", certNo);
        m.put("kind", "FIRST");
        m.put("motherCertNumber", motherId);
        m.put("motherName", motherName);
        m.put("issuedOn", "2018-05-20");
        m.put("childOrder", 1);
        m.put("issuer", "重庆市渝中区卫生健康委员会");
        return m;
    }

    Http.Response lookup(String token, long personId) {
        return http.get("/api/v1/persons/" + personId + "/birth-certificates", "Authorization", "Bearer " + token);
    }

    int stored(String certNo) {
        return jdbc.sql("select count(*) from birth_certificate where cert_no = ?").param(certNo).query(Integer.class)
                .single();
    }

    static JsonNode rowOf(JsonNode answer, int row) {
        for (JsonNode r : answer.get("rows")) {
            if (r.get("row").asInt() == row) {
                return r;
            }
        }
        throw new AssertionError("no row " + row + " in " + answer);
    }

    static List<String> codes(JsonNode row) {
        List<String> codes = new ArrayList<>();
        row.get("problems").forEach(p -> codes.add(p.get("code").asString()));
        return codes;
    }

    // ------------------------------------------------------------------ imports

    @Test
    void csvUploadRecordsEveryRowEncryptedAndAnswersPerRow() {
        String mother = femaleId("500103");
        String father = maleId("500103");
        String a = CertificateFixtures.certNo();
        String b = CertificateFixtures.certNo();
        Http.Response r = uploadCsv(clerkToken, csv(HEADER,
                row(a, "FIRST", mother, "张晓红", father, "李建国", "2018-03-01", "1", "重庆市渝中区卫生计生委"),
                row(b, "再生育服务证", femaleId("500103"), "王芳", null, null, "2019/7/2", "", "")));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("status").asString()).isEqualTo("ACCEPTED");
        assertThat(j.get("accepted").asInt()).isEqualTo(2);
        assertThat(rowOf(j, 2).get("result").asString()).isEqualTo("ACCEPTED");
        assertThat(rowOf(j, 3).get("result").asString()).isEqualTo("ACCEPTED");
        assertThat(j.get("messageZh").asString()).contains("新登记生育服务证 2 份");
        assertThat(j.get("messageEn").asString()).contains("2 certificates recorded");

        Map<String, Object> stored = jdbc.sql("select * from birth_certificate where cert_no = ?").param(a).query()
                .singleRow();
        assertThat(stored.get("cert_kind")).isEqualTo("FIRST");
        assertThat(stored.get("source")).isEqualTo("UPLOAD");
        assertThat(stored.get("issued_on").toString()).isEqualTo("2018-03-01");
        assertThat(stored.get("child_order")).isEqualTo(1);
        assertThat(stored.get("mother_id_enc").toString()).startsWith("t2:").doesNotContain(mother);
        assertThat(stored.get("father_name_enc").toString()).doesNotContain("李建国");
        assertThat(jdbc.sql("select cert_kind || issued_on from birth_certificate where cert_no = ?").param(b)
                .query(String.class).single()).isEqualTo("SUBSEQUENT2019-07-02");
    }

    @Test
    void xlsxUploadReadsTextAndDateCells() {
        String a = CertificateFixtures.certNo();
        String b = CertificateFixtures.certNo();
        byte[] file = CertificateFixtures.xlsx(List.of(
                List.of("证号", "证件种类", "母亲证件号码", "母亲姓名", "父亲证件号码", "父亲姓名", "发证日期", "孩次", "发证机关"),
                List.of(a, "生育服务证", femaleId("500103"), "陈静", maleId("500103"), "周强", LocalDate.of(2018, 4, 9), 1,
                        "重庆市江北区卫生计生委"),
                List.of(b, "SUBSEQUENT", femaleId("500103"), "刘洋", "", "", "2020-01-15", 2, "")));

        Http.Response r = CertificateFixtures.upload(http, "/api/v1/birth-certificates/imports", clerkToken,
                "certs.xlsx", file, "region", CQ);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(rowOf(r.json(), 2).get("certNo").asString()).isEqualTo(a);
        assertThat(jdbc.sql("select issued_on::text || '/' || child_order from birth_certificate where cert_no = ?")
                .param(a).query(String.class).single()).isEqualTo("2018-04-09/1");
        assertThat(jdbc.sql("select cert_kind from birth_certificate where cert_no = ?").param(b).query(String.class)
                .single()).isEqualTo("SUBSEQUENT");
    }

    @Test
    void healthCommissionPushWithAnAgencyTokenRecordsTheSameWay() {
        LiangxianUser admin = users.staff(Role.SYSTEM_ADMIN, CQ);
        String a = CertificateFixtures.certNo();
        Http.Response r = push(users.tokenFor(admin), CQ, List.of(pushed(a, femaleId("500103"), "赵敏")));

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("source").asString()).isEqualTo("PUSH");
        assertThat(rowOf(r.json(), 1).get("result").asString()).isEqualTo("ACCEPTED");
        assertThat(jdbc.sql("select source || created_by from birth_certificate where cert_no = ?").param(a)
                .query(String.class).single()).isEqualTo("PUSH" + admin.getUsername());
    }

    @Test
    void onlyClerksAndSystemAdminsOfTheRegionImport() {
        List<Map<String, Object>> rows = List.of(pushed(CertificateFixtures.certNo(), femaleId("500103"), "赵敏"));
        assertThat(push(users.tokenFor(users.staff(Role.AGENCY_REVIEWER, CQ)), CQ, rows).status()).isEqualTo(403);
        assertThat(push(users.tokenFor(users.staff(Role.SUPERVISOR, CQ)), CQ, rows).status()).isEqualTo(403);
        assertThat(push(users.tokenFor(users.clerk(GZ)), CQ, rows).status()).isEqualTo(404);
        assertThat(push(users.tokenFor(users.insured(users.person(CQ))), CQ, rows).status()).isEqualTo(403);
        assertThat(stored(rows.get(0).get("certNo").toString())).isZero();
    }

    @Test
    void repeatedPushWithTheSameIdempotencyKeyIsAnsweredOnceAndWritesOnce() {
        String a = CertificateFixtures.certNo();
        List<Map<String, Object>> rows = List.of(pushed(a, femaleId("500103"), "孙丽"));
        String key = "hc-" + java.util.UUID.randomUUID();
        Http.Response first = push(clerkToken, CQ, rows, "Idempotency-Key", key);
        Http.Response again = push(clerkToken, CQ, rows, "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(rowOf(again.json(), 1).get("result").asString()).isEqualTo("ACCEPTED");
        assertThat(stored(a)).isEqualTo(1);
    }

    @Test
    void everyBadRowIsListedWithItsReasonAndNothingIsWritten() {
        String good = CertificateFixtures.certNo();
        String mother = femaleId("500103");
        String dup = CertificateFixtures.certNo();
        String foreign = "USA44900101001" + "1";
        String longName = "阿".repeat(61);
        String valid = femaleId("500103");
        String wrongCheck = valid.substring(0, 17) + (valid.charAt(17) == '0' ? '1' : '0');
        LocalDate tomorrow = LocalDate.now().plusDays(1);
        String bornId = CertificateFixtures.citizenId("500103", LocalDate.of(1990, 6, 15), false);
        Http.Response r = uploadCsv(clerkToken, csv(HEADER,
                row(good, "FIRST", mother, "钱梅", null, null, "2018-03-01", "1", ""),                       // 2 valid
                row("", "FIRST", femaleId("500103"), "甲", null, null, "2018-03-01", "", ""),                // 3
                row("NO SPACE", "FIRST", femaleId("500103"), "乙", null, null, "2018-03-01", "", ""),        // 4
                row(CertificateFixtures.certNo(), "THIRD", femaleId("500103"), "丙", null, null, "2018-03-01", "", ""), // 5
                String.join(",", CertificateFixtures.certNo(), "FIRST", "PASSPORT", femaleId("500103"), "丁", "", "", "",
                        "2018-03-01", "", ""),                                                                  // 6
                row(CertificateFixtures.certNo(), "FIRST", wrongCheck, "戊", null, null, "2018-03-01", "", ""), // 7
                row(CertificateFixtures.certNo(), "FIRST", maleId("500103"), "己", null, null, "2018-03-01", "", ""),   // 8
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), longName, null, null, "2018-03-01", "", ""), // 9
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "庚", maleId("500103"), null, "2018-03-01", "", ""), // 10
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "辛", "12345", "某某", "2018-03-01", "", ""), // 11
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "壬", femaleId("500103"), "某某", "2018-03-01", "", ""), // 12
                String.join(",", CertificateFixtures.certNo(), "FIRST", "FOREIGN_PERMANENT_RESIDENCE", foreign, "Anna",
                        "外国人永久居留身份证", foreign, "Anna", "2018-03-01", "", ""),                                                   // 13
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "癸", null, null, "2018-02-30", "", ""), // 14
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "子", null, null, tomorrow.toString(), "", ""), // 15
                row(CertificateFixtures.certNo(), "FIRST", bornId, "丑", null, null, "1990-06-15", "", ""),   // 16
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "寅", null, null, "2018-03-01", "10", ""), // 17
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "卯", null, null, "2018-03-01", "", "局".repeat(101)), // 18
                row(dup, "FIRST", femaleId("500103"), "辰", null, null, "2018-03-01", "", ""),                // 19
                row(dup, "FIRST", femaleId("500103"), "巳", null, null, "2018-03-01", "", ""),                // 20
                row(CertificateFixtures.certNo(), "FIRST", femaleId("500103"), "午", null, null, "2018-03-01", "", "")
                        + ",surplus"));                                                                        // 21

        assertThat(r.status()).as(r.body()).isEqualTo(422);
        JsonNode j = r.json();
        assertThat(j.get("status").asString()).isEqualTo("REJECTED");
        assertThat(j.get("code").asString()).isEqualTo("CERT_IMPORT_REJECTED");
        assertThat(j.get("errors").asInt()).isEqualTo(18);
        assertThat(j.get("accepted").asInt()).isZero();
        assertThat(rowOf(j, 2).get("result").asString()).isEqualTo("VALID");
        Map<Integer, String> expected = Map.ofEntries(Map.entry(3, "CERT_NO_MISSING"), Map.entry(4, "CERT_NO_INVALID"),
                Map.entry(5, "CERT_KIND_INVALID"), Map.entry(6, "CERT_MOTHER_CERT_TYPE_INVALID"),
                Map.entry(7, "CERT_MOTHER_ID_INVALID"), Map.entry(8, "CERT_MOTHER_NOT_FEMALE"),
                Map.entry(9, "CERT_MOTHER_NAME_INVALID"), Map.entry(10, "CERT_FATHER_INCOMPLETE"),
                Map.entry(11, "CERT_FATHER_ID_INVALID"), Map.entry(12, "CERT_FATHER_NOT_MALE"),
                Map.entry(13, "CERT_PARENTS_SAME"), Map.entry(14, "CERT_ISSUED_ON_INVALID"),
                Map.entry(15, "CERT_ISSUED_ON_FUTURE"), Map.entry(16, "CERT_ISSUED_BEFORE_MOTHER_BORN"),
                Map.entry(17, "CERT_CHILD_ORDER_INVALID"), Map.entry(18, "CERT_ISSUER_TOO_LONG"),
                Map.entry(20, "CERT_DUPLICATE_IN_FILE"), Map.entry(21, "CERT_EXTRA_CELLS"));
        expected.forEach((row, code) -> {
            JsonNode o = rowOf(j, row);
            assertThat(o.get("result").asString()).as("row " + row).isEqualTo("ERROR");
            assertThat(codes(o)).as("row " + row).containsExactly(code);
            JsonNode p = o.get("problems").get(0);
            assertThat(p.get("zh").asString()).as("row " + row).isNotBlank().isNotEqualTo(code);
            assertThat(p.get("en").asString()).as("row " + row).isNotBlank().isNotEqualTo(code);
        });
        // the first of two rows with one number is itself fine; the second names it
        assertThat(rowOf(j, 19).get("result").asString()).isEqualTo("VALID");
        assertThat(rowOf(j, 20).get("problems").get(0).get("en").asString()).contains("row 19");
        assertThat(rowOf(j, 7).get("problems").get(0).get("zh").asString()).contains("校验码");
        assertThat(rowOf(j, 7).get("problems").get(0).get("en").asString()).contains("check character");
        assertThat(stored(good)).isZero();
        assertThat(stored(dup)).isZero();
        assertThat(r.body()).doesNotContain(mother);
    }

    @Test
    void pushedRowsWithUnknownFieldsAreRefused() {
        Map<String, Object> row = pushed(CertificateFixtures.certNo(), femaleId("500103"), "吴倩");
        row.put("motherPhone", "13800000000");
        Http.Response r = push(clerkToken, CQ, List.of(row));
        assertThat(r.status()).isEqualTo(422);
        assertThat(codes(rowOf(r.json(), 1))).containsExactly("CERT_UNKNOWN_FIELD");
        assertThat(stored(row.get("certNo").toString())).isZero();
    }

    @Test
    void aFileThatCannotBeReadAsAWholeIsRefusedWithItsReason() {
        Http.Response missing = uploadCsv(clerkToken, csv("cert_no,kind,mother_name,issued_on,blood_type",
                "渝1,FIRST,王,2018-01-01,A"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().get("code").asString()).isEqualTo("CERT_FILE_COLUMNS");
        assertThat(missing.json().get("message_en").asString()).contains("motherCertNumber").contains("blood_type");

        byte[] gbk = HEADER.getBytes(java.nio.charset.Charset.forName("GBK"));
        byte[] latin = new byte[gbk.length + 2];
        System.arraycopy(gbk, 0, latin, 0, gbk.length);
        latin[gbk.length] = (byte) 0xC4;
        latin[gbk.length + 1] = (byte) 0x0A;
        assertThat(uploadCsv(clerkToken, latin).json().get("code").asString()).isEqualTo("CERT_FILE_NOT_UTF8");
        assertThat(uploadCsv(clerkToken, csv(HEADER)).json().get("code").asString()).isEqualTo("CERT_FILE_EMPTY");
        byte[] xls = { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0 };
        Http.Response old = CertificateFixtures.upload(http, "/api/v1/birth-certificates/imports", clerkToken,
                "old.xls", xls, "region", CQ);
        assertThat(old.json().get("code").asString()).isEqualTo("CERT_FILE_UNSUPPORTED");
        assertThat(old.json().get("message_zh").asString()).contains("old.xls");
    }

    @Test
    void identicalReImportChangesNothing() {
        String a = CertificateFixtures.certNo();
        byte[] file = csv(HEADER, row(a, "FIRST", femaleId("500103"), "郑爽", maleId("500103"), "何伟", "2018-03-01",
                "1", "渝中区"));
        assertThat(uploadCsv(clerkToken, file).status()).isEqualTo(200);
        Map<String, Object> before = jdbc.sql("select * from birth_certificate where cert_no = ?").param(a).query()
                .singleRow();

        Http.Response again = uploadCsv(clerkToken, file);

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().get("accepted").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(1);
        assertThat(rowOf(again.json(), 2).get("result").asString()).isEqualTo("UNCHANGED");
        assertThat(jdbc.sql("select * from birth_certificate where cert_no = ?").param(a).query().singleRow())
                .isEqualTo(before);
    }

    @Test
    void conflictingReImportIsRefusedForThatRowAndOverwritesNothing() {
        String a = CertificateFixtures.certNo();
        String mother = femaleId("500103");
        assertThat(uploadCsv(clerkToken, csv(HEADER, row(a, "FIRST", mother, "冯琳", null, null, "2018-03-01", "1", "")))
                .status()).isEqualTo(200);
        Map<String, Object> before = jdbc.sql("select * from birth_certificate where cert_no = ?").param(a).query()
                .singleRow();
        String fresh = CertificateFixtures.certNo();

        Http.Response r = uploadCsv(clerkToken, csv(HEADER,
                row(a, "FIRST", mother, "冯琳琳", null, null, "2018-03-02", "1", ""),
                row(fresh, "FIRST", femaleId("500103"), "褚红", null, null, "2018-03-01", "1", "")));

        assertThat(r.status()).isEqualTo(422);
        JsonNode bad = rowOf(r.json(), 2);
        assertThat(codes(bad)).containsExactly("CERT_CONFLICT");
        assertThat(bad.get("problems").get(0).get("en").asString()).contains("motherName").contains("issuedOn")
                .doesNotContain("冯");
        assertThat(rowOf(r.json(), 3).get("result").asString()).isEqualTo("VALID");
        assertThat(jdbc.sql("select * from birth_certificate where cert_no = ?").param(a).query().singleRow())
                .isEqualTo(before);
        assertThat(stored(fresh)).isZero();
    }

    // ------------------------------------------------------------------ lookup

    @Test
    void aMotherIsFoundThroughHerOwnCertificateNumberAndAFatherThroughHis() {
        String motherId = femaleId("500103");
        String fatherId = maleId("500103");
        String a = CertificateFixtures.certNo();
        assertThat(uploadCsv(clerkToken, csv(HEADER,
                row(a, "FIRST", motherId, "蒋雪", fatherId, "沈涛", "2018-08-08", "1", "渝北区"))).status())
                .isEqualTo(200);
        long mother = users.person(CQ, motherId, "蒋雪");
        long father = users.person(CQ, fatherId, "沈涛");

        Http.Response r = lookup(clerkToken, mother);

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json()).hasSize(1);
        JsonNode c = r.json().get(0);
        assertThat(c.get("certNo").asString()).isEqualTo(a);
        assertThat(c.get("relation").asString()).isEqualTo("MOTHER");
        assertThat(c.get("kindZh").asString()).isEqualTo("生育服务证");
        assertThat(c.get("motherName").asString()).isEqualTo("蒋*");
        assertThat(c.get("motherCertNumber").asString()).isEqualTo(motherId.substring(0, 4) + "**********"
                + motherId.substring(14));
        assertThat(c.get("fatherName").asString()).isEqualTo("沈*");
        assertThat(r.body()).doesNotContain(motherId).doesNotContain(fatherId).doesNotContain("蒋雪");

        JsonNode his = lookup(clerkToken, father).json();
        assertThat(his).hasSize(1);
        assertThat(his.get(0).get("relation").asString()).isEqualTo("FATHER");
        assertThat(certificates.forPerson(mother)).extracting(BirthCertificates.CertificateView::certNo).containsExactly(a);
    }

    @Test
    void theInsuredSeesHerOwnCertificatesAndNobodyElsesAndOtherRegionsGet404() {
        String motherId = femaleId("500103");
        String a = CertificateFixtures.certNo();
        push(clerkToken, CQ, List.of(pushed(a, motherId, "韩梅")));
        long mother = users.person(CQ, motherId, "韩梅");
        long someoneElse = users.person(CQ, femaleId("500103"), "杨柳");

        Http.Response own = lookup(users.tokenFor(users.insured(mother)), mother);
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.json().get(0).get("certNo").asString()).isEqualTo(a);

        assertThat(lookup(users.tokenFor(users.insured(someoneElse)), mother).status()).isEqualTo(404);
        assertThat(lookup(users.tokenFor(users.clerk(GZ)), mother).status()).isEqualTo(404);
        assertThat(lookup(users.tokenFor(users.staff(Role.SUPERVISOR, CQ)), mother).status()).isEqualTo(200);
        assertThat(lookup(users.tokenFor(users.employer(CertificateFixtures.uscc(CQ))), mother).status())
                .isEqualTo(403);
        assertThat(lookup(users.tokenFor(users.staff(Role.FINANCE, CQ)), mother).status()).isEqualTo(403);
        assertThat(lookup(clerkToken, 987_654_321L).status()).isEqualTo(404);
    }

    @Test
    void aPersonWithoutCertificatesGetsAnEmptyList() {
        long p = users.person(CQ, femaleId("500103"), "朱琴");
        assertThat(lookup(clerkToken, p).json()).isEmpty();
        assertThat(certificates.forPerson(p)).isEmpty();
    }

    // ------------------------------------------------------------------ whether the check is required

    @Test
    void chongqingRequiresTheCheckIn2018AndGuangzhouDoesNot() {
        BirthCertificates.Requirement cq = certificates.requiredOn(CQ, LocalDate.of(2018, 6, 1));
        assertThat(cq.required()).isTrue();
        assertThat(cq.reference()).contains("渝府办发〔2017〕99号 三(一)").contains("生育服务证");
        assertThat(cq.confidence()).isEqualTo("seed");

        BirthCertificates.Requirement gz = certificates.requiredOn(GZ, LocalDate.of(2018, 6, 1));
        assertThat(gz.required()).isFalse();
        assertThat(gz.reference()).contains("国办发〔2019〕10号");

        JsonNode api = http.get("/api/v1/birth-certificates/requirement?region=500000&date=2018-06-01",
                "Authorization", "Bearer " + clerkToken).json();
        assertThat(api.get("required").asBoolean()).isTrue();
    }
}
