package cn.liangxian.institution;

import java.time.LocalDate;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

import cn.liangxian.security.InstitutionKeys;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/**
 * The hospital portal's home: the institution the user is bound to, its agreement in force today (terms,
 * maternity clauses, limits), its measured indicators, and reissuing its signing key for the hospital interface
 * (shown once, never logged).
 */
@Controller
@RequestMapping("/ui/hospital")
class HospitalPortal {

    static final String PAGE = "portal/hospital";

    private final Institutions institutions;
    private final Agreements agreements;
    private final InstitutionKeys keys;
    private final InstitutionPageSupport pages;

    HospitalPortal(Institutions institutions, Agreements agreements, InstitutionKeys keys, InstitutionPageSupport pages) {
        this.institutions = institutions;
        this.agreements = agreements;
        this.keys = keys;
        this.pages = pages;
    }

    @GetMapping
    String home(@AuthenticationPrincipal LiangxianUser me, Model model) {
        model.addAttribute("portal", "hospital");
        Institution i = institutions.find(me.institutionCode()).orElse(null);
        model.addAttribute("inst", i);
        if (i == null) {
            model.addAttribute("boundCode", me.institutionCode());
            return PAGE;
        }
        institutions.visible(me, i.code());
        LocalDate today = LocalDate.now();
        model.addAttribute("today", today);
        model.addAttribute("regionName", pages.regionName(i.regionCode()));
        model.addAttribute("level", InstitutionPageSupport.text(i.levelValue()));
        model.addAttribute("type", InstitutionPageSupport.text(i.typeValue()));
        Agreement a = agreements.inForce(i.code(), today).orElse(null);
        model.addAttribute("agreement", a);
        if (a != null) {
            model.addAttribute("terms", AgencyInstitutionPages.terms(agreements, a));
            model.addAttribute("limits", a.indicatorLimits().entrySet().stream()
                    .map(e -> new AgencyInstitutionPages.LimitLine(
                            Indicator.parse(e.getKey()).map(InstitutionPageSupport::text).orElse(e.getKey()), InstitutionPageSupport.pct(e.getValue())))
                    .toList());
        }
        model.addAttribute("measurements", agreements.measurements(i.code()).stream()
                .map(AgencyInstitutionPages.MeasureLine::of)
                .toList());
        return PAGE;
    }

    /** Issues a new signing key (the old one stops working) and shows it this once. */
    @PostMapping("/key")
    String reissueKey(@AuthenticationPrincipal LiangxianUser me, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        Institution i = institutions.find(me.institutionCode())
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "NOT_FOUND"));
        institutions.visible(me, i.code());
        String key = keys.issue(i.code(), i.regionCode());
        model.addAttribute("newKey", key);
        return home(me, model);
    }
}
