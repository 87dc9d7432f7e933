package cn.liangxian.institution;

import static cn.liangxian.institution.InstitutionFixtures.as;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.ApiProbe;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;

/**
 * Every role against another region's institution, its agreements, indicators and catalog shares: 403 for a
 * family closed to the role, 404 for an object outside its scope, never an answer. Positive controls show each
 * party reaches its own.
 */
@AppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InstitutionAccessTests {

    @Autowired
    TestUsers users;
    @Autowired
    Institutions institutions;
    @Autowired
    Agreements agreements;
    @Autowired
    Environment env;

    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    Institution own;
    Institution other;

    /** Everyone's scope is Erenhot (or its hospital); the "other" institution is in Chongqing. */
    @BeforeAll
    void setUp() {
        LiangxianUser erenhot = users.clerk("152501");
        LiangxianUser chongqing = users.clerk("500000");
        own = as(erenhot, () -> institutions.register("152501",
                InstitutionFixtures.hospital(InstitutionFixtures.code("152501"), "二连浩特测试医院")));
        other = as(chongqing, () -> institutions.register("500000",
                InstitutionFixtures.hospital(InstitutionFixtures.code("500000"), "重庆测试医院")));
        for (Institution i : List.of(own, other)) {
            LiangxianUser clerk = i == own ? erenhot : chongqing;
            as(clerk, () -> agreements.create(i.code(), NewAgreement.withDefaults(LocalDate.of(2024, 1, 1), null,
                    List.of("设置生育医疗服务窗口"))));
        }
        String employer = users.employerIn("152501", LocalDate.of(2019, 1, 1));
        for (Role r : Role.values()) {
            LiangxianUser u = switch (r.binding()) {
                case REGIONS -> users.staff(r, "152501");
                case EMPLOYER -> users.employer(employer);
                case PERSON -> users.insured(users.person("152501"));
                case INSTITUTION -> users.hospital(own.code());
            };
            tokens.put(r, users.tokenFor(u));
        }
    }

    List<ApiProbe> othersObjects() {
        String c = other.code();
        return List.of(
                new ApiProbe("GET", "/api/v1/institutions/" + c, null),
                new ApiProbe("GET", "/api/v1/institutions?region=500000", null),
                new ApiProbe("POST", "/api/v1/institutions", "{\"regionCode\":\"500000\",\"code\":\""
                        + InstitutionFixtures.code("500000") + "\",\"name\":\"越权医院\",\"level\":\"GRADE_2\",\"type\":\"GENERAL_HOSPITAL\"}"),
                new ApiProbe("GET", "/api/v1/institutions/" + c + "/agreements", null),
                new ApiProbe("GET", "/api/v1/institutions/" + c + "/agreements/in-force?date=2024-06-01", null),
                new ApiProbe("POST", "/api/v1/institutions/" + c + "/agreements", "{\"validFrom\":\"2025-01-01\"}"),
                new ApiProbe("GET", "/api/v1/institutions/" + c + "/indicators", null),
                new ApiProbe("POST", "/api/v1/institutions/" + c + "/status", "{\"active\":false,\"reason\":\"x\"}"),
                new ApiProbe("POST", "/api/v1/institutions/" + c + "/indicators", "{\"indicator\":\"CAESAREAN_RATE\","
                        + "\"periodFrom\":\"2024-01-01\",\"periodTo\":\"2024-12-31\",\"value\":0.3}"),
                new ApiProbe("POST", "/api/v1/institutions/" + c + "/indicators/from-settlements", "{\"period\":\"2024-06\"}"),
                new ApiProbe("GET", "/api/v1/catalog/items?region=500000", null),
                new ApiProbe("GET", "/api/v1/catalog/items/ANY?region=500000", null));
    }

    Http.Response call(Role role, ApiProbe p) {
        return p.call(new Http(env), tokens, role);
    }

    @TestFactory
    Stream<DynamicTest> noRoleReachesAnotherRegionsInstitution() {
        return ApiProbe.refusedToEveryRole(new Http(env), tokens, othersObjects(), () -> {
            assertThat(agreements.versions(other.code())).hasSize(1);
            assertThat(agreements.measurements(other.code())).isEmpty();
            assertThat(institutions.find(other.code()).orElseThrow().active()).isTrue();
            assertThat(institutions.inRegion("500000")).extracting(Institution::name).doesNotContain("越权医院");
        });
    }

    @TestFactory
    Stream<DynamicTest> eachPartyReachesItsOwn() {
        String c = own.code();
        return Stream.of(
                DynamicTest.dynamicTest("agency staff read their region's institution and its agreement", () -> {
                    for (Role r : Role.AGENCY) {
                        assertThat(call(r, new ApiProbe("GET", "/api/v1/institutions/" + c + "/agreements/in-force?date=2024-06-01",
                                null)).status()).as(r.name()).isEqualTo(200);
                    }
                }),
                DynamicTest.dynamicTest("the hospital reads itself, its agreement and indicators but changes nothing", () -> {
                    assertThat(call(Role.HOSPITAL, new ApiProbe("GET", "/api/v1/institutions/" + c, null)).status())
                            .isEqualTo(200);
                    assertThat(call(Role.HOSPITAL, new ApiProbe("GET", "/api/v1/institutions/" + c + "/indicators", null))
                            .status()).isEqualTo(200);
                    assertThat(call(Role.HOSPITAL, new ApiProbe("POST", "/api/v1/institutions/" + c + "/agreements",
                            "{\"validFrom\":\"2025-01-01\"}")).status()).isEqualTo(403);
                }),
                DynamicTest.dynamicTest("only clerks add versions; finance and supervisors read", () -> {
                    assertThat(call(Role.FINANCE, new ApiProbe("POST", "/api/v1/institutions/" + c + "/agreements",
                            "{\"validFrom\":\"2025-01-01\"}")).status()).isEqualTo(403);
                    assertThat(call(Role.AGENCY_CLERK, new ApiProbe("POST", "/api/v1/institutions/" + c + "/agreements",
                            "{\"validFrom\":\"2025-01-01\"}")).status()).isEqualTo(201);
                }),
                DynamicTest.dynamicTest("employers and insured people do not see institutions", () -> {
                    for (Role r : List.of(Role.EMPLOYER_HR, Role.INSURED)) {
                        assertThat(call(r, new ApiProbe("GET", "/api/v1/institutions/" + c, null)).status()).as(r.name())
                                .isEqualTo(404);
                    }
                }),
                DynamicTest.dynamicTest("the hospital and agency staff read the catalog of their own region", () -> {
                    assertThat(call(Role.HOSPITAL, new ApiProbe("GET", "/api/v1/catalog/items?q=x", null)).status())
                            .isEqualTo(200);
                    assertThat(call(Role.SUPERVISOR, new ApiProbe("GET", "/api/v1/catalog/items?region=152501", null))
                            .status()).isEqualTo(200);
                }));
    }
}
