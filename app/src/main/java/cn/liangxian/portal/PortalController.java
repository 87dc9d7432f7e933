package cn.liangxian.portal;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

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

    @GetMapping("/ui/agency")
    String agency(Model model) {
        model.addAttribute("portal", "agency");
        return "portal/agency";
    }

    @GetMapping("/ui/employer")
    String employer(Model model) {
        model.addAttribute("portal", "employer");
        return "portal/employer";
    }

    @GetMapping("/ui/me")
    String insured(Model model) {
        model.addAttribute("portal", "me");
        return "portal/me";
    }

    @GetMapping("/ui/hospital")
    String hospital(Model model) {
        model.addAttribute("portal", "hospital");
        return "portal/hospital";
    }
}
