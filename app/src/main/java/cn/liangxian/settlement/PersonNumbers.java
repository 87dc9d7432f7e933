package cn.liangxian.settlement;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * 人员编号 psn_no: the number a hospital knows a person by. Opaque (region code and random digits), issued once
 * per person on her first lookup, never derived from her ID number.
 */
@Component
class PersonNumbers {

    /** A person behind a psn_no. */
    record Holder(String psnNo, String regionCode, long personId) {
    }

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    PersonNumbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The person's psn_no, issued now if she has none. */
    String of(String regionCode, long personId) {
        Optional<String> known = jdbc.sql("select psn_no from nhsa_person_no where person_id = ?").param(personId)
                .query(String.class).optional();
        if (known.isPresent()) {
            return known.get();
        }
        byte[] b = new byte[8];
        random.nextBytes(b);
        String candidate = "P" + regionCode + HexFormat.of().withUpperCase().formatHex(b);
        jdbc.sql("insert into nhsa_person_no (psn_no, region_code, person_id) values (?, ?, ?) on conflict do nothing")
                .params(candidate, regionCode, personId).update();
        return jdbc.sql("select psn_no from nhsa_person_no where person_id = ?").param(personId).query(String.class)
                .single();
    }

    /** The person behind a psn_no; refused when unknown. */
    Holder holder(String psnNo) {
        return jdbc.sql("select psn_no, region_code, person_id from nhsa_person_no where psn_no = ?").param(psnNo)
                .query((rs, i) -> new Holder(rs.getString(1), rs.getString(2), rs.getLong(3))).optional()
                .orElseThrow(() -> new NhsaException("PSN_NO_UNKNOWN", "人员编号不存在，请先做人员信息获取（1101）",
                        "Unknown psn_no; look the person up first (1101)"));
    }
}
