package cn.liangxian.institution;

import java.util.Optional;

import cn.liangxian.policy.Bilingual;

/** Kind of institution (医疗机构类别). */
public enum InstitutionType implements Bilingual {
    GENERAL_HOSPITAL("综合医院", "General hospital"),
    MATERNITY_CHILD_HEALTH("妇幼保健院", "Maternity and child health hospital"),
    SPECIALIST_HOSPITAL("专科医院", "Specialist hospital"),
    TCM_HOSPITAL("中医医院", "Traditional Chinese medicine hospital"),
    COMMUNITY_HEALTH_CENTRE("社区卫生服务中心", "Community health centre"),
    TOWNSHIP_HEALTH_CENTRE("乡镇（苏木）卫生院", "Township health centre");

    private final String zh;
    private final String en;

    InstitutionType(String zh, String en) {
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

    public static Optional<InstitutionType> parse(String s) {
        return Texts.parse(InstitutionType.class, s);
    }
}
