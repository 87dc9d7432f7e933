package cn.liangxian.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.institution.Agreements;
import cn.liangxian.institution.Institutions;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.ApiProbe;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;
import cn.liangxian.testsupport.WebSession;

/**
 * Every role against another region's monitoring alerts and institution indicators: 403 for a family closed to the
 * role, 404 for an object outside its scope, never an answer, nothing written. Positive controls show the region's
 * own staff reach their own alerts. The pages refuse the same way.
 */
@AppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitoringAccessTests {

    static final String OWN = "152501";
    static final String OTHER = "500000";

    @Autowired TestUsers users;
    @Autowired Institutions institutions;
    @Autowired Agreements agreements;
    @Autowired InstitutionKeys keys;
    @Autowired Enrollments enrollments;
    @Autowired JdbcClient jdbc;
    @Autowired Environment env;

    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    SettlementFixture.Hospital own;
    SettlementFixture.Hospital other;
    long ownAlert;
    long otherAlert;

    /** A repeat delivery alert in each region; everyone's scope is Erenhot (or its hospital). */
    @BeforeAll
    void setUp() {
        SettlementFixture fx = new SettlementFixture(users, institutions, agreements, keys, enrollments, jdbc, env);
        own = fx.hospital(OWN);
        other = fx.hospital(OTHER);
        ownAlert = repeatDelivery(fx, own);
        otherAlert = repeatDelivery(fx, other);
        String employer = users.employerIn(OWN, LocalDate.of(2019, 1, 1));
        for (Role r : Role.values()) {
            LiangxianUser u = switch (r.binding()) {
                case REGIONS -> users.staff(r, OWN);
                case EMPLOYER -> users.employer(employer);
                case PERSON -> users.insured(users.person(OWN));
                case INSTITUTION -> users.hospital(own.code());
            };
            tokens.put(r, users.tokenFor(u));
        }
    }

    long repeatDelivery(SettlementFixture fx, SettlementFixture.Hospital h) {
        HisFlows flows = new HisFlows(fx.client(h));
        String woman = fx.employedWoman(h.region());
        List<HisFlows.Fee> fee = List.of(new HisFlows.Fee(SettlementFixture.CLASS_A, "A", BigDecimal.TEN,
                new BigDecimal("150.00")));
        SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 5, 1), false, fee);
        var second = SettlementFixture.delivery(flows, woman, LocalDate.of(2025, 5, 11), false, fee);
        return jdbc.sql("select id from monitoring_alert where setl_id = ? and rule = 'REPEAT_DELIVERY'")
                .param(second.setlId()).query(Long.class).single();
    }

    List<ApiProbe> othersObjects() {
        return List.of(
                new ApiProbe("GET", "/api/v1/monitoring/alerts?region=" + OTHER, null),
                new ApiProbe("GET", "/api/v1/monitoring/alerts/" + otherAlert, null),
                new ApiProbe("POST", "/api/v1/monitoring/alerts/" + otherAlert + "/close", "{\"note\":\"越权关闭\"}"),
                new ApiProbe("POST", "/api/v1/monitoring/scans", "{\"region\":\"" + OTHER
                        + "\",\"from\":\"2025-05-01\",\"to\":\"2025-05-31\"}"),
                new ApiProbe("POST", "/api/v1/institutions/" + other.code() + "/indicators/from-settlements",
                        "{\"period\":\"2025-05\"}"));
    }

    Http.Response call(Role role, ApiProbe p) {
        return p.call(new Http(env), tokens, role);
    }

    @TestFactory
    Stream<DynamicTest> noRoleReachesAnotherRegionsAlertsOrIndicators() {
        return ApiProbe.refusedToEveryRole(new Http(env), tokens, othersObjects(), () -> {
            assertThat(jdbc.sql("select closed_at is null from monitoring_alert where id = ?").param(otherAlert)
                    .query(Boolean.class).single()).isTrue();
            assertThat(agreements.measurements(other.code())).isEmpty();
        });
    }

    @TestFactory
    Stream<DynamicTest> eachPartyReachesItsOwn() {
        return Stream.of(
                DynamicTest.dynamicTest("agency staff of the region read its alerts", () -> {
                    for (Role r : SettlementViews.REVIEWERS) {
                        Http.Response list = call(r, new ApiProbe("GET", "/api/v1/monitoring/alerts?region=" + OWN, null));
                        assertThat(list.status()).as(r.name()).isEqualTo(200);
                        assertThat(list.body()).contains("\"id\":" + ownAlert).doesNotContain("\"id\":" + otherAlert + ",");
                    }
                    assertThat(call(Role.AGENCY_CLERK, new ApiProbe("GET", "/api/v1/monitoring/alerts/" + ownAlert, null))
                            .status()).isEqualTo(200);
                }),
                DynamicTest.dynamicTest("the hospital, employers and insured people see no alerts", () -> {
                    for (Role r : List.of(Role.HOSPITAL, Role.EMPLOYER_HR, Role.INSURED)) {
                        assertThat(call(r, new ApiProbe("GET", "/api/v1/monitoring/alerts/" + ownAlert, null)).status())
                                .as(r.name()).isEqualTo(403);
                    }
                }),
                DynamicTest.dynamicTest("a clerk measures her region's institution; finance may not", () -> {
                    assertThat(call(Role.FINANCE, new ApiProbe("POST", "/api/v1/institutions/" + own.code()
                            + "/indicators/from-settlements", "{\"period\":\"2025-05\"}")).status()).isEqualTo(403);
                    assertThat(call(Role.AGENCY_CLERK, new ApiProbe("POST", "/api/v1/institutions/" + own.code()
                            + "/indicators/from-settlements", "{\"period\":\"2025-05\"}")).status()).isEqualTo(200);
                }),
                DynamicTest.dynamicTest("the pages refuse another region's alert and institution with 404", () -> {
                    String base = new Http(env).base();
                    WebSession clerk = new WebSession(base);
                    clerk.login(users.clerk(OWN).getUsername(), TestUsers.PASSWORD);
                    var page = clerk.get("/ui/agency/settlements/alerts?region=" + OTHER);
                    assertThat(page.status()).isEqualTo(200);
                    assertThat(page.body()).doesNotContain(other.code());
                    assertThat(clerk.post("/ui/agency/settlements/alerts/" + otherAlert + "/close",
                            Map.of("region", OTHER, "note", "越权关闭"), "/ui/agency/settlements/alerts", true).status())
                            .isEqualTo(404);
                    assertThat(clerk.post("/ui/agency/institutions/" + other.code() + "/indicators/from-settlements",
                            Map.of("period", "2025-05"), "/ui/agency/settlements/alerts", true).status()).isEqualTo(404);
                    assertThat(jdbc.sql("select closed_at is null from monitoring_alert where id = ?").param(otherAlert)
                            .query(Boolean.class).single()).isTrue();
                    WebSession hospital = new WebSession(base);
                    hospital.login(users.hospital(own.code()).getUsername(), TestUsers.PASSWORD);
                    assertThat(hospital.get("/ui/agency/settlements/alerts").status()).isEqualTo(403);
                }));
    }
}
