package cn.liangxian.settlement;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.RefusalPage;
import jakarta.servlet.http.HttpServletRequest;

/**
 * For the settlement pages: a refusal no form can show (another party's encounter or settlement, a role that
 * may not look) as a page in the shared layout with its status — 404 for what one may not see.
 */
@ControllerAdvice(assignableTypes = { SettlementPageController.class, MonitoringPageController.class })
class SettlementPageAdvice {

    private final RefusalPage refusals;

    SettlementPageAdvice(RefusalPage refusals) {
        this.refusals = refusals;
    }

    @ExceptionHandler(ApiException.class)
    ModelAndView refused(ApiException e, HttpServletRequest request) {
        return refusals.of(e, request);
    }
}
