package cn.liangxian.me;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Component;

import cn.liangxian.registry.EmployerRegistry;
import cn.liangxian.registry.Enrollments;
import cn.liangxian.security.LiangxianUser;

/** Her coverage periods (310 and 510 of one employment shown together) and spouse registrations. */
@Component
class CoverageTimeline implements MeTimelineSource {

    private final Enrollments enrollments;
    private final EmployerRegistry employers;

    CoverageTimeline(Enrollments enrollments, EmployerRegistry employers) {
        this.enrollments = enrollments;
        this.employers = employers;
    }

    @Override
    public String kind() {
        return COVERAGE;
    }

    @Override
    public List<MeTimelineEntry> entries(LiangxianUser viewer, long personId, LocalDate today) {
        Enrollments.Timeline t = enrollments.timeline(viewer, personId);
        Map<String, String> names = employers.names(t.person().regionCode(), t.periods().stream()
                .map(Enrollments.Period::employerUscc).filter(Objects::nonNull).distinct().toList());
        Map<List<Object>, List<Enrollments.Period>> together = new LinkedHashMap<>();
        for (Enrollments.Period p : t.periods()) {
            together.computeIfAbsent(Arrays.asList(p.basis(), p.employerUscc(), p.startDate(), p.endDate()),
                    k -> new ArrayList<>()).add(p);
        }
        List<MeTimelineEntry> out = new ArrayList<>();
        for (List<Enrollments.Period> ps : together.values()) {
            Enrollments.Period p = ps.get(0);
            String types = String.join(" + ", ps.stream().map(Enrollments.Period::insuranceType).sorted().toList());
            boolean current = !p.startDate().isAfter(today) && (p.endDate() == null || !p.endDate().isBefore(today));
            String employer = p.employerUscc() == null ? null : names.getOrDefault(p.employerUscc(), p.employerUscc());
            String basisZh = switch (p.basis()) {
            case "EMPLOYEE" -> "在职职工";
            case "FLEXIBLE" -> "灵活就业人员";
            default -> p.basis();
            };
            String basisEn = switch (p.basis()) {
            case "EMPLOYEE" -> "employee";
            case "FLEXIBLE" -> "flexible worker";
            default -> p.basis();
            };
            out.add(new MeTimelineEntry(COVERAGE, p.startDate(), p.endDate(), current, "参保 " + types + "（" + basisZh + "）",
                    "Insured in " + types + " (" + basisEn + ")", employer == null ? "" : employer,
                    employer == null ? "" : employer, null, current ? "参保中" : "已结束",
                    current ? "covered" : "ended", "/ui/me"));
        }
        for (Enrollments.SpouseRegistration s : t.spouseRegistrations()) {
            if (s.wifeId() != personId) {
                continue;
            }
            boolean current = !s.startDate().isAfter(today) && (s.endDate() == null || !s.endDate().isBefore(today));
            out.add(new MeTimelineEntry(COVERAGE, s.startDate(), s.endDate(), current, "未就业配偶生育医疗费用保障",
                    "Maternity medical cover as an unemployed spouse", "", "", null, current ? "保障中" : "已结束",
                    current ? "covered" : "ended", "/ui/me"));
        }
        return out;
    }
}
