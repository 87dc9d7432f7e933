package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import cn.liangxian.security.pii.BlindIndex;
import cn.liangxian.security.pii.PersonalDataCipher;
import cn.liangxian.testsupport.AppTest;

/** The assessment benchmark on a small generated population: it loads, assesses, compares with COPY and says so. */
@AppTest
class AssessmentBenchmarkTests {

    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AssessmentJob job;
    @Autowired
    Schedules schedules;
    @Autowired
    PersonalDataCipher cipher;
    @Autowired
    BlindIndex index;

    @Test
    void theBenchmarkGeneratesPeopleAssessesThemAndReportsTheRatioToCopy() throws Exception {
        AssessmentBenchmark bench = new AssessmentBenchmark(dataSource, jdbc, job, schedules, cipher, index);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ok = bench.measure("320400", YearMonth.of(2030, 6), 2_000, 500, 2,
                new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(text).isTrue();
        assertThat(text).contains("generated 2,000 people").contains("assessment  :").contains("COPY        :")
                .contains("ratio");
        // everyone generated was assessed once: employees with an employer, one in twenty a flexible worker
        assertThat(jdbc.sql("select count(*) from assessment where region_code = '320400' and period = '203006'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2_000L);
        // (other test classes may leave flexible workers of their own in 320400 in the shared test database)
        long flexibleCovered = jdbc.sql("""
                select count(distinct person_id) from coverage where region_code = '320400' and basis = 'FLEXIBLE'
                   and start_date <= '2030-06-30' and (end_date is null or end_date >= '2030-06-01')""")
                .query(Long.class).single();
        assertThat(flexibleCovered).isGreaterThanOrEqualTo(100L);
        assertThat(jdbc.sql("""
                select count(*) from assessment where region_code = '320400' and period = '203006' and kind = 'FLEXIBLE'""")
                .query(Long.class).single()).isEqualTo(flexibleCovered);
        assertThat(jdbc.sql("""
                select count(*) from assessment a where region_code = '320400' and period = '203006' and not declared
                   and payer in (select uscc from employer where name like '核定基准单位%')""")
                .query(Long.class).single()).as("about one employee in ten of the generated employers is undeclared")
                .isBetween(50L, 300L);
        // the generated people are as the registry would have them: found by their number, decrypted
        String someone = BenchPopulation.citizenId("320400", jdbc.sql("select min(id) from person where region_code = '320400'")
                .query(Long.class).single());
        assertThat(someone).hasSize(18);
        assertThat(jdbc.sql("select to_regclass('bench_assessment_copy') is null").query(Boolean.class).single()).isTrue();
        // a second run over the same month writes nothing and says so
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        bench.measure("320400", YearMonth.of(2030, 6), 0, 500, 2, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("nothing written");
    }
}
