package cn.liangxian.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import cn.liangxian.Main;
import cn.liangxian.testsupport.TestDatabase;

/**
 * {@code ./liangxian bench roster-import} runs as a database command (no web server) on a small roster,
 * reports the import's and COPY's rows per second and their ratio, and leaves nothing behind.
 */
class RosterImportBenchmarkTests {

    @Test
    void theBenchmarkCommandReportsBothRatesAndTheirRatioAndLeavesNothingBehind() throws Exception {
        String url = TestDatabase.url();
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = Main.databaseCommand("bench-roster-import", new String[] { "--rows", "200",
                    "--spring.profiles.active=test", "--spring.datasource.url=" + url,
                    "--spring.datasource.username=postgres", "--spring.datasource.password=" });
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("200 rows").contains("rolled back");
        Matcher importRate = Pattern.compile("import \\(parse \\+ validate \\+ write, real service\\): [0-9.]+ s = ([0-9,]+) rows/s")
                .matcher(out);
        Matcher copyRate = Pattern.compile("COPY of the same rows \\(200 people \\+ 400 coverage rows\\): [0-9.]+ s = ([0-9,]+) rows/s")
                .matcher(out);
        Matcher ratio = Pattern.compile("ratio import/COPY: ([0-9.]+)").matcher(out);
        assertThat(importRate.find()).as(out).isTrue();
        assertThat(copyRate.find()).as(out).isTrue();
        assertThat(ratio.find()).as(out).isTrue();
        assertThat(Double.parseDouble(ratio.group(1))).isPositive();

        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url, "postgres", "");
                java.sql.Statement s = c.createStatement()) {
            java.sql.ResultSet r = s.executeQuery("""
                    select (select count(*) from employer where name like '基准测试单位%')
                         + (select count(*) from roster_import where file_name = 'bench.xlsx')
                         + (select count(*) from coverage where created_by = 'bench.roster-import')
                         + (select count(*) from information_schema.tables where table_name like 'bench_roster_%')""");
            r.next();
            assertThat(r.getLong(1)).as("rows or tables left behind").isZero();
        }
    }
}
