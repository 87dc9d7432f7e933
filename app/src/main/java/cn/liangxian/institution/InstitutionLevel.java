package cn.liangxian.institution;

import java.util.Optional;

import cn.liangxian.policy.Bilingual;

/** Hospital grade (医院等级). */
public enum InstitutionLevel implements Bilingual {
    GRADE_3A("三级甲等", "Grade 3A"),
    GRADE_3("三级", "Grade 3"),
    GRADE_2A("二级甲等", "Grade 2A"),
    GRADE_2("二级", "Grade 2"),
    GRADE_1("一级", "Grade 1"),
    UNGRADED("未定级", "Ungraded");

    private final String zh;
    private final String en;

    InstitutionLevel(String zh, String en) {
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

    public static Optional<InstitutionLevel> parse(String s) {
        return Texts.parse(InstitutionLevel.class, s);
    }
}
