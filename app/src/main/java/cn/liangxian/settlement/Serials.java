package cn.liangxian.settlement;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The hospital's own serial numbers, claimed once per transaction type (see {@link NhsaGateway}). */
@Component
class Serials {

    /** Thrown when a serial was claimed before: the answer to give is the first one. */
    static final class Repeat extends RuntimeException {
        final String response;

        Repeat(String response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    private final JdbcClient jdbc;

    Serials(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims a hospital serial number for this message. When another message claimed it first, throws
     * {@link Repeat} with that message's answer (waiting for it if it is still running).
     */
    void claim(NhsaGateway.Call call, String serialKey) {
        String key = serialKey.length() > 200 ? serialKey.substring(0, 200) : serialKey;
        int claimed = jdbc.sql("""
                insert into nhsa_serial (institution_code, infno, serial, msgid) values (?, ?, ?, ?)
                on conflict do nothing""")
                .params(call.institutionCode(), call.envelope().infno(), key, call.envelope().msgid()).update();
        if (claimed == 1) {
            return;
        }
        Optional<String> first = jdbc.sql("""
                select m.response from nhsa_serial s
                  join nhsa_message m on m.institution_code = s.institution_code and m.msgid = s.msgid
                 where s.institution_code = ? and s.infno = ? and s.serial = ?""")
                .params(call.institutionCode(), call.envelope().infno(), key).query(String.class).optional();
        if (first.isEmpty() || first.get() == null) {
            throw new NhsaException("SERIAL_IN_PROGRESS", "同一流水号的报文正在处理", "A message with this serial is in progress");
        }
        throw new Repeat(first.get());
    }

}
