package cn.liangxian.collection;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import org.springframework.stereotype.Component;

import cn.liangxian.fund.FundRisk;

/**
 * The pooled fund's months of payment as the fund's risk indicators reckon them ({@link FundRisk#paymentCapacity}):
 * at the end of the last month ended on or before the date, the fund balance ÷ the average monthly expenditure of
 * the last {@code fund.risk.averaging_months} months — the same figure as on the fund's risk page.
 */
@Component
class FundRiskRunway implements FundRunway {

    private final FundRisk risk;

    FundRiskRunway(FundRisk risk) {
        this.risk = risk;
    }

    @Override
    public Runway at(String region, LocalDate asOf) {
        YearMonth month = asOf.equals(YearMonth.from(asOf).atEndOfMonth()) ? YearMonth.from(asOf)
                : YearMonth.from(asOf).minusMonths(1);
        FundRisk.PaymentCapacity c = risk.paymentCapacity(region, month);
        String window = c.averaging().parameter() + " = " + c.averaging().value().toPlainString() + " ["
                + c.averaging().reference() + (c.averaging().unverified() ? "，待核实 / unverified" : "") + "]";
        return new Runway(region, month.atEndOfMonth(), c.balance(), c.averageExpenditure(), c.averageIncome(),
                c.monthsOfPayment(), List.of(
                        "统筹基金 " + month + " 月末结余（资产与负债科目累计）/ pooled fund balance at the end of " + month,
                        "月均收入、月均支出 = 最近 " + c.monthsAveraged() + " 个月发生额 ÷ " + c.monthsAveraged() + "（" + window
                                + "）/ averages over the last " + c.monthsAveraged() + " months",
                        "可支付月数 = 结余 ÷ 月均支出，与基金风险预警同一口径 / months of payment = balance ÷ average "
                                + "monthly expenditure, as on the fund's risk page"));
    }
}
