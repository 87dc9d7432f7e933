package cn.liangxian.estimate;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** A maternity estimate: amounts are strings with two decimals ("1234.50"). */
@JsonPropertyOrder({ "regionCode", "regionName", "serviceDate", "category", "fetusCount", "insuredKind", "medicalCost",
        "medicalBenefit", "selfPay", "medicalMethod", "payingFund", "leaveDays", "allowanceDays", "allowance",
        "allowancePayable", "allowanceDaily", "leaveStart", "leaveEnd", "leaveSegments", "usesUnverified",
        "explanation" })
public record MaternityEstimateResponse(String regionCode, String regionName, String serviceDate, String category,
        int fetusCount, String insuredKind, String medicalCost, String medicalBenefit, String selfPay,
        String medicalMethod, String payingFund, int leaveDays, int allowanceDays, String allowance,
        boolean allowancePayable, String allowanceDaily, String leaveStart, String leaveEnd,
        List<LeaveSegmentView> leaveSegments, boolean usesUnverified, List<ExplanationLine> explanation) {
}
