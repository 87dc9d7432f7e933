package cn.liangxian.fund;

import java.time.LocalDate;
import java.time.Year;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

import org.springframework.http.HttpStatus;

import cn.liangxian.web.ApiException;

/**
 * The period of a report: a month ({@code YYYYMM} or {@code YYYY-MM}) or a year ({@code YYYY}). {@code from} and
 * {@code to} are its first and last days; {@code yearStart} is the first day of the year of {@code to}, from which
 * the year-to-date figures (本年累计) run.
 */
public record ReportPeriod(String label, LocalDate from, LocalDate to) {

    public LocalDate yearStart() {
        return to.withDayOfYear(1);
    }

    public boolean isYear() {
        return from.getDayOfYear() == 1 && to.equals(from.withDayOfYear(from.lengthOfYear()));
    }

    public static ReportPeriod month(YearMonth m) {
        return new ReportPeriod(m.toString(), m.atDay(1), m.atEndOfMonth());
    }

    public static ReportPeriod year(int year) {
        return new ReportPeriod(String.valueOf(year), LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    /** A month or a year as typed; anything else is refused with {@code PERIOD_INVALID}. */
    public static ReportPeriod parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_REPORT_PERIOD_INVALID", "-");
        }
        String t = text.trim();
        try {
            if (t.matches("\\d{4}")) {
                return year(Year.parse(t).getValue());
            }
            if (t.matches("\\d{6}")) {
                return month(YearMonth.parse(t, JdbcPostings.PERIOD));
            }
            if (t.matches("\\d{4}-\\d{2}")) {
                return month(YearMonth.parse(t));
            }
        } catch (DateTimeParseException e) {
            // refused below
        }
        throw new ApiException(HttpStatus.BAD_REQUEST, "FUND_REPORT_PERIOD_INVALID", text);
    }
}
