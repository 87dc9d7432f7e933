package cn.liangxian.registry.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.liangxian.registry.Enrollments;

/** Where the timeline draws periods: whole years on the axis, bars in percent of it, open periods to its end. */
class TimelineChartTests {

    static Enrollments.Period period(String type, String basis, String uscc, String start, String end) {
        return new Enrollments.Period(1, "440100", 7, type, basis, uscc, LocalDate.parse(start),
                end == null ? null : LocalDate.parse(end), "ENROLLMENT", null);
    }

    @Test
    void theAxisRunsInWholeYearsAndAPeriodIsPlacedByItsDays() {
        TimelineChart c = TimelineChart.of(List.of(period("310", "EMPLOYEE", "A", "2021-01-01", "2021-12-31")), List.of(),
                LocalDate.of(2022, 6, 1), LocalDate.of(2022, 6, 1), Map.of("A", "甲公司"));
        // axis 2021-01-01 .. 2023-01-01 (730 days): 2021 is exactly its first half
        assertThat(c.rows()).extracting(TimelineChart.Row::key).containsExactly("310", "510", "spouse");
        TimelineChart.Bar bar = c.rows().get(0).bars().get(0);
        assertThat(bar.style()).isEqualTo("left: 0.00%; width: 50.00%");
        assertThat(bar.css()).isEqualTo("bar-employee src-enrollment");
        assertThat(bar.label()).isEqualTo("2021-01-01 — 2021-12-31 · 甲公司");
        assertThat(c.ticks()).extracting(TimelineChart.Tick::label).containsExactly("2021", "2022");
        assertThat(c.ticks().get(1).style()).isEqualTo("left: 50.00%");
        assertThat(c.rows().get(1).bars()).isEmpty();
    }

    @Test
    void anOpenPeriodRunsToTheEndOfTheAxisAndIsMarkedOpen() {
        TimelineChart c = TimelineChart.of(List.of(period("510", "EMPLOYEE", "A", "2022-01-01", null)), List.of(),
                LocalDate.of(2022, 6, 1), LocalDate.of(2022, 6, 1), Map.of());
        TimelineChart.Bar bar = c.rows().get(1).bars().get(0);
        assertThat(bar.style()).isEqualTo("left: 0.00%; width: 100.00%");
        assertThat(bar.css()).endsWith(" open");
        assertThat(bar.label()).isEqualTo("2022-01-01 — … · A");
    }

    @Test
    void nothingToDrawGivesNoChart() {
        assertThat(TimelineChart.of(List.of(), List.of(), LocalDate.now(), LocalDate.now(), Map.of())).isNull();
    }
}
