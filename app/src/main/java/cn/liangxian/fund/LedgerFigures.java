package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import cn.liangxian.web.ApiException;

/**
 * The sums the reports, the clearing, the budgets and the risk indicators are built from: per account of one
 * book, the net before a date range (debits minus credits) and the debits and credits inside it, optionally of one
 * district only, rolled up from the postable accounts to their parents.
 */
@Component
class LedgerFigures {

    /** The figures of one account over a range: net before it, debits and credits inside it (parents: sums). */
    record Figures(Account account, int level, BigDecimal openingNet, BigDecimal debit, BigDecimal credit) {

        /** Debits minus credits at the end of the range. */
        BigDecimal closingNet() {
            return openingNet.add(debit).subtract(credit);
        }

        /** The balance at the end on the account's normal side (positive where it normally stands). */
        BigDecimal closing() {
            return account.normalSide() == Side.DEBIT ? closingNet() : closingNet().negate();
        }

        /** The balance before the range on the normal side. */
        BigDecimal opening() {
            return account.normalSide() == Side.DEBIT ? openingNet : openingNet.negate();
        }

        /** The range's movement on the normal side (income: credits − debits; expenditure: debits − credits). */
        BigDecimal movement() {
            BigDecimal net = debit.subtract(credit);
            return account.normalSide() == Side.DEBIT ? net : net.negate();
        }
    }

    private final JdbcClient jdbc;
    private final ChartOfAccounts chart;

    LedgerFigures(JdbcClient jdbc, ChartOfAccounts chart) {
        this.jdbc = jdbc;
        this.chart = chart;
    }

    ChartOfAccounts chart() {
        return chart;
    }

    /**
     * Every account of the book in code order with its figures for [from, to] (entries of {@code district} only,
     * when given).
     */
    Map<String, Figures> figures(String region, String book, LocalDate from, LocalDate to, String district) {
        if (chart.book(region, book).isEmpty()) {
            throw new ApiException(HttpStatus.NOT_FOUND, "FUND_UNKNOWN_BOOK", book, region);
        }
        Map<String, BigDecimal[]> sums = new HashMap<>();
        List<Object> params = new ArrayList<>(List.of(from, from, from, region, book, to));
        String districtFilter = "";
        if (district != null) {
            districtFilter = " and e.district_code = ?";
            params.add(district);
        }
        jdbc.sql("""
                select l.account_code,
                       coalesce(sum(case when e.accounting_date < ? then
                                    case when l.side = 'DEBIT' then l.amount else -l.amount end end), 0),
                       coalesce(sum(l.amount) filter (where e.accounting_date >= ? and l.side = 'DEBIT'), 0),
                       coalesce(sum(l.amount) filter (where e.accounting_date >= ? and l.side = 'CREDIT'), 0)
                  from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                 where e.region_code = ? and e.book_code = ? and e.accounting_date <= ?""" + districtFilter + """

                 group by l.account_code""").params(params)
                .query((rs, i) -> sums.put(rs.getString(1),
                        new BigDecimal[] { rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(4) }))
                .list();
        Map<String, Account> accounts = new LinkedHashMap<>();
        chart.accounts(region, book).forEach(a -> accounts.put(a.code(), a));
        Map<String, BigDecimal[]> rolled = new LinkedHashMap<>();
        accounts.keySet().forEach(c -> rolled.put(c, new BigDecimal[] { BigDecimal.ZERO, BigDecimal.ZERO,
                BigDecimal.ZERO }));
        sums.forEach((code, s) -> {
            for (Account a = accounts.get(code); a != null; a = a.parentCode() == null ? null
                    : accounts.get(a.parentCode())) {
                BigDecimal[] f = rolled.get(a.code());
                for (int i = 0; i < 3; i++) {
                    f[i] = f[i].add(s[i]);
                }
            }
        });
        Map<String, Figures> out = new LinkedHashMap<>();
        for (Account a : accounts.values()) {
            BigDecimal[] f = rolled.get(a.code());
            out.put(a.code(), new Figures(a, level(a, accounts), JdbcPostings.money(f[0]), JdbcPostings.money(f[1]),
                    JdbcPostings.money(f[2])));
        }
        return out;
    }

    /** The movement (normal side) of an account and its children over [from, to]; zero for an unknown account. */
    BigDecimal movement(String region, String book, String account, LocalDate from, LocalDate to, String district) {
        Figures f = figures(region, book, from, to, district).get(account);
        return f == null ? BigDecimal.ZERO.setScale(2) : f.movement();
    }

    /**
     * The fund's balance (净资产: assets − liabilities = 基金结余 + income − expenditure) at the end of {@code asOf}.
     */
    BigDecimal fundBalance(String region, String book, LocalDate asOf) {
        BigDecimal net = jdbc.sql("""
                select coalesce(sum(case when l.side = 'DEBIT' then l.amount else -l.amount end), 0)
                  from fund_leg l join fund_entry e on e.region_code = l.region_code and e.id = l.entry_id
                  join fund_account a on a.region_code = l.region_code and a.book_code = l.book_code
                                     and a.code = l.account_code
                 where e.region_code = ? and e.book_code = ? and e.accounting_date <= ?
                   and a.account_class in ('ASSET', 'LIABILITY')""")
                .params(region, book, asOf).query(BigDecimal.class).single();
        return JdbcPostings.money(net);
    }

    /** The accounting date of the book's first entry, if any. */
    java.util.Optional<LocalDate> firstEntryDate(String region, String book) {
        return jdbc.sql("select min(accounting_date) from fund_entry where region_code = ? and book_code = ?")
                .params(region, book).query(LocalDate.class).optional();
    }

    private static int level(Account a, Map<String, Account> accounts) {
        int level = 0;
        for (Account p = a; p.parentCode() != null && accounts.containsKey(p.parentCode()); p = accounts
                .get(p.parentCode())) {
            level++;
        }
        return level;
    }
}
