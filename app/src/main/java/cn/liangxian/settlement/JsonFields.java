package cn.liangxian.settlement;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Small helpers for the simulated hospital's messages. */
final class JsonFields {

    /** The amounts a 2207 repeats from the 2206 answer. */
    static final List<String> SETTLE_AMOUNTS = List.of("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt",
            "inscp_scp_amt");

    private JsonFields() {
    }

    static void copyAmounts(JsonNode setlinfo, Map<String, Object> into) {
        for (String f : SETTLE_AMOUNTS) {
            JsonNode v = setlinfo.get(f);
            into.put(f, v == null || v.isNull() ? null : v.decimalValue());
        }
    }
}
