package cn.liangxian.registry.web;

import java.time.LocalDate;
import java.util.EnumSet;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.registry.Census;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;

/**
 * 摸清底数 as a page: on a date, the region's employees with 310 and no 510, grouped by employer (masked),
 * and the request to enroll them all in 510, which goes to an approver of the region.
 */
@Controller
@RequestMapping("/ui/agency/census")
class CensusPageController {

    static final String VIEW = "registry/census";

    private final Census census;
    private final PageSupport pages;

    CensusPageController(Census census, PageSupport pages) {
        this.census = census;
        this.pages = pages;
    }

    @GetMapping
    String census(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String date, Model model, HttpServletResponse response) {
        String r = PageSupport.region(me, region);
        LocalDate on = LocalDate.now();
        try {
            on = PageSupport.dateOr(date, on);
            render(me, r, on, model);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "census");
            base(me, r, on, model);
        }
        return VIEW;
    }

    @PostMapping("/fix")
    String fix(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String date, @RequestParam(required = false) String reason, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        String r = PageSupport.region(me, region);
        LocalDate on = LocalDate.now();
        try {
            on = PageSupport.date(date);
            Census.FixOutcome outcome = census.requestFix(me, r, on, reason);
            flash.addFlashAttribute("notice", outcome.approvalId() == null ? "reg.notice.fixApplied"
                    : "reg.notice.fixRequested");
            flash.addFlashAttribute("outcome", outcome);
        } catch (ApiException e) {
            pages.refuse(model, response, e, "fix", UriComponentsBuilder.fromPath("/ui/agency/census")
                    .queryParam("region", r).queryParam("date", on).build().toUriString());
            try {
                render(me, r, on, model);
            } catch (ApiException again) {
                base(me, r, on, model);
            }
            return VIEW;
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/ui/agency/census").queryParam("region", r)
                .queryParam("date", on).build().toUriString();
    }

    private void render(LiangxianUser me, String region, LocalDate on, Model model) {
        base(me, region, on, model);
        model.addAttribute("report", census.report(me, region, on));
    }

    private void base(LiangxianUser me, String region, LocalDate on, Model model) {
        model.addAttribute("regions", pages.regions(me));
        model.addAttribute("region", region);
        model.addAttribute("regionName", pages.regionName(region));
        model.addAttribute("date", on);
        model.addAttribute("mayRequestFix", EnumSet.of(Role.AGENCY_CLERK, Role.AGENCY_REVIEWER).contains(me.role()));
    }
}
