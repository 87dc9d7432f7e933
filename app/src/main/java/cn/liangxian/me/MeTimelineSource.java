package cn.liangxian.me;

import java.time.LocalDate;
import java.util.List;

import cn.liangxian.security.LiangxianUser;

/**
 * A contributor to the insured person's timeline (/ui/me/timeline) and to her 参保缴费及待遇证明. A feature adds its
 * entries by declaring a bean that implements this interface — no change here is needed. Extension points waiting
 * for their features: {@link #SETTLEMENT} (encounters and settlements at contracted hospitals, from the settlement
 * feature's per-person query) and {@link #ALLOWANCE} (maternity allowance claims and payments, from the benefit
 * feature's per-person query).
 */
public interface MeTimelineSource {

    String COVERAGE = "COVERAGE";
    String CONTRIBUTION = "CONTRIBUTION";
    String MATERNITY_EVENT = "MATERNITY_EVENT";
    String REIMBURSEMENT = "REIMBURSEMENT";
    /** Extension point: encounters and settlements (the settlement feature provides the bean). */
    String SETTLEMENT = "SETTLEMENT";
    /** Extension point: maternity allowance claims and payments (the benefit feature provides the bean). */
    String ALLOWANCE = "ALLOWANCE";

    /**
     * The person's entries as of {@code today}, for {@code viewer}; a source checks the viewer may see the person
     * (the page asks only for the signed-in insured person herself).
     */
    List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today);

    /** The kind of entries this source gives (for the page's filter and the notice's sections). */
    String kind();
}
