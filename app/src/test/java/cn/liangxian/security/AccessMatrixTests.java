package cn.liangxian.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
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

import cn.liangxian.approval.FourEyes;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import cn.liangxian.testsupport.TestUsers;

/**
 * Every role against another party's objects, for every endpoint family: nobody reaches what is not
 * theirs (403 for a family closed to the role, 404 for an object outside the scope). Each family also has
 * a positive control, so the matrix cannot pass by refusing everything. Grows as features land.
 */
@AppTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessMatrixTests {

    @Autowired
    TestUsers users;
    @Autowired
    FourEyes fourEyes;
    @Autowired
    Environment env;

    final Map<Role, String> tokens = new EnumMap<>(Role.class);
    final Map<Role, LiangxianUser> actors = new EnumMap<>(Role.class);
    long ownPerson;
    long otherPerson;
    long otherRegionApproval;
    long ownRegionApproval;
    long otherUsersToken;
    String ownEmployer;
    String otherEmployer;
    long otherMan;

    /** Everyone's scope is Erenhot (or parties there); the "other" objects belong to Chongqing or other parties. */
    @BeforeAll
    void setUp() {
        ownPerson = users.person("152501");
        otherPerson = users.person("500000");
        otherMan = users.person("500000", TestUsers.manId("500103"), "秦刚");
        ownEmployer = users.employerIn("152501", java.time.LocalDate.of(2019, 1, 1));
        otherEmployer = users.employerIn("500000", java.time.LocalDate.of(2016, 1, 1));
        for (Role r : Role.values()) {
            LiangxianUser u = switch (r.binding()) {
                case REGIONS -> users.staff(r, "152501");
                case EMPLOYER -> users.employer(ownEmployer);
                case PERSON -> users.insured(ownPerson);
                case INSTITUTION -> users.hospital("H15250100001");
            };
            actors.put(r, u);
            tokens.put(r, users.tokenFor(u));
        }
        LiangxianUser cqClerk = users.clerk("500000");
        otherRegionApproval = fourEyes.request(cqClerk, "500000", "manual_payment", "other region", null,
                BigDecimal.TEN, "reason").id();
        ownRegionApproval = fourEyes.request(users.clerk("152501"), "152501", "manual_payment", "own region", null,
                BigDecimal.TEN, "reason").id();
        LiangxianUser stranger = users.clerk("152501");
        users.tokenFor(stranger);
        otherUsersToken = new Http(env).get("/api/v1/tokens", "Authorization", "Bearer " + users.tokenFor(stranger))
                .json().get(0).get("id").asLong();
    }

    record Probe(String family, String method, String path, String body) {
    }

    List<Probe> othersObjects() {
        return List.of(
                new Probe("persons", "GET", "/api/v1/persons/" + otherPerson, null),
                new Probe("persons", "POST", "/api/v1/persons/" + otherPerson + "/reveal", "{\"reason\":\"look\"}"),
                new Probe("approvals", "GET", "/api/v1/approvals/" + otherRegionApproval, null),
                new Probe("approvals", "POST", "/api/v1/approvals/" + otherRegionApproval + "/approve", "{\"reason\":\"ok\"}"),
                new Probe("approvals", "POST", "/api/v1/approvals/" + otherRegionApproval + "/reject", "{\"reason\":\"no\"}"),
                new Probe("tokens", "DELETE", "/api/v1/tokens/" + otherUsersToken, null),
                new Probe("persons", "GET", "/api/v1/persons?region=500000&q=x", null),
                new Probe("persons", "POST", "/api/v1/persons", "{\"regionCode\":\"500000\",\"certNumber\":\""
                        + TestUsers.womanId("500103") + "\",\"name\":\"x\"}"),
                new Probe("coverage", "GET", "/api/v1/persons/" + otherPerson + "/coverage", null),
                new Probe("coverage", "GET", "/api/v1/persons/" + otherPerson + "/maternity-coverage?date=2024-01-01", null),
                new Probe("coverage", "POST", "/api/v1/persons/" + otherPerson + "/flexible", "{\"startDate\":\"2024-01-01\"}"),
                new Probe("coverage", "POST", "/api/v1/persons/" + otherPerson + "/transfer",
                        "{\"employerUscc\":\"" + otherEmployer + "\",\"startDate\":\"2024-01-01\"}"),
                new Probe("coverage", "POST", "/api/v1/spouses",
                        "{\"wifeId\":" + otherPerson + ",\"husbandId\":" + otherMan + ",\"startDate\":\"2024-01-01\"}"),
                new Probe("employers", "GET", "/api/v1/employers/" + otherEmployer, null),
                new Probe("employers", "GET", "/api/v1/employers?region=500000", null),
                new Probe("employers", "POST", "/api/v1/employers/" + otherEmployer + "/status",
                        "{\"status\":\"SUSPENDED\",\"from\":\"2024-01-01\",\"reason\":\"x\"}"),
                new Probe("employers", "GET", "/api/v1/employers/" + otherEmployer + "/roster", null),
                new Probe("enrollments", "POST", "/api/v1/employers/" + otherEmployer + "/enrollments",
                        "{\"personId\":" + otherPerson + ",\"startDate\":\"2024-01-01\"}"),
                new Probe("enrollments", "POST", "/api/v1/employers/" + otherEmployer + "/enrollments/" + otherPerson
                        + "/end", "{\"lastDay\":\"2024-01-01\"}"),
                new Probe("census", "GET", "/api/v1/census?region=500000&date=2024-01-01", null),
                new Probe("census", "POST", "/api/v1/census/fix",
                        "{\"regionCode\":\"500000\",\"date\":\"2024-01-01\",\"reason\":\"x\"}"),
                new Probe("roster", "GET", "/api/v1/employers/" + otherEmployer + "/roster/template.xlsx", null),
                new Probe("roster", "GET", "/api/v1/employers/" + otherEmployer + "/roster/imports", null),
                new Probe("roster", "GET", "/api/v1/employers/" + otherEmployer + "/roster.xlsx", null),
                new Probe("certificates", "GET", "/api/v1/persons/" + otherPerson + "/birth-certificates", null),
                new Probe("certificates", "POST", "/api/v1/birth-certificates?region=500000", "[]"),
                new Probe("flags", "GET", "/api/v1/enrollment-flags?region=500000", null),
                new Probe("fund", "GET", "/api/v1/fund/500000/books", null),
                new Probe("fund", "GET", "/api/v1/fund/500000/entries", null),
                new Probe("fund", "GET", "/api/v1/fund/500000/trial-balance", null),
                new Probe("fund", "GET", "/api/v1/fund/500000/statements/balance-sheet", null),
                new Probe("fund", "GET", "/api/v1/fund/500000/clearings", null),
                new Probe("fund", "GET", "/api/v1/fund/500000/budgets/2024", null),
                new Probe("fund", "GET", "/api/v1/fund/500000/risk", null),
                new Probe("fund", "POST", "/api/v1/fund/500000/periods/202401/close", "{}"),
                new Probe("collection", "GET", "/api/v1/collection/avg-wages?region=500000", null),
                new Probe("collection", "POST", "/api/v1/collection/avg-wages",
                        "{\"region\":\"500000\",\"statYear\":2023,\"monthlyWage\":8000,\"source\":\"x\",\"reason\":\"x\"}"),
                new Probe("collection", "GET", "/api/v1/collection/employers/" + otherEmployer + "/declarations", null),
                new Probe("collection", "POST", "/api/v1/collection/employers/" + otherEmployer + "/declarations",
                        "{\"year\":2024,\"lines\":[]}"),
                new Probe("collection", "POST", "/api/v1/collection/persons/" + otherPerson + "/declarations",
                        "{\"year\":2024,\"monthlyWage\":5000}"),
                new Probe("collection", "GET", "/api/v1/collection/runs?region=500000", null),
                new Probe("collection", "POST", "/api/v1/collection/runs", "{\"region\":\"500000\",\"period\":\"202401\"}"),
                new Probe("collection", "GET", "/api/v1/collection/persons/" + otherPerson + "/assessments", null),
                new Probe("collection", "GET", "/api/v1/collection/persons/" + otherPerson + "/contribution-months", null),
                new Probe("collection", "GET", "/api/v1/collection/persons/" + otherPerson + "/benefit-status", null),
                new Probe("collection", "GET", "/api/v1/collection/bills?payer=" + otherEmployer, null),
                new Probe("collection", "GET", "/api/v1/collection/bills/" + otherEmployer + "/202401", null),
                new Probe("collection", "GET", "/api/v1/collection/bills/" + otherEmployer + "/202401/lines", null),
                new Probe("collection", "GET", "/api/v1/collection/arrears?region=500000", null),
                new Probe("collection", "GET", "/api/v1/collection/rates?region=500000&from=202401&to=202412", null),
                new Probe("collection", "GET", "/api/v1/collection/payments?region=500000", null),
                new Probe("collection", "GET", "/api/v1/collection/exceptions?region=500000", null),
                new Probe("collection", "GET", "/api/v1/collection/rules?region=500000&period=202401", null),
                new Probe("collection", "POST", "/api/v1/collection/simulations",
                        "{\"region\":\"500000\",\"period\":\"202401\",\"employerRate\":0.08}"));
    }

    Http.Response call(Role role, Probe p) {
        Http http = new Http(env);
        String auth = "Bearer " + tokens.get(role);
        return switch (p.method()) {
            case "GET" -> http.get(p.path(), "Authorization", auth);
            case "POST" -> http.postJson(p.path(), p.body(), "Authorization", auth);
            default -> http.send(p.method(), p.path(), "Authorization", auth);
        };
    }

    @TestFactory
    Stream<DynamicTest> noRoleReachesAnotherPartysObject() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Probe p : othersObjects()) {
                tests.add(DynamicTest.dynamicTest(role + " " + p.method() + " " + p.family() + " of another party", () -> {
                    Http.Response r = call(role, p);
                    assertThat(r.status()).as(r.body()).isIn(403, 404);
                    assertThat(r.contentType()).startsWith("application/problem+json");
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> eachPartySeesWhatIsItsOwn() {
        return Stream.of(
                DynamicTest.dynamicTest("agency staff see a person of their region", () -> {
                    for (Role r : Role.AGENCY) {
                        assertThat(call(r, new Probe("persons", "GET", "/api/v1/persons/" + ownPerson, null)).status())
                                .as(r.name()).isEqualTo(200);
                    }
                }),
                DynamicTest.dynamicTest("an insured person sees herself, masked", () -> {
                    Http.Response r = call(Role.INSURED, new Probe("persons", "GET", "/api/v1/persons/" + ownPerson, null));
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.json().get("idNumber").asString()).contains("**********");
                }),
                DynamicTest.dynamicTest("an employer and a hospital do not see a person without a link to them", () -> {
                    assertThat(call(Role.EMPLOYER_HR, new Probe("persons", "GET", "/api/v1/persons/" + ownPerson, null))
                            .status()).isEqualTo(404);
                    assertThat(call(Role.HOSPITAL, new Probe("persons", "GET", "/api/v1/persons/" + ownPerson, null))
                            .status()).isEqualTo(404);
                }),
                DynamicTest.dynamicTest("only reviewing roles reveal full data, each with a reason", () -> {
                    Probe reveal = new Probe("persons", "POST", "/api/v1/persons/" + ownPerson + "/reveal",
                            "{\"reason\":\"核对身份\"}");
                    assertThat(call(Role.AGENCY_CLERK, reveal).status()).isEqualTo(200);
                    assertThat(call(Role.INSURED, reveal).status()).isEqualTo(200);
                    assertThat(call(Role.FINANCE, reveal).status()).isEqualTo(403);
                    assertThat(call(Role.SUPERVISOR, reveal).status()).isEqualTo(403);
                }),
                DynamicTest.dynamicTest("agency staff see their region's approvals; others may not list them", () -> {
                    assertThat(call(Role.AGENCY_REVIEWER,
                            new Probe("approvals", "GET", "/api/v1/approvals/" + ownRegionApproval, null)).status())
                            .isEqualTo(200);
                    for (Role r : List.of(Role.EMPLOYER_HR, Role.INSURED, Role.HOSPITAL)) {
                        assertThat(call(r, new Probe("approvals", "GET", "/api/v1/approvals", null)).status())
                                .as(r.name()).isEqualTo(403);
                    }
                }),
                DynamicTest.dynamicTest("an employer sees itself and its roster; a person her own coverage", () -> {
                    assertThat(call(Role.EMPLOYER_HR, new Probe("employers", "GET", "/api/v1/employers/" + ownEmployer,
                            null)).status()).isEqualTo(200);
                    assertThat(call(Role.EMPLOYER_HR, new Probe("employers", "GET", "/api/v1/employers/" + ownEmployer
                            + "/roster", null)).status()).isEqualTo(200);
                    assertThat(call(Role.INSURED, new Probe("coverage", "GET", "/api/v1/persons/" + ownPerson
                            + "/maternity-coverage?date=2024-01-01", null)).status()).isEqualTo(200);
                    assertThat(call(Role.AGENCY_CLERK, new Probe("census", "GET",
                            "/api/v1/census?region=152501&date=2024-01-01", null)).status()).isEqualTo(200);
                    assertThat(call(Role.AGENCY_CLERK, new Probe("coverage", "GET", "/api/v1/persons/" + ownPerson
                            + "/coverage", null)).status()).isEqualTo(200);
                }),
                DynamicTest.dynamicTest("each party reaches its own roster, certificates, fund and collection data", () -> {
                    assertThat(call(Role.EMPLOYER_HR, new Probe("roster", "GET", "/api/v1/employers/" + ownEmployer
                            + "/roster/imports", null)).status()).isEqualTo(200);
                    assertThat(call(Role.EMPLOYER_HR, new Probe("collection", "GET",
                            "/api/v1/collection/employers/" + ownEmployer + "/declarations", null)).status()).isEqualTo(200);
                    assertThat(call(Role.INSURED, new Probe("collection", "GET", "/api/v1/collection/persons/"
                            + ownPerson + "/contribution-months", null)).status()).isEqualTo(200);
                    assertThat(call(Role.AGENCY_CLERK, new Probe("certificates", "GET", "/api/v1/persons/" + ownPerson
                            + "/birth-certificates", null)).status()).isEqualTo(200);
                    assertThat(call(Role.AGENCY_CLERK, new Probe("flags", "GET",
                            "/api/v1/enrollment-flags?region=152501", null)).status()).isEqualTo(200);
                    assertThat(call(Role.AGENCY_CLERK, new Probe("collection", "GET",
                            "/api/v1/collection/runs?region=152501", null)).status()).isEqualTo(200);
                    assertThat(call(Role.FINANCE, new Probe("fund", "GET", "/api/v1/fund/152501/books", null)).status())
                            .isEqualTo(200);
                    assertThat(call(Role.SUPERVISOR, new Probe("fund", "GET", "/api/v1/fund/152501/risk", null)).status())
                            .isEqualTo(200);
                }),
                DynamicTest.dynamicTest("everyone lists her own tokens", () -> {
                    for (Role r : Role.values()) {
                        assertThat(call(r, new Probe("tokens", "GET", "/api/v1/tokens", null)).status()).as(r.name())
                                .isEqualTo(200);
                    }
                }));
    }
}
