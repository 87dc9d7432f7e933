package cn.liangxian.collection;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * How many months of spending the pooled fund's reserves cover (可支付月数), as the rate-adjustment simulator needs
 * it, from the fund's risk indicators ({@link FundRiskRunway}).
 */
public interface FundRunway {

    /**
     * The pooled fund at a month's end: reserves (the fund balance), average monthly expenditure and income over the
     * months the fund's indicators average, and reserves ÷ monthly expenditure (null when nothing was spent).
     */
    record Runway(String regionCode, LocalDate asOf, BigDecimal reserves, BigDecimal avgMonthlyExpenditure,
            BigDecimal avgMonthlyIncome, BigDecimal months, List<String> notes) {
    }

    Runway at(String regionCode, LocalDate asOf);
}
