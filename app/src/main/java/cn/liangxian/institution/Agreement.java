package cn.liangxian.institution;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import cn.liangxian.policy.maternity.MaternityCategory;

/**
 * One version of an institution's service agreement. It is in force from {@code validFrom} (inclusive) until
 * {@code validTo} (exclusive: the next version's first day, or the day after the agreed term ends), or without
 * end when {@code validTo} is null. {@code indicatorLimits} are keyed by {@link Indicator} names and are ratios.
 */
public record Agreement(long id, String institutionCode, String regionCode, int version, LocalDate validFrom,
        LocalDate validTo, Map<MaternityCategory, CategoryTerms> terms, List<String> maternityClauses,
        Map<String, BigDecimal> indicatorLimits) {

    public boolean inForceOn(LocalDate date) {
        return !date.isBefore(validFrom) && (validTo == null || date.isBefore(validTo));
    }

    /** The last day in force, or null when open. */
    public LocalDate lastDay() {
        return validTo == null ? null : validTo.minusDays(1);
    }
}
