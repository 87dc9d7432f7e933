package cn.liangxian.collection;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;

import org.springframework.stereotype.Component;

import cn.liangxian.fund.Book;
import cn.liangxian.fund.Postings;

/**
 * Months of payment from the pooled fund's ledger: reserves = the deposit accounts (1002 收入户, 1003 财政专户,
 * 1004 支出户) on the date; spending and income = the growth of 5001 社会保险待遇支出 and 4001 社会保险费收入 over the
 * twelve months before, ÷ 12. A small stand-in until the fund's own risk indicators provide {@link FundRunway}.
 */
@Component
class LedgerFundRunway implements FundRunway {

    static final List<String> DEPOSITS = List.of("1002", "1003", "1004");
    static final String EXPENDITURE = "5001";
    static final String INCOME = "4001";

    private final Postings postings;

    LedgerFundRunway(Postings postings) {
        this.postings = postings;
    }

    @Override
    public Runway at(String region, LocalDate asOf) {
        LocalDate yearBefore = asOf.minusMonths(12);
        BigDecimal reserves = BigDecimal.ZERO;
        for (String a : DEPOSITS) {
            reserves = reserves.add(postings.balance(region, Book.POOLED, a, asOf));
        }
        BigDecimal twelve = BigDecimal.valueOf(12);
        BigDecimal spent = postings.balance(region, Book.POOLED, EXPENDITURE, asOf)
                .subtract(postings.balance(region, Book.POOLED, EXPENDITURE, yearBefore));
        BigDecimal income = postings.balance(region, Book.POOLED, INCOME, asOf)
                .subtract(postings.balance(region, Book.POOLED, INCOME, yearBefore));
        BigDecimal avgSpent = spent.divide(twelve, 2, RoundingMode.HALF_UP);
        BigDecimal avgIncome = income.divide(twelve, 2, RoundingMode.HALF_UP);
        BigDecimal months = avgSpent.signum() <= 0 ? null : reserves.divide(avgSpent, 1, RoundingMode.HALF_UP);
        return new Runway(region, asOf, reserves.setScale(2, RoundingMode.HALF_UP), avgSpent, avgIncome, months,
                List.of("统筹基金 1002+1003+1004 余额 / pooled fund deposits on " + asOf,
                        "月均支出 = 5001 " + yearBefore + "–" + asOf + " 发生额 ÷ 12 / average monthly spending over twelve months",
                        "可支付月数 = 结余 ÷ 月均支出（账簿简算，待基金风险指标替换） / months = reserves ÷ monthly spending (ledger estimate)"));
    }
}
