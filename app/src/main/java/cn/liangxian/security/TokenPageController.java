package cn.liangxian.security;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page where a signed-in user issues (the token is shown once) and revokes her API tokens. */
@Controller
class TokenPageController {

    private final ApiTokens tokens;

    TokenPageController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping("/ui/tokens")
    String page(@AuthenticationPrincipal LiangxianUser me, Model model) {
        model.addAttribute("tokens", tokens.list(me));
        return "tokens";
    }

    @PostMapping("/ui/tokens")
    String issue(@AuthenticationPrincipal LiangxianUser me, @RequestParam String name, RedirectAttributes flash) {
        String n = name.trim();
        if (n.isEmpty() || n.length() > 80) {
            flash.addFlashAttribute("tokenError", true);
        } else {
            flash.addFlashAttribute("issued", tokens.issue(me, n));
        }
        return "redirect:/ui/tokens";
    }

    @PostMapping("/ui/tokens/{id}/revoke")
    String revoke(@AuthenticationPrincipal LiangxianUser me, @PathVariable long id) {
        tokens.revoke(me, id);
        return "redirect:/ui/tokens";
    }
}
