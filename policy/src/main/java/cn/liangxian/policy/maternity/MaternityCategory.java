package cn.liangxian.policy.maternity;

import cn.liangxian.policy.Bilingual;

import java.util.Optional;

/** What the maternity medical event was. Drives the medical standard and the leave segments. */
public enum MaternityCategory implements Bilingual {
    PRENATAL_CARE("产前检查", "Prenatal care", "prenatal_care", false),
    NORMAL_DELIVERY("正常产（顺产）", "Normal delivery", "normal_delivery", true),
    DIFFICULT_DELIVERY("难产（经医疗机构认定）", "Difficult delivery (certified)", "difficult_delivery", true),
    CAESAREAN_DELIVERY("剖宫产", "Caesarean delivery", null, true),
    MISCARRIAGE_UNDER_4_MONTHS("怀孕不满4个月流产", "Miscarriage under 4 months", "miscarriage_under_4_months", false),
    MISCARRIAGE_4_MONTHS_OR_MORE("怀孕满4个月流产", "Miscarriage at 4 months or more", "miscarriage_4_months_or_more",
            false),
    STERILIZATION("绝育手术", "Sterilization", "sterilization", false),
    IUD_INSERTION("放置宫内节育器", "IUD insertion", "iud_insertion", false),
    IUD_REMOVAL("取出宫内节育器", "IUD removal", "iud_removal", false);

    private final String zh;
    private final String en;
    private final String paramName;
    private final boolean delivery;

    MaternityCategory(String zh, String en, String paramName, boolean delivery) {
        this.zh = zh;
        this.en = en;
        this.paramName = paramName;
        this.delivery = delivery;
    }

    @Override
    public String zh() {
        return zh;
    }

    @Override
    public String en() {
        return en;
    }

    public boolean isDelivery() {
        return delivery;
    }

    /** Name used in parameter keys; a caesarean has none of its own (it is treated as normal or difficult). */
    String paramName() {
        return paramName;
    }

    public static Optional<MaternityCategory> parse(String s) {
        return Bilingual.parse(MaternityCategory.class, s);
    }
}
