package cn.liangxian.me;

import java.time.LocalDate;
import java.util.List;

import org.springframework.stereotype.Component;

import cn.liangxian.registry.MaternityEvents;
import cn.liangxian.security.LiangxianUser;

/**
 * Her maternity events as the registry recorded them (a settled birth, a claim). Events a source shows in more
 * detail itself (a paid reimbursement) are left to that source.
 */
@Component
class MaternityEventTimeline implements MeTimelineSource {

    /** Sources whose own timeline entries already show the event. */
    static final List<String> SHOWN_BY_THEIR_SOURCE = List.of("REIMBURSEMENT", "SETTLEMENT");

    private final MaternityEvents events;

    MaternityEventTimeline(MaternityEvents events) {
        this.events = events;
    }

    @Override
    public String kind() {
        return MATERNITY_EVENT;
    }

    @Override
    public List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today) {
        return events.ofPerson(viewer, personId).stream().filter(e -> !SHOWN_BY_THEIR_SOURCE.contains(e.source()))
                .map(e -> new MeTimelineEntry(MATERNITY_EVENT, e.eventDate(), null, false, "生育事件登记",
                        "Maternity event recorded", "来源 " + e.source() + " " + e.sourceRef(),
                        "source " + e.source() + " " + e.sourceRef(), null, "已登记", "recorded", null))
                .toList();
    }
}
