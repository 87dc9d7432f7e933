package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.approval.FourEyes;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/**
 * Yearly wage-base declarations over REST: the average wage the agency enters takes effect only once a second
 * person approves it; every declared wage is clamped to the band with its explanation — below the floor, above the
 * ceiling, exactly on either bound; files in Excel or CSV with Chinese headers; a bad file is a problem+json and
 * writes nothing; an employer declares only for itself, a flexible worker only for herself.
 */
@AppTest
class WageBaseDeclarationTests {

    static final String ERENHOT = "152501";

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Enrollments enrollments;
    @Autowired
    WageBases wageBases;
    @Autowired
    AvgWages avgWages;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    PersonDirectory persons;
    @Autowired
    JdbcClient jdbc;

    Http http() {
        return new Http(env);
    }

    String token(LiangxianUser u) {
        return users.tokenFor(u);
    }

    CollectionFixture fx() {
        return new CollectionFixture(users, enrollments, wageBases, ERENHOT);
    }

    /** Erenhot's 2023 band from an approved 2022 average of 5000.00: 4000.00–15000.00. */
    void approvedAverage() {
        if (avgWages.forContributionYear(ERENHOT, 2023).isPresent()) {
            return;
        }
        LiangxianUser clerk = users.clerk(ERENHOT);
        Http.Response r = http().postJson("/api/v1/collection/avg-wages", """
                {"region":"152501","statYear":2022,"monthlyWage":"5000.00","source":"内蒙古自治区统计局 2022年城镇单位就业人员平均工资公报","reason":"年度核定"}""",
                "Authorization", "Bearer " + token(clerk));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asString()).isEqualTo("PENDING");
        // not in force before a second person approves it
        assertThat(avgWages.forContributionYear(ERENHOT, 2023)).isEmpty();
        long approval = r.json().get("approvalId").asLong();
        LiangxianUser approver = users.staff(Role.AGENCY_APPROVER, ERENHOT);
        fourEyes.approve(approver, approval, "与公报核对一致");
        assertThat(avgWages.forContributionYear(ERENHOT, 2023)).get()
                .satisfies(a -> assertThat(a.monthlyWage()).isEqualByComparingTo("5000.00"));
    }

    @Test
    void anAverageWageTakesEffectOnlyOnceApprovedAndTheMakerCannotApproveIt() {
        LiangxianUser clerk = users.clerk(ERENHOT);
        Http.Response r = http().postJson("/api/v1/collection/avg-wages", """
                {"region":"152501","statYear":2030,"monthlyWage":"9000.00","source":"统计公报","reason":"录入"}""",
                "Authorization", "Bearer " + token(clerk));
        assertThat(r.status()).isEqualTo(202);
        long approval = r.json().get("approvalId").asLong();
        Http.Response self = http().postJson("/api/v1/approvals/" + approval + "/approve", "{\"reason\":\"自己批\"}",
                "Authorization", "Bearer " + token(clerk));
        assertThat(self.status()).isIn(403);
        assertThat(avgWages.forContributionYear(ERENHOT, 2031)).isEmpty();
        // a second entry for the same year while one waits is refused
        Http.Response twice = http().postJson("/api/v1/collection/avg-wages", """
                {"region":"152501","statYear":2030,"monthlyWage":"9100.00","source":"统计公报","reason":"录入"}""",
                "Authorization", "Bearer " + token(clerk));
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.json().get("code").asString()).isEqualTo("COLLECTION_AVG_WAGE_PENDING");
        // no source, no entry
        Http.Response noSource = http().postJson("/api/v1/collection/avg-wages", """
                {"region":"152501","statYear":2031,"monthlyWage":"9100.00","source":" "}""",
                "Authorization", "Bearer " + token(clerk));
        assertThat(noSource.status()).isEqualTo(400);
        assertThat(noSource.contentType()).startsWith("application/problem+json");
    }

    @Test
    void declaredWagesAreClampedBelowTheFloorAboveTheCeilingAndKeptExactlyOnTheBounds() {
        approvedAverage();
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2023, 1, 1));
        List<Long> people = fx.employees(e, LocalDate.of(2023, 1, 1), 4);
        LiangxianUser hr = users.employer(e);
        String body = """
                {"year":2023,"lines":[{"personId":%d,"monthlyWage":"3999.99"},{"personId":%d,"monthlyWage":"4000.00"},
                 {"personId":%d,"monthlyWage":"15000.00"},{"personId":%d,"monthlyWage":"15000.01"}]}"""
                .formatted(people.get(0), people.get(1), people.get(2), people.get(3));
        Http.Response r = http().postJson("/api/v1/collection/employers/" + e + "/declarations", body,
                "Authorization", "Bearer " + token(hr));

        assertThat(r.status()).as(r.body()).isEqualTo(201);
        JsonNode bases = r.json().get("bases");
        assertThat(bases).hasSize(4);
        assertThat(bases.get(0).get("base").decimalValue()).isEqualByComparingTo("4000.00");
        assertThat(bases.get(0).get("clamp").asString()).isEqualTo("BELOW_FLOOR");
        assertThat(bases.get(1).get("base").decimalValue()).isEqualByComparingTo("4000.00");
        assertThat(bases.get(1).get("clamp").asString()).isEqualTo("WITHIN");
        assertThat(bases.get(2).get("base").decimalValue()).isEqualByComparingTo("15000.00");
        assertThat(bases.get(2).get("clamp").asString()).isEqualTo("WITHIN");
        assertThat(bases.get(3).get("base").decimalValue()).isEqualByComparingTo("15000.00");
        assertThat(bases.get(3).get("clamp").asString()).isEqualTo("ABOVE_CEILING");
        assertThat(bases.get(0).get("floor").decimalValue()).isEqualByComparingTo("4000.00");
        assertThat(bases.get(0).get("ceiling").decimalValue()).isEqualByComparingTo("15000.00");
        // the explanation names the average the agency entered, its source, the ratios and the reason
        String explanation = bases.get(0).get("explanation").toString();
        assertThat(explanation).contains("经办机构录入").contains("统计局").contains("0.8").contains("低于下限");
        // masked
        assertThat(bases.get(0).get("idNumber").asString()).contains("*");
        assertThat(bases.get(0).get("name").asString()).contains("*");
    }

    @Test
    void anEmployerUploadsItsDeclarationAsCsvOrExcelWithChineseHeaders() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2022, 1, 1));
        List<String> ids = List.of(fx.idNumber(), fx.idNumber());
        long a = users.person(ERENHOT, ids.get(0), "张三");
        long b = users.person(ERENHOT, ids.get(1), "李四");
        for (long p : List.of(a, b)) {
            enrollments.enrollEmployee(fx.clerk, Enrollments.Enrollee.of(p), e, LocalDate.of(2022, 1, 1), null,
                    Enrollments.Source.ENROLLMENT);
        }
        String hr = token(users.employer(e));
        byte[] csv = Uploads.csv(List.of(List.of("证件号码", "姓名", "月工资"), List.of(ids.get(0), "张三", "7000.50"),
                List.of(ids.get(1), "李四", "8000")));
        Http.Response r = Uploads.upload(http(), "/api/v1/collection/employers/" + e + "/declarations/upload?year=2022",
                hr, "基数申报.csv", csv);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("channel").asString()).isEqualTo("CSV");
        assertThat(r.json().get("bases").get(0).get("declaredWage").decimalValue()).isEqualByComparingTo("7000.50");

        byte[] xlsx = Uploads.xlsx(List.of(List.of("cert_number", "name", "monthly_wage"), List.of(ids.get(0), "张三",
                "7100.00"), List.of(ids.get(1), "李四", "8100.00")));
        Http.Response x = Uploads.upload(http(), "/api/v1/collection/employers/" + e + "/declarations/upload?year=2022",
                hr, "基数申报.xlsx", xlsx);
        assertThat(x.status()).as(x.body()).isEqualTo(201);
        assertThat(x.json().get("channel").asString()).isEqualTo("EXCEL");
        // the newer declaration is the one in force; the older stays
        assertThat(jdbc.sql("""
                select declared_wage from wage_base where region_code = ? and contrib_year = 2022 and person_id = ?
                 order by seq""").params(ERENHOT, a).query(BigDecimal.class).list())
                .containsExactly(new BigDecimal("7000.50"), new BigDecimal("7100.00"));
        Http.Response list = http().get("/api/v1/collection/employers/" + e + "/declarations?year=2022",
                "Authorization", "Bearer " + hr);
        assertThat(list.json()).hasSize(2);
    }

    @Test
    void aBadFileIsAProblemAndWritesNothing() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2022, 1, 1));
        String id = fx.idNumber();
        long a = users.person(ERENHOT, id, "王五");
        enrollments.enrollEmployee(fx.clerk, Enrollments.Enrollee.of(a), e, LocalDate.of(2022, 1, 1), null,
                Enrollments.Source.ENROLLMENT);
        String hr = token(users.employer(e));
        String path = "/api/v1/collection/employers/" + e + "/declarations/upload?year=2022";
        long before = jdbc.sql("select count(*) from wage_declaration").query(Long.class).single();

        Http.Response noWage = Uploads.upload(http(), path, hr, "a.csv",
                Uploads.csv(List.of(List.of("证件号码", "姓名"), List.of(id, "王五"))));
        assertThat(noWage.status()).isEqualTo(400);
        assertThat(noWage.contentType()).startsWith("application/problem+json");
        assertThat(noWage.json().get("code").asString()).isEqualTo("COLLECTION_FILE_COLUMNS");

        Http.Response rows = Uploads.upload(http(), path, hr, "b.csv", Uploads.csv(List.of(
                List.of("证件号码", "姓名", "月工资"), List.of(id, "王五", "5000"), List.of(fx.idNumber(), "陌生人", "5000"),
                List.of(id, "王五", "-1"))));
        assertThat(rows.status()).isEqualTo(422);
        assertThat(rows.contentType()).startsWith("application/problem+json");
        assertThat(rows.json().get("code").asString()).isEqualTo("COLLECTION_FILE_ROWS");
        assertThat(rows.json().get("message_en").asString()).contains("row 3").contains("3: COLLECTION_PERSON_NOT_FOUND")
                .contains("4: COLLECTION_INVALID_WAGE");

        Http.Response wrongName = Uploads.upload(http(), path, hr, "c.csv", Uploads.csv(List.of(
                List.of("证件号码", "姓名", "月工资"), List.of(id, "王六", "5000"))));
        assertThat(wrongName.status()).isEqualTo(422);
        assertThat(wrongName.json().get("message_en").asString()).contains("2: NAME_MISMATCH");

        byte[] ole2 = new byte[] { (byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A,
                (byte) 0xE1, 0, 0, 0, 0 };
        Http.Response xls = Uploads.upload(http(), path, hr, "old.xls", ole2);
        assertThat(xls.status()).isEqualTo(400);
        assertThat(xls.json().get("code").asString()).isEqualTo("COLLECTION_FILE_UNSUPPORTED");

        Http.Response notUtf8 = Uploads.upload(http(), path, hr, "gbk.csv", new byte[] { (byte) 0xD0, (byte) 0xD5, (byte) 0xC3, (byte) 0xFB, ',' });
        assertThat(notUtf8.status()).isEqualTo(400);
        assertThat(notUtf8.json().get("code").asString()).isEqualTo("COLLECTION_FILE_NOT_UTF8");

        assertThat(jdbc.sql("select count(*) from wage_declaration").query(Long.class).single()).isEqualTo(before);
    }

    @Test
    void anEmployerDeclaresOnlyForItselfAndAFlexibleWorkerOnlyForHerself() {
        CollectionFixture fx = fx();
        String e = fx.employer(LocalDate.of(2022, 1, 1));
        String other = fx.employer(LocalDate.of(2022, 1, 1));
        long p = fx.employee(e, LocalDate.of(2022, 1, 1));
        String body = "{\"year\":2022,\"lines\":[{\"personId\":" + p + ",\"monthlyWage\":\"6000.00\"}]}";
        String path = "/api/v1/collection/employers/" + e + "/declarations";

        assertThat(http().postJson(path, body, "Authorization", "Bearer " + token(users.employer(other))).status())
                .isEqualTo(404);
        assertThat(http().postJson(path, body, "Authorization", "Bearer " + token(users.clerk("440100"))).status())
                .isEqualTo(404);
        assertThat(http().postJson(path, body, "Authorization", "Bearer " + token(users.insured(p))).status())
                .isEqualTo(403);
        assertThat(http().get(path, "Authorization", "Bearer " + token(users.employer(other))).status()).isEqualTo(404);
        // another employer's employee cannot be declared by this one
        long stranger = fx.employee(other, LocalDate.of(2022, 1, 1));
        Http.Response notOurs = http().postJson(path, "{\"year\":2022,\"lines\":[{\"personId\":" + stranger
                + ",\"monthlyWage\":\"6000.00\"}]}", "Authorization", "Bearer " + token(users.employer(e)));
        assertThat(notOurs.status()).isEqualTo(422);
        assertThat(notOurs.json().get("message_en").asString()).contains("COLLECTION_NOT_EMPLOYEE_IN_YEAR");
        assertThat(http().postJson(path, body, "Authorization", "Bearer " + token(users.employer(e))).status())
                .isEqualTo(201);

        long flex = fx.flexible(LocalDate.of(2022, 1, 1));
        String own = "{\"year\":2022,\"monthlyWage\":\"5000.00\"}";
        assertThat(http().postJson("/api/v1/collection/persons/" + flex + "/declarations", own,
                "Authorization", "Bearer " + token(users.insured(p))).status()).isEqualTo(404);
        Http.Response mine = http().postJson("/api/v1/collection/persons/" + flex + "/declarations", own,
                "Authorization", "Bearer " + token(users.insured(flex)));
        assertThat(mine.status()).as(mine.body()).isEqualTo(201);
        assertThat(mine.json().get("bases").get(0).get("clamp").asString()).isEqualTo("BELOW_FLOOR");
        // an employee is no flexible worker
        assertThat(http().postJson("/api/v1/collection/persons/" + p + "/declarations", own,
                "Authorization", "Bearer " + token(users.insured(p))).status()).isEqualTo(422);
    }
}
