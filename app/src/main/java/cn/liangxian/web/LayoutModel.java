package cn.liangxian.web;

import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;

/** What the shared layout needs on every page: the link that switches language but keeps the page's query. */
@ControllerAdvice(annotations = Controller.class)
class LayoutModel {

    @ModelAttribute("langSwitchUrl")
    String langSwitchUrl(HttpServletRequest request) {
        boolean english = Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
        return ServletUriComponentsBuilder.fromRequest(request).replaceQueryParam("lang", english ? "zh_CN" : "en")
                .build().toUriString().replaceFirst("^[a-z]+://[^/]+", "");
    }
}
