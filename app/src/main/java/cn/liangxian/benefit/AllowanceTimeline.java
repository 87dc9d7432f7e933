package cn.liangxian.benefit;

import java.time.LocalDate;
import java.util.List;

import org.springframework.stereotype.Component;

import cn.liangxian.me.MeTimelineEntry;
import cn.liangxian.me.MeTimelineSource;
import cn.liangxian.security.LiangxianUser;

/** Her allowance claims on her timeline and in her 参保缴费及待遇证明: one entry per claim, on the date of birth. */
@Component
class AllowanceTimeline implements MeTimelineSource {

    private final AllowanceClaims claims;

    AllowanceTimeline(AllowanceClaims claims) {
        this.claims = claims;
    }

    @Override
    public String kind() {
        return ALLOWANCE;
    }

    @Override
    public List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today) {
        return claims.timelineFor(viewer, personId).stream().map(t -> entry(t.claim())).toList();
    }

    private static MeTimelineEntry entry(AllowanceClaims.Claim c) {
        String detailZh;
        String detailEn;
        if (c.status() == AllowanceClaims.Status.REFUSED || c.allowanceDays() == null) {
            detailZh = c.refusalReason() == null ? "" : c.refusalReason();
            detailEn = detailZh;
        } else {
            detailZh = c.allowanceDays() + " 天 × 日津贴 " + c.dailyRate().toPlainString() + " 元";
            detailEn = c.allowanceDays() + " days × daily allowance CNY " + c.dailyRate().toPlainString();
        }
        boolean open = switch (c.status()) {
            case SUBMITTED, PENDING_APPROVAL, APPROVED, IN_BATCH, PAYMENT_FAILED -> true;
            default -> false;
        };
        return new MeTimelineEntry(ALLOWANCE, c.eventDate(), null, open, "生育津贴申领", "Maternity allowance claim",
                detailZh, detailEn, c.amount(), c.status().zh(), c.status().en(), "/ui/me/allowance");
    }
}
