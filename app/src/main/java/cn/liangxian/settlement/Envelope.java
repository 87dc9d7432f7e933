package cn.liangxian.settlement;

import java.time.LocalDateTime;
import java.util.List;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The national request envelope (nhsa-interface.md §0.1), checked field by field: required fields present,
 * lengths as the larger transcription allows, codes and dates well formed.
 */
record Envelope(String infno, String msgid, String mdtrtareaAdmvs, String insuplcAdmdvs, String recerSysCode,
        String opterType, String opter, String opterName, LocalDateTime infTime, String fixmedinsCode,
        String fixmedinsName, String signNo, String infver, JsonNode input) {

    static Envelope parse(byte[] body) {
        JsonNode root;
        try {
            root = NhsaGateway.JSON.readTree(body);
        } catch (JacksonException e) {
            throw new NhsaException("MALFORMED_ENVELOPE", "报文不是合法的 JSON", "The message is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new NhsaException("MALFORMED_ENVELOPE", "报文应为 JSON 对象", "The message must be a JSON object");
        }
        In e = In.object(wrap(root), "envelope");
        String infno = e.text("infno", 6);
        if (!infno.matches("[0-9]{4,6}")) {
            throw new NhsaException("FIELD_INVALID", "交易编号 infno 应为4至6位数字", "infno must be 4 to 6 digits");
        }
        String msgid = e.text("msgid", 30);
        String area = region(e, "mdtrtarea_admvs", true);
        String insuplc = region(e, "insuplc_admdvs", false);
        String recer = e.text("recer_sys_code", 10);
        String opterType = e.code("opter_type", List.of("1", "2", "3"));
        String opter = e.text("opter", 30);
        String opterName = e.text("opter_name", 50);
        LocalDateTime infTime = e.dateTime("inf_time");
        String code = e.text("fixmedins_code", 30);
        String name = e.text("fixmedins_name", 200);
        String signNo = e.opt("sign_no", 30);
        String infver = e.opt("infver", 6);
        if (!msgid.startsWith(code)) {
            throw new NhsaException("MSGID_INVALID", "报文ID应以定点医药机构编号开头（机构编号+时间+顺序号）",
                    "The msgid must begin with the institution code (code + time + sequence)");
        }
        JsonNode input = root.get("input");
        if (input == null || !input.isObject()) {
            throw new NhsaException("INPUT_NODE_MISSING", "缺少交易输入 input", "The envelope lacks its input");
        }
        return new Envelope(infno, msgid, area, insuplc, recer, opterType, opter, opterName, infTime, code, name,
                signNo, infver, input);
    }

    private static JsonNode wrap(JsonNode root) {
        return NhsaGateway.JSON.createObjectNode().set("envelope", root);
    }

    private static String region(In e, String field, boolean required) {
        String v = required ? e.text(field, 6) : e.opt(field, 6);
        if (v != null && !v.matches("[0-9]{6}")) {
            throw new NhsaException("FIELD_INVALID", field + " 应为6位行政区划代码", field + " must be a six-digit division code");
        }
        return v;
    }
}
