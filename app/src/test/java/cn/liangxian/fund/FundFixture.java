package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Test regions of their own in the application's database and postings into them. A region "like" a seed region
 * has it as its parent in the {@code region} table, so it follows that region's law (merger date, thresholds,
 * shares) while its books, totals and month closes are its own.
 */
final class FundFixture {

    static final String CHANGZHOU = "320400";
    static final String CHONGQING = "500000";

    final JdbcClient jdbc;
    final ChartOfAccounts chart;
    final Postings postings;

    FundFixture(JdbcClient jdbc, ChartOfAccounts chart, Postings postings) {
        this.jdbc = jdbc;
        this.chart = chart;
        this.postings = postings;
    }

    /** A new region (9xxxxx) following the law of {@code like}, with one legacy book per district given. */
    String region(String like, Map<String, String> districts) {
        while (true) {
            String code = "9" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
            int n = jdbc.sql("""
                    insert into region (region_code, name_zh, name_en, parent_code) values (?, ?, ?, ?)
                    on conflict do nothing""").params(code, "测试统筹区" + code, "Test region " + code, like).update();
            if (n == 1) {
                chart.setUp(code, districts);
                return code;
            }
        }
    }

    String region(String like) {
        return region(like, Map.of());
    }

    /** A district code of the test region's own (six digits, unique enough within one region). */
    static String district(int n) {
        return String.format("98%04d", n);
    }

    /** Posts debit / credit of one amount in a book on a date (of a district, when given). */
    JournalEntry post(String region, String book, LocalDate date, String debit, String credit, String amount,
            String district) {
        return postings.post(new PostingRequest(region, book, SourceType.FUND_TRANSACTION,
                "T-" + UUID.randomUUID(), date, date, "测试 " + debit + "/" + credit,
                List.of(PostingLine.debit(debit, amount), PostingLine.credit(credit, amount)), district));
    }

    JournalEntry post(String region, String book, LocalDate date, String debit, String credit, String amount) {
        return post(region, book, date, debit, credit, amount, null);
    }

    /** The balance of an account of a book at the end of a day (normal side). */
    BigDecimal balance(String region, String book, String account, LocalDate asOf) {
        return postings.balance(region, book, account, asOf);
    }

    /** The number of entries of a region. */
    long entries(String region) {
        return jdbc.sql("select count(*) from fund_entry where region_code = ?").param(region).query(Long.class)
                .single();
    }

    /** The months of a year as YYYYMM. */
    static List<String> months(int year) {
        return java.util.stream.IntStream.rangeClosed(1, 12).mapToObj(m -> YearMonth.of(year, m)
                .format(JdbcPostings.PERIOD)).toList();
    }
}
