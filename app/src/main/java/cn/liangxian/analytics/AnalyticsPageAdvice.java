package cn.liangxian.analytics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.LayoutModel;

/** For the analytics pages: the page language as a model flag, and a refusal as a page with its status. */
@ControllerAdvice(basePackageClasses = AnalyticsPageAdvice.class)
class AnalyticsPageAdvice {

    private final MessageSource messages;
    private final List<LayoutModel.MeProvider> banner;

    AnalyticsPageAdvice(MessageSource messages, List<LayoutModel.MeProvider> banner) {
        this.messages = messages;
        this.banner = banner;
    }

    static boolean zh() {
        return !Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
    }

    @ModelAttribute("zh")
    boolean zhFlag() {
        return zh();
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request) {
        ModelAndView mv = new ModelAndView("registry/problem");
        mv.setStatus(e.status());
        mv.addObject("zh", zh());
        mv.addObject("status", e.status().value());
        mv.addObject("errorCode", e.code());
        Object[] args = Arrays.stream(e.args()).map(String::valueOf).toArray();
        mv.addObject("error", messages.getMessage("error." + e.code(), args, e.code(), LocaleContextHolder.getLocale()));
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.isAuthenticated()) {
            mv.addObject("me", banner.stream().map(p -> p.me(a.getPrincipal())).filter(Objects::nonNull).findFirst()
                    .orElse(null));
        }
        mv.addObject("langSwitchUrl", ServletUriComponentsBuilder.fromRequest(request)
                .replaceQueryParam("lang", zh() ? "en" : "zh_CN").build().toUriString()
                .replaceFirst("^[a-z]+://[^/]+", ""));
        return mv;
    }
}
