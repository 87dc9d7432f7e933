package cn.liangxian.collection;

import static cn.liangxian.security.SignedInAs.as;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.UserAccounts;

/**
 * The demo's collection, entered by each seed region's clerk through the services: a wage declaration for the year
 * for every employer that has none (each employee's monthly wage spread from 4,000 to 16,000 by her number), the
 * monthly assessment of the last six months, and the tax bureau's payment file for them — every employer's bill paid
 * in full but for the last month, where one employer in three paid half and one in three nothing (so the arrears,
 * the exception-free reconciliation, the collection-rate chart and the rate simulator have figures). Flexible
 * workers' own bills stay unpaid. Runs once per region: nothing is done where the region has an assessment run.
 */
@Component
@Profile("demo")
@Order(450)
@ConditionalOnProperty(name = "liangxian.command", havingValue = "serve", matchIfMissing = true)
class CollectionDemo implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(CollectionDemo.class);
    static final Map<String, String> CLERKS = Map.of("440100", "clerk.guangzhou", "440300", "clerk.shenzhen", "500000",
            "clerk.chongqing", "320400", "clerk.changzhou", "152501", "clerk.erenhot");
    static final int MONTHS = 6;

    private final WageBases wageBases;
    private final AssessmentJob job;
    private final TaxExchange tax;
    private final UserAccounts accounts;
    private final JdbcClient jdbc;

    CollectionDemo(WageBases wageBases, AssessmentJob job, TaxExchange tax, UserAccounts accounts, JdbcClient jdbc) {
        this.wageBases = wageBases;
        this.job = job;
        this.tax = tax;
        this.accounts = accounts;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        YearMonth last = YearMonth.now(CollectionSupport.ZONE).minusMonths(1);
        List<String> done = new ArrayList<>();
        for (String region : List.of("440100", "440300", "500000", "320400", "152501")) {
            Optional<LiangxianUser> clerk = accounts.find(CLERKS.get(region));
            boolean assessed = jdbc.sql("select exists (select 1 from assessment_run where region_code = ?)").param(region)
                    .query(Boolean.class).single();
            if (clerk.isEmpty() || assessed) {
                continue;
            }
            as(clerk.get(), () -> {
                region(clerk.get(), region, last);
                return null;
            });
            done.add(region);
        }
        if (!done.isEmpty()) {
            log.info("Demo collection loaded: {} months to {} assessed and paid in {}", MONTHS, last, done);
        }
    }

    private void region(LiangxianUser clerk, String region, YearMonth last) {
        YearMonth first = last.minusMonths(MONTHS - 1);
        for (int year = first.getYear(); year <= last.getYear(); year++) {
            declare(clerk, region, year);
        }
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            AssessmentJob.Run r = job.start("demo", region, m, 500);
            job.execute(region, r.id(), 1, null);
        }
        // the tax bureau's payment file: employers' bills, the last month partly paid or unpaid by some
        record Due(String period, String payer, BigDecimal due) {
        }
        List<Due> bills = jdbc.sql("""
                select period, payer, employer_due + employee_due from collection_bill
                 where region_code = ? and period between ? and ? order by period, payer""")
                .params(region, CollectionSupport.key(first), CollectionSupport.key(last))
                .query((rs, i) -> new Due(rs.getString(1), rs.getString(2), rs.getBigDecimal(3))).list();
        StringBuilder file = new StringBuilder("serial_no,period,payer_kind,payer_id,amount,late_fee,paid_on\r\n");
        int n = 0;
        for (Due b : bills) {
            if (CollectionSupport.isPersonPayer(b.payer())) {
                continue;
            }
            YearMonth period = YearMonth.of(Integer.parseInt(b.period().substring(0, 4)),
                    Integer.parseInt(b.period().substring(4)));
            BigDecimal amount = b.due();
            if (period.equals(last)) {
                int k = Math.floorMod(b.payer().hashCode(), 3);
                if (k == 2) {
                    continue;
                }
                amount = k == 1 ? amount.divide(BigDecimal.valueOf(2), 2, java.math.RoundingMode.DOWN) : amount;
            }
            LocalDate paidOn = period.plusMonths(1).atDay(10);
            file.append("DEMO").append(region).append(b.period()).append(String.format("%05d", ++n)).append(',')
                    .append(period).append(",EMPLOYER,").append(b.payer()).append(',').append(amount.toPlainString())
                    .append(",0,").append(paidOn).append("\r\n");
        }
        if (n > 0) {
            tax.importPayments(clerk, region, "税务到账-" + CollectionSupport.key(last) + ".csv",
                    file.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Every employer of the region without a declaration for the year: its employees' wages, clamped as declared. */
    private void declare(LiangxianUser clerk, String region, int year) {
        List<String> employers = jdbc.sql("""
                select distinct c.employer_uscc from coverage c
                 where c.region_code = ? and c.basis = 'EMPLOYEE' and c.insurance_type = '310'
                   and c.start_date <= ? and (c.end_date is null or c.end_date >= ?)
                   and not exists (select 1 from wage_declaration d where d.region_code = c.region_code
                                      and d.employer_uscc = c.employer_uscc and d.contrib_year = ?)
                 order by 1""")
                .params(region, LocalDate.of(year, 12, 31), LocalDate.of(year, 1, 1), year).query(String.class).list();
        for (String uscc : employers) {
            List<Long> people = jdbc.sql("""
                    select distinct person_id from coverage where region_code = ? and employer_uscc = ? and basis = 'EMPLOYEE'
                       and insurance_type = '310' and start_date <= ? and (end_date is null or end_date >= ?)
                     order by person_id""")
                    .params(region, uscc, LocalDate.of(year, 12, 31), LocalDate.of(year, 1, 1)).query(Long.class).list();
            List<WageBases.Line> lines = people.stream().map(p -> new WageBases.Line(p, null, null, null,
                    BigDecimal.valueOf(4000 + (p * 7919 % 12001)).setScale(2))).toList();
            if (!lines.isEmpty()) {
                wageBases.declare(clerk, uscc, year, lines);
            }
        }
    }
}
