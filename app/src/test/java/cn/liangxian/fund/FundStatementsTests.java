package cn.liangxian.fund;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.TestUsers;

/**
 * The statements of a pooled book: the income and expenditure statement adds up with the maternity items on lines
 * of their own, the balance sheet balances at the start of the year and at the period's end, the trial balance
 * agrees with the ledger's own; the Excel file reads back the same figures and the PDF's text carries them.
 */
@AppTest
class FundStatementsTests {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ChartOfAccounts chart;
    @Autowired
    Postings postings;
    @Autowired
    FundStatements statements;
    @Autowired
    ReportDocuments documents;
    @Autowired
    ReportFiles files;
    @Autowired
    TestUsers users;

    FundFixture fx;
    String region;
    LiangxianUser finance;

    @BeforeEach
    void setUp() {
        fx = new FundFixture(jdbc, chart, postings);
        region = fx.region(FundFixture.CHANGZHOU);
        finance = users.staff(Role.FINANCE, region);
        String p = Book.POOLED;
        postings.post(new PostingRequest(region, p, SourceType.OPENING_BALANCE, "OPEN-" + UUID.randomUUID(),
                LocalDate.of(2023, 12, 31), LocalDate.of(2023, 12, 31), "期初余额",
                List.of(PostingLine.debit("1003", "500000.00"), PostingLine.credit("3001", "500000.00"))));
        fx.post(region, p, LocalDate.of(2024, 1, 10), "1002", "400101", "120000.00");
        fx.post(region, p, LocalDate.of(2024, 1, 10), "1002", "400102", "30000.00");
        fx.post(region, p, LocalDate.of(2024, 1, 20), "110101", "400103", "5000.00");
        fx.post(region, p, LocalDate.of(2024, 1, 25), "50010101", "2201", "40000.00");
        fx.post(region, p, LocalDate.of(2024, 1, 26), "5001010201", "2201", "6500.50");
        fx.post(region, p, LocalDate.of(2024, 1, 27), "5001010202", "2202", "8800.00");
        fx.post(region, p, LocalDate.of(2024, 1, 31), "1003", "4004", "250.75");
        fx.post(region, p, LocalDate.of(2024, 2, 5), "2201", "1004", "46500.50");
        fx.post(region, p, LocalDate.of(2024, 2, 5), "1004", "1003", "60000.00");
        fx.post(region, p, LocalDate.of(2024, 2, 15), "5001010201", "2201", "1000.00");
    }

    @Test
    void theIncomeAndExpenditureStatementAddsUpAndShowsTheMaternityItemsOnLinesOfTheirOwn() {
        FundStatements.IncomeStatement january = statements.incomeStatement(finance, region, Book.POOLED, "202401");
        assertThat(january.totalIncome()).isEqualByComparingTo("155250.75");
        assertThat(january.totalExpenditure()).isEqualByComparingTo("55300.50");
        assertThat(january.surplus()).isEqualByComparingTo("99950.25");
        assertThat(january.maternityMedical().code()).isEqualTo("5001010201");
        assertThat(january.maternityMedical().amount()).isEqualByComparingTo("6500.50");
        assertThat(january.maternityAllowance().code()).isEqualTo("5001010202");
        assertThat(january.maternityAllowance().amount()).isEqualByComparingTo("8800.00");
        assertThat(january.expenditure()).filteredOn(FundStatements.StatementLine::maternity)
                .extracting(FundStatements.StatementLine::code)
                .containsExactly("50010102", "5001010201", "5001010202");
        assertThat(amounts(january.expenditure())).containsEntry("50010101", new BigDecimal("40000.00"))
                .containsEntry("50010102", new BigDecimal("15300.50")).containsEntry("500101", new BigDecimal("55300.50"))
                .containsEntry("5001", new BigDecimal("55300.50"));
        assertThat(amounts(january.income())).containsEntry("4001", new BigDecimal("155000.00"))
                .containsEntry("400103", new BigDecimal("5000.00")).containsEntry("4004", new BigDecimal("250.75"));
        for (List<FundStatements.StatementLine> part : List.of(january.income(), january.expenditure())) {
            addsUp(part);
        }
        assertThat(sumOfLeaves(january.income())).isEqualByComparingTo(january.totalIncome());
        assertThat(sumOfLeaves(january.expenditure())).isEqualByComparingTo(january.totalExpenditure());

        FundStatements.IncomeStatement february = statements.incomeStatement(finance, region, Book.POOLED, "2024-02");
        assertThat(february.totalIncome()).isEqualByComparingTo("0");
        assertThat(february.totalExpenditure()).isEqualByComparingTo("1000.00");
        assertThat(february.totalExpenditureYtd()).isEqualByComparingTo("56300.50");
        assertThat(february.maternityMedical().yearToDate()).isEqualByComparingTo("7500.50");
        assertThat(february.surplusYtd()).isEqualByComparingTo("98950.25");

        FundStatements.IncomeStatement year = statements.incomeStatement(finance, region, Book.POOLED, "2024");
        assertThat(year.period().isYear()).isTrue();
        assertThat(year.totalExpenditure()).isEqualByComparingTo(year.totalExpenditureYtd())
                .isEqualByComparingTo("56300.50");
    }

    @Test
    void theBalanceSheetBalancesAtTheStartOfTheYearAndAtThePeriodsEnd() {
        FundStatements.BalanceSheet b = statements.balanceSheet(finance, region, Book.POOLED, "202402");
        assertThat(b.balanced()).isTrue();
        assertThat(b.beginningDate()).isEqualTo(LocalDate.of(2023, 12, 31));
        assertThat(b.totalAssetsBeginning()).isEqualByComparingTo("500000.00");
        assertThat(b.totalAssets()).isEqualByComparingTo("608750.25");
        assertThat(b.totalLiabilities()).isEqualByComparingTo("9800.00");
        assertThat(b.totalFundBalance()).isEqualByComparingTo("598950.25");
        Map<String, BigDecimal> fund = new LinkedHashMap<>();
        b.fundBalance().forEach(l -> fund.put(l.key(), l.ending()));
        assertThat(fund).containsEntry("3001", new BigDecimal("500000.00"))
                .containsEntry("SURPLUS_YEAR", new BigDecimal("98950.25"))
                .containsEntry("SURPLUS_EARLIER", new BigDecimal("0.00"));
        Map<String, BigDecimal> assets = new LinkedHashMap<>();
        b.assets().forEach(l -> assets.put(l.key(), l.ending()));
        assertThat(assets).containsEntry("1002", new BigDecimal("150000.00"))
                .containsEntry("1003", new BigDecimal("440250.75")).containsEntry("1004", new BigDecimal("13499.50"))
                .containsEntry("1101", new BigDecimal("5000.00"));

        // a year later, the year's surplus is an earlier year's
        fx.post(region, Book.POOLED, LocalDate.of(2025, 3, 1), "1002", "400101", "10.00");
        FundStatements.BalanceSheet next = statements.balanceSheet(finance, region, Book.POOLED, "2025");
        assertThat(next.balanced()).isTrue();
        assertThat(next.totalFundBalanceBeginning()).isEqualByComparingTo("598950.25");
        assertThat(next.fundBalance()).filteredOn(l -> l.key().equals("SURPLUS_EARLIER")).singleElement()
                .satisfies(l -> assertThat(l.ending()).isEqualByComparingTo("98950.25"));
    }

    @Test
    void theTrialBalanceOfAMonthIsTheLedgersOwnAndAYearsBalancesToo() {
        FundStatements.TrialBalanceReport month = statements.trialBalance(finance, region, Book.POOLED, "202402");
        TrialBalance ledger = postings.trialBalance(region, Book.POOLED, YearMonth.of(2024, 2));
        assertThat(month.totals()).isEqualTo(ledger.totals());
        assertThat(month.lines()).isEqualTo(ledger.lines());
        assertThat(month.totals().balanced()).isTrue();
        FundStatements.TrialBalanceReport year = statements.trialBalance(finance, region, Book.POOLED, "2024");
        assertThat(year.totals().balanced()).isTrue();
        assertThat(year.totals().openingDebit()).isEqualByComparingTo("500000.00");
        assertThat(year.totals().debit()).isEqualByComparingTo("318051.75");
    }

    @Test
    void theExcelFileReadsBackTheFiguresAndThePdfCarriesThem() throws IOException {
        FundStatements.IncomeStatement s = statements.incomeStatement(finance, region, Book.POOLED, "202401");
        byte[] xlsx = files.excel(documents.incomeStatement(s, Locale.SIMPLIFIED_CHINESE));
        Map<String, BigDecimal> read = new LinkedHashMap<>();
        Map<String, String> names = new LinkedHashMap<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            List<Row> rows = wb.getFirstSheet().read();
            assertThat(rows.get(0).getCellText(0)).isEqualTo("收入支出表");
            for (Row r : rows) {
                if (r.getCellCount() >= 4 && r.getOptionalCell(2).map(c -> c.getType() == CellType.NUMBER).orElse(false)) {
                    String key = r.getCellText(0).isEmpty() ? r.getCellText(1) : r.getCellText(0);
                    read.put(key, r.getCellAsNumber(2).get().setScale(2));
                    names.put(key, r.getCellText(1));
                }
            }
        }
        assertThat(read).containsEntry("5001010201", new BigDecimal("6500.50"))
                .containsEntry("5001010202", new BigDecimal("8800.00")).containsEntry("收入合计", new BigDecimal("155250.75"))
                .containsEntry("支出合计", new BigDecimal("55300.50")).containsEntry("本期收支结余", new BigDecimal("99950.25"));
        assertThat(names).containsEntry("5001010201", "生育医疗费用支出").containsEntry("5001010202", "生育津贴支出");

        byte[] pdf = files.pdf(documents.incomeStatement(s, Locale.SIMPLIFIED_CHINESE));
        assertThat(new String(pdf, 0, 5, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        PdfReader reader = new PdfReader(pdf);
        String text = new PdfTextExtractor(reader).getTextFromPage(1);
        assertThat(text).contains("155,250.75", "55,300.50", "99,950.25", "6,500.50", "8,800.00", "5001010201");
        assertThat(text).contains("收入支出表", "生育医疗费用支出", "生育津贴支出");
        Path dir = Files.createDirectories(Path.of("target", "reports"));
        Files.write(dir.resolve("income-statement.pdf"), pdf);
        Files.write(dir.resolve("income-statement.xlsx"), xlsx);
        byte[] english = files.pdf(documents.balanceSheet(statements.balanceSheet(finance, region, Book.POOLED,
                "202402"), Locale.ENGLISH));
        assertThat(new PdfTextExtractor(new PdfReader(english)).getTextFromPage(1)).contains("Balance sheet",
                "608,750.25", "598,950.25", "9,800.00");
        Files.write(dir.resolve("balance-sheet-en.pdf"), english);
        Files.write(dir.resolve("trial-balance.pdf"), files.pdf(documents.trialBalance(statements.trialBalance(
                finance, region, Book.POOLED, "202401"), Locale.SIMPLIFIED_CHINESE)));
    }

    @Test
    void statementsAreForFinanceAndSupervisorsOfTheRegionOnly() {
        assertThat(statements.trialBalance(users.staff(Role.SUPERVISOR, region), region, Book.POOLED, "202401")
                .totals().balanced()).isTrue();
        assertThat(LegacyFundClearingTests.code(() -> statements.trialBalance(users.clerk(region), region,
                Book.POOLED, "202401"))).isEqualTo("FORBIDDEN");
        assertThat(LegacyFundClearingTests.code(() -> statements.trialBalance(users.staff(Role.FINANCE,
                FundFixture.CHANGZHOU), region, Book.POOLED, "202401"))).isEqualTo("NOT_FOUND");
        assertThat(LegacyFundClearingTests.code(() -> statements.incomeStatement(finance, region, "NOPE", "202401")))
                .isEqualTo("FUND_UNKNOWN_BOOK");
        assertThat(LegacyFundClearingTests.code(() -> statements.balanceSheet(finance, region, Book.POOLED, "2024-13")))
                .isEqualTo("FUND_REPORT_PERIOD_INVALID");
    }

    /** Every parent line is the sum of its direct children. */
    static void addsUp(List<FundStatements.StatementLine> lines) {
        for (FundStatements.StatementLine parent : lines) {
            if (parent.postable()) {
                continue;
            }
            BigDecimal children = lines.stream().filter(c -> c.level() == parent.level() + 1
                    && c.code().startsWith(parent.code())).map(FundStatements.StatementLine::amount)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            assertThat(children).as("children of " + parent.code()).isEqualByComparingTo(parent.amount());
        }
    }

    static BigDecimal sumOfLeaves(List<FundStatements.StatementLine> lines) {
        return lines.stream().filter(FundStatements.StatementLine::postable).map(FundStatements.StatementLine::amount)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    static Map<String, BigDecimal> amounts(List<FundStatements.StatementLine> lines) {
        Map<String, BigDecimal> m = new LinkedHashMap<>();
        lines.forEach(l -> m.put(l.code(), l.amount()));
        return m;
    }
}
