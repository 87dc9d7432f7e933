package cn.liangxian.settlement;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Reads the fields of one node of the envelope's {@code input}, checking presence, length and format as the
 * spec's field tables say; every refusal names the node and the field.
 */
final class In {

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final JsonNode node;
    private final String name;

    private In(JsonNode node, String name) {
        this.node = node;
        this.name = name;
    }

    /** The object node {@code name} under {@code parent}; refused when missing or not an object. */
    static In object(JsonNode parent, String name) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || !n.isObject()) {
            throw new NhsaException("INPUT_NODE_MISSING", "交易输入缺少节点 " + name,
                    "The input lacks the node " + name);
        }
        return new In(n, name);
    }

    /** The elements of the array node {@code name}; refused when missing, not an array or empty (when required). */
    static List<In> array(JsonNode parent, String name, boolean required) {
        JsonNode n = parent == null ? null : parent.get(name);
        if (n == null || n.isNull()) {
            if (required) {
                throw new NhsaException("INPUT_NODE_MISSING", "交易输入缺少节点 " + name,
                        "The input lacks the node " + name);
            }
            return List.of();
        }
        if (!n.isArray() || (required && n.isEmpty())) {
            throw new NhsaException("INPUT_NODE_INVALID", "节点 " + name + " 应为非空数组",
                    "The node " + name + " must be a non-empty array");
        }
        List<In> out = new ArrayList<>();
        int i = 0;
        for (JsonNode e : n) {
            if (!e.isObject()) {
                throw new NhsaException("INPUT_NODE_INVALID", "节点 " + name + "[" + i + "] 应为对象",
                        "The element " + name + "[" + i + "] must be an object");
            }
            out.add(new In(e, name + "[" + i + "]"));
            i++;
        }
        return out;
    }

    JsonNode node() {
        return node;
    }

    private String raw(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || v.isContainer()) {
            return null;
        }
        String s = v.asString().strip();
        return s.isEmpty() ? null : s;
    }

    /** A required string of at most {@code max} characters. */
    String text(String field, int max) {
        String s = opt(field, max);
        if (s == null) {
            throw missing(field);
        }
        return s;
    }

    /** An optional string of at most {@code max} characters. */
    String opt(String field, int max) {
        String s = raw(field);
        if (s != null && s.codePointCount(0, s.length()) > max) {
            throw new NhsaException("FIELD_TOO_LONG", name + "." + field + " 超过 " + max + " 个字符",
                    name + "." + field + " is longer than " + max + " characters");
        }
        return s;
    }

    /** A required code from a list. */
    String code(String field, List<String> allowed) {
        String s = text(field, 6);
        if (!allowed.contains(s)) {
            throw invalid(field, s, "取值应为 " + allowed, "must be one of " + allowed);
        }
        return s;
    }

    /** A required amount: a number (or numeric string) with at most two decimals, zero or more. */
    BigDecimal money(String field) {
        BigDecimal d = optMoney(field);
        if (d == null) {
            throw missing(field);
        }
        return d;
    }

    BigDecimal optMoney(String field) {
        BigDecimal d = optDecimal(field);
        if (d == null) {
            return null;
        }
        if (d.scale() > 2 && d.stripTrailingZeros().scale() > 2) {
            throw invalid(field, d.toPlainString(), "金额最多两位小数", "an amount has at most two decimals");
        }
        if (d.signum() < 0) {
            throw invalid(field, d.toPlainString(), "金额不能为负", "an amount cannot be negative");
        }
        return d.setScale(2, java.math.RoundingMode.UNNECESSARY);
    }

    /** A required decimal number (quantities and unit prices may be negative for refund lines). */
    BigDecimal decimal(String field) {
        BigDecimal d = optDecimal(field);
        if (d == null) {
            throw missing(field);
        }
        return d;
    }

    BigDecimal optDecimal(String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        try {
            if (v.isNumber()) {
                return v.decimalValue();
            }
            String s = v.asString().strip();
            return s.isEmpty() ? null : new BigDecimal(s);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid(field, v.asString(), "应为数值", "must be a number");
        }
    }

    /** An optional whole number between {@code min} and {@code max}. */
    Integer optInt(String field, int min, int max) {
        BigDecimal d = optDecimal(field);
        if (d == null) {
            return null;
        }
        try {
            int i = d.intValueExact();
            if (i < min || i > max) {
                throw invalid(field, d.toPlainString(), "应在 " + min + " 至 " + max + " 之间",
                        "must be between " + min + " and " + max);
            }
            return i;
        } catch (ArithmeticException e) {
            throw invalid(field, d.toPlainString(), "应为整数", "must be a whole number");
        }
    }

    LocalDateTime dateTime(String field) {
        LocalDateTime t = optDateTime(field);
        if (t == null) {
            throw missing(field);
        }
        return t;
    }

    LocalDateTime optDateTime(String field) {
        String s = raw(field);
        if (s == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(s, DATE_TIME);
        } catch (DateTimeParseException e) {
            throw invalid(field, s, "格式应为 yyyy-MM-dd HH:mm:ss", "must be yyyy-MM-dd HH:mm:ss");
        }
    }

    LocalDate date(String field) {
        LocalDate d = optDate(field);
        if (d == null) {
            throw missing(field);
        }
        return d;
    }

    LocalDate optDate(String field) {
        String s = raw(field);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s.length() > 10 ? s.substring(0, 10) : s);
        } catch (DateTimeParseException e) {
            throw invalid(field, s, "格式应为 yyyy-MM-dd", "must be yyyy-MM-dd");
        }
    }

    private NhsaException missing(String field) {
        return new NhsaException("FIELD_REQUIRED", "缺少必填字段 " + name + "." + field,
                "The required field " + name + "." + field + " is missing");
    }

    private NhsaException invalid(String field, String value, String zh, String en) {
        return new NhsaException("FIELD_INVALID", name + "." + field + "（" + value + "）" + zh,
                name + "." + field + " (" + value + ") " + en);
    }
}
