package cn.liangxian.estimate;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A maternity estimate request. Fields are text so that bad input gets a precise error code rather
 * than a generic parse failure.
 */
@Schema(description = "生育待遇测算请求 / Maternity estimate request")
public record MaternityEstimateRequest(
        @Schema(description = "统筹区代码 / pooling region code", example = "152501") String regionCode,
        @Schema(description = "分娩或手术日期 / date of birth or surgery", example = "2020-06-01") String serviceDate,
        @Schema(description = "生育类别 / category", example = "NORMAL_DELIVERY") String category,
        @Schema(description = "胎儿数（分娩）/ babies delivered", example = "1") String fetusCount,
        @Schema(description = "参保人类别 EMPLOYEE | FLEXIBLE | SPOUSE", example = "EMPLOYEE") String insuredKind,
        @Schema(description = "目录内医疗费用（元）/ medical cost, CNY", example = "3000.00") String medicalCost,
        @Schema(description = "用人单位上年度职工月平均工资（元）/ employer's prior-year average monthly wage", example = "6000.00") String employerAvgWage,
        @Schema(description = "产前检查单元数（按单元付费地区）/ prenatal units used") String prenatalUnits,
        @Schema(description = "产假开始日期 / first day of leave") String leaveStart) {
}
