package cn.liangxian.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.YearMonth;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

import cn.liangxian.LiangxianApplication;
import cn.liangxian.testsupport.TestDatabase;

/**
 * The demo's collection: in every seed region six months assessed and done, the employers' bills paid in full but for
 * the last month (some half, some not at all), each payment matched to its bill, and a second start adding nothing.
 */
@SpringBootTest(classes = LiangxianApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "liangxian.data-dir=target/demo-test/pgdata")
@ContextConfiguration(initializers = TestDatabase.SeparateInitializer.class)
@ActiveProfiles("demo")
class CollectionDemoTests {

    @Autowired
    CollectionDemo demo;
    @Autowired
    JdbcClient jdbc;

    @Test
    void everySeedRegionHasSixMonthsAssessedAndPaidButForTheLastMonth() {
        YearMonth last = YearMonth.now(CollectionSupport.ZONE).minusMonths(1);
        String first = CollectionSupport.key(last.minusMonths(5));
        String lastKey = CollectionSupport.key(last);
        for (String region : List.of("440100", "440300", "500000", "320400", "152501")) {
            assertThat(jdbc.sql("select count(distinct period) from assessment_run where region_code = ? and status = 'DONE'"
                    + " and period between ? and ?").params(region, first, lastKey).query(Integer.class).single())
                    .as(region).isEqualTo(6);
            record Bill(String period, String payer, java.math.BigDecimal due, java.math.BigDecimal paid) {
            }
            List<Bill> bills = jdbc.sql("""
                    select period, payer, employer_due + employee_due, paid_employer + paid_employee from collection_bill
                     where region_code = ? and period between ? and ? and payer not like 'P%'""")
                    .params(region, first, lastKey)
                    .query((rs, i) -> new Bill(rs.getString(1), rs.getString(2), rs.getBigDecimal(3), rs.getBigDecimal(4)))
                    .list();
            assertThat(bills).as(region).isNotEmpty();
            // the five months before the last: every employer paid exactly what was due
            assertThat(bills.stream().filter(b -> !b.period().equals(lastKey)))
                    .allSatisfy(b -> assertThat(b.paid()).as(region + " " + b).isEqualByComparingTo(b.due()));
            // the last month: paid in full, half (to the fen, down) or nothing, and not all in full across the region
            List<Bill> lastMonth = bills.stream().filter(b -> b.period().equals(lastKey)).toList();
            assertThat(lastMonth).allSatisfy(b -> assertThat(b.paid()).as(region + " " + b).isIn(b.due(),
                    b.due().divide(java.math.BigDecimal.valueOf(2), 2, java.math.RoundingMode.DOWN),
                    java.math.BigDecimal.ZERO.setScale(2)));
        }
        assertThat(jdbc.sql("""
                select count(*) from collection_bill where period = ? and payer not like 'P%'
                   and paid_employer + paid_employee < employer_due + employee_due""").param(lastKey)
                .query(Integer.class).single()).as("bills of the last month not paid in full").isPositive();
        // every line of the demo's payment files found its bill: matched, or under where half was paid
        assertThat(jdbc.sql("select distinct outcome from payment_line where serial_no like 'DEMO%'").query(String.class)
                .list()).isSubsetOf("MATCHED", "UNDER").contains("MATCHED");

        int runs = jdbc.sql("select count(*) from assessment_run").query(Integer.class).single();
        int lines = jdbc.sql("select count(*) from payment_line").query(Integer.class).single();
        demo.run(new DefaultApplicationArguments());
        assertThat(jdbc.sql("select count(*) from assessment_run").query(Integer.class).single()).isEqualTo(runs);
        assertThat(jdbc.sql("select count(*) from payment_line").query(Integer.class).single()).isEqualTo(lines);
    }
}
