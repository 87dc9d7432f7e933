package cn.liangxian.policy;

import java.math.BigDecimal;
import java.time.LocalDate;

/** The type of a parameter's values, declared once in the parameter catalog. */
public enum ParamType {
    DECIMAL, INTEGER, BOOLEAN, DATE, TEXT;

    Object parse(String key, Object raw) {
        if (raw == null) {
            throw new IllegalStateException("parameter " + key + " has an empty value");
        }
        String s = raw.toString().trim();
        try {
            return switch (this) {
                case DECIMAL -> new BigDecimal(s);
                case INTEGER -> Integer.valueOf(s);
                case BOOLEAN -> {
                    if (raw instanceof Boolean b) {
                        yield b;
                    }
                    if (!s.equals("true") && !s.equals("false")) {
                        throw new IllegalArgumentException("not a boolean");
                    }
                    yield Boolean.valueOf(s);
                }
                case DATE -> LocalDate.parse(s);
                case TEXT -> s;
            };
        } catch (RuntimeException e) {
            throw new IllegalStateException("parameter " + key + ": value '" + s + "' is not a " + this, e);
        }
    }
}
