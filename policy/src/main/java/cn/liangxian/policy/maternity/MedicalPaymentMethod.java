package cn.liangxian.policy.maternity;

import cn.liangxian.policy.Bilingual;

/** How the fund pays a maternity medical category. */
public enum MedicalPaymentMethod implements Bilingual {
    /** 限额支付，限额以内据实支付: actual cost up to a cap. */
    CAPPED_ACTUAL("限额以内据实支付", "actual cost up to the cap"),
    /** 按病种定额: a per-disease quota; the insured's own cost is covered up to the quota. */
    PER_DISEASE_QUOTA("按病种定额", "per-disease quota"),
    /** 按人头: a per-head amount for the whole prenatal package. */
    PER_HEAD("按人头付费", "per-head payment"),
    /** 按单元: an amount per unit (stage) of prenatal care. */
    PER_UNIT("按单元付费", "per-unit payment"),
    /** Actual covered cost with no maternity-specific cap. */
    ACTUAL_COST("据实支付", "actual cost");

    private final String zh;
    private final String en;

    MedicalPaymentMethod(String zh, String en) {
        this.zh = zh;
        this.en = en;
    }

    @Override
    public String zh() {
        return zh;
    }

    @Override
    public String en() {
        return en;
    }
}
