package cn.liangxian.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.registry.Census;
import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.registry.PersonDirectory;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.pii.Identifiers;
import cn.liangxian.security.pii.Identifiers.CertType;
import cn.liangxian.testsupport.DatabaseCommands;
import cn.liangxian.testsupport.DatabaseCommands.Run;
import cn.liangxian.testsupport.TestDatabase;
import cn.liangxian.testsupport.TestUsers;

/**
 * {@code ./liangxian demo generate} against a database of its own: it writes exactly the people asked for, the
 * application reads them like any others, the database's rules hold, and the same seed is refused a second time.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.test.own-database=demo-generate") // a context (and database) of its own
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("test")
@Import(TestUsers.class)
class DemoGenerateCommandTests {

    static final LocalDate TODAY = LocalDate.now();

    @Autowired
    Environment env;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PersonDirectory persons;
    @Autowired
    EmployerRegistry employers;
    @Autowired
    Enrollments enrollments;
    @Autowired
    Census census;
    @Autowired
    TestUsers users;

    /** Runs the command as the launcher does, on this test's database. */
    Run generate(String... options) throws Exception {
        return DatabaseCommands.run(env, "demo-generate", options);
    }

    int count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Integer.class).single();
    }

    @Test
    void writesExactlyTheGeneratedPeopleReadableByTheRegistryAndRefusesTheSameSeedAgain() throws Exception {
        Run r = generate("--persons", "2000", "--seed", "7", "--employers", "60");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("2,000 people").contains("rows/s");

        assertThat(count("person")).isEqualTo(2000);
        assertThat(count("employer")).isEqualTo(60);
        Map<String, Integer> byRegion = DemoGenerator.split(2000, DemoGenerator.REGIONS);
        byRegion.forEach((region, n) -> assertThat(jdbc.sql("select count(*) from person where region_code = ?")
                .param(region).query(Integer.class).single()).as(region).isEqualTo(n));

        // readable through the registry: decrypted, found by the blind index, masked
        for (String region : DemoGenerator.REGIONS) {
            LiangxianUser clerk = users.clerk(region);
            List<Long> ids = jdbc.sql("select id from person where region_code = ? order by id limit 25").param(region)
                    .query(Long.class).list();
            for (long id : ids) {
                PersonDirectory.RevealedPerson p = persons.reveal(clerk, id, "test: generated data is readable");
                CertType type = CertType.valueOf(p.certType());
                assertThat(Identifiers.certificate(type, p.idNumber(), TODAY).valid()).as(p.idNumber()).isTrue();
                assertThat(persons.findByCertificate(region, type, p.idNumber())).contains(id);
                assertThat(Identifiers.mobile(p.phone()).valid()).isTrue();
                PersonDirectory.MaskedPerson m = persons.masked(clerk, id);
                assertThat(m.idNumber()).contains("*").doesNotContain(p.idNumber().substring(4, 14));
                assertThat(m.name()).startsWith(p.name().substring(0, 1)).contains("*");
                assertThat(m.sex()).isEqualTo(p.sex());
            }
            String uscc = jdbc.sql("select uscc from employer where region_code = ? order by uscc limit 1").param(region)
                    .query(String.class).single();
            EmployerRegistry.Employer e = employers.visible(clerk, region, uscc);
            assertThat(Identifiers.uscc(e.uscc()).valid()).isTrue();
            assertThat(e.contactPhone()).contains("****");
            assertThat(e.statusHistory()).isNotEmpty();
            assertThat(enrollments.roster(clerk, uscc, TODAY)).allMatch(l -> l.idNumber().contains("*"));
        }

        // the coverage the registry reads: employees covered today, flexible workers, spouses, the census case
        List<Long> employees = jdbc.sql("""
                select person_id from coverage where insurance_type = '510' and end_date is null order by person_id
                 limit 20""").query(Long.class).list();
        assertThat(employees).isNotEmpty()
                .allMatch(id -> enrollments.maternityCoverageOn(id, TODAY).covered());
        assertThat(jdbc.sql("select count(*) from coverage where basis = 'FLEXIBLE'").query(Integer.class).single())
                .isPositive();
        assertThat(count("spouse_registration")).isPositive();
        long wife = jdbc.sql("select wife_id from spouse_registration order by id limit 1").query(Long.class).single();
        assertThat(enrollments.maternityCoverageOn(wife, TODAY).basis()).isEqualTo("SPOUSE");
        assertThat(census.report(users.clerk("440100"), "440100", LocalDate.of(2024, 1, 1)).total()).isPositive();
        // employee coverage comes in pairs from the merger on; no period overlaps another of its type
        assertThat(jdbc.sql("""
                select count(*) from coverage a join coverage b on a.person_id = b.person_id
                   and a.insurance_type = b.insurance_type and a.id < b.id
                   and daterange(a.start_date, a.end_date, '[]') && daterange(b.start_date, b.end_date, '[]')""")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("""
                select count(*) from coverage c where c.insurance_type = '510' and not exists (
                  select 1 from coverage m where m.person_id = c.person_id and m.insurance_type = '310'
                     and m.start_date = c.start_date and m.employer_uscc = c.employer_uscc)""")
                .query(Integer.class).single()).isZero();
        assertThat(jdbc.sql("select count(*) from audit_event where action = 'DEMO_DATA_GENERATED'").query(Integer.class)
                .single()).isEqualTo(DemoGenerator.REGIONS.size());

        // the same seed again: refused, nothing written
        int coverage = count("coverage");
        Run again = generate("--persons", "2000", "--seed", "7", "--employers", "60");
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).startsWith("DEMO_ALREADY_GENERATED:").contains("seed 7").contains("种子 7");
        assertThat(count("person")).isEqualTo(2000);
        assertThat(count("coverage")).isEqualTo(coverage);

        // another seed in one region adds to what is there, and lists the insured women a hospital can settle for
        long lastId = jdbc.sql("select max(id) from person").query(Long.class).single();
        java.nio.file.Path womenFile = java.nio.file.Files.createTempDirectory("lx-women").resolve("women.txt");
        Run other = generate("--persons=300", "--seed=8", "--regions=152501", "--women-out", womenFile.toString());
        assertThat(other.exit()).as(other.err()).isZero();
        assertThat(jdbc.sql("select count(*) from person where region_code = '152501'").query(Integer.class).single())
                .isEqualTo(byRegion.get("152501") + 300);
        List<String> women = java.nio.file.Files.readAllLines(womenFile);
        assertThat(other.out()).contains(String.format("%,d written to", women.size()));
        assertThat(java.nio.file.Files.getPosixFilePermissions(womenFile))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        // exactly the new women of child-bearing age with open-ended 510 through an employer, counted here in SQL
        int expected = jdbc.sql("""
                select count(*) from person p where p.id > ? and p.sex = 'F' and p.cert_type = 'RESIDENT_ID'
                   and p.birth_date > date '2025-12-31' - interval '45 years'
                   and p.birth_date <= date '2025-12-31' - interval '20 years'
                   and exists (select 1 from coverage c where c.person_id = p.id and c.insurance_type = '510'
                                 and c.basis = 'EMPLOYEE' and c.end_date is null)""")
                .param(lastId).query(Integer.class).single();
        assertThat(women).hasSize(expected).isNotEmpty().doesNotHaveDuplicates();
        for (String idNumber : women) {
            long id = persons.findByIdNumber("152501", idNumber).orElseThrow();
            assertThat(id).isGreaterThan(lastId);
            assertThat(Identifiers.certificate(CertType.RESIDENT_ID, idNumber, TODAY).valid()).isTrue();
            Enrollments.MaternityCoverage cov = enrollments.maternityCoverageOn(id, TODAY);
            assertThat(cov.medicalCovered()).as(idNumber).isTrue();
            assertThat(cov.basis()).isEqualTo("EMPLOYEE");
        }
    }

    @Test
    void badArgumentsExitTwoWithOneLineAndWriteNothing() throws Exception {
        int before = count("person");
        Run r = generate("--persons", "0");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("DEMO_INVALID_NUMBER: --persons 应为 1 至").contains(" / --persons needs a whole number");
        assertThat(count("person")).isEqualTo(before);

        Map<String, String[]> bad = Map.of("DEMO_PERSONS_REQUIRED", new String[] { "--seed", "3" },
                "DEMO_UNKNOWN_REGION", new String[] { "--persons", "10", "--regions", "440100,110000" },
                "DEMO_UNKNOWN_OPTION", new String[] { "--persons", "10", "--colour", "red" },
                "DEMO_TOO_FEW_EMPLOYERS", new String[] { "--persons", "10", "--employers", "2" },
                "DEMO_INVALID_NUMBER", new String[] { "--persons", "ten" });
        bad.forEach((code, args) -> assertThatThrownBy(() -> DemoGenerateCommand.parse(args))
                .isInstanceOfSatisfying(DemoGenerateCommand.BadArguments.class, e -> assertThat(e.code()).isEqualTo(code)));
    }

    @Test
    void optionsTakeSpringPropertiesInStrideAndDefaultSensibly() {
        DemoBulkWriter.Options o = DemoGenerateCommand.parse(new String[] { "--spring.profiles.active=test", "--persons",
                "1_000", "--regions", "152501,320400", "--seed=-5" });
        assertThat(o.persons()).isEqualTo(1000);
        assertThat(o.regions()).as("always in the generator's order").containsExactly("320400", "152501");
        assertThat(o.seed()).isEqualTo(-5);
        assertThat(o.employers()).isEqualTo(1000 / DemoGenerateCommand.PEOPLE_PER_EMPLOYER);
        assertThat(DemoGenerateCommand.parse(new String[] { "--persons", "3" }).employers())
                .isEqualTo(DemoGenerator.REGIONS.size());
        assertThat(DemoGenerateCommand.parse(new String[] { "--persons", "3" }).seed())
                .isEqualTo(DemoGenerateCommand.DEFAULT_SEED);
    }
}
