package cn.liangxian.institution;

import java.util.Optional;

import cn.liangxian.policy.Bilingual;

/** Which catalog an item belongs to. */
public enum ItemKind implements Bilingual {
    DRUG("药品", "Drug"),
    SERVICE("诊疗项目", "Medical service"),
    FACILITY("医疗服务设施", "Service facility");

    private final String zh;
    private final String en;

    ItemKind(String zh, String en) {
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

    /** By name or by its Chinese or English text. */
    public static Optional<ItemKind> parse(String s) {
        return Texts.parse(ItemKind.class, s);
    }
}
