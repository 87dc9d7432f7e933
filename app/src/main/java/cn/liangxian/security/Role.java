package cn.liangxian.security;

import java.util.EnumSet;
import java.util.Set;

import cn.liangxian.policy.Bilingual;

/** The roles of the system, each bound to what it may see. */
public enum Role implements Bilingual {
    AGENCY_CLERK("经办人员", "Agency clerk", Binding.REGIONS),
    AGENCY_REVIEWER("复核人员", "Agency reviewer", Binding.REGIONS),
    AGENCY_APPROVER("审批人员", "Agency approver", Binding.REGIONS),
    FINANCE("财务人员", "Finance", Binding.REGIONS),
    SUPERVISOR("基金监管人员", "Fund supervisor", Binding.REGIONS),
    POLICY_ADMIN("政策管理员", "Policy administrator", Binding.REGIONS),
    SYSTEM_ADMIN("系统管理员", "System administrator", Binding.REGIONS),
    EMPLOYER_HR("参保单位经办人", "Employer HR", Binding.EMPLOYER),
    INSURED("参保人", "Insured person", Binding.PERSON),
    HOSPITAL("定点医疗机构", "Contracted hospital", Binding.INSTITUTION);

    /** What a role is bound to. */
    public enum Binding {
        REGIONS, EMPLOYER, PERSON, INSTITUTION
    }

    public static final Set<Role> AGENCY = EnumSet.of(AGENCY_CLERK, AGENCY_REVIEWER, AGENCY_APPROVER, FINANCE,
            SUPERVISOR, POLICY_ADMIN, SYSTEM_ADMIN);

    private final String zh;
    private final String en;
    private final Binding binding;

    Role(String zh, String en, Binding binding) {
        this.zh = zh;
        this.en = en;
        this.binding = binding;
    }

    @Override
    public String zh() {
        return zh;
    }

    @Override
    public String en() {
        return en;
    }

    public Binding binding() {
        return binding;
    }

    public boolean isAgency() {
        return binding == Binding.REGIONS;
    }

    /** The portal this role works in. */
    public String portal() {
        return switch (binding) {
            case REGIONS -> "/ui/agency";
            case EMPLOYER -> "/ui/employer";
            case PERSON -> "/ui/me";
            case INSTITUTION -> "/ui/hospital";
        };
    }

    public String authority() {
        return "ROLE_" + name();
    }
}
