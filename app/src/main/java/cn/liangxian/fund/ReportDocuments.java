package cn.liangxian.fund;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import cn.liangxian.fund.ReportDocument.Column;
import cn.liangxian.fund.ReportDocument.Row;
import cn.liangxian.fund.ReportDocument.Style;
import cn.liangxian.fund.ReportDocument.Table;

/** Turns the fund's reports into documents for the Excel and PDF writers, in the language asked for. */
@Component
class ReportDocuments {

    private final MessageSource messages;

    ReportDocuments(MessageSource messages) {
        this.messages = messages;
    }

    ReportDocument trialBalance(FundStatements.TrialBalanceReport r, Locale locale) {
        boolean zh = zh(locale);
        List<Row> rows = new ArrayList<>();
        for (TrialBalance.Line l : r.lines()) {
            rows.add(new Row(List.of(l.code(), zh ? l.nameZh() : l.nameEn(), l.openingDebit(), l.openingCredit(),
                    l.debit(), l.credit(), l.closingDebit(), l.closingCredit()), depth(l.code(), r.lines()),
                    l.postable() ? (FundAccounts.isMaternity(l.code()) ? Style.MATERNITY : Style.NORMAL)
                            : Style.PARENT));
        }
        TrialBalance.Totals t = r.totals();
        rows.add(new Row(List.of("", m("fr.total", locale), t.openingDebit(), t.openingCredit(), t.debit(), t.credit(),
                t.closingDebit(), t.closingCredit()), 0, Style.TOTAL));
        List<Column> cols = List.of(new Column(m("fr.col.code", locale), false, 13),
                new Column(m("fr.col.account", locale), false, 32),
                new Column(m("fr.col.openingDebit", locale), true, 16),
                new Column(m("fr.col.openingCredit", locale), true, 16),
                new Column(m("fr.col.debit", locale), true, 16), new Column(m("fr.col.credit", locale), true, 16),
                new Column(m("fr.col.closingDebit", locale), true, 16),
                new Column(m("fr.col.closingCredit", locale), true, 16));
        return new ReportDocument(file("trial-balance", r.regionCode(), r.bookCode(), r.period()),
                m("fr.tb.title", locale), meta(r.regionCode(), zh ? r.bookNameZh() : r.bookNameEn(), r.period(),
                        r.periodClosed(), locale),
                List.of(new Table(null, cols, rows)),
                List.of(m(t.balanced() ? "fr.tb.balanced" : "fr.tb.unbalanced", locale)));
    }

    ReportDocument incomeStatement(FundStatements.IncomeStatement s, Locale locale) {
        boolean zh = zh(locale);
        List<Column> cols = List.of(new Column(m("fr.col.code", locale), false, 13),
                new Column(m("fr.col.item", locale), false, 40), new Column(m("fr.col.period", locale), true, 20),
                new Column(m("fr.col.ytd", locale), true, 20));
        List<Row> income = new ArrayList<>();
        for (FundStatements.StatementLine l : s.income()) {
            income.add(statementRow(l, zh));
        }
        income.add(new Row(List.of("", m("fr.is.totalIncome", locale), s.totalIncome(), s.totalIncomeYtd()), 0,
                Style.TOTAL));
        List<Row> exp = new ArrayList<>();
        for (FundStatements.StatementLine l : s.expenditure()) {
            exp.add(statementRow(l, zh));
        }
        exp.add(new Row(List.of("", m("fr.is.totalExpenditure", locale), s.totalExpenditure(),
                s.totalExpenditureYtd()), 0, Style.TOTAL));
        List<Row> result = new ArrayList<>();
        if (s.maternityMedical() != null) {
            result.add(statementRow(s.maternityMedical(), zh));
        }
        if (s.maternityAllowance() != null) {
            result.add(statementRow(s.maternityAllowance(), zh));
        }
        result.add(new Row(List.of("", m("fr.is.surplus", locale), s.surplus(), s.surplusYtd()), 0, Style.TOTAL));
        return new ReportDocument(file("income-statement", s.regionCode(), s.bookCode(), s.period()),
                m("fr.is.title", locale), meta(s.regionCode(), zh ? s.bookNameZh() : s.bookNameEn(), s.period(), null,
                        locale),
                List.of(new Table(m("fr.is.income", locale), cols, income),
                        new Table(m("fr.is.expenditure", locale), cols, exp),
                        new Table(m("fr.is.result", locale), cols, result)),
                List.of(m("fr.is.note", locale)));
    }

    ReportDocument balanceSheet(FundStatements.BalanceSheet b, Locale locale) {
        boolean zh = zh(locale);
        List<Column> cols = List.of(new Column(m("fr.col.code", locale), false, 13),
                new Column(m("fr.col.item", locale), false, 40),
                new Column(m("fr.bs.beginning", locale, b.beginningDate()), true, 20),
                new Column(m("fr.bs.ending", locale, b.period().to()), true, 20));
        return new ReportDocument(file("balance-sheet", b.regionCode(), b.bookCode(), b.period()),
                m("fr.bs.title", locale), meta(b.regionCode(), zh ? b.bookNameZh() : b.bookNameEn(), b.period(), null,
                        locale),
                List.of(new Table(m("fr.bs.assets", locale), cols, balanceRows(b.assets(), zh,
                        m("fr.bs.totalAssets", locale), b.totalAssetsBeginning(), b.totalAssets())),
                        new Table(m("fr.bs.liabilities", locale), cols, balanceRows(b.liabilities(), zh,
                                m("fr.bs.totalLiabilities", locale), b.totalLiabilitiesBeginning(),
                                b.totalLiabilities())),
                        new Table(m("fr.bs.fundBalance", locale), cols, balanceRows(b.fundBalance(), zh,
                                m("fr.bs.totalFundBalance", locale), b.totalFundBalanceBeginning(),
                                b.totalFundBalance())),
                        new Table(null, cols, List.of(new Row(List.of("", m("fr.bs.totalLiabilitiesAndFund", locale),
                                b.totalLiabilitiesBeginning().add(b.totalFundBalanceBeginning()),
                                b.totalLiabilities().add(b.totalFundBalance())), 0, Style.TOTAL)))),
                List.of(m(b.balanced() ? "fr.bs.balanced" : "fr.bs.unbalanced", locale)));
    }

    ReportDocument clearing(LegacyFundClearing.ClearingReport c, Locale locale) {
        boolean zh = zh(locale);
        List<Column> cols = List.of(new Column(m("fr.col.code", locale), false, 13),
                new Column(m("fr.col.item", locale), false, 40), new Column(m("fr.col.amount", locale), true, 20));
        List<Row> summary = List.of(
                new Row(List.of("", m("fr.cl.opening", locale, c.yearStart()), c.openingBalance()), 0, Style.NORMAL),
                new Row(List.of("", m("fr.cl.income", locale), c.totalIncome()), 0, Style.NORMAL),
                new Row(List.of("", m("fr.cl.expenditure", locale), c.totalExpenditure()), 0, Style.NORMAL),
                new Row(List.of("", m("fr.cl.closing", locale, c.cutOff()), c.closingBalance()), 0, Style.TOTAL),
                new Row(List.of("", m("fr.cl.cash", locale), c.totalCash()), 0, Style.NORMAL),
                new Row(List.of("", m("fr.cl.receivables", locale), c.totalReceivables()), 0, Style.NORMAL),
                new Row(List.of("", m("fr.cl.payables", locale), c.totalPayables()), 0, Style.NORMAL),
                new Row(List.of("", m("fr.cl.transferred", locale), c.transferred()), 0, Style.TOTAL));
        List<String> meta = new ArrayList<>();
        meta.add(m("fr.meta.region", locale) + " " + c.regionCode() + " · " + m("fr.meta.book", locale) + " "
                + c.bookCode() + " " + (zh ? c.bookNameZh() : c.bookNameEn()) + " → " + c.targetBook());
        meta.add(m("fr.cl.dates", locale, c.mergerDate(), c.cutOff(), c.mergerReference()));
        meta.add(m("fr.cl.status." + c.status().name(), locale)
                + (c.outEntryNo() == null ? "" : " · " + m("fr.cl.entries", locale, c.outEntryNo(), c.inEntryNo()))
                + (c.closedOn() == null ? "" : " · " + m("fr.cl.closedOn", locale, c.closedOn())));
        return new ReportDocument("clearing-" + c.regionCode() + "-" + c.bookCode(), m("fr.cl.title", locale), meta,
                List.of(new Table(m("fr.cl.summary", locale), cols, summary),
                        new Table(m("fr.cl.movementsIncome", locale), cols, lines(c.income(), zh)),
                        new Table(m("fr.cl.movementsExpenditure", locale), cols, lines(c.expenditure(), zh)),
                        new Table(m("fr.cl.carried", locale), cols, carried(c, zh, locale))),
                List.of(m("fr.cl.note", locale)));
    }

    ReportDocument execution(FundBudgets.Execution e, Locale locale) {
        boolean zh = zh(locale);
        List<Column> cols = List.of(new Column(m("fr.col.code", locale), false, 13),
                new Column(m("fr.col.item", locale), false, 34), new Column(m("fr.bu.budget", locale), true, 20),
                new Column(m("fr.bu.actual", locale), true, 20), new Column(m("fr.bu.percent", locale), true, 13),
                new Column(m("fr.bu.remaining", locale), true, 20));
        List<Row> rows = new ArrayList<>();
        for (FundBudgets.ExecutionLine l : e.lines()) {
            rows.add(new Row(java.util.Arrays.asList(l.accountCode(), zh ? l.nameZh() : l.nameEn(), l.budget(),
                    l.actual(), l.executedPercent(), l.remaining()), 0,
                    FundAccounts.isMaternity(l.accountCode()) ? Style.MATERNITY : Style.NORMAL));
        }
        List<String> meta = List.of(m("fr.meta.region", locale) + " " + e.regionCode()
                + (e.districtCode() == null ? "" : " · " + m("fr.meta.district", locale) + " " + e.districtCode())
                + " · " + e.year() + " · " + m("fr.bu.asOf", locale, e.asOf()));
        return new ReportDocument("budget-execution-" + e.regionCode() + "-" + e.year()
                + (e.districtCode() == null ? "" : "-" + e.districtCode()), m("fr.bu.executionTitle", locale), meta,
                List.of(new Table(null, cols, rows)), List.of());
    }

    // ------------------------------------------------------------------ helpers

    private List<Row> carried(LegacyFundClearing.ClearingReport c, boolean zh, Locale locale) {
        List<Row> rows = new ArrayList<>();
        rows.addAll(lines(c.cash(), zh));
        rows.addAll(lines(c.receivables(), zh));
        for (LegacyFundClearing.Line l : c.payables()) {
            rows.add(new Row(List.of(l.code(), (zh ? l.nameZh() : l.nameEn()) + " " + m("fr.cl.payableSign", locale),
                    l.amount()), 0, Style.NORMAL));
        }
        rows.add(new Row(List.of("", m("fr.cl.transferred", locale), c.transferred()), 0, Style.TOTAL));
        return rows;
    }

    private static List<Row> lines(List<LegacyFundClearing.Line> lines, boolean zh) {
        return lines.stream().map(l -> new Row(List.of(l.code(), zh ? l.nameZh() : l.nameEn(), l.amount()), 0,
                FundAccounts.isMaternity(l.code()) ? Style.MATERNITY : Style.NORMAL)).toList();
    }

    private static Row statementRow(FundStatements.StatementLine l, boolean zh) {
        return new Row(List.of(l.code(), zh ? l.nameZh() : l.nameEn(), l.amount(), l.yearToDate()), l.level(),
                l.maternity() ? Style.MATERNITY : l.postable() ? Style.NORMAL : Style.PARENT);
    }

    private static List<Row> balanceRows(List<FundStatements.BalanceLine> lines, boolean zh, String total,
            BigDecimal beginning, BigDecimal ending) {
        List<Row> rows = new ArrayList<>();
        for (FundStatements.BalanceLine l : lines) {
            rows.add(new Row(List.of(l.code() == null ? "" : l.code(), zh ? l.nameZh() : l.nameEn(), l.beginning(),
                    l.ending()), l.level(), l.postable() ? Style.NORMAL : Style.PARENT));
        }
        rows.add(new Row(List.of("", total, beginning, ending), 0, Style.TOTAL));
        return rows;
    }

    private List<String> meta(String region, String book, ReportPeriod p, Boolean closed, Locale locale) {
        String period = m("fr.meta.period", locale) + " " + p.label() + " (" + p.from() + " – " + p.to() + ")";
        return List.of(m("fr.meta.region", locale) + " " + region + " · " + m("fr.meta.book", locale) + " " + book,
                period + (closed == null ? "" : " · " + m(closed ? "fr.meta.closed" : "fr.meta.open", locale)));
    }

    private static int depth(String code, List<TrialBalance.Line> lines) {
        int d = 0;
        String parent = lines.stream().filter(l -> l.code().equals(code)).findFirst().map(TrialBalance.Line::parentCode)
                .orElse(null);
        while (parent != null && d < 10) {
            d++;
            String p = parent;
            parent = lines.stream().filter(l -> l.code().equals(p)).findFirst().map(TrialBalance.Line::parentCode)
                    .orElse(null);
        }
        return d;
    }

    private static String file(String kind, String region, String book, ReportPeriod p) {
        return kind + "-" + region + "-" + book + "-" + p.label();
    }

    private String m(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    static boolean zh(Locale locale) {
        return !Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
    }
}
