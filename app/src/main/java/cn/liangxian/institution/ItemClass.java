package cn.liangxian.institution;

import java.util.Optional;

import cn.liangxian.policy.Bilingual;

/**
 * The class of a catalog item: 甲 covered in full, 乙 covered after the insured pays a region-set share first,
 * 丙 not covered.
 */
public enum ItemClass implements Bilingual {
    A("甲类", "Class A"),
    B("乙类", "Class B"),
    C("丙类", "Class C");

    private final String zh;
    private final String en;

    ItemClass(String zh, String en) {
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

    /** By name (A/B/C), by 甲/乙/丙 or 甲类/乙类/丙类, or by the English text. */
    public static Optional<ItemClass> parse(String s) {
        if (s != null) {
            switch (s.strip()) {
                case "甲" -> {
                    return Optional.of(A);
                }
                case "乙" -> {
                    return Optional.of(B);
                }
                case "丙" -> {
                    return Optional.of(C);
                }
                default -> {
                }
            }
        }
        return Texts.parse(ItemClass.class, s);
    }
}
