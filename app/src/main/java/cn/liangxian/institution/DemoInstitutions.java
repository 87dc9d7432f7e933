package cn.liangxian.institution;

import static cn.liangxian.security.SignedInAs.as;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;



import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.policy.maternity.MaternityCategory;
import cn.liangxian.policy.maternity.MedicalPaymentMethod;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.UserAccounts;

/**
 * The demo's contracted institutions: two or three per seed region (Changzhou's H32040000001 is the hospital
 * the demo user {@code hospital.changzhou} is bound to), each with agreement versions carrying maternity clauses
 * and indicator limits, measured indicator values, and a signing key for the hospital interface (issued, never
 * logged; a hospital reissues its key in its portal to see it). The catalog of maternity-related items is
 * imported from {@code institution/demo-catalog.csv}, and Guangzhou's own shares of some class B items from
 * {@code institution/demo-catalog-shares-440100.csv}. Loaded by each region's demo clerk; a region whose first
 * institution is registered is not loaded again.
 */
@Component
@Profile("demo")
@Order(200)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class DemoInstitutions implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoInstitutions.class);

    record DemoInstitution(String code, String name, InstitutionLevel level, InstitutionType type, String bank,
            String account) {
    }

    record DemoRegion(String region, String clerk, List<DemoInstitution> institutions) {
    }

    static final List<DemoRegion> REGIONS = List.of(
            new DemoRegion("320400", "clerk.changzhou", List.of(
                    new DemoInstitution("H32040000001", "常州市妇幼保健院", InstitutionLevel.GRADE_3A,
                            InstitutionType.MATERNITY_CHILD_HEALTH, "江苏江南农村商业银行常州分行", "1100701012000200001"),
                    new DemoInstitution("H32040000002", "常州市第一人民医院", InstitutionLevel.GRADE_3A,
                            InstitutionType.GENERAL_HOSPITAL, "中国工商银行常州分行", "1105020109000200002"),
                    new DemoInstitution("H32040000003", "常州市武进人民医院", InstitutionLevel.GRADE_3,
                            InstitutionType.GENERAL_HOSPITAL, "中国建设银行常州武进支行", "3205016253000200003"))),
            new DemoRegion("440100", "clerk.guangzhou", List.of(
                    new DemoInstitution("H44010000001", "广州市妇女儿童医疗中心", InstitutionLevel.GRADE_3A,
                            InstitutionType.MATERNITY_CHILD_HEALTH, "中国工商银行广州天河支行", "3602000109200200001"),
                    new DemoInstitution("H44010000002", "广州医科大学附属第三医院", InstitutionLevel.GRADE_3A,
                            InstitutionType.GENERAL_HOSPITAL, "中国银行广州荔湾支行", "7420571203000200002"),
                    new DemoInstitution("H44010000003", "广州市番禺区妇幼保健院", InstitutionLevel.GRADE_3,
                            InstitutionType.MATERNITY_CHILD_HEALTH, "广州农村商业银行番禺支行", "0551000120000200003"))),
            new DemoRegion("440300", "clerk.shenzhen", List.of(
                    new DemoInstitution("H44030000001", "深圳市妇幼保健院", InstitutionLevel.GRADE_3A,
                            InstitutionType.MATERNITY_CHILD_HEALTH, "招商银行深圳福田支行", "7559000120000200001"),
                    new DemoInstitution("H44030000002", "深圳市人民医院", InstitutionLevel.GRADE_3A,
                            InstitutionType.GENERAL_HOSPITAL, "中国建设银行深圳罗湖支行", "3420150100000200002"))),
            new DemoRegion("500000", "clerk.chongqing", List.of(
                    new DemoInstitution("H50000000001", "重庆市妇幼保健院", InstitutionLevel.GRADE_3A,
                            InstitutionType.MATERNITY_CHILD_HEALTH, "重庆农村商业银行渝北支行", "1203010120000200001"),
                    new DemoInstitution("H50000000002", "重庆医科大学附属第一医院", InstitutionLevel.GRADE_3A,
                            InstitutionType.GENERAL_HOSPITAL, "中国工商银行重庆渝中支行", "3100021109000200002"),
                    new DemoInstitution("H50000000003", "重庆市渝北区人民医院", InstitutionLevel.GRADE_2A,
                            InstitutionType.GENERAL_HOSPITAL, "重庆银行渝北支行", "1600012000000200003"))),
            new DemoRegion("152501", "clerk.erenhot", List.of(
                    new DemoInstitution("H15250100001", "二连浩特市人民医院", InstitutionLevel.GRADE_2A,
                            InstitutionType.GENERAL_HOSPITAL, "中国银行二连浩特支行", "1505012010000200001"),
                    new DemoInstitution("H15250100002", "二连浩特市妇幼保健计划生育服务中心", InstitutionLevel.GRADE_2,
                            InstitutionType.MATERNITY_CHILD_HEALTH, "中国农业银行二连浩特支行", "0511010400000200002"))));

    /** The clerk who imports the national catalog (catalogs are reference data for all regions). */
    static final String CATALOG_CLERK = "clerk.changzhou";
    static final String CATALOG_REGION = "320400";
    static final String CATALOG = "institution/demo-catalog.csv";
    static final String GUANGZHOU_SHARES = "institution/demo-catalog-shares-440100.csv";

    private final Institutions institutions;
    private final Agreements agreements;
    private final CatalogImports imports;
    private final Catalogs catalogs;
    private final InstitutionKeys keys;
    private final UserAccounts accounts;

    DemoInstitutions(Institutions institutions, Agreements agreements, CatalogImports imports, Catalogs catalogs,
            InstitutionKeys keys, UserAccounts accounts) {
        this.institutions = institutions;
        this.agreements = agreements;
        this.imports = imports;
        this.catalogs = catalogs;
        this.keys = keys;
        this.accounts = accounts;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        List<String> loaded = new ArrayList<>();
        int keysIssued = 0;
        for (DemoRegion r : REGIONS) {
            if (institutions.find(r.institutions().get(0).code()).isPresent()) {
                continue;
            }
            LiangxianUser clerk = accounts.find(r.clerk()).orElseThrow();
            keysIssued += as(clerk, () -> load(r));
            loaded.add(r.region() + ": " + r.institutions().size());
        }
        String catalog = "";
        LiangxianUser catalogClerk = accounts.find(CATALOG_CLERK).orElseThrow();
        if (catalogs.item(CATALOG_REGION, "311201001", LocalDate.of(2020, 1, 1)).isEmpty()) {
            CatalogImports.Result items = as(catalogClerk,
                    () -> imports.importCsv(CATALOG_REGION, CATALOG, resource(CATALOG)));
            LiangxianUser gz = accounts.find("clerk.guangzhou").orElseThrow();
            CatalogImports.Result shares = as(gz, () -> imports.importCsv("440100", GUANGZHOU_SHARES,
                    resource(GUANGZHOU_SHARES)));
            catalog = " catalog: " + items.itemsAdded() + " items, Guangzhou shares: " + shares.sharesAdded() + ";";
        }
        if (!loaded.isEmpty() || !catalog.isEmpty()) {
            log.info("Demo institutions loaded: {};{} signing keys issued for {} institutions (not shown)",
                    String.join(", ", loaded), catalog, keysIssued);
        }
    }

    /** Registers a region's institutions with their agreements and measurements; answers the keys issued. */
    private int load(DemoRegion r) {
        int n = 0;
        for (int k = 0; k < r.institutions().size(); k++) {
            DemoInstitution d = r.institutions().get(k);
            institutions.register(r.region(), new NewInstitution(d.code(), d.name(), d.level(), d.type(), d.bank(),
                    d.account()));
            Map<MaternityCategory, CategoryTerms> terms = agreements.defaults(r.region(), LocalDate.of(2020, 1, 1));
            agreements.create(d.code(), NewAgreement.withDefaults(LocalDate.of(2020, 1, 1), LocalDate.of(2022, 12, 31),
                    clauses(terms, false)));
            // the second version tightens the caesarean-rate ceiling of the maternity hospitals
            Map<String, BigDecimal> limits = d.type() == InstitutionType.MATERNITY_CHILD_HEALTH
                    ? Map.of(Indicator.CAESAREAN_RATE.name(), new BigDecimal("0.38"))
                    : Map.of();
            Map<MaternityCategory, BigDecimal> quotas = k == 0 && quotaAllowed(terms, MaternityCategory.NORMAL_DELIVERY)
                    ? Map.of(MaternityCategory.NORMAL_DELIVERY, new BigDecimal("3600.00"))
                    : Map.of();
            agreements.create(d.code(), new NewAgreement(LocalDate.of(2023, 1, 1), LocalDate.of(2026, 12, 31), Map.of(),
                    quotas, clauses(terms, true), limits));
            measure(d.code(), k);
            keys.issue(d.code(), r.region());
            n++;
        }
        return n;
    }

    private static boolean quotaAllowed(Map<MaternityCategory, CategoryTerms> terms, MaternityCategory c) {
        return terms.get(c).method() != MedicalPaymentMethod.ACTUAL_COST;
    }

    /** Demo measurements: a few periods, one over its limit. */
    private void measure(String code, int k) {
        String[][] values = {
                { "2023-01-01", "2023-12-31", "0.0720", "0.3650" },
                { "2024-01-01", "2024-12-31", "0.0910", "0.3420" },
                { "2025-01-01", "2025-12-31", k == 0 ? "0.1250" : "0.0480", k == 1 ? "0.4310" : "0.3380" } };
        for (String[] v : values) {
            LocalDate from = LocalDate.parse(v[0]);
            LocalDate to = LocalDate.parse(v[1]);
            agreements.recordMeasurement(code, Indicator.MATERNITY_COST_GROWTH_RATE, from, to, new BigDecimal(v[2]),
                    "演示数据 / demo");
            agreements.recordMeasurement(code, Indicator.CAESAREAN_RATE, from, to, new BigDecimal(v[3]),
                    "演示数据 / demo");
        }
    }

    /** The maternity clauses of a demo agreement, naming the region's payment methods. */
    private static List<String> clauses(Map<MaternityCategory, CategoryTerms> terms, boolean second) {
        List<String> c = new ArrayList<>();
        c.add("乙方在院内设置生育医疗服务窗口，为参保人员办理生育医疗费用直接结算。");
        c.add("乙方执行本统筹区基本医疗保险、生育保险药品目录以及诊疗项目和医疗服务设施范围，不得擅自扩大。");
        c.add("住院分娩医疗费用" + terms.get(MaternityCategory.NORMAL_DELIVERY).method().zh() + "，产前检查费用"
                + terms.get(MaternityCategory.PRENATAL_CARE).method().zh() + "，计划生育手术费用"
                + terms.get(MaternityCategory.STERILIZATION).method().zh() + "。");
        c.add("乙方如实上传生育类别、孕周、胎儿数等就诊信息，接受医保智能监控和稽核。");
        if (second) {
            c.add("生育医疗费用增长率、剖宫产率不得超过本协议指标；超出部分在年度考核中扣减。");
            c.add("乙方对无医学指征的剖宫产进行院内评审，评审记录留存备查。");
        }
        return c;
    }

    private static byte[] resource(String path) {
        try (InputStream in = DemoInstitutions.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Does the work as the given user, so the audit trail names her. */
}
