package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import cn.liangxian.web.ApiException;

/**
 * 基金收支运行情况公开: the yearly summary of a region's funds for everyone, without signing in — income by source,
 * expenditure by item with the maternity benefits on lines of their own, the surplus, the balance at the end and
 * the pooled fund's months of payment. Only aggregated ledger figures of closed months are published (never an
 * entry, a description, a person or an institution): the figures run to the end of the year's last closed month.
 */
@Service
public class FundDisclosure {

    /** One published line: an account (by its level in the chart) and its amount for the year. */
    public record Line(String code, String nameZh, String nameEn, int level, boolean maternity, BigDecimal amount) {
    }

    /** One fund's year: the legacy maternity books of a region are summed into one. */
    public record FundYear(String fund, String nameZh, String nameEn, List<Line> income, BigDecimal totalIncome,
            List<Line> expenditure, BigDecimal totalExpenditure, BigDecimal surplus, BigDecimal balance,
            BigDecimal monthsOfPayment) {
    }

    /** The disclosure of a region's year, to {@code through} (the last closed month of the year). */
    public record Disclosure(String regionCode, int year, YearMonth through, boolean complete, List<FundYear> funds) {
    }

    private final LedgerFigures figures;
    private final FundAccess access;
    private final FundRisk risk;
    private final JdbcClient jdbc;

    FundDisclosure(LedgerFigures figures, FundAccess access, FundRisk risk, JdbcClient jdbc) {
        this.figures = figures;
        this.access = access;
        this.risk = risk;
        this.jdbc = jdbc;
    }

    /** The region's year as published; 404 for a region without a ledger or a year out of range. */
    public Disclosure disclose(String region, int year) {
        if (!access.hasLedger(region) || year < 1990 || year > 2200) {
            throw new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND");
        }
        Optional<YearMonth> closed = jdbc.sql("select max(period) from fund_period_close where region_code = ?")
                .param(region).query(String.class).optional().map(p -> YearMonth.parse(p, JdbcPostings.PERIOD));
        if (closed.isEmpty() || closed.get().getYear() < year) {
            return new Disclosure(region, year, null, false, List.of());
        }
        YearMonth through = closed.get().getYear() > year ? YearMonth.of(year, 12) : closed.get();
        LocalDate from = LocalDate.of(year, 1, 1);
        LocalDate to = through.atEndOfMonth();
        Map<String, Book> books = figures.chart().books(region);
        List<FundYear> funds = new ArrayList<>();
        for (String code : List.of(Book.POOLED, Book.PERSONAL)) {
            Book b = books.get(code);
            if (b != null) {
                Map<String, LedgerFigures.Figures> f = figures.figures(region, code, from, to, null);
                BigDecimal months = code.equals(Book.POOLED) ? risk.monthsOfPayment(region, through) : null;
                FundYear y = year(b.fund().name(), b.nameZh(), b.nameEn(), List.of(f),
                        figures.fundBalance(region, code, to), months);
                // the pooled fund always; the personal accounts when they had anything
                if (code.equals(Book.POOLED) || !y.income().isEmpty() || !y.expenditure().isEmpty()
                        || y.balance().signum() != 0) {
                    funds.add(y);
                }
            }
        }
        List<Map<String, LedgerFigures.Figures>> legacy = new ArrayList<>();
        BigDecimal legacyBalance = BigDecimal.ZERO.setScale(2);
        for (Book b : books.values()) {
            if (b.fund() == FundKind.MATERNITY_LEGACY) {
                legacy.add(figures.figures(region, b.code(), from, to, null));
                legacyBalance = legacyBalance.add(figures.fundBalance(region, b.code(), to));
            }
        }
        FundYear old = year(FundKind.MATERNITY_LEGACY.name(), FundKind.MATERNITY_LEGACY.zh(),
                FundKind.MATERNITY_LEGACY.en(), legacy, legacyBalance, null);
        if (!old.income().isEmpty() || !old.expenditure().isEmpty() || old.balance().signum() != 0) {
            funds.add(old);
        }
        return new Disclosure(region, year, through, through.getMonthValue() == 12, funds);
    }

    /** The year of one fund from the figures of its books (summed by account), non-zero lines only. */
    private static FundYear year(String fund, String zh, String en, List<Map<String, LedgerFigures.Figures>> books,
            BigDecimal balance, BigDecimal months) {
        Map<String, Line> lines = new LinkedHashMap<>();
        Map<String, AccountClass> classes = new LinkedHashMap<>();
        for (Map<String, LedgerFigures.Figures> f : books) {
            for (LedgerFigures.Figures x : f.values()) {
                Account a = x.account();
                if (a.accountClass() != AccountClass.INCOME && a.accountClass() != AccountClass.EXPENDITURE) {
                    continue;
                }
                classes.put(a.code(), a.accountClass());
                Line prev = lines.get(a.code());
                BigDecimal amount = x.movement().add(prev == null ? BigDecimal.ZERO : prev.amount());
                lines.put(a.code(), new Line(a.code(), a.nameZh(), a.nameEn(), x.level(),
                        FundAccounts.isMaternity(a.code()), amount));
            }
        }
        List<Line> income = new ArrayList<>();
        List<Line> expenditure = new ArrayList<>();
        BigDecimal totalIncome = BigDecimal.ZERO.setScale(2);
        BigDecimal totalExpenditure = BigDecimal.ZERO.setScale(2);
        for (Line l : lines.values()) {
            if (l.amount().signum() == 0) {
                continue;
            }
            boolean in = classes.get(l.code()) == AccountClass.INCOME;
            (in ? income : expenditure).add(l);
            if (l.level() == 0) {
                if (in) {
                    totalIncome = totalIncome.add(l.amount());
                } else {
                    totalExpenditure = totalExpenditure.add(l.amount());
                }
            }
        }
        return new FundYear(fund, zh, en, income, totalIncome, expenditure, totalExpenditure,
                totalIncome.subtract(totalExpenditure), balance, months);
    }
}
