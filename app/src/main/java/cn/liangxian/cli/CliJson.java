package cn.liangxian.cli;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** JSON for the CLI's --json mode: the same records the REST API returns. */
final class CliJson {

    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private CliJson() {
    }

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static String error(String code, String messageZh, String messageEn) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("code", code);
        m.put("message", messageZh + " / " + messageEn);
        m.put("message_zh", messageZh);
        m.put("message_en", messageEn);
        return write(m);
    }
}
