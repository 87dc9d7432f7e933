package cn.liangxian.institution;

import java.util.Optional;

import cn.liangxian.policy.Bilingual;

/**
 * Indicators an agreement limits (服务协议指标), each a ratio with an upper limit, and the policy parameter
 * that gives its default limit.
 */
public enum Indicator implements Bilingual {
    /** 生育医疗费用增长率: growth of the institution's maternity medical costs over the previous period. */
    MATERNITY_COST_GROWTH_RATE("生育医疗费用增长率", "Maternity medical cost growth rate",
            "institution.indicator.maternity_cost_growth_rate.limit"),
    /** 剖宫产率: caesarean deliveries among all deliveries. */
    CAESAREAN_RATE("剖宫产率", "Caesarean rate", "institution.indicator.caesarean_rate.limit");

    private final String zh;
    private final String en;
    private final String limitParameter;

    Indicator(String zh, String en, String limitParameter) {
        this.zh = zh;
        this.en = en;
        this.limitParameter = limitParameter;
    }

    @Override
    public String zh() {
        return zh;
    }

    @Override
    public String en() {
        return en;
    }

    /** The policy parameter holding the region's default limit. */
    public String limitParameter() {
        return limitParameter;
    }

    public static Optional<Indicator> parse(String s) {
        return Texts.parse(Indicator.class, s);
    }
}
