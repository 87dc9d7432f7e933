package cn.liangxian.audit;

import java.time.OffsetDateTime;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Re-computes the audit chain from the first row and names the first row that does not fit. */
@Service
public class AuditVerifier {

    private final JdbcClient jdbc;

    public AuditVerifier(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The result: how many rows were checked and, if the chain is broken, where and why. */
    public record Result(long rowsChecked, Long firstBrokenId, String reason) {
        public boolean intact() {
            return firstBrokenId == null;
        }
    }

    public Result verify() {
        AtomicReference<String> prev = new AtomicReference<>(AuditHash.GENESIS);
        AtomicLong checked = new AtomicLong();
        AtomicReference<Result> broken = new AtomicReference<>();
        jdbc.sql("select * from audit_event order by id").query(rs -> {
            if (broken.get() != null) {
                return;
            }
            AuditEvent e = new AuditEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class).toInstant(),
                    rs.getString("actor"), rs.getString("role"), rs.getString("region_code"), rs.getString("action"),
                    rs.getString("object_type"), rs.getString("object_id"), rs.getString("before_masked"),
                    rs.getString("after_masked"), rs.getString("client_address"), rs.getString("prev_hash"),
                    rs.getString("hash"));
            checked.incrementAndGet();
            if (!e.prevHash().equals(prev.get())) {
                broken.set(new Result(checked.get(), e.id(), "prev_hash does not match the hash of the row before"));
            } else if (!AuditHash.of(e).equals(e.hash())) {
                broken.set(new Result(checked.get(), e.id(), "the row's content does not match its hash"));
            }
            prev.set(e.hash());
        });
        return broken.get() != null ? broken.get() : new Result(checked.get(), null, null);
    }
}
