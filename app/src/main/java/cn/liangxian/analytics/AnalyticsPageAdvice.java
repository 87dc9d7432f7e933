package cn.liangxian.analytics;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.ModelAndView;

import jakarta.servlet.http.HttpServletRequest;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.RefusalPage;

/** For the analytics pages: the page language as a model flag, and a refusal as a page with its status. */
@ControllerAdvice(basePackageClasses = AnalyticsPageAdvice.class)
class AnalyticsPageAdvice {

    private final RefusalPage refusals;

    AnalyticsPageAdvice(RefusalPage refusals) {
        this.refusals = refusals;
    }

    static boolean zh() {
        return RefusalPage.zh();
    }

    @ModelAttribute("zh")
    boolean zhFlag() {
        return zh();
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request) {
        return refusals.of(e, request);
    }
}
