package cn.liangxian.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import cn.liangxian.registry.RosterFiles.Answer;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.security.pii.Masking;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;

/**
 * Employers' roster uploads against the real server and PostgreSQL: the template round trip, every reason a
 * row is refused, both modes, the errors file, REMOVE and CHANGE rows, access, idempotent repeats, progress,
 * bad files, and a failure in the middle of the writes that leaves nothing behind.
 */
@AppTest
@TestPropertySource(properties = "liangxian.roster.max-rows=6000")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RosterImportTests {

    static final String REGION = "320400";
    static final LocalDate OPENED = LocalDate.of(2020, 1, 1);

    @Autowired
    TestUsers users;
    @Autowired
    Environment env;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    Enrollments enrollments;
    @Autowired
    PersonDirectory persons;
    @Autowired
    JdbcClient jdbc;

    String base;
    LiangxianUser clerk;

    record Employer(String uscc, LiangxianUser hr, String token) {
        String[] auth() {
            return new String[] { "Authorization", "Bearer " + token };
        }
    }

    @BeforeAll
    void setUp() {
        base = new Http(env).base();
        clerk = users.clerk(REGION);
    }

    Employer employer() {
        String uscc = RosterFiles.uscc(REGION);
        employers.register(clerk, new EmployerRegistry.NewEmployer(REGION, uscc, "常州测试单位" + uscc.substring(10),
                EmployerRegistry.EmployerType.ENTERPRISE, null, null, null, null, null, null, OPENED));
        LiangxianUser hr = users.employer(uscc);
        return new Employer(uscc, hr, users.tokenFor(hr));
    }

    Answer upload(Employer e, byte[] file, String mode, String... headers) {
        return upload(e.uscc(), e.token(), file, mode, headers);
    }

    Answer upload(String uscc, String token, byte[] file, String mode, String... headers) {
        List<String> h = new ArrayList<>(List.of("Authorization", "Bearer " + token));
        h.addAll(Arrays.asList(headers));
        return RosterFiles.upload(base + "/api/v1/employers/" + uscc + "/roster/imports", "花名册.xlsx", file,
                mode == null ? Map.of() : Map.of("mode", mode), h.toArray(String[]::new));
    }

    JsonNode json(Answer a) {
        return Http.JSON.readTree(a.text());
    }

    /** Polls the import until it ends; returns its last status. */
    JsonNode awaitEnd(Employer e, long id) {
        long until = System.currentTimeMillis() + 120_000;
        while (true) {
            Answer a = RosterFiles.get(base + "/api/v1/roster-imports/" + id, e.auth());
            assertThat(a.status()).as(a.text()).isEqualTo(200);
            JsonNode s = json(a);
            if (!"RUNNING".equals(s.get("status").asString())) {
                return s;
            }
            assertThat(System.currentTimeMillis()).as("import " + id + " ends in time").isLessThan(until);
            sleep(100);
        }
    }

    JsonNode importAndWait(Employer e, byte[] file, String mode) {
        Answer a = upload(e, file, mode);
        assertThat(a.status()).as(a.text()).isEqualTo(202);
        return awaitEnd(e, json(a).get("id").asLong());
    }

    /** The errors file as rows: the row number (last column) → the row's cells. */
    Map<Integer, List<String>> errorsFile(Employer e, long id) {
        Answer a = RosterFiles.get(base + "/api/v1/roster-imports/" + id + "/errors.xlsx", e.auth());
        assertThat(a.status()).as(a.text()).isEqualTo(200);
        assertThat(a.header("Content-Type")).startsWith(RosterSheet.XLSX);
        List<List<String>> rows = RosterFiles.read(a.body(), RosterSheet.ERROR_SHEET);
        List<String> headers = new ArrayList<>(List.of(RosterFiles.HEADERS));
        headers.add("错误原因 Errors");
        headers.add("原行号 Row");
        assertThat(rows.get(0)).containsExactlyElementsOf(headers);
        Map<Integer, List<String>> byRow = new HashMap<>();
        for (List<String> r : rows.subList(1, rows.size())) {
            byRow.put(Integer.parseInt(r.get(RosterSheet.COLUMNS + 1)), r);
        }
        return byRow;
    }

    static String reasons(List<String> errorRow) {
        return errorRow.get(RosterSheet.COLUMNS);
    }

    List<Map<String, Object>> coverage(long personId) {
        return jdbc.sql("""
                select insurance_type, start_date, end_date, source, employer_uscc, end_reason from coverage
                 where person_id = ? order by insurance_type, start_date""")
                .param(personId).query().listOfRows();
    }

    long coverageOf(Employer e) {
        return jdbc.sql("select count(*) from coverage where employer_uscc = ?").param(e.uscc()).query(Long.class)
                .single();
    }

    long enrolled(Employer e, String id, String name, String phone, LocalDate from) {
        enrollments.enrollEmployee(clerk, new Enrollments.Enrollee(null, CertType.RESIDENT_ID, id, name, null, phone),
                e.uscc(), from, null, Enrollments.Source.ENROLLMENT);
        return persons.findByIdNumber(REGION, id).orElseThrow();
    }

    static List<Object[]> rows(Object[]... rows) {
        return List.of(rows);
    }

    static Object[] row(Object... cells) {
        return Arrays.copyOf(cells, RosterSheet.COLUMNS);
    }

    static String[] add(String id, String name, String date) {
        return new String[] { "增员", "居民身份证", id, name, RosterFiles.sexOf(id), "13912345678", date, null };
    }

    // ------------------------------------------------------------------ template round trip

    @Test
    void theDownloadedTemplateFilledInAndUploadedEnrollsEachPersonIn310And510FromTheDate() {
        Employer e = employer();
        Answer t = RosterFiles.get(base + "/api/v1/employers/" + e.uscc() + "/roster/template.xlsx", e.auth());
        assertThat(t.status()).isEqualTo(200);
        assertThat(t.header("Content-Type")).startsWith(RosterSheet.XLSX);
        assertThat(t.header("Content-Disposition")).startsWith("attachment");
        assertThat(RosterFiles.sheetNames(t.body())).containsExactly(RosterSheet.DATA_SHEET, RosterSheet.HELP_SHEET,
                RosterSheet.EXAMPLE_SHEET);
        assertThat(RosterFiles.read(t.body(), RosterSheet.DATA_SHEET).get(0)).containsExactly("操作 Action",
                "证件类型 Certificate type", "证件号码 Certificate number", "姓名 Name", "性别 Sex",
                "手机号码 Mobile phone", "日期 Date", "备注 Remarks");
        List<List<String>> help = RosterFiles.read(t.body(), RosterSheet.HELP_SHEET);
        assertThat(help.get(0)).containsExactly("职工增减员模板填写说明",
                "Roster changes (增减员) — how to fill in the template");
        assertThat(help).anySatisfy(r -> assertThat(r.get(0)).contains("增员").contains("310").contains("510"))
                .anySatisfy(r -> assertThat(r.get(1)).contains("ADD").contains("REMOVE").contains("CHANGE"));
        List<List<String>> example = RosterFiles.read(t.body(), RosterSheet.EXAMPLE_SHEET);
        assertThat(example.get(1).subList(0, 4)).containsExactly("增员", "居民身份证", "110105199003071239", "张三");

        String a = RosterFiles.citizenId();
        String b = RosterFiles.citizenId();
        byte[] filled = RosterFiles.fillTemplate(t.body(), List.of(add(a, "李娜", "2024-03-01"),
                new String[] { "ADD", null, b, "王芳", null, null, "2024/3/1", null }));
        Answer up = upload(e, filled, "ALL_OR_NOTHING");
        assertThat(up.status()).as(up.text()).isEqualTo(202);
        long id = json(up).get("id").asLong();
        assertThat(up.header("Location")).isEqualTo("/api/v1/roster-imports/" + id);

        JsonNode done = awaitEnd(e, id);
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("totalRows").asInt()).isEqualTo(2);
        assertThat(done.get("appliedRows").asInt()).isEqualTo(2);
        assertThat(done.get("addedRows").asInt()).isEqualTo(2);
        assertThat(done.get("errorRows").asInt()).isZero();
        assertThat(done.get("hasErrorFile").asBoolean()).isFalse();
        for (String person : List.of(a, b)) {
            long pid = persons.findByIdNumber(REGION, person).orElseThrow();
            assertThat(coverage(pid)).extracting(r -> r.get("insurance_type") + " " + r.get("start_date") + " "
                    + r.get("end_date") + " " + r.get("source") + " " + r.get("employer_uscc"))
                    .containsExactly("310 2024-03-01 null ROSTER " + e.uscc(), "510 2024-03-01 null ROSTER " + e.uscc());
        }
        assertThat(persons.load(persons.findByIdNumber(REGION, a).orElseThrow()))
                .extracting(PersonDirectory.RevealedPerson::name, PersonDirectory.RevealedPerson::phone,
                        PersonDirectory.RevealedPerson::sex)
                .containsExactly("李娜", "13912345678", RosterFiles.sexOf(a).equals("男") ? "M" : "F");
        assertThat(jdbc.sql("select id_number_enc || name_enc from person where id = ?")
                .param(persons.findByIdNumber(REGION, a).orElseThrow()).query(String.class).single())
                .doesNotContain(a).doesNotContain("李娜");
        List<String> audit = jdbc.sql("select after_masked from audit_event where action = 'ROSTER_IMPORTED' and object_id = ?")
                .param(String.valueOf(id)).query(String.class).list();
        assertThat(audit).singleElement().asString().contains("added 2").contains("refused 0");
        assertThat(RosterFiles.get(base + "/api/v1/roster-imports/" + id + "/errors.xlsx", e.auth()).status())
                .isEqualTo(404);
    }

    // ------------------------------------------------------------------ every reason

    @Test
    void everyReasonARowIsRefusedForComesBackInTheErrorsFileAndOnlyTheValidRowIsWritten() {
        Employer e = employer();
        Employer other = employer();
        String overlapping = RosterFiles.citizenId();
        enrolled(other, overlapping, "赵敏", null, LocalDate.of(2021, 1, 1));
        String registered = RosterFiles.citizenId();
        persons.register(REGION, registered, "钱多", null, LocalDate.now());
        String employee1 = RosterFiles.citizenId();
        enrolled(e, employee1, "孔明", null, LocalDate.of(2023, 1, 1));
        String employee2 = RosterFiles.citizenId();
        enrolled(e, employee2, "孟浩", "13900000002", LocalDate.of(2023, 1, 1));
        String othersEmployee = RosterFiles.citizenId();
        enrolled(other, othersEmployee, "韩梅", null, LocalDate.of(2023, 1, 1));
        String good = RosterFiles.citizenId();
        String duplicate = RosterFiles.citizenId();
        String wrongCheck = RosterFiles.citizenId();
        wrongCheck = wrongCheck.substring(0, 17) + (wrongCheck.charAt(17) == '1' ? "2" : "1");
        String numeric = RosterFiles.citizenId();
        while (numeric.endsWith("X")) {
            numeric = RosterFiles.citizenId();
        }
        String f = RosterFiles.citizenId();

        List<Object[]> rows = new ArrayList<>();
        Map<Integer, List<String>> expected = new HashMap<>();
        java.util.function.BiConsumer<Object[], List<String>> put = (r, codes) -> {
            rows.add(r);
            expected.put(rows.size() + 1, codes);
        };
        put.accept(row("增员", "居民身份证", good, "孙丽", RosterFiles.sexOf(good), "13900000001", "2024-01-01"), List.of());
        put.accept(row("调入", null, RosterFiles.citizenId(), "周杰", null, null, "2024-01-01"), List.of("UNKNOWN_ACTION"));
        put.accept(row("增员", "护照", RosterFiles.citizenId(), "吴磊", null, null, "2024-01-01"), List.of("UNKNOWN_CERT_TYPE"));
        put.accept(row("增员", null, wrongCheck, "郑和", null, null, "2024-01-01"), List.of("BAD_CERTIFICATE"));
        put.accept(row("增员", null, Long.valueOf(numeric), "王五", null, null, "2024-01-01"), List.of("CERT_NUMBER_AS_NUMBER"));
        put.accept(row("增员", null, null, "赵六", null, null, "2024-01-01"), List.of("CERT_NUMBER_MISSING"));
        put.accept(row("增员", null, RosterFiles.citizenId(), null, null, null, "2024-01-01"), List.of("NAME_MISSING"));
        put.accept(row("增员", null, RosterFiles.citizenId(), "长".repeat(61), null, null, "2024-01-01"), List.of("NAME_TOO_LONG"));
        put.accept(row("增员", null, f, "林琳", RosterFiles.otherSex(f), null, "2024-01-01"), List.of("SEX_MISMATCH"));
        put.accept(row("增员", null, RosterFiles.citizenId(), "林青", "X", null, "2024-01-01"), List.of("SEX_UNKNOWN"));
        put.accept(row("增员", null, RosterFiles.citizenId(), "陈晨", null, "12345", "2024-01-01"), List.of("PHONE_INVALID"));
        put.accept(row("增员", null, RosterFiles.citizenId(), "许诺", null, null, null), List.of("DATE_MISSING"));
        put.accept(row("增员", null, RosterFiles.citizenId(), "何以", null, null, "2024-02-30"), List.of("DATE_INVALID"));
        put.accept(row("增员", null, RosterFiles.citizenId(), "吕布", null, null, "2024-01-01", "备".repeat(201)),
                List.of("REMARKS_TOO_LONG"));
        put.accept(row("增员", null, duplicate, "施然", null, null, "2024-01-01"), List.of("DUPLICATE_IN_FILE"));
        put.accept(row("减员", null, duplicate, "施然", null, null, "2024-01-01"),
                List.of("DUPLICATE_IN_FILE", "NOT_ENROLLED"));
        put.accept(row("增员", null, RosterFiles.citizenId(), "张弛", null, null, "2019-06-01"), List.of("EMPLOYER_NOT_ACTIVE"));
        put.accept(row("增员", null, overlapping, "赵敏", null, null, "2022-01-01"), List.of("COVERAGE_OVERLAP"));
        put.accept(row("增员", null, registered, "钱少", null, null, "2024-01-01"), List.of("NAME_MISMATCH"));
        put.accept(row("减员", null, RosterFiles.citizenId(), "路人", null, null, "2024-01-31"), List.of("NOT_ENROLLED"));
        put.accept(row("减员", null, employee1, "孔明", null, null, "2022-12-31"), List.of("END_BEFORE_START"));
        put.accept(row("变更", null, RosterFiles.citizenId(), "无名", null, "13900000003", "2024-01-01"), List.of("PERSON_UNKNOWN"));
        put.accept(row("变更", null, othersEmployee, "韩梅", null, "13900000004", "2024-01-01"), List.of("NOT_EMPLOYEE"));
        put.accept(row("变更", null, employee2, "孟浩", null, null, "2024-01-01"), List.of("PHONE_MISSING"));
        put.accept(row("X", null, wrongCheck.substring(0, 10), null, "?", "abc", "soon"),
                List.of("UNKNOWN_ACTION", "BAD_CERTIFICATE", "NAME_MISSING", "SEX_UNKNOWN", "PHONE_INVALID",
                        "DATE_INVALID"));

        JsonNode done = importAndWait(e, RosterFiles.xlsx(rows), "VALID_ROWS_ONLY");
        assertThat(done.get("status").asString()).isEqualTo("DONE");
        assertThat(done.get("totalRows").asInt()).isEqualTo(rows.size());
        assertThat(done.get("appliedRows").asInt()).isEqualTo(1);
        assertThat(done.get("errorRows").asInt()).isEqualTo(rows.size() - 1);
        assertThat(done.get("errors")).hasSize(RosterImports.PREVIEW);
        assertThat(done.get("errors").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(done.get("errors").get(0).get("reasons").get(0).get("code").asString()).isEqualTo("UNKNOWN_ACTION");

        Map<Integer, List<String>> errors = errorsFile(e, done.get("id").asLong());
        assertThat(errors).doesNotContainKey(2).hasSize(rows.size() - 1);
        expected.forEach((row, codes) -> {
            if (codes.isEmpty()) {
                return;
            }
            String text = reasons(errors.get(row));
            for (String code : codes) {
                assertThat(text).as("row " + row).contains("[" + code + "]");
            }
            assertThat(text.split("\n")).as("row " + row + ": exactly its reasons").hasSize(codes.size());
        });
        List<String> unknownAction = errors.get(3);
        assertThat(unknownAction.get(0)).isEqualTo("调入");
        assertThat(reasons(unknownAction)).contains("操作“调入”无法识别").contains("Unknown action \"调入\"");
        assertThat(reasons(errors.get(16))).contains("17");
        assertThat(reasons(errors.get(17))).contains("16");
        assertThat(reasons(errors.get(19))).contains(other.uscc()).contains("2021-01-01");
        assertThat(reasons(errors.get(22))).contains("2023-01-01");

        assertThat(persons.findByIdNumber(REGION, good)).isPresent();
        assertThat(persons.findByIdNumber(REGION, duplicate)).isEmpty();
        assertThat(persons.findByIdNumber(REGION, f)).isEmpty();
        assertThat(coverageOf(e)).isEqualTo(2 + 2 + 2);
        assertThat(persons.load(persons.findByIdNumber(REGION, employee2).orElseThrow()).phone()).isEqualTo("13900000002");
    }

    // ------------------------------------------------------------------ modes

    List<Object[]> twoValidOneInvalid(String a, String b, String c) {
        return rows(row((Object[]) add(a, "甲一", "2024-05-01")), row((Object[]) add(b, "乙二", "2024-05-01")),
                row("增员", null, c, "丙三", null, "1390000", "2024-05-01"));
    }

    @Test
    void allOrNothingWritesNothingWhenOneRowIsInvalidAndItsErrorsFileCanBeUploadedAgain() {
        Employer e = employer();
        String a = RosterFiles.citizenId();
        String b = RosterFiles.citizenId();
        String c = RosterFiles.citizenId();
        JsonNode s = importAndWait(e, RosterFiles.xlsx(twoValidOneInvalid(a, b, c)), "ALL_OR_NOTHING");
        assertThat(s.get("status").asString()).isEqualTo("REJECTED");
        assertThat(s.get("checkedRows").asInt()).isEqualTo(3);
        assertThat(s.get("appliedRows").asInt()).isZero();
        assertThat(s.get("errorRows").asInt()).isEqualTo(1);
        assertThat(s.get("hasErrorFile").asBoolean()).isTrue();
        for (String id : List.of(a, b, c)) {
            assertThat(persons.findByIdNumber(REGION, id)).isEmpty();
        }
        assertThat(coverageOf(e)).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'ROSTER_IMPORTED' and object_id = ?")
                .param(s.get("id").asString()).query(Long.class).single()).isZero();

        Map<Integer, List<String>> errors = errorsFile(e, s.get("id").asLong());
        assertThat(errors).containsOnlyKeys(4);
        assertThat(errors.get(4).subList(0, 7)).containsExactly("增员", "", c, "丙三", "", "1390000", "2024-05-01");
        assertThat(reasons(errors.get(4))).isEqualTo(
                "手机号码无效，应为以13至19开头的11位数字 / Invalid mobile number: 11 digits starting 13 to 19 [PHONE_INVALID]");

        // the errors file has the template's first eight columns: it goes back in as it is
        byte[] again = RosterFiles.get(base + "/api/v1/roster-imports/" + s.get("id").asLong() + "/errors.xlsx",
                e.auth()).body();
        JsonNode second = importAndWait(e, again, "ALL_OR_NOTHING");
        assertThat(second.get("status").asString()).isEqualTo("REJECTED");
        assertThat(second.get("totalRows").asInt()).isEqualTo(1);
        assertThat(second.get("errors").get(0).get("row").asInt()).isEqualTo(2);
        assertThat(second.get("errors").get(0).get("reasons").get(0).get("code").asString()).isEqualTo("PHONE_INVALID");
    }

    @Test
    void validRowsOnlyWritesExactlyTheValidRows() {
        Employer e = employer();
        String a = RosterFiles.citizenId();
        String b = RosterFiles.citizenId();
        String c = RosterFiles.citizenId();
        JsonNode s = importAndWait(e, RosterFiles.xlsx(twoValidOneInvalid(a, b, c)), "VALID_ROWS_ONLY");
        assertThat(s.get("status").asString()).isEqualTo("DONE");
        assertThat(s.get("appliedRows").asInt()).isEqualTo(2);
        assertThat(s.get("addedRows").asInt()).isEqualTo(2);
        assertThat(s.get("errorRows").asInt()).isEqualTo(1);
        assertThat(persons.findByIdNumber(REGION, a)).isPresent();
        assertThat(persons.findByIdNumber(REGION, b)).isPresent();
        assertThat(persons.findByIdNumber(REGION, c)).isEmpty();
        assertThat(coverageOf(e)).isEqualTo(4);
        assertThat(errorsFile(e, s.get("id").asLong())).containsOnlyKeys(4);
    }

    @Test
    void theSamePersonTwiceInAFileRefusesBothRowsNamingTheOther() {
        Employer e = employer();
        String a = RosterFiles.citizenId();
        JsonNode s = importAndWait(e, RosterFiles.xlsx(rows(row((Object[]) add(a, "双胞", "2024-01-01")),
                row("增员", null, RosterFiles.citizenId(), "单一", null, null, "2024-01-01"),
                row("变更", "居民身份证", a.toLowerCase(), "双胞", null, "13911112222", "2024-01-01"))),
                "VALID_ROWS_ONLY");
        assertThat(s.get("status").asString()).isEqualTo("DONE");
        assertThat(s.get("appliedRows").asInt()).isEqualTo(1);
        Map<Integer, List<String>> errors = errorsFile(e, s.get("id").asLong());
        assertThat(errors).containsOnlyKeys(2, 4);
        assertThat(reasons(errors.get(2))).contains("[DUPLICATE_IN_FILE]").contains("第 4 行");
        assertThat(reasons(errors.get(4))).contains("[DUPLICATE_IN_FILE]").contains("row(s) 2");
        assertThat(persons.findByIdNumber(REGION, a)).isEmpty();
    }

    // ------------------------------------------------------------------ remove and change; the roster download

    @Test
    void aRemoveRowEndsBoth310And510AndAChangeRowUpdatesThePhone() {
        Employer e = employer();
        String leaving = RosterFiles.citizenId();
        long leaver = enrolled(e, leaving, "郑爽", "13911112222", LocalDate.of(2022, 1, 1));
        String staying = RosterFiles.citizenId();
        long stayer = enrolled(e, staying, "冯巩", "13933334444", LocalDate.of(2022, 1, 1));

        JsonNode s = importAndWait(e, RosterFiles.xlsx(List.of(
                row("减员", "居民身份证", leaving, "郑爽", null, null, "2024-06-30", "离职"),
                row("变更 CHANGE", null, staying, "冯巩", null, "13755556666", "2024年1月1日"))), "ALL_OR_NOTHING");
        assertThat(s.get("status").asString()).as(s.toString()).isEqualTo("DONE");
        assertThat(s.get("removedRows").asInt()).isEqualTo(1);
        assertThat(s.get("changedRows").asInt()).isEqualTo(1);
        assertThat(coverage(leaver)).extracting(r -> r.get("insurance_type") + " " + r.get("end_date") + " "
                + r.get("end_reason")).containsExactly("310 2024-06-30 离职", "510 2024-06-30 离职");
        assertThat(coverage(stayer)).allSatisfy(r -> assertThat(r.get("end_date")).isNull());
        assertThat(persons.load(stayer).phone()).isEqualTo("13755556666");
        assertThat(jdbc.sql("select phone_enc from person where id = ?").param(stayer).query(String.class).single())
                .doesNotContain("13755556666");

        Answer march = RosterFiles.get(base + "/api/v1/employers/" + e.uscc() + "/roster.xlsx?date=2024-03-01", e.auth());
        assertThat(march.status()).isEqualTo(200);
        List<List<String>> before = RosterFiles.read(march.body(), null);
        assertThat(before.get(0).get(0)).isEqualTo("证件号码 Certificate number");
        assertThat(before.subList(1, before.size())).extracting(r -> r.get(0))
                .containsExactlyInAnyOrder(Masking.idNumber(leaving), Masking.idNumber(staying));
        assertThat(before.subList(1, before.size())).extracting(r -> r.get(1)).containsExactlyInAnyOrder("郑*", "冯*");
        assertThat(before.subList(1, before.size())).allSatisfy(r -> assertThat(r.subList(3, 5))
                .containsExactly("2022-01-01", "2022-01-01"));
        assertThat(new String(march.body(), java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain(leaving);
        List<List<String>> after = RosterFiles.read(RosterFiles.get(base + "/api/v1/employers/" + e.uscc()
                + "/roster.xlsx?date=2024-07-01", e.auth()).body(), null);
        assertThat(after.subList(1, after.size())).extracting(r -> r.get(0)).containsExactly(Masking.idNumber(staying));
    }

    // ------------------------------------------------------------------ access

    @Test
    void anotherEmployerGets404AnInsuredPerson403AndAgencyStaffOfTheRegionSeeIt() {
        Employer e = employer();
        Employer stranger = employer();
        JsonNode s = importAndWait(e, RosterFiles.xlsx(rows(row("增员", null, RosterFiles.citizenId(), "某甲", null,
                null, "bad date"))), "VALID_ROWS_ONLY");
        long id = s.get("id").asLong();
        byte[] file = RosterFiles.xlsx(rows(row((Object[]) add(RosterFiles.citizenId(), "某乙", "2024-01-01"))));
        String imp = base + "/api/v1/roster-imports/" + id;

        for (String url : List.of(imp, imp + "/errors.xlsx",
                base + "/api/v1/employers/" + e.uscc() + "/roster/template.xlsx",
                base + "/api/v1/employers/" + e.uscc() + "/roster/imports",
                base + "/api/v1/employers/" + e.uscc() + "/roster.xlsx")) {
            Answer a = RosterFiles.get(url, stranger.auth());
            assertThat(a.status()).as(url).isEqualTo(404);
            assertThat(a.header("Content-Type")).as(url).startsWith("application/problem+json");
        }
        assertThat(upload(e.uscc(), stranger.token(), file, null).status()).isEqualTo(404);

        String insured = users.tokenFor(users.insured(users.person(REGION)));
        assertThat(upload(e.uscc(), insured, file, null).status()).isEqualTo(403);
        assertThat(RosterFiles.get(imp, "Authorization", "Bearer " + insured).status()).isEqualTo(403);
        assertThat(RosterFiles.get(imp + "/errors.xlsx", "Authorization", "Bearer " + insured).status()).isEqualTo(403);
        assertThat(RosterFiles.get(base + "/api/v1/employers/" + e.uscc() + "/roster/template.xlsx",
                "Authorization", "Bearer " + insured).status()).isEqualTo(403);

        String farClerk = users.tokenFor(users.clerk("152501"));
        assertThat(RosterFiles.get(imp, "Authorization", "Bearer " + farClerk).status()).isEqualTo(404);
        assertThat(upload(e.uscc(), farClerk, file, null).status()).isEqualTo(404);

        String finance = users.tokenFor(users.staff(Role.FINANCE, REGION));
        assertThat(RosterFiles.get(imp, "Authorization", "Bearer " + finance).status()).isEqualTo(200);
        assertThat(upload(e.uscc(), finance, file, null).status()).isEqualTo(403);

        String localClerk = users.tokenFor(clerk);
        assertThat(RosterFiles.get(imp + "/errors.xlsx", "Authorization", "Bearer " + localClerk).status())
                .isEqualTo(200);
        Answer byClerk = upload(e.uscc(), localClerk, file, null);
        assertThat(byClerk.status()).as(byClerk.text()).isEqualTo(202);
        assertThat(awaitEnd(e, json(byClerk).get("id").asLong()).get("status").asString()).isEqualTo("DONE");
        assertThat(RosterFiles.get(base + "/api/v1/employers/" + e.uscc() + "/roster/imports", e.auth()).text())
                .contains("\"id\":" + id);
    }

    // ------------------------------------------------------------------ idempotency

    @Test
    void aRepeatedUploadWithTheSameIdempotencyKeyGetsTheFirstAnswerAndImportsOnce() {
        Employer e = employer();
        byte[] file = RosterFiles.xlsx(rows(row((Object[]) add(RosterFiles.citizenId(), "重复", "2024-01-01"))));
        String key = "roster-" + System.nanoTime();
        Answer first = upload(e, file, "ALL_OR_NOTHING", "Idempotency-Key", key);
        Answer second = upload(e, file, "ALL_OR_NOTHING", "Idempotency-Key", key);
        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(json(second).get("id").asLong()).isEqualTo(json(first).get("id").asLong());
        assertThat(awaitEnd(e, json(first).get("id").asLong()).get("status").asString()).isEqualTo("DONE");
        assertThat(jdbc.sql("select count(*) from roster_import where employer_uscc = ?").param(e.uscc())
                .query(Long.class).single()).isEqualTo(1);
        assertThat(coverageOf(e)).isEqualTo(2);

        byte[] other = RosterFiles.xlsx(rows(row((Object[]) add(RosterFiles.citizenId(), "另一", "2024-01-01"))));
        assertThat(upload(e, other, "ALL_OR_NOTHING", "Idempotency-Key", key).status()).isEqualTo(422);
    }

    // ------------------------------------------------------------------ progress, and a failure mid-way

    List<Object[]> valid(int n, String date) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row((Object[]) add(RosterFiles.citizenId(), "批量" + i, date)));
        }
        return rows;
    }

    @Test
    void progressCountsOnlyGrowAndReachTheTotal() {
        Employer e = employer();
        int n = RosterImports.WRITE_CHUNK + 200;
        Answer a = upload(e, RosterFiles.xlsx(valid(n, "2024-02-01")), "ALL_OR_NOTHING");
        assertThat(a.status()).isEqualTo(202);
        long id = json(a).get("id").asLong();
        int checked = 0;
        int applied = 0;
        int percent = 0;
        JsonNode s;
        do {
            s = json(RosterFiles.get(base + "/api/v1/roster-imports/" + id, e.auth()));
            assertThat(s.get("totalRows").asInt()).isEqualTo(n);
            assertThat(s.get("checkedRows").asInt()).isGreaterThanOrEqualTo(checked).isLessThanOrEqualTo(n);
            assertThat(s.get("appliedRows").asInt()).isGreaterThanOrEqualTo(applied).isLessThanOrEqualTo(n);
            assertThat(s.get("percent").asInt()).isGreaterThanOrEqualTo(percent);
            checked = s.get("checkedRows").asInt();
            applied = s.get("appliedRows").asInt();
            percent = s.get("percent").asInt();
            sleep(20);
        } while ("RUNNING".equals(s.get("status").asString()));
        assertThat(s.get("status").asString()).isEqualTo("DONE");
        assertThat(s.get("checkedRows").asInt()).isEqualTo(n);
        assertThat(s.get("appliedRows").asInt()).isEqualTo(n);
        assertThat(s.get("addedRows").asInt()).isEqualTo(n);
        assertThat(s.get("percent").asInt()).isEqualTo(100);
        assertThat(coverageOf(e)).isEqualTo(2L * n);
    }

    @Test
    void aFailureAfterTheFirstBatchesRollsEverythingBackAndTheImportIsFailed() {
        Employer e = employer();
        List<Object[]> rows = valid(RosterImports.WRITE_CHUNK + 10, "2024-02-01");
        String last = RosterFiles.citizenId();
        rows.add(row((Object[]) add(last, "最后", "2099-12-31")));
        String first = (String) rows.get(0)[2];
        jdbc.sql("""
                create or replace function roster_test_refuse() returns trigger language plpgsql as $$
                begin
                  if new.start_date = date '2099-12-31' then raise exception 'refused by the test'; end if;
                  return new;
                end $$""").update();
        jdbc.sql("create trigger roster_test_refuse before insert on coverage for each row execute function roster_test_refuse()")
                .update();
        JsonNode s;
        try {
            s = importAndWait(e, RosterFiles.xlsx(rows), "ALL_OR_NOTHING");
        } finally {
            jdbc.sql("drop trigger roster_test_refuse on coverage").update();
            jdbc.sql("drop function roster_test_refuse()").update();
        }
        assertThat(s.get("status").asString()).isEqualTo("FAILED");
        assertThat(s.get("failureCode").asString()).isEqualTo("ROSTER_IMPORT_FAILED");
        assertThat(s.get("failureZh").asString()).contains("未写入任何数据");
        assertThat(s.get("appliedRows").asInt()).isZero();
        assertThat(persons.findByIdNumber(REGION, first)).isEmpty();
        assertThat(persons.findByIdNumber(REGION, last)).isEmpty();
        assertThat(coverageOf(e)).isZero();
    }

    // ------------------------------------------------------------------ bad files

    @Test
    void badFilesAreRefusedAtOnceWithProblemJsonAndWriteNothing() {
        Employer e = employer();
        long before = jdbc.sql("select count(*) from roster_import").query(Long.class).single();
        byte[] ole2 = new byte[512];
        byte[] magic = { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1 };
        System.arraycopy(magic, 0, ole2, 0, magic.length);
        java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(zip)) {
            z.putNextEntry(new java.util.zip.ZipEntry("hello.txt"));
            z.write("not a workbook".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException x) {
            throw new java.io.UncheckedIOException(x);
        }
        List<Object[]> tooMany = new ArrayList<>();
        for (int i = 0; i < 6001; i++) {
            tooMany.add(row("增员"));
        }
        String[] wrongHeaders = RosterFiles.HEADERS.clone();
        wrongHeaders[2] = "身份证";
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("ROSTER_NOT_XLSX", "姓名,证件号码\n张三,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("ROSTER_XLS_NOT_SUPPORTED", ole2);
        files.put("ROSTER_NOT_XLSX ", zip.toByteArray());
        files.put("ROSTER_EMPTY", RosterFiles.xlsx(List.of()));
        files.put("ROSTER_EMPTY ", RosterFiles.xlsx(rows(row(), row(null, null, " "))));
        files.put("ROSTER_BAD_HEADERS", RosterFiles.xlsx(wrongHeaders, rows(row((Object[]) add(
                RosterFiles.citizenId(), "表头", "2024-01-01")))));
        files.put("ROSTER_TOO_MANY_ROWS", RosterFiles.xlsx(tooMany));
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Answer a = upload(e, f.getValue(), "ALL_OR_NOTHING");
            assertThat(a.status()).as(f.getKey() + ": " + a.text()).isEqualTo(400);
            assertThat(a.header("Content-Type")).startsWith("application/problem+json");
            JsonNode p = json(a);
            assertThat(p.get("code").asString()).isEqualTo(f.getKey().trim());
            assertThat(p.get("message_zh").asString()).isNotBlank().isNotEqualTo(f.getKey().trim());
            assertThat(p.get("message_en").asString()).isNotBlank().isNotEqualTo(f.getKey().trim());
        }
        assertThat(json(upload(e, files.get("ROSTER_TOO_MANY_ROWS"), null)).get("message_zh").asString())
                .contains("6000");
        assertThat(json(upload(e, files.get("ROSTER_BAD_HEADERS"), null)).get("message_zh").asString())
                .contains("证件号码 Certificate number");
        Answer missing = upload(e, null, "ALL_OR_NOTHING");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(json(missing).get("code").asString()).isEqualTo("ROSTER_FILE_MISSING");
        Answer mode = upload(e, RosterFiles.xlsx(valid(1, "2024-01-01")), "SOME_ROWS");
        assertThat(mode.status()).isEqualTo(400);
        assertThat(json(mode).get("code").asString()).isEqualTo("ROSTER_BAD_MODE");
        assertThat(jdbc.sql("select count(*) from roster_import").query(Long.class).single()).isEqualTo(before);
        assertThat(coverageOf(e)).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(x);
        }
    }
}
