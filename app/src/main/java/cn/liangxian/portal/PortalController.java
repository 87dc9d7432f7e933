package cn.liangxian.portal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import jakarta.servlet.http.HttpServletRequest;

import cn.liangxian.security.LiangxianUser;

/** Sign-in, and the landing page of each portal. Which portal a role may open is decided by the security chain. */
@Controller
class PortalController {

    @GetMapping("/login")
    String login() {
        return "login";
    }

    /** After sign-in: to the user's own portal. */
    @GetMapping("/ui/home")
    String home(@AuthenticationPrincipal LiangxianUser me) {
        return "redirect:" + me.role().portal();
    }

    /**
     * The landing page of a portal; who may open which is decided by the security chain. The employer's and
     * the insured person's portals are the registry's pages (their roster, her coverage); the hospital's is the
     * institution feature's page (its agreement in force).
     */
    @GetMapping("/ui/agency")
    String portal(HttpServletRequest request, Model model) {
        String portal = request.getServletPath().substring("/ui/".length());
        model.addAttribute("portal", portal);
        return "portal/" + portal;
    }
}
