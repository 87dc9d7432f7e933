package cn.liangxian.fund;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.util.List;

/**
 * 试算平衡表 of one book of a region for one month: per account the opening balance, the month's debits and
 * credits, and the closing balance, each balance shown on the side where it stands (net debit or net credit).
 * Parents carry the sum of their children; {@link Totals} add up the postable accounts only, and in a sound
 * ledger the debit and credit columns are equal.
 */
public record TrialBalance(String regionCode, String bookCode, YearMonth period, boolean periodClosed,
        List<Line> lines, Totals totals) {

    public record Line(String code, String nameZh, String nameEn, AccountClass accountClass, Side normalSide,
            String parentCode, boolean postable, BigDecimal openingDebit, BigDecimal openingCredit,
            BigDecimal debit, BigDecimal credit, BigDecimal closingDebit, BigDecimal closingCredit,
            BigDecimal closingBalance) {
    }

    public record Totals(BigDecimal openingDebit, BigDecimal openingCredit, BigDecimal debit, BigDecimal credit,
            BigDecimal closingDebit, BigDecimal closingCredit) {

        /** Debits equal credits in every column. */
        public boolean balanced() {
            return openingDebit.compareTo(openingCredit) == 0 && debit.compareTo(credit) == 0
                    && closingDebit.compareTo(closingCredit) == 0;
        }
    }
}
