package cn.liangxian.policy.maternity;

import cn.liangxian.policy.Explanation;
import cn.liangxian.policy.PolicyView;
import cn.liangxian.policy.ResolvedParam;

/** Whether a delivery counts as normal or difficult, for leave and for the medical standard. */
enum DeliveryClass {
    NORMAL, DIFFICULT;

    static DeliveryClass of(PolicyView view, MaternityCategory cat, Explanation ex) {
        return switch (cat) {
            case NORMAL_DELIVERY -> NORMAL;
            case DIFFICULT_DELIVERY -> DIFFICULT;
            case CAESAREAN_DELIVERY -> {
                ResolvedParam p = ex.use("delivery-class", view.get("maternity.caesarean_counts_as_difficult"));
                ex.step("delivery-class", "caesarean", p.bool() ? "DIFFICULT" : "NORMAL",
                        p.bool() ? "本统筹区剖宫产按难产处理 / a caesarean counts as a difficult birth here"
                                : "剖宫产未经难产认定，按正常产处理 / an uncertified caesarean counts as a normal delivery here");
                yield p.bool() ? DIFFICULT : NORMAL;
            }
            default -> throw new IllegalArgumentException(cat + " is not a delivery");
        };
    }
}
