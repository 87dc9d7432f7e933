package cn.liangxian.benefit;

import java.util.List;
import java.util.Objects;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.LayoutModel;

/** A refusal no form can show (another party's claim, a page closed to one's role) as a page with its status. */
@ControllerAdvice(assignableTypes = ClaimPagesController.class)
class ClaimPageAdvice {

    private final ClaimPagesController pages;
    private final List<LayoutModel.MeProvider> banner;

    ClaimPageAdvice(ClaimPagesController pages, List<LayoutModel.MeProvider> banner) {
        this.pages = pages;
        this.banner = banner;
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request) {
        ModelAndView mv = new ModelAndView("registry/problem");
        mv.setStatus(e.status());
        mv.addObject("zh", ClaimPagesController.zh());
        mv.addObject("status", e.status().value());
        mv.addObject("errorCode", e.code());
        mv.addObject("error", pages.message(e));
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.isAuthenticated()) {
            mv.addObject("me", banner.stream().map(p -> p.me(a.getPrincipal())).filter(Objects::nonNull).findFirst()
                    .orElse(null));
        }
        mv.addObject("langSwitchUrl", ServletUriComponentsBuilder.fromRequest(request)
                .replaceQueryParam("lang", ClaimPagesController.zh() ? "en" : "zh_CN").build().toUriString()
                .replaceFirst("^[a-z]+://[^/]+", ""));
        return mv;
    }
}
