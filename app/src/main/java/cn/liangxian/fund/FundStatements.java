package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.security.LiangxianUser;

/**
 * The fund's statements for a book of a region and a period (a month or a year), for finance staff and
 * supervisors of the region: the trial balance (试算平衡表), the income and expenditure statement (收入支出表) with
 * the maternity benefit items on lines of their own, and the balance sheet (资产负债表). Figures come from the
 * ledger at the moment of asking; a closed period does not change any more.
 */
@Service
public class FundStatements {

    /** A trial balance over a period (a month or a year): opening, movements and closing per account. */
    public record TrialBalanceReport(String regionCode, String bookCode, String bookNameZh, String bookNameEn,
            ReportPeriod period, boolean periodClosed, List<TrialBalance.Line> lines, TrialBalance.Totals totals) {
    }

    /**
     * One line of the income and expenditure statement: the period's amount and the year to date. {@code
     * maternity} marks the maternity benefit lines (生育待遇支出 and its 生育医疗费用 and 生育津贴).
     */
    public record StatementLine(String code, String nameZh, String nameEn, int level, boolean postable,
            boolean maternity, BigDecimal amount, BigDecimal yearToDate) {
    }

    /**
     * 收入支出表: income and expenditure by account (parents carry their children), totals of the postable
     * lines, the surplus (收支结余), and the two maternity benefit items on their own.
     */
    public record IncomeStatement(String regionCode, String bookCode, String bookNameZh, String bookNameEn,
            ReportPeriod period, List<StatementLine> income, List<StatementLine> expenditure, BigDecimal totalIncome,
            BigDecimal totalIncomeYtd, BigDecimal totalExpenditure, BigDecimal totalExpenditureYtd, BigDecimal surplus,
            BigDecimal surplusYtd, StatementLine maternityMedical, StatementLine maternityAllowance) {
    }

    /** One line of the balance sheet: the balance at the start of the year (年初数) and at the period's end (期末数). */
    public record BalanceLine(String key, String code, String nameZh, String nameEn, int level, boolean postable,
            BigDecimal beginning, BigDecimal ending) {
    }

    /**
     * 资产负债表 at the period's end: assets, liabilities and the fund balance (基金结余 as booked, plus the surplus of
     * the year and of earlier years that no carry-forward entry has moved into it); assets equal liabilities plus
     * the fund balance in both columns.
     */
    public record BalanceSheet(String regionCode, String bookCode, String bookNameZh, String bookNameEn,
            ReportPeriod period, LocalDate beginningDate, List<BalanceLine> assets, List<BalanceLine> liabilities,
            List<BalanceLine> fundBalance, BigDecimal totalAssetsBeginning, BigDecimal totalAssets,
            BigDecimal totalLiabilitiesBeginning, BigDecimal totalLiabilities, BigDecimal totalFundBalanceBeginning,
            BigDecimal totalFundBalance) {

        /** Assets = liabilities + fund balance, at the start of the year and at the end. */
        public boolean balanced() {
            return totalAssets.compareTo(totalLiabilities.add(totalFundBalance)) == 0
                    && totalAssetsBeginning.compareTo(totalLiabilitiesBeginning.add(totalFundBalanceBeginning)) == 0;
        }
    }

    private final LedgerFigures figures;
    private final FundAccess access;
    private final JdbcClient jdbc;

    FundStatements(LedgerFigures figures, FundAccess access, JdbcClient jdbc) {
        this.figures = figures;
        this.access = access;
        this.jdbc = jdbc;
    }

    public TrialBalanceReport trialBalance(LiangxianUser viewer, String region, String book, String period) {
        access.requireReader(viewer, region);
        Book b = access.requireBook(region, book);
        return trialBalance(b, ReportPeriod.parse(period));
    }

    public IncomeStatement incomeStatement(LiangxianUser viewer, String region, String book, String period) {
        access.requireReader(viewer, region);
        Book b = access.requireBook(region, book);
        return incomeStatement(b, ReportPeriod.parse(period));
    }

    public BalanceSheet balanceSheet(LiangxianUser viewer, String region, String book, String period) {
        access.requireReader(viewer, region);
        Book b = access.requireBook(region, book);
        return balanceSheet(b, ReportPeriod.parse(period));
    }

    // ------------------------------------------------------------------ the statements

    TrialBalanceReport trialBalance(Book b, ReportPeriod p) {
        Map<String, LedgerFigures.Figures> f = figures.figures(b.regionCode(), b.code(), p.from(), p.to(), null);
        List<TrialBalance.Line> lines = new ArrayList<>();
        BigDecimal[] totals = zeros(6);
        for (LedgerFigures.Figures x : f.values()) {
            Account a = x.account();
            BigDecimal[] row = { positive(x.openingNet()), positive(x.openingNet().negate()), x.debit(), x.credit(),
                    positive(x.closingNet()), positive(x.closingNet().negate()) };
            if (a.postable()) {
                for (int i = 0; i < row.length; i++) {
                    totals[i] = totals[i].add(row[i]);
                }
            }
            lines.add(new TrialBalance.Line(a.code(), a.nameZh(), a.nameEn(), a.accountClass(), a.normalSide(),
                    a.parentCode(), a.postable(), row[0], row[1], row[2], row[3], row[4], row[5], x.closing()));
        }
        return new TrialBalanceReport(b.regionCode(), b.code(), b.nameZh(), b.nameEn(), p, closed(b.regionCode(), p),
                lines, new TrialBalance.Totals(totals[0], totals[1], totals[2], totals[3], totals[4], totals[5]));
    }

    IncomeStatement incomeStatement(Book b, ReportPeriod p) {
        Map<String, LedgerFigures.Figures> period = figures.figures(b.regionCode(), b.code(), p.from(), p.to(), null);
        Map<String, LedgerFigures.Figures> ytd = figures.figures(b.regionCode(), b.code(), p.yearStart(), p.to(),
                null);
        List<StatementLine> income = new ArrayList<>();
        List<StatementLine> expenditure = new ArrayList<>();
        BigDecimal[] t = zeros(4);
        StatementLine medical = null;
        StatementLine allowance = null;
        for (LedgerFigures.Figures x : period.values()) {
            Account a = x.account();
            if (a.accountClass() != AccountClass.INCOME && a.accountClass() != AccountClass.EXPENDITURE) {
                continue;
            }
            StatementLine line = new StatementLine(a.code(), a.nameZh(), a.nameEn(), x.level(), a.postable(),
                    FundAccounts.isMaternity(a.code()), x.movement(), ytd.get(a.code()).movement());
            boolean in = a.accountClass() == AccountClass.INCOME;
            (in ? income : expenditure).add(line);
            if (a.postable()) {
                int i = in ? 0 : 2;
                t[i] = t[i].add(line.amount());
                t[i + 1] = t[i + 1].add(line.yearToDate());
            }
            if (a.code().equals(FundAccounts.POOLED_MATERNITY_MEDICAL)
                    || a.code().equals(FundAccounts.LEGACY_MATERNITY_MEDICAL)) {
                medical = line;
            }
            if (a.code().equals(FundAccounts.POOLED_MATERNITY_ALLOWANCE)
                    || a.code().equals(FundAccounts.LEGACY_MATERNITY_ALLOWANCE)) {
                allowance = line;
            }
        }
        return new IncomeStatement(b.regionCode(), b.code(), b.nameZh(), b.nameEn(), p, income, expenditure, t[0], t[1],
                t[2], t[3], t[0].subtract(t[2]), t[1].subtract(t[3]), medical, allowance);
    }

    BalanceSheet balanceSheet(Book b, ReportPeriod p) {
        LocalDate beginning = p.yearStart().minusDays(1);
        // figures over the year: opening = at the start of the year, closing = at the period's end
        Map<String, LedgerFigures.Figures> f = figures.figures(b.regionCode(), b.code(), p.yearStart(), p.to(), null);
        List<BalanceLine> assets = new ArrayList<>();
        List<BalanceLine> liabilities = new ArrayList<>();
        List<BalanceLine> fund = new ArrayList<>();
        BigDecimal[] t = zeros(6);
        BigDecimal earlierIncome = BigDecimal.ZERO;
        BigDecimal yearIncome = BigDecimal.ZERO;
        for (LedgerFigures.Figures x : f.values()) {
            Account a = x.account();
            BalanceLine line = new BalanceLine(a.code(), a.code(), a.nameZh(), a.nameEn(), x.level(), a.postable(),
                    x.opening(), x.closing());
            switch (a.accountClass()) {
            case ASSET -> {
                assets.add(line);
                if (a.postable()) {
                    t[0] = t[0].add(line.beginning());
                    t[1] = t[1].add(line.ending());
                }
            }
            case LIABILITY -> {
                liabilities.add(line);
                if (a.postable()) {
                    t[2] = t[2].add(line.beginning());
                    t[3] = t[3].add(line.ending());
                }
            }
            case FUND_BALANCE -> {
                fund.add(line);
                if (a.postable()) {
                    t[4] = t[4].add(line.beginning());
                    t[5] = t[5].add(line.ending());
                }
            }
            case INCOME, EXPENDITURE -> {
                if (a.postable()) {
                    // income less expenditure: credits minus debits
                    earlierIncome = earlierIncome.subtract(x.openingNet());
                    yearIncome = yearIncome.subtract(x.debit().subtract(x.credit()));
                }
            }
            }
        }
        fund.add(new BalanceLine("SURPLUS_EARLIER", null, "以前年度收支结余（未结转）", "Surplus of earlier years (not carried forward)",
                0, true, earlierIncome, earlierIncome));
        fund.add(new BalanceLine("SURPLUS_YEAR", null, "本年收支结余", "Surplus of the year", 0, true, BigDecimal.ZERO
                .setScale(2), yearIncome));
        t[4] = t[4].add(earlierIncome);
        t[5] = t[5].add(earlierIncome).add(yearIncome);
        return new BalanceSheet(b.regionCode(), b.code(), b.nameZh(), b.nameEn(), p, beginning, assets, liabilities,
                fund, t[0], t[1], t[2], t[3], t[4], t[5]);
    }

    private boolean closed(String region, ReportPeriod p) {
        return jdbc.sql("select exists (select 1 from fund_period_close where region_code = ? and period >= ?)")
                .params(region, p.to().format(JdbcPostings.PERIOD)).query(Boolean.class).single();
    }

    static BigDecimal[] zeros(int n) {
        BigDecimal[] z = new BigDecimal[n];
        java.util.Arrays.fill(z, BigDecimal.ZERO.setScale(2));
        return z;
    }

    private static BigDecimal positive(BigDecimal a) {
        return a.signum() > 0 ? a : BigDecimal.ZERO.setScale(2);
    }
}
