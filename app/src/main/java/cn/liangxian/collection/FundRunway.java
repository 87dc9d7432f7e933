package cn.liangxian.collection;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * How many months of spending the pooled fund's reserves cover (可支付月数), as the rate-adjustment simulator needs
 * it. {@link LedgerFundRunway} computes it from the ledger's balances; the fund's risk indicators can replace it by
 * declaring a {@code @Primary} bean of this type.
 */
public interface FundRunway {

    /**
     * The pooled fund on a date: reserves (deposits), average monthly expenditure and income over the twelve months
     * before, and reserves ÷ monthly expenditure (null when nothing was spent).
     */
    record Runway(String regionCode, LocalDate asOf, BigDecimal reserves, BigDecimal avgMonthlyExpenditure,
            BigDecimal avgMonthlyIncome, BigDecimal months, List<String> notes) {
    }

    Runway at(String regionCode, LocalDate asOf);
}
