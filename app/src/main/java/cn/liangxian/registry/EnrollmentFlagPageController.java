package cn.liangxian.registry;

import java.util.List;
import java.util.TreeSet;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import cn.liangxian.security.LiangxianUser;
import cn.liangxian.web.ApiException;

/** Supervision's queue of speculative-enrollment flags as a page: evidence for every queue role, decisions for supervisors. */
@Controller
class EnrollmentFlagPageController {

    private static final String VIEW = "registry/flags";

    private final EnrollmentFlags flags;
    private final MessageSource messages;

    EnrollmentFlagPageController(EnrollmentFlags flags, MessageSource messages) {
        this.flags = flags;
        this.messages = messages;
    }

    @GetMapping("/ui/agency/flags")
    String page(@AuthenticationPrincipal LiangxianUser me, @RequestParam(required = false) String region,
            @RequestParam(required = false) String status, Model model) {
        List<String> regions = List.copyOf(new TreeSet<>(me.regions()));
        String selected = region != null && regions.contains(region) ? region : regions.isEmpty() ? null : regions.get(0);
        String st = status == null ? "OPEN" : status;
        model.addAttribute("regions", regions);
        model.addAttribute("region", selected);
        model.addAttribute("status", st);
        model.addAttribute("statuses", EnrollmentFlags.Status.values());
        model.addAttribute("canDecide", EnrollmentFlags.DECIDERS.contains(me.role()));
        try {
            model.addAttribute("flags", flags.queue(me, selected, st));
        } catch (ApiException e) {
            model.addAttribute("error", message(e));
        }
        return VIEW;
    }

    @PostMapping("/ui/agency/flags/{id}/decision")
    String decide(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id, @RequestParam String decision,
            @RequestParam(required = false) String reason, @RequestParam(required = false) String region,
            @RequestParam(required = false) String status, RedirectAttributes flash) {
        try {
            if ("confirm".equals(decision)) {
                flags.confirm(me, id, reason);
            } else if ("clear".equals(decision)) {
                flags.clear(me, id, reason);
            } else {
                throw new ApiException(org.springframework.http.HttpStatus.BAD_REQUEST, "MALFORMED_REQUEST");
            }
            flash.addFlashAttribute("notice", messages.getMessage("flags.decided", null, LocaleContextHolder.getLocale()));
        } catch (ApiException e) {
            flash.addFlashAttribute("error", message(e));
        }
        UriComponentsBuilder back = UriComponentsBuilder.fromPath("/ui/agency/flags");
        if (region != null && !region.isBlank()) {
            back.queryParam("region", region);
        }
        if (status != null) {
            back.queryParam("status", status);
        }
        return "redirect:" + back.encode().build().toUriString();
    }

    private String message(ApiException e) {
        return messages.getMessage("error." + e.code(), e.args(), e.code(), LocaleContextHolder.getLocale());
    }
}
