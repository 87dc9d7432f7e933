package cn.liangxian.analytics;

import org.springframework.web.bind.annotation.ControllerAdvice;

import cn.liangxian.web.PageAdvice;
import cn.liangxian.web.RefusalPage;

/** For the analytics pages: the page language as a model flag, and a refusal as a page with its status. */
@ControllerAdvice(basePackageClasses = AnalyticsPageAdvice.class)
class AnalyticsPageAdvice extends PageAdvice {

    AnalyticsPageAdvice(RefusalPage refusals) {
        super(refusals);
    }

    static boolean zh() {
        return RefusalPage.zh();
    }
}
