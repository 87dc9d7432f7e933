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
        claim(call, serialKey, null);
    }

    /**
     * The same, taking in the same statement the transaction's advisory lock on {@code lockKey} when it is not
     * null (a settlement locks its person, so her settlements are computed one at a time). A statement that
     * follows sees what the lock's previous holder committed.
     */
    void claim(NhsaGateway.Call call, String serialKey, Long lockKey) {
        String key = serialKey.length() > 200 ? serialKey.substring(0, 200) : serialKey;
        String insert = """
                insert into nhsa_serial (institution_code, infno, serial, msgid) values (?, ?, ?, ?)
                on conflict do nothing""";
        int claimed = lockKey == null
                ? jdbc.sql(insert).params(call.institutionCode(), call.envelope().infno(), key, call.envelope().msgid())
                        .update()
                : jdbc.sql("with claimed as (" + insert + " returning 1) select (select count(*) from claimed)::int,"
                        + " pg_advisory_xact_lock(?)::text")
                        .params(call.institutionCode(), call.envelope().infno(), key, call.envelope().msgid(), lockKey)
                        .query((rs, i) -> rs.getInt(1)).single();
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
