package cn.liangxian.policy;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * A parameter value as found for one region at one date: the value, where it came from (the
 * jurisdiction in the chain that defines it and the date it took effect) and its citation.
 */
public record ResolvedParam(ParameterDefinition definition, Object value, String jurisdictionCode, LocalDate from,
        String reference, Confidence confidence, String note) {

    public String key() {
        return definition.key();
    }

    public BigDecimal decimal() {
        return (BigDecimal) value;
    }

    public int integer() {
        return (Integer) value;
    }

    public boolean bool() {
        return (Boolean) value;
    }

    public LocalDate date() {
        return (LocalDate) value;
    }

    public String text() {
        return (String) value;
    }

    /** The value as a clerk reads it, with its unit. */
    public String display() {
        String v = value instanceof BigDecimal d ? d.toPlainString() : String.valueOf(value);
        String unit = definition.unit();
        return unit == null || unit.isBlank() || unit.equals("-") ? v : v + " " + unit;
    }
}
