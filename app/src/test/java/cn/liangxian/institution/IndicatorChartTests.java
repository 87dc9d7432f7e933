package cn.liangxian.institution;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The indicator chart's data: periods oldest first, values and limits as percentages, gaps where none. */
class IndicatorChartTests {

    static Measurement m(Indicator i, String from, String to, String value, String limit) {
        BigDecimal v = new BigDecimal(value);
        BigDecimal l = limit == null ? null : new BigDecimal(limit);
        return new Measurement("H1", i, LocalDate.parse(from), LocalDate.parse(to), v, "x", l,
                l == null ? null : v.compareTo(l) <= 0);
    }

    @Test
    void periodsAreOrderedByTheirLastDayAndAMissingValueIsAGap() {
        String json = AgencyInstitutionPages.chart(List.of(
                m(Indicator.CAESAREAN_RATE, "2025-01-01", "2025-12-31", "0.4310", "0.3800"),
                m(Indicator.CAESAREAN_RATE, "2024-01-01", "2024-12-31", "0.3420", "0.4000"),
                m(Indicator.MATERNITY_COST_GROWTH_RATE, "2025-01-01", "2025-12-31", "0.0910", null)));
        JsonNode d = JsonMapper.builder().build().readTree(json);
        assertThat(d.get("periods").get(0).asString()).isEqualTo("2024-01-01 — 2024-12-31");
        assertThat(d.get("periods").get(1).asString()).isEqualTo("2025-01-01 — 2025-12-31");
        JsonNode growth = d.get("series").get(0);
        JsonNode caesarean = d.get("series").get(1);
        assertThat(growth.get("values").get(0).isNull()).isTrue();
        assertThat(growth.get("values").get(1).decimalValue()).isEqualByComparingTo("9.1");
        assertThat(growth.get("limits").get(1).isNull()).isTrue();
        assertThat(caesarean.get("values").get(1).decimalValue()).isEqualByComparingTo("43.1");
        assertThat(caesarean.get("limits").get(0).decimalValue()).isEqualByComparingTo("40");
        assertThat(caesarean.get("limits").get(1).decimalValue()).isEqualByComparingTo("38");
        assertThat(AgencyInstitutionPages.chart(List.of())).isNull();
    }
}
