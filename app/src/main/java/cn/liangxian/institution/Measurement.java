package cn.liangxian.institution;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A measured indicator value of an institution for a period, compared with the limit of the agreement in force
 * on the period's last day: {@code limit} and {@code withinLimit} are null when no agreement (or no limit) applies.
 */
public record Measurement(String institutionCode, Indicator indicator, LocalDate periodFrom, LocalDate periodTo,
        BigDecimal value, String source, BigDecimal limit, Boolean withinLimit) {
}
