package cn.liangxian.policy;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * Statutory public holidays (法定节假日, the days named in 全国年节及纪念日放假办法 — not the adjusted
 * rest days around them). Needed where a leave segment does not count public holidays.
 */
public final class HolidayCalendar {

    private final NavigableSet<LocalDate> days;
    private final int firstYear;
    private final int lastYear;
    private final String reference;

    HolidayCalendar(NavigableSet<LocalDate> days, int firstYear, int lastYear, String reference) {
        this.days = days;
        this.firstYear = firstYear;
        this.lastYear = lastYear;
        this.reference = reference;
    }

    @SuppressWarnings("unchecked")
    static HolidayCalendar load(ClassLoader loader, String resource) {
        Map<String, Object> doc = PolicyYaml.load(loader, resource);
        NavigableSet<LocalDate> days = new TreeSet<>();
        Map<String, Object> years = (Map<String, Object>) doc.get("years");
        int first = Integer.MAX_VALUE;
        int last = Integer.MIN_VALUE;
        for (Map.Entry<String, Object> y : years.entrySet()) {
            int year = Integer.parseInt(y.getKey());
            first = Math.min(first, year);
            last = Math.max(last, year);
            for (Object d : (List<Object>) y.getValue()) {
                LocalDate date = LocalDate.parse(d.toString());
                if (date.getYear() != year) {
                    throw new IllegalStateException(resource + ": " + date + " listed under " + year);
                }
                days.add(date);
            }
        }
        return new HolidayCalendar(days, first, last, (String) doc.get("reference"));
    }

    public boolean isHoliday(LocalDate d) {
        requireCovered(d);
        return days.contains(d);
    }

    public boolean covers(LocalDate d) {
        return d.getYear() >= firstYear && d.getYear() <= lastYear;
    }

    private void requireCovered(LocalDate d) {
        if (!covers(d)) {
            throw new PolicyException("NO_RULES_AT_DATE", "法定节假日日历未收录 " + d.getYear() + " 年",
                    "The public holiday calendar does not cover " + d.getYear());
        }
    }

    public String reference() {
        return reference;
    }

    /** Statutory holidays in [from, to]. */
    public List<LocalDate> between(LocalDate from, LocalDate to) {
        requireCovered(from);
        requireCovered(to);
        return List.copyOf(days.subSet(from, true, to, true));
    }
}
