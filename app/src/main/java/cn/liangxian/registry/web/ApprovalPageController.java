package cn.liangxian.registry.web;

import java.time.Instant;
import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import jakarta.servlet.http.HttpServletResponse;

import cn.liangxian.approval.ApprovalRequest;
import cn.liangxian.approval.FourEyes;
import cn.liangxian.security.LiangxianUser;
import cn.liangxian.security.Role;
import cn.liangxian.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The four-eyes requests of the user's regions, pending first; an approver (never the maker) approves or
 * rejects each with a reason. A census fix links to the census it would clear.
 */
@Controller
@RequestMapping("/ui/agency/approvals")
class ApprovalPageController {

    static final String VIEW = "registry/approvals";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final FourEyes fourEyes;
    private final PageSupport pages;

    ApprovalPageController(FourEyes fourEyes, PageSupport pages) {
        this.fourEyes = fourEyes;
        this.pages = pages;
    }

    /** A request as the page shows it. */
    record Row(long id, String regionCode, String kind, String subject, String amount, String maker,
            String makerReason, String status, String checker, String checkerReason, Instant createdAt,
            Instant decidedAt, boolean pending, String link) {
    }

    @GetMapping
    String list(@AuthenticationPrincipal LiangxianUser me, Model model) {
        return render(me, model);
    }

    @PostMapping("/{id}/approve")
    String approve(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String reason, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        return decide(me, id, true, reason, model, response, flash);
    }

    @PostMapping("/{id}/reject")
    String reject(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id,
            @RequestParam(required = false) String reason, Model model, HttpServletResponse response,
            RedirectAttributes flash) {
        return decide(me, id, false, reason, model, response, flash);
    }

    private String decide(LiangxianUser me, long id, boolean approve, String reason, Model model,
            HttpServletResponse response, RedirectAttributes flash) {
        fourEyes.visible(me, id);
        try {
            if (approve) {
                fourEyes.approve(me, id, reason);
            } else {
                fourEyes.reject(me, id, reason);
            }
        } catch (ApiException e) {
            pages.refuse(model, response, e, "decide-" + id, "/ui/agency/approvals");
            return render(me, model);
        }
        flash.addFlashAttribute("notice", approve ? "reg.notice.approved" : "reg.notice.rejected");
        flash.addFlashAttribute("noticeArg", id);
        return "redirect:/ui/agency/approvals";
    }

    private String render(LiangxianUser me, Model model) {
        List<Row> rows = fourEyes.list(me).stream().map(this::row).toList();
        model.addAttribute("requests", rows);
        model.addAttribute("mayDecide", me.role() == Role.AGENCY_APPROVER);
        return VIEW;
    }

    private Row row(ApprovalRequest r) {
        String amount = r.amount() == null ? null
                : "census_fix".equals(r.kind()) ? r.amount().stripTrailingZeros().toPlainString() : r.amount().toPlainString();
        return new Row(r.id(), r.regionCode(), r.kind(), PageSupport.side(r.subject()), amount, r.maker(),
                r.makerReason(), r.status().name(), r.checker(), r.checkerReason(), r.createdAt(), r.decidedAt(),
                r.status() == ApprovalRequest.Status.PENDING, link(r));
    }

    /** Where the request's subject can be seen: a census fix opens the census on its date. */
    private static String link(ApprovalRequest r) {
        if (!"census_fix".equals(r.kind()) || r.payload() == null) {
            return null;
        }
        JsonNode date = JSON.readTree(r.payload()).get("date");
        if (date == null) {
            return null;
        }
        return UriComponentsBuilder.fromPath("/ui/agency/census").queryParam("region", r.regionCode())
                .queryParam("date", date.asString()).build().toUriString();
    }
}
