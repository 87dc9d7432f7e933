package cn.liangxian.reimbursement;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

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

    ReimbursementTimeline(Reimbursements reimbursements) {
        this.reimbursements = reimbursements;
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
                : r.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    private static String zh(Reimbursements.Reimbursement r) {
        if (Reimbursements.NOTHING_PAYABLE.equals(r.shownStatus())) {
            return "已审结，无应付金额";
        }
        return switch (r.status()) {
        case SUBMITTED -> "已提交";
        case PENDING_APPROVAL -> "待审批";
        case APPROVED -> "已同意，待支付";
        case IN_BATCH -> "支付中";
        case PAYMENT_FAILED -> "支付失败";
        case PAID -> "已支付";
        case REJECTED -> "不予报销";
        case CANCELLED -> "已撤销支付";
        };
    }
}
