package cn.liangxian.institution;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import tools.jackson.databind.JsonNode;

/** The catalog's Excel import: the template, a good file, a bad file that writes nothing, versions and shares. */
@AppTest
class CatalogImportTests {

    private static final AtomicInteger SEQ = new AtomicInteger();

    @Autowired
    Environment env;
    @Autowired
    TestUsers users;
    @Autowired
    Catalogs catalogs;
    @Autowired
    JdbcClient jdbc;

    Http http() {
        return new Http(env);
    }

    static String code() {
        return "IMP" + (System.nanoTime() % 100_000_000) + "X" + SEQ.incrementAndGet();
    }

    List<String> templateHeader(String token) {
        HttpResponse<byte[]> t = CatalogFiles.download(http(), "/api/v1/catalog/template.xlsx", token);
        assertThat(t.statusCode()).isEqualTo(200);
        assertThat(t.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        return CatalogFiles.header(t.body());
    }

    static List<String> row(String code, String name, String kind, String cls, String cap, String from, String to,
            String share) {
        return List.of(code, name, kind, cls, "次", cap, "是", from, to, share);
    }

    int stored(List<String> codes) {
        return jdbc.sql("select count(*) from catalog_item where code in (:c)").param("c", codes).query(Integer.class)
                .single() + jdbc.sql("select count(*) from catalog_region_share where code in (:c)").param("c", codes)
                .query(Integer.class).single();
    }

    @Test
    void aFilledTemplateImportsItsItemsAndTheRegionsShareAndAgainChangesNothing() {
        String token = users.tokenFor(users.clerk("440100"));
        List<String> header = templateHeader(token);
        assertThat(header).hasSize(CatalogImports.Column.values().length).first().asString().contains("项目编码");
        String drug = code();
        String service = code();
        String facility = code();
        byte[] file = CatalogFiles.xlsx(header, List.of(
                row(drug, "缩宫素注射液（测试）", "药品", "甲", "3.50", "2024-01-01", "", ""),
                row(service, "分娩镇痛（测试）", "诊疗项目", "乙", "1200", "2024-01-01", "", "20%"),
                row(facility, "床位费（测试）", "医疗服务设施", "丙", "", "2024-01-01", "2025-01-01", "")));
        Http.Response r = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "440100", "目录.xlsx", file);
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("itemsAdded").asInt()).isEqualTo(3);
        assertThat(r.json().get("sharesAdded").asInt()).isEqualTo(1);

        LocalDate on = LocalDate.of(2024, 6, 1);
        CatalogItem s = catalogs.item("440100", service, on).orElseThrow();
        assertThat(s.kind()).isEqualTo(ItemKind.SERVICE);
        assertThat(s.selfPayShare()).isEqualByComparingTo("0.20");
        assertThat(s.priceCap()).isEqualByComparingTo("1200.00");
        assertThat(catalogs.item("320400", service, on).orElseThrow().selfPayShare())
                .isEqualByComparingTo(catalogs.defaultShare("320400", on));
        assertThat(catalogs.item("440100", facility, LocalDate.of(2025, 1, 1))).isEmpty();

        Http.Response again = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "440100", "目录.xlsx", file);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.json().get("itemsAdded").asInt()).isZero();
        assertThat(again.json().get("sharesAdded").asInt()).isZero();
        assertThat(again.json().get("unchanged").asInt()).isEqualTo(3);
        assertThat(stored(List.of(drug, service, facility))).isEqualTo(4);
    }

    @Test
    void aFileWithBadRowsIsRefusedWholeListingEveryErrorInBothLanguagesAndWritesNothing() {
        String token = users.tokenFor(users.clerk("320400"));
        List<String> header = templateHeader(token);
        String good = code();
        String badClass = code();
        String badShare = code();
        List<List<String>> rows = new ArrayList<>();
        rows.add(row(good, "叶酸片（测试）", "药品", "甲", "0.15", "2024-01-01", "", ""));
        rows.add(row(badClass, "某药", "药品", "丁", "", "2024-01-01", "", ""));
        rows.add(row(badShare, "某项目", "诊疗项目", "甲", "", "2024-13-01", "", "0.1"));
        rows.add(row(good, "叶酸片（测试）", "药品", "甲", "0.15", "2024-01-01", "", ""));
        rows.add(row("x", "", "器械", "乙", "-1", "2024-01-01", "2023-01-01", "2"));
        int before = jdbc.sql("select count(*) from catalog_item").query(Integer.class).single();
        Http.Response r = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "320400", "bad.xlsx",
                CatalogFiles.xlsx(header, rows));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.contentType()).contains("application/problem+json");
        JsonNode p = r.json();
        assertThat(p.get("code").asString()).isEqualTo("CATALOG_FILE_ROWS");
        assertThat(p.get("message_zh").asString()).contains("第 3 行").contains("未写入");
        assertThat(p.get("message_en").asString()).contains("row 3").contains("nothing was written");
        List<Integer> rowsWithErrors = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        p.get("errors").forEach(e -> {
            rowsWithErrors.add(e.get("row").asInt());
            codes.add(e.get("code").asString());
            assertThat(e.get("message_zh").asString()).isNotBlank();
            assertThat(e.get("message_en").asString()).isNotBlank().isNotEqualTo(e.get("message_zh").asString());
        });
        assertThat(rowsWithErrors).doesNotContain(2).contains(3, 4, 5, 6);
        assertThat(codes).contains("CLASS", "DATE", "SHARE_ONLY_CLASS_B", "REPEATED", "CODE", "NAME", "KIND",
                "PRICE_CAP", "VALID_TO", "SHARE");
        assertThat(jdbc.sql("select count(*) from catalog_item").query(Integer.class).single()).isEqualTo(before);
        assertThat(stored(List.of(good, badClass, badShare))).isZero();
    }

    @Test
    void versionsAreAppendedByDateAndAChangedVersionOnRecordIsRefused() {
        String token = users.tokenFor(users.clerk("152501"));
        List<String> header = templateHeader(token);
        String c = code();
        assertThat(CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "152501", "v1.xlsx",
                CatalogFiles.xlsx(header, List.of(row(c, "产前检查（测试）", "诊疗项目", "乙", "10", "2023-01-01", "", ""))))
                .status()).isEqualTo(201);
        Http.Response changed = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "152501", "v1b.xlsx",
                CatalogFiles.xlsx(header, List.of(row(c, "产前检查（改名）", "诊疗项目", "乙", "10", "2023-01-01", "", ""))));
        assertThat(changed.status()).isEqualTo(422);
        assertThat(changed.json().get("errors").get(0).get("code").asString()).isEqualTo("VERSION_DIFFERS");
        Http.Response earlier = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "152501", "v0.xlsx",
                CatalogFiles.xlsx(header, List.of(row(c, "产前检查（旧）", "诊疗项目", "乙", "10", "2022-01-01", "", ""))));
        assertThat(earlier.status()).isEqualTo(422);
        assertThat(earlier.json().get("errors").get(0).get("code").asString()).isEqualTo("VERSION_NOT_AFTER_LATEST");
        Http.Response v2 = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "152501", "v2.xlsx",
                CatalogFiles.xlsx(header, List.of(row(c, "产前检查（测试）", "诊疗项目", "甲", "12", "2024-07-01", "", ""))));
        assertThat(v2.status()).as(v2.body()).isEqualTo(201);
        assertThat(catalogs.item("152501", c, LocalDate.of(2024, 6, 30)).orElseThrow().itemClass()).isEqualTo(ItemClass.B);
        assertThat(catalogs.item("152501", c, LocalDate.of(2024, 7, 1)).orElseThrow().itemClass()).isEqualTo(ItemClass.A);
    }

    @Test
    void aFileWithoutTheTemplatesColumnsOrNotAWorkbookIsRefusedAndOnlyClerksImport() {
        String token = users.tokenFor(users.clerk("320400"));
        Http.Response columns = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "320400", "x.xlsx",
                CatalogFiles.xlsx(List.of("项目编码", "项目名称", "颜色"), List.of(List.of(code(), "某药", "红"))));
        assertThat(columns.status()).isEqualTo(400);
        assertThat(columns.json().get("code").asString()).isEqualTo("CATALOG_FILE_COLUMNS");
        assertThat(columns.json().get("message_zh").asString()).contains("目录类别").contains("颜色");
        Http.Response csv = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "320400", "x.csv",
                "项目编码,项目名称\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(csv.json().get("code").asString()).isEqualTo("CATALOG_FILE_UNREADABLE");
        Http.Response otherRegion = CatalogFiles.upload(http(), "/api/v1/catalog/imports", token, "440100", "x.xlsx",
                CatalogFiles.xlsx(List.of("项目编码"), List.of()));
        assertThat(otherRegion.status()).isEqualTo(404);
        String finance = users.tokenFor(users.staff(Role.FINANCE, "320400"));
        Http.Response byFinance = CatalogFiles.upload(http(), "/api/v1/catalog/imports", finance, "320400", "x.xlsx",
                CatalogFiles.xlsx(List.of("项目编码"), List.of()));
        assertThat(byFinance.status()).isEqualTo(403);
    }
}
