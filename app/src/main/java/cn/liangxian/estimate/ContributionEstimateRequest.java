package cn.liangxian.estimate;

import io.swagger.v3.oas.annotations.media.Schema;

/** A contribution estimate request for one person-month. */
@Schema(description = "缴费测算请求 / Contribution estimate request")
public record ContributionEstimateRequest(
        @Schema(description = "统筹区代码 / pooling region code", example = "152501") String regionCode,
        @Schema(description = "费款所属期 YYYY-MM / period", example = "2020-03") String period,
        @Schema(description = "月工资（元）/ monthly wage, CNY", example = "3000.00") String monthlyWage,
        @Schema(description = "EMPLOYEE | FLEXIBLE", example = "EMPLOYEE") String kind,
        @Schema(description = "社会平均工资（月，元）；不填用公布值 / regional average monthly wage", example = "5000.00") String regionalAvgMonthlyWage,
        @Schema(description = "滞纳天数 / days overdue") String overdueDays) {
}
