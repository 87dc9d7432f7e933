package cn.liangxian.registry.web;

import org.springframework.web.bind.annotation.ControllerAdvice;

import cn.liangxian.web.ApiException;
import cn.liangxian.web.PageAdvice;
import cn.liangxian.web.RefusalPage;

/**
 * For the registry pages: the page language as a model flag, and a refusal that no form can show (a person
 * outside one's regions, a page closed to one's role) as a page in the shared layout with its status.
 */
@ControllerAdvice(basePackageClasses = RegistryPageAdvice.class)
class RegistryPageAdvice extends PageAdvice {

    private final PageSupport pages;

    RegistryPageAdvice(PageSupport pages, RefusalPage refusals) {
        super(refusals);
        this.pages = pages;
    }

    @Override
    protected String message(ApiException e) {
        return pages.message(e);
    }
}
