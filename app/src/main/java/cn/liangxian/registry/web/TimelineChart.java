package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import cn.liangxian.registry.Enrollments;

/**
 * A person's coverage drawn on one time axis: a row per insurance type (310, 510) and one for spouse
 * registrations, each period a bar positioned in percent of the axis (whole years, from the January of the
 * first start to the end of the year of the last date shown). Open periods run to the axis' end.
 */
record TimelineChart(List<Row> rows, List<Tick> ticks, String todayStyle, String asOfStyle) {

    /** One insurance type's row: {@code key} is 310, 510 or spouse. */
    record Row(String key, List<Bar> bars) {
    }

    /** A period: its CSS position, its class (basis, source, open) and the dates it spans. */
    record Bar(String style, String css, String label) {
    }

    /** A year mark on the axis. */
    record Tick(String style, String label) {
    }

    static TimelineChart of(List<Enrollments.Period> periods, List<Enrollments.SpouseRegistration> asWife,
            LocalDate today, LocalDate asOf, Map<String, String> employerNames) {
        if (periods.isEmpty() && asWife.isEmpty()) {
            return null;
        }
        LocalDate first = Stream.concat(periods.stream().map(Enrollments.Period::startDate),
                asWife.stream().map(Enrollments.SpouseRegistration::startDate)).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = Stream.of(Stream.of(today, asOf),
                periods.stream().flatMap(p -> Stream.of(p.startDate(), p.endDate())),
                asWife.stream().flatMap(s -> Stream.of(s.startDate(), s.endDate())))
                .flatMap(s -> s).filter(d -> d != null).max(LocalDate::compareTo).orElseThrow();
        LocalDate from = LocalDate.of(Math.min(first.getYear(), asOf.getYear()), 1, 1);
        LocalDate to = LocalDate.of(last.getYear() + 1, 1, 1);
        long total = ChronoUnit.DAYS.between(from, to);

        List<Row> rows = new ArrayList<>();
        for (String type : List.of(Enrollments.MEDICAL, Enrollments.MATERNITY)) {
            List<Bar> bars = periods.stream().filter(p -> p.insuranceType().equals(type))
                    .map(p -> bar(from, to, total, p.startDate(), p.endDate(), css(p), p.employerUscc() == null ? ""
                            : employerNames.getOrDefault(p.employerUscc(), p.employerUscc())))
                    .toList();
            rows.add(new Row(type, bars));
        }
        rows.add(new Row("spouse", asWife.stream()
                .map(s -> bar(from, to, total, s.startDate(), s.endDate(), "bar-spouse", "")).toList()));

        int years = to.getYear() - from.getYear();
        int step = years <= 12 ? 1 : years <= 30 ? 5 : 10;
        List<Tick> ticks = new ArrayList<>();
        for (int y = from.getYear(); y < to.getYear(); y += step) {
            ticks.add(new Tick("left: " + percent(ChronoUnit.DAYS.between(from, LocalDate.of(y, 1, 1)), total),
                    String.valueOf(y)));
        }
        return new TimelineChart(rows, ticks, "left: " + percent(ChronoUnit.DAYS.between(from, today), total),
                "left: " + percent(ChronoUnit.DAYS.between(from, asOf), total));
    }

    /** The bar's classes: its basis ({@code bar-employee}, {@code bar-flexible}) and its source ({@code src-census-fix}). */
    private static String css(Enrollments.Period p) {
        return "bar-" + p.basis().toLowerCase(Locale.ROOT) + " src-" + p.source().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static Bar bar(LocalDate from, LocalDate to, long total, LocalDate start, LocalDate end, String css,
            String who) {
        LocalDate stop = end == null ? to : end.plusDays(1);
        long left = ChronoUnit.DAYS.between(from, start);
        long width = Math.max(ChronoUnit.DAYS.between(start, stop), total / 150);
        String label = start + " — " + (end == null ? "…" : end) + (who.isEmpty() ? "" : " · " + who);
        return new Bar("left: " + percent(left, total) + "; width: " + percent(width, total),
                css + (end == null ? " open" : ""), label);
    }

    /** {@code part / total} as a CSS percentage with two decimals, by integer arithmetic. */
    static String percent(long part, long total) {
        long bp = Math.max(0, Math.min(10000, part * 10000 / total));
        return bp / 100 + "." + String.format("%02d", bp % 100) + "%";
    }
}
