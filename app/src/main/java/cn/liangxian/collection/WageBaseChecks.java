package cn.liangxian.collection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import cn.liangxian.registry.EnrollmentFlags;
import cn.liangxian.security.AccessPolicy;
import cn.liangxian.security.LiangxianUser;

/**
 * Speculative-enrollment check {@code EMPLOYER_WITHOUT_WAGE_BASE} (挂靠单位参保: an employer that enrolls people
 * but declares no wages for them): when a clerk closes a contribution year's declarations (or runs the check), every
 * employer of the region with employees in 310 during the year and no wage-base declaration for it is flagged into
 * supervision's queue, once per employer and year, with the evidence.
 */
@Service
public class WageBaseChecks {

    /** What a check found: the employers flagged now and those already flagged before. */
    public record Outcome(String regionCode, int year, int employersWithoutDeclaration, List<Long> flagsRaised) {
    }

    private final WageBases wageBases;
    private final EnrollmentFlags flags;
    private final JdbcClient jdbc;
    private final AccessPolicy access;

    WageBaseChecks(WageBases wageBases, EnrollmentFlags flags, JdbcClient jdbc, AccessPolicy access) {
        this.wageBases = wageBases;
        this.flags = flags;
        this.jdbc = jdbc;
        this.access = access;
    }

    @Transactional
    public Outcome check(LiangxianUser by, String region, Integer year) {
        access.requireRole(by, CollectionSupport.CLERKS);
        access.requireVisible(by, AccessPolicy.Owner.region(region == null ? "" : region));
        int y = CollectionSupport.year(year);
        List<WageBases.Undeclared> found = wageBases.employersWithoutDeclaration(region, y);
        List<Long> raised = new ArrayList<>();
        for (WageBases.Undeclared u : found) {
            List<Long> people = jdbc.sql("""
                    select distinct person_id from coverage
                     where region_code = ? and employer_uscc = ? and insurance_type = '310'
                       and start_date <= make_date(?, 12, 31) and (end_date is null or end_date >= make_date(?, 1, 1))
                     order by person_id limit 20""")
                    .params(region, u.uscc(), y, y).query(Long.class).list();
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("employer", u.uscc());
            ev.put("year", y);
            ev.put("enrollees", u.employees());
            ev.put("newEnrolleeIds", people);
            ev.put("coveredFrom", u.firstCovered().toString());
            ev.put("declarations", 0);
            ev.put("checkedOn", CollectionSupport.today().toString());
            Optional<Long> id = flags.raiseEmployerWithoutWageBase(region, u.uscc(), y, ev);
            id.ifPresent(raised::add);
        }
        return new Outcome(region, y, found.size(), raised);
    }
}
