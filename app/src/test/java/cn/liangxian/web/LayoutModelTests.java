package cn.liangxian.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;

import cn.liangxian.testsupport.AppTest;
import cn.liangxian.testsupport.Http;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/** The layout's model is worked out for pages only; observations of every security filter are off. */
@AppTest
class LayoutModelTests {

    @Autowired
    Environment env;
    @Autowired
    ObservationRegistry observations;

    @Controller
    static class Page {
        @GetMapping("/p")
        String page() {
            return "page";
        }

        @GetMapping("/p.json")
        @ResponseBody
        String data() {
            return "{}";
        }
    }

    @RestController
    static class Api {
        @GetMapping("/a")
        String answer() {
            return "{}";
        }
    }

    private static MockHttpServletRequest handledBy(Object bean, String method) throws NoSuchMethodException {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/x");
        request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE,
                new HandlerMethod(bean, bean.getClass().getDeclaredMethod(method)));
        return request;
    }

    @Test
    void onlyHandlersThatRenderAPageGetTheBannerAndLanguageLink() throws Exception {
        LayoutModel layout = new LayoutModel(java.util.List.of(p -> new LayoutModel.Me("张*", "u", "R", "角色", "role",
                null, "agency")));
        MockHttpServletRequest page = handledBy(new Page(), "page");
        page.setQueryString("year=2026");
        page.setRequestURI("/ui/agency/fund");
        assertThat(LayoutModel.rendersPage(page)).isTrue();
        try {
            org.springframework.context.i18n.LocaleContextHolder.setLocale(java.util.Locale.SIMPLIFIED_CHINESE);
            assertThat(layout.langSwitchUrl(page)).isEqualTo("/ui/agency/fund?year=2026&lang=en");
        } finally {
            org.springframework.context.i18n.LocaleContextHolder.resetLocaleContext();
        }

        for (MockHttpServletRequest api : java.util.List.of(handledBy(new Api(), "answer"), handledBy(new Page(), "data"))) {
            assertThat(LayoutModel.rendersPage(api)).isFalse();
            assertThat(layout.langSwitchUrl(api)).isNull();
            assertThat(layout.me(api)).isNull();
        }
        // no handler known (an error dispatch, say): the layout is worked out as for a page
        assertThat(LayoutModel.rendersPage(new MockHttpServletRequest("GET", "/error"))).isTrue();
    }

    @Test
    void pagesStillShowTheLanguageLink() {
        Http.Response r = new Http(env).get("/login?lang=en");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).contains("lang=zh_CN");
    }

    @Test
    void securityFilterObservationsAreOffAndRequestObservationsOn() {
        assertThat(Observation.createNotStarted("spring.security.filterchains", observations).isNoop()).isTrue();
        assertThat(Observation.createNotStarted("spring.security.http.secured.requests", observations).isNoop()).isTrue();
        assertThat(Observation.createNotStarted("http.server.requests", observations).isNoop()).isFalse();
    }
}
