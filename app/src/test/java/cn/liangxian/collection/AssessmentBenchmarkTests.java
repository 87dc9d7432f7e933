package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.Main;
import cn.liangxian.policy.contribution.ContributionSchedule;
import cn.liangxian.testsupport.TestDatabase;
import cn.liangxian.testsupport.TestUsers;

/**
 * The assessment benchmark on a small population from the demo generator ({@code demo generate}, as
 * {@code bench/assessment.sh --persons N} runs it), in a database of its own: it declares the missing wage bases,
 * assesses everyone, compares with COPY of the same number of rows at the schedule's rates and says so.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.test.own-database=assessment-benchmark") // a context (and database) of its own
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("test")
@Import(TestUsers.class)
class AssessmentBenchmarkTests {

    static final String REGION = "320400";
    static final YearMonth PERIOD = YearMonth.of(2025, 6);

    @Autowired
    Environment env;
    @Autowired
    javax.sql.DataSource dataSource;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    AssessmentJob job;
    @Autowired
    Schedules schedules;

    long count(String sql, Object... params) {
        return jdbc.sql(sql).params(params).query(Long.class).single();
    }

    @Test
    void theBenchmarkAssessesTheDemoGeneratorsPopulationAndReportsTheRatioToCopy() throws Exception {
        List<String> args = new ArrayList<>(List.of("--spring.datasource.url=" + env.getProperty("spring.datasource.url"),
                "--spring.datasource.username=postgres", "--spring.profiles.active=test", "--persons", "2000",
                "--regions", REGION, "--seed", "20250601", "--threads", "2"));
        assertThat(Main.databaseCommand("demo-generate", args.toArray(String[]::new))).isZero();
        long people = count("select count(*) from person where region_code = ?", REGION);
        assertThat(people).isEqualTo(2000L);
        long insured = count("""
                select count(distinct person_id) from coverage where region_code = ? and insurance_type = '310'
                   and start_date <= '2025-06-30' and (end_date is null or end_date >= '2025-06-01')""", REGION);
        assertThat(insured).as("the demo population has people insured in the month").isBetween(500L, people);

        AssessmentBenchmark bench = new AssessmentBenchmark(dataSource, jdbc, job, schedules);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean ok = bench.measure(REGION, PERIOD, true, 500, 2, new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(text).isTrue();
        assertThat(text).contains("declared wage bases for").contains("assessment  :").contains("COPY        :")
                .contains("ratio").contains("load average");

        // everyone insured in the month was assessed once
        assertThat(count("select count(*) from assessment where region_code = ? and period = '202506'", REGION))
                .isEqualTo(insured);
        assertThat(count("select count(distinct person_id) from assessment where region_code = ? and period = '202506'",
                REGION)).isEqualTo(insured);
        // every employer of the month got a declaration; about one employee in ten stays undeclared
        long employers = count("""
                select count(distinct employer_uscc) from coverage where region_code = ? and insurance_type = '310'
                   and basis = 'EMPLOYEE' and start_date <= '2025-06-30' and (end_date is null or end_date >= '2025-06-01')""",
                REGION);
        assertThat(count("select count(distinct employer_uscc) from wage_declaration where region_code = ? and contrib_year = 2025",
                REGION)).isEqualTo(employers);
        long employees = count("select count(*) from assessment where region_code = ? and period = '202506' and kind = 'EMPLOYEE'",
                REGION);
        long undeclared = count("""
                select count(*) from assessment where region_code = ? and period = '202506' and kind = 'EMPLOYEE'
                   and not declared""", REGION);
        assertThat(undeclared).as("one employee in ten undeclared").isBetween(employees / 20, employees / 5);
        // the rows are the schedule's: the merged rates of the month, as the COPY baseline uses them
        ContributionSchedule s = schedules.forPeriod(REGION, PERIOD).schedule();
        assertThat(jdbc.sql("""
                select distinct employer_rate from assessment where region_code = ? and period = '202506' and kind = 'EMPLOYEE'""")
                .param(REGION).query(BigDecimal.class).list()).usingElementComparator(BigDecimal::compareTo)
                .containsExactly(s.employerRate());
        assertThat(jdbc.sql("select to_regclass('bench_assessment_copy') is null").query(Boolean.class).single()).isTrue();

        // a second run over the same month declares nothing more, writes nothing and says so
        long declarations = count("select count(*) from wage_declaration where region_code = ?", REGION);
        ByteArrayOutputStream again = new ByteArrayOutputStream();
        bench.measure(REGION, PERIOD, true, 500, 2, new PrintStream(again, true, StandardCharsets.UTF_8));
        assertThat(again.toString(StandardCharsets.UTF_8)).contains("declared wage bases for 0 employers")
                .contains("nothing written");
        assertThat(count("select count(*) from wage_declaration where region_code = ?", REGION)).isEqualTo(declarations);
    }
}
