package cn.liangxian.registry;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.web.ApiException;

/**
 * Maternity events reported to the registry: a maternity encounter settled, a benefit claim filed. Settlement
 * and benefits call {@link #record}; each event is stored once per (region, source, source reference) and the
 * speculative-enrollment checks run on it at once, in the same transaction.
 */
@Service
public class MaternityEvents {

    /**
     * A recorded event. {@code repeat} is true when the same source reference had been recorded before (nothing
     * was written then); {@code flagIds} are the flags this event raised.
     */
    public record Event(long id, String regionCode, long personId, LocalDate eventDate, String source,
            String sourceRef, boolean repeat, List<Long> flagIds) {
    }

    private final JdbcClient jdbc;
    private final EnrollmentFlags flags;
    private final PersonDirectory persons;

    MaternityEvents(JdbcClient jdbc, EnrollmentFlags flags, PersonDirectory persons) {
        this.jdbc = jdbc;
        this.flags = flags;
        this.persons = persons;
    }

    /** The event recorded for a source reference (e.g. a settlement's id), if any and not withdrawn. */
    public Optional<Event> find(String regionCode, String source, String sourceRef) {
        return jdbc.sql("""
                select * from maternity_event where region_code = ? and source = ? and source_ref = ?
                   and withdrawn_at is null""")
                .params(regionCode, source, sourceRef)
                .query((rs, i) -> new Event(rs.getLong("id"), rs.getString("region_code"), rs.getLong("person_id"),
                        rs.getDate("event_date").toLocalDate(), rs.getString("source"), rs.getString("source_ref"),
                        true, List.of()))
                .optional();
    }

    /**
     * Records a maternity event of a person on a date, from a source (e.g. {@code SETTLEMENT}, {@code CLAIM}) and
     * the source's own reference, and evaluates the speculative-enrollment rules. Idempotent: the same source
     * reference again answers the first event and writes nothing; with another person or date it is refused.
     */
    @Transactional
    public Event record(String regionCode, long personId, LocalDate eventDate, String source, String sourceRef) {
        if (regionCode == null || eventDate == null || source == null || source.isBlank() || sourceRef == null
                || sourceRef.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MATERNITY_EVENT_INVALID");
        }
        String src = source.strip();
        String ref = sourceRef.strip();
        String personRegion = jdbc.sql("select region_code from person where id = ?").param(personId)
                .query(String.class).optional()
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        if (!personRegion.equals(regionCode)) {
            throw new ApiException(HttpStatus.CONFLICT, "REGION_MISMATCH");
        }
        Optional<Long> id = jdbc.sql("""
                insert into maternity_event (region_code, person_id, event_date, source, source_ref)
                values (?, ?, ?, ?, ?) on conflict (region_code, source, source_ref) do nothing returning id""")
                .params(regionCode, personId, eventDate, src, ref).query(Long.class).optional();
        if (id.isEmpty()) {
            Event first = jdbc.sql("""
                    select * from maternity_event where region_code = ? and source = ? and source_ref = ?""")
                    .params(regionCode, src, ref)
                    .query((rs, i) -> new Event(rs.getLong("id"), rs.getString("region_code"), rs.getLong("person_id"),
                            rs.getDate("event_date").toLocalDate(), rs.getString("source"), rs.getString("source_ref"),
                            true, List.of()))
                    .single();
            if (first.personId() != personId || !first.eventDate().equals(eventDate)) {
                throw new ApiException(HttpStatus.CONFLICT, "MATERNITY_EVENT_REF_CONFLICT", src, ref);
            }
            return first;
        }
        Event e = new Event(id.get(), regionCode, personId, eventDate, src, ref, false, List.of());
        List<Long> raised = flags.evaluate(e);
        return new Event(e.id(), regionCode, personId, eventDate, src, ref, false, raised);
    }

    /**
     * Withdraws the event of a source reference whose source was undone (e.g. a settlement reversed), with the
     * reason; the row stays. Answers whether an event was withdrawn now (false: none, or withdrawn before).
     */
    @Transactional
    public boolean withdraw(String regionCode, String source, String sourceRef, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "MATERNITY_EVENT_INVALID");
        }
        return jdbc.sql("""
                update maternity_event set withdrawn_at = now(), withdrawn_reason = ?
                 where region_code = ? and source = ? and source_ref = ? and withdrawn_at is null""")
                .params(reason.strip(), regionCode, source, sourceRef).update() == 1;
    }

    /** A person's recorded events that stand, newest first, for whoever may see her (agency of her region, herself). */
    public List<Event> ofPerson(cn.liangxian.security.LiangxianUser viewer, long personId) {
        persons.requireVisible(viewer, personId);
        return jdbc.sql("""
                select * from maternity_event where person_id = ? and withdrawn_at is null
                 order by event_date desc, id desc""")
                .param(personId)
                .query((rs, i) -> new Event(rs.getLong("id"), rs.getString("region_code"), rs.getLong("person_id"),
                        rs.getDate("event_date").toLocalDate(), rs.getString("source"), rs.getString("source_ref"),
                        false, List.of()))
                .list();
    }
}
