package cn.liangxian.institution;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/** Institutions and agreements over REST: who sees what, refusals as problem+json, repeated requests. */
@AppTest
class InstitutionApiTests {

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    JdbcClient jdbc;

    Http http() {
        return new Http(env);
    }

    String bearer(cn.liangxian.security.LiangxianUser u) {
        return "Bearer " + users.tokenFor(u);
    }

    String register(String clerk, String region, String code) {
        Http.Response r = http().postJson("/api/v1/institutions", """
                {"regionCode":"%s","code":"%s","name":"测试妇幼保健院%s","level":"GRADE_3A","type":"妇幼保健院",
                 "bankName":"测试银行","bankAccount":"1105020109001234567"}""".formatted(region, code, code),
                "Authorization", clerk);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("code").asString();
    }

    @Test
    void anotherRegionsInstitutionAnswers404AndAHospitalSeesOnlyItself() {
        String clerk = bearer(users.clerk("320400"));
        String code = register(clerk, "320400", InstitutionFixtures.code("320400"));
        JsonNode own = http().get("/api/v1/institutions/" + code, "Authorization", clerk).json();
        assertThat(own.get("bankAccountMasked").asString()).endsWith("4567").startsWith("*");
        assertThat(own.get("type").asString()).isEqualTo("MATERNITY_CHILD_HEALTH");

        String stranger = bearer(users.clerk("152501"));
        Http.Response hidden = http().get("/api/v1/institutions/" + code, "Authorization", stranger);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.contentType()).contains("application/problem+json");
        assertThat(http().get("/api/v1/institutions/" + code + "/agreements", "Authorization", stranger).status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/institutions?region=320400", "Authorization", stranger).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/institutions?region=320400", "Authorization", clerk).json().toString())
                .contains(code);

        String itself = bearer(users.hospital(code));
        assertThat(http().get("/api/v1/institutions/" + code, "Authorization", itself).status()).isEqualTo(200);
        String other = register(clerk, "320400", InstitutionFixtures.code("320400"));
        assertThat(http().get("/api/v1/institutions/" + other, "Authorization", itself).status()).isEqualTo(404);
        assertThat(http().get("/api/v1/institutions?region=320400", "Authorization", itself).status()).isEqualTo(403);
        Http.Response selfRegister = http().postJson("/api/v1/institutions/" + code + "/agreements",
                "{\"validFrom\":\"2024-01-01\"}", "Authorization", itself);
        assertThat(selfRegister.status()).isEqualTo(403);
    }

    @Test
    void agreementsAreAddedAndReadByDateWithRefusalsInBothLanguagesAndRepeatsChangeNothing() {
        String clerk = bearer(users.clerk("440100"));
        String code = register(clerk, "440100", InstitutionFixtures.code("440100"));
        String body = """
                {"validFrom":"2024-01-01","termEnd":"2025-12-31","quotas":{"NORMAL_DELIVERY":4200},
                 "maternityClauses":["设置生育医疗服务窗口"],"indicatorLimits":{"CAESAREAN_RATE":0.35}}""";
        Http.Response first = http().postJson("/api/v1/institutions/" + code + "/agreements", body, "Authorization",
                clerk, "Idempotency-Key", "agr-" + code);
        assertThat(first.status()).as(first.body()).isEqualTo(201);
        Http.Response repeat = http().postJson("/api/v1/institutions/" + code + "/agreements", body, "Authorization",
                clerk, "Idempotency-Key", "agr-" + code);
        assertThat(repeat.status()).isEqualTo(201);
        assertThat(repeat.json().get("id").asLong()).isEqualTo(first.json().get("id").asLong());
        assertThat(jdbc.sql("select count(*) from agreement where institution_code = ?").param(code).query(Integer.class)
                .single()).isEqualTo(1);

        JsonNode a = http().get("/api/v1/institutions/" + code + "/agreements/in-force?date=2025-06-30", "Authorization",
                clerk).json();
        assertThat(a.get("version").asInt()).isEqualTo(1);
        assertThat(a.get("terms").get("PRENATAL_CARE").get("method").asString()).isEqualTo("PER_HEAD");
        assertThat(a.get("terms").get("NORMAL_DELIVERY").get("quota").decimalValue()).isEqualByComparingTo("4200");
        Http.Response none = http().get("/api/v1/institutions/" + code + "/agreements/in-force?date=2026-01-01",
                "Authorization", clerk);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.json().get("code").asString()).isEqualTo("NO_AGREEMENT_IN_FORCE");

        Http.Response overlap = http().postJson("/api/v1/institutions/" + code + "/agreements",
                "{\"validFrom\":\"2023-06-01\"}", "Authorization", clerk);
        assertThat(overlap.status()).isEqualTo(409);
        assertThat(overlap.json().get("message_zh").asString()).contains("2024-01-01");
        assertThat(overlap.json().get("message_en").asString()).contains("never changed");
        Http.Response badMethod = http().postJson("/api/v1/institutions/" + code + "/agreements",
                "{\"validFrom\":\"2026-01-01\",\"methods\":{\"PRENATAL_CARE\":\"BY_MOOD\"}}", "Authorization", clerk);
        assertThat(badMethod.status()).isEqualTo(400);
        assertThat(badMethod.json().get("code").asString()).isEqualTo("UNKNOWN_PAYMENT_METHOD");
        assertThat(jdbc.sql("select count(*) from agreement where institution_code = ?").param(code).query(Integer.class)
                .single()).isEqualTo(1);

        Http.Response m = http().postJson("/api/v1/institutions/" + code + "/indicators", """
                {"indicator":"CAESAREAN_RATE","periodFrom":"2024-01-01","periodTo":"2024-12-31","value":0.41,
                 "source":"年度考核"}""", "Authorization", clerk);
        assertThat(m.status()).as(m.body()).isEqualTo(201);
        assertThat(m.json().get("withinLimit").asBoolean()).isFalse();
        assertThat(http().get("/api/v1/institutions/" + code + "/indicators", "Authorization", clerk).json()).hasSize(1);
    }

    @Test
    void aHospitalReadsTheCatalogAsItAppliesInItsOwnRegion() {
        String clerk = bearer(users.clerk("320400"));
        String code = register(clerk, "320400", InstitutionFixtures.code("320400"));
        String item = "APIT" + (System.nanoTime() % 1_000_000);
        jdbc.sql("""
                insert into catalog_item (code, valid_from, name, kind, item_class, unit, maternity_relevant, recorded_by)
                values (?, '2020-01-01', '头孢呋辛钠（测试）', 'DRUG', 'B', '支', true, 'test')""").param(item).update();
        String hospital = bearer(users.hospital(code));
        JsonNode got = http().get("/api/v1/catalog/items/" + item + "?date=2024-01-01", "Authorization", hospital).json();
        assertThat(got.get("itemClass").asString()).isEqualTo("B");
        assertThat(got.get("selfPayShare").decimalValue()).isEqualByComparingTo(
                new java.math.BigDecimal(http().get("/api/v1/catalog/items/" + item + "?date=2024-01-01&region=320400",
                        "Authorization", clerk).json().get("selfPayShare").asString()));
        assertThat(http().get("/api/v1/catalog/items/" + item + "?region=440100", "Authorization", hospital).status())
                .isEqualTo(404);
        assertThat(http().get("/api/v1/catalog/items/NOPE-" + item, "Authorization", hospital).json().get("code")
                .asString()).isEqualTo("UNKNOWN_ITEM");
        assertThat(http().get("/api/v1/catalog/items?q=头孢呋辛钠（测试）&date=" + LocalDate.of(2024, 1, 1),
                "Authorization", hospital).json()).hasSize(1);
    }
}
