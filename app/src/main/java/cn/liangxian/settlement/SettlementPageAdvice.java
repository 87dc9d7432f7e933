package cn.liangxian.settlement;

import java.util.List;
import java.util.Objects;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.LayoutModel;
import jakarta.servlet.http.HttpServletRequest;

/**
 * For the settlement pages: a refusal no form can show (another party's encounter or settlement, a role that
 * may not look) as a page in the shared layout with its status — 404 for what one may not see.
 */
@ControllerAdvice(assignableTypes = SettlementPageController.class)
class SettlementPageAdvice {

    private final MessageSource messages;
    private final List<LayoutModel.MeProvider> banner;

    SettlementPageAdvice(MessageSource messages, List<LayoutModel.MeProvider> banner) {
        this.messages = messages;
        this.banner = banner;
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request) {
        boolean zh = !"en".equals(LocaleContextHolder.getLocale().getLanguage());
        ModelAndView mv = new ModelAndView("registry/problem");
        mv.setStatus(e.status());
        mv.addObject("zh", zh);
        mv.addObject("status", e.status().value());
        mv.addObject("errorCode", e.code());
        mv.addObject("error", messages.getMessage("error." + e.code(), e.args(), e.code(), LocaleContextHolder.getLocale()));
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a != null && a.isAuthenticated()) {
            mv.addObject("me", banner.stream().map(p -> p.me(a.getPrincipal())).filter(Objects::nonNull).findFirst()
                    .orElse(null));
        }
        mv.addObject("langSwitchUrl", ServletUriComponentsBuilder.fromRequest(request)
                .replaceQueryParam("lang", zh ? "en" : "zh_CN").build().toUriString().replaceFirst("^[a-z]+://[^/]+", ""));
        return mv;
    }
}
