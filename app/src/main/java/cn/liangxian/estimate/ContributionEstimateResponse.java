package cn.liangxian.estimate;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A contribution estimate for one person-month: amounts as strings with two decimals, rates as decimals. */
@JsonPropertyOrder({ "regionCode", "regionName", "period", "kind", "monthlyWage", "base", "employerRate",
        "employeeRate", "employerAmount", "employeeAmount", "totalAmount", "merged", "lateFee", "usesUnverified",
        "explanation" })
public record ContributionEstimateResponse(String regionCode, String regionName, String period, String kind,
        String monthlyWage, String base, String employerRate, String employeeRate, String employerAmount,
        String employeeAmount, String totalAmount, boolean merged, String lateFee, boolean usesUnverified,
        List<ExplanationLine> explanation) {
}
