package cn.liangxian.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.policy.PolicyBook;
import cn.liangxian.registry.Census;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.security.UserAccounts;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.testsupport.TestDatabase;

/**
 * The demo profile loads a user for every role and, in every seed region, employers and people enrolled through
 * the registry's services, once; what a clerk, an employer's HR officer and an insured mother see has content.
 * On a database of its own: the demo set would change what other tests count.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.data-dir=target/demo-test/pgdata")
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("demo")
class DemoDataTests {

    static final LocalDate TODAY = LocalDate.now();
    static final Map<String, String> CLERKS = Map.of("440100", "clerk.guangzhou", "440300", "clerk.shenzhen", "500000",
            "clerk.chongqing", "320400", "clerk.changzhou", "152501", "clerk.erenhot");

    @Autowired
    UserAccounts accounts;
    @Autowired
    PersonDirectory persons;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    Enrollments enrollments;
    @Autowired
    Census census;
    @Autowired
    PolicyBook policy;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    ApplicationContext context;

    LiangxianUser clerk(String region) {
        return accounts.find(CLERKS.get(region)).orElseThrow();
    }

    @Test
    void thereIsADemoUserForEveryRoleWithItsBindingAndAClerkForEveryRegion() {
        List<String> names = List.of("clerk.erenhot", "reviewer.erenhot", "approver.erenhot", "clerk.guangzhou",
                "clerk.shenzhen", "clerk.chongqing", "clerk.changzhou", "finance.chongqing", "supervisor.guangdong",
                "policy.admin", "sysadmin", "hr.changzhou", "mother.guangzhou", "hospital.changzhou");
        Set<Role> roles = names.stream().map(n -> accounts.find(n).orElseThrow()).map(LiangxianUser::role)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Role.class)));
        assertThat(roles).containsExactlyInAnyOrder(Role.values());
        CLERKS.forEach((region, clerk) -> assertThat(accounts.find(clerk).orElseThrow().regions()).containsExactly(region));
        LiangxianUser mother = accounts.find("mother.guangzhou").orElseThrow();
        assertThat(persons.findByIdNumber("440100", DemoData.MOTHER_ID)).contains(mother.personId());
        assertThat(mother.maskedName()).isEqualTo("王**");
    }

    @Test
    void everySeedRegionHasEmployersWithValidCodesAndEmployeesCoveredForMaternity() {
        for (String region : DemoGenerator.REGIONS) {
            LiangxianUser clerk = clerk(region);
            List<EmployerRegistry.Summary> list = employers.list(clerk, region, TODAY, 0, 1000);
            assertThat(list).as(region).hasSizeGreaterThanOrEqualTo(4);
            assertThat(list).allMatch(e -> Identifiers.uscc(e.uscc()).valid());
            assertThat(list).extracting(EmployerRegistry.Summary::uscc).contains(DemoData.SHOWCASE.get(region).uscc());
            List<Enrollments.RosterLine> roster = enrollments.roster(clerk, DemoData.SHOWCASE.get(region).uscc(), TODAY);
            List<Enrollments.RosterLine> in510 = roster.stream().filter(l -> l.maternitySince() != null).toList();
            assertThat(in510).as(region).hasSizeGreaterThanOrEqualTo(3);
            assertThat(in510).as(region).allMatch(l -> l.medicalSince() != null
                    && enrollments.maternityCoverageOn(l.personId(), TODAY).covered());
        }
    }

    @Test
    void everySeedRegionHasFlexibleWorkersAndSpousesWhereTheRegionCoversThem() {
        for (String region : DemoGenerator.REGIONS) {
            List<Long> flexible = jdbc.sql("""
                    select person_id from coverage where region_code = ? and basis = 'FLEXIBLE' and end_date is null""")
                    .param(region).query(Long.class).list();
            assertThat(flexible).as(region).isNotEmpty();
            assertThat(enrollments.maternityCoverageOn(flexible.get(0), TODAY).basis()).isEqualTo("FLEXIBLE");
            boolean spouses = policy.at(region, TODAY).get("maternity.spouse.medical_covered").bool();
            List<Long> wives = jdbc.sql("select wife_id from spouse_registration where region_code = ? order by id")
                    .param(region).query(Long.class).list();
            if (spouses) {
                assertThat(wives).as(region).isNotEmpty();
                Enrollments.MaternityCoverage wife = enrollments.maternityCoverageOn(wives.get(0), TODAY);
                assertThat(wife.basis()).isEqualTo("SPOUSE");
                assertThat(wife.covered()).as("her husband is insured today").isTrue();
                assertThat(persons.masked(clerk(region), wives.get(0)).sex()).isEqualTo("F");
            } else {
                assertThat(wives).as(region).isEmpty();
            }
        }
    }

    @Test
    void peopleChangedJobsLeftAndSomeHoldResidencePermits() {
        assertThat(jdbc.sql("select count(*) from coverage where end_reason like '转移至%'").query(Integer.class).single())
                .isPositive();
        assertThat(jdbc.sql("select count(*) from coverage where end_reason like '离职%'").query(Integer.class).single())
                .isPositive();
        assertThat(jdbc.sql("select count(distinct cert_type) from person").query(Integer.class).single())
                .isGreaterThanOrEqualTo(2);
        // the enrollments are on the audit trail as the region's clerk's acts
        for (String region : DemoGenerator.REGIONS) {
            assertThat(jdbc.sql("select count(*) from audit_event where region_code = ? and action = 'ENROLLED' and actor = ?")
                    .params(region, CLERKS.get(region)).query(Integer.class).single()).as(region).isPositive();
        }
    }

    @Test
    void theGuangzhouCensusListsTheImportedEmployeesWithout510() {
        Census.Report r = census.report(clerk("440100"), "440100", LocalDate.of(2024, 1, 1));
        assertThat(r.total()).isGreaterThanOrEqualTo(DemoData.PLANS.get(0).households().get(DemoGenerator.Kind.LEGACY));
        assertThat(r.employers()).allSatisfy(g -> assertThat(g.employerName()).isNotBlank());
        assertThat(r.employers().get(0).people().get(0).idNumber()).contains("*");
    }

    @Test
    void theInsuredMotherIsAnEmployeeCoveredInBothAndHrSeesHerEmployees() {
        long mother = accounts.find("mother.guangzhou").orElseThrow().personId();
        Enrollments.MaternityCoverage m = enrollments.maternityCoverageOn(mother, TODAY);
        assertThat(m.covered()).isTrue();
        assertThat(m.basis()).isEqualTo("EMPLOYEE");
        assertThat(m.employerUscc()).isEqualTo(DemoData.SHOWCASE.get("440100").uscc());
        assertThat(enrollments.coverageOn(mother, Enrollments.MEDICAL, TODAY)).isPresent();

        LiangxianUser hr = accounts.find("hr.changzhou").orElseThrow();
        assertThat(Identifiers.uscc(hr.employerUscc()).valid()).isTrue();
        assertThat(employers.visible(hr, "320400", hr.employerUscc()).name()).isEqualTo("常州市龙城精密机械有限公司");
        List<Enrollments.RosterLine> roster = enrollments.roster(hr, hr.employerUscc(), TODAY);
        assertThat(roster).extracting(Enrollments.RosterLine::name).contains("张*");
        assertThat(roster).allMatch(l -> l.idNumber().contains("*"));
    }

    @Test
    void runningTheDemoLoaderAgainAddsNothing() throws Exception {
        List<String> tables = List.of("person", "employer", "employer_status", "coverage", "spouse_registration",
                "app_user", "audit_event");
        Map<String, Integer> before = tables.stream()
                .collect(Collectors.toMap(t -> t, t -> jdbc.sql("select count(*) from " + t).query(Integer.class).single()));
        context.getBean(DemoData.class).run(null);
        tables.forEach(t -> assertThat(jdbc.sql("select count(*) from " + t).query(Integer.class).single()).as(t)
                .isEqualTo(before.get(t)));
        assertThat(Arrays.asList(context.getEnvironment().getActiveProfiles())).contains("demo");
    }
    @Test
    void everySeedRegionsFundHasBalancedBooksAndItsMaternityFlowsMoveToThePooledFundAtTheMerger() throws Exception {
        for (String region : CLERKS.keySet()) {
            LocalDate merger = policy.at(region, TODAY).get("merger.date").date();
            assertThat(jdbc.sql("""
                    select coalesce(sum(case when l.side = 'DEBIT' then l.amount else -l.amount end), 0)
                    from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id where e.region_code = ?""")
                    .param(region).query(java.math.BigDecimal.class).single()).as(region).isZero();
            assertThat(jdbc.sql("""
                    select count(*) from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                    where e.region_code = ? and e.book_code = 'POOLED' and l.account_code like '50010102%'
                      and e.accounting_date < ?""").params(region, merger).query(Integer.class).single())
                    .as(region + ": no maternity item in the pooled fund before the merger").isZero();
            assertThat(jdbc.sql("""
                    select count(*) from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                    where e.region_code = ? and e.book_code = 'POOLED' and l.account_code like '50010102%'
                      and e.accounting_date >= ?""").params(region, merger).query(Integer.class).single())
                    .as(region + ": maternity paid from the pooled fund after the merger").isPositive();
            assertThat(jdbc.sql("""
                    select count(*) from fund_entry e where e.region_code = ? and e.book_code like 'MATERNITY%'
                      and e.accounting_date >= ?""").params(region, merger).query(Integer.class).single())
                    .as(region + ": the legacy book takes nothing after the merger").isZero();
        }
        int entries = jdbc.sql("select count(*) from fund_entry").query(Integer.class).single();
        ((org.springframework.boot.ApplicationRunner) context.getBean("fundDemoData")).run(null);
        assertThat(jdbc.sql("select count(*) from fund_entry").query(Integer.class).single()).isEqualTo(entries);
    }
}
