package cn.liangxian.web;

import java.util.Locale;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import jakarta.servlet.http.HttpServletRequest;

/**
 * What the shared layout needs on every page: the link that switches language but keeps the page's
 * query, and who is signed in (name masked, role, bound regions or party) for the banner and navigation.
 */
@ControllerAdvice(annotations = Controller.class)
public class LayoutModel {

    /** The signed-in user as the banner shows her; null when nobody is signed in. */
    public record Me(String maskedName, String username, String role, String roleZh, String roleEn, String binding,
            String portal) {
    }

    private final java.util.List<MeProvider> providers;

    LayoutModel(java.util.List<MeProvider> providers) {
        this.providers = providers;
    }

    /** Turns a principal into the banner's view; the security package provides it. */
    public interface MeProvider {
        Me me(Object principal);
    }

    @ModelAttribute("me")
    Me me(HttpServletRequest request) {
        return rendersPage(request) ? signedIn(providers) : null;
    }

    /** The signed-in user as the banner shows her, from the first provider that knows her principal; null if none. */
    static Me signedIn(java.util.List<MeProvider> providers) {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        if (a == null || !a.isAuthenticated()) {
            return null;
        }
        return providers.stream().map(p -> p.me(a.getPrincipal())).filter(java.util.Objects::nonNull).findFirst()
                .orElse(null);
    }

    @ModelAttribute("langSwitchUrl")
    String langSwitchUrl(HttpServletRequest request) {
        return rendersPage(request) ? languageSwitch(request) : null;
    }

    /** The request's own address (path and query, no host) with the other language asked for. */
    static String languageSwitch(HttpServletRequest request) {
        boolean english = Locale.ENGLISH.getLanguage().equals(LocaleContextHolder.getLocale().getLanguage());
        return ServletUriComponentsBuilder.fromRequest(request).replaceQueryParam("lang", english ? "zh_CN" : "en")
                .build().toUriString().replaceFirst("^[a-z]+://[^/]+", "");
    }

    /**
     * Whether the request's handler renders a page. {@code @RestController}s are {@code @Controller}s too, so this
     * advice is called for every API call and every hospital message; their answers have no layout, and the
     * banner and language link are not worked out for them.
     */
    static boolean rendersPage(HttpServletRequest request) {
        return !(request.getAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE) instanceof HandlerMethod h)
                || !(AnnotatedElementUtils.hasAnnotation(h.getBeanType(), ResponseBody.class)
                        || h.hasMethodAnnotation(ResponseBody.class));
    }
}
