package cn.liangxian.reimbursement;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

import cn.liangxian.me.MeTimelineEntry;
import cn.liangxian.me.MeTimelineSource;
import cn.liangxian.security.LiangxianUser;

/** Her manual reimbursements on her timeline: the claim on its service date, with its status and the benefit. */
@Component
class ReimbursementTimeline implements MeTimelineSource {

    /** Where a claim ends; any other status is still pending on her timeline. */
    static final Set<Reimbursements.Status> FINAL = EnumSet.of(Reimbursements.Status.PAID,
            Reimbursements.Status.REJECTED, Reimbursements.Status.CANCELLED);

    private final Reimbursements reimbursements;
    private final MessageSource messages;

    ReimbursementTimeline(Reimbursements reimbursements, MessageSource messages) {
        this.reimbursements = reimbursements;
        this.messages = messages;
    }

    @Override
    public String kind() {
        return REIMBURSEMENT;
    }

    @Override
    public List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today) {
        return reimbursements.ofPerson(personId).stream()
                .filter(r -> reimbursements.canSee(viewer, r))
                .map(r -> new MeTimelineEntry(REIMBURSEMENT, r.serviceDate(), null,
                        !FINAL.contains(r.status()),
                        "零星报销 · " + r.category().zh(), "Manual reimbursement · " + r.category().en(),
                        r.institutionName() + " · 申报 " + r.claimedTotal().toPlainString() + " 元",
                        r.institutionName() + " · claimed " + r.claimedTotal().toPlainString(),
                        r.benefit(), zh(r), en(r),
                        "/ui/me/reimbursements/" + r.number()))
                .toList();
    }

    private static String en(Reimbursements.Reimbursement r) {
        return Reimbursements.NOTHING_PAYABLE.equals(r.shownStatus()) ? "closed, nothing payable"
                : r.status().name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** Her claim's status as every reimbursement page words it ({@code rb.status.*}). */
    private String zh(Reimbursements.Reimbursement r) {
        return messages.getMessage("rb.status." + r.shownStatus(), null, Locale.SIMPLIFIED_CHINESE);
    }
}
